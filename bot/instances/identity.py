"""This process as the other instances see it: a fresh id per start, its role, host:pid."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["all", "web", "worker"]
ROLES: tuple[Role, ...] = get_args(Role)


@dataclass(frozen=True)
class InstanceIdentity:
    """`web` serves the web app and handles updates; `worker` sends the outbox and runs the
    scheduled jobs (when it holds the scheduler lease); `all` does both."""

    id: str
    role: Role
    label: str  # host:pid, for the logs

    @classmethod
    def new(cls, role: Role) -> InstanceIdentity:
        return cls(uuid.uuid4().hex[:12], role, f"{socket.gethostname()}:{os.getpid()}")

    @property
    def sends(self) -> bool:
        return self.role in ("all", "worker")

    @property
    def serves(self) -> bool:
        return self.role in ("all", "web")

    def __str__(self) -> str:
        return f"{self.id} ({self.role}, {self.label})"
