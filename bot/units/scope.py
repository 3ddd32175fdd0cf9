"""What an admin group may see and act on: its unit and everything under it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    kind: str
    name: str
    parent_id: int | None

    @property
    def national(self) -> bool:
        return self.parent_id is None


@dataclass(frozen=True)
class Scope:
    """The unit whose group acts, and the ids of its subtree (None: national, everything).

    Computed when an admin acts, never cached across actions: a regency created a second ago
    is already inside its province's scope."""

    unit: Unit
    unit_ids: frozenset[int] | None

    @property
    def national(self) -> bool:
        return self.unit_ids is None

    def covers(self, unit_id: int | None) -> bool:
        """True when a person (or a campaign) of `unit_id` is this group's business. People
        without a unit yet (an unfinished enrollment) are the national group's only."""
        if self.unit_ids is None:
            return True
        return unit_id is not None and unit_id in self.unit_ids
