"""A throwaway PostgreSQL server for the test session, and one fresh database per test.

The server is the machine's own PostgreSQL binaries (PG_BIN, else /usr/lib/postgresql/*/bin,
else PATH), initialised with the C collation in a temporary folder, tuned for speed over
durability, reached through a socket in that folder. A template database is migrated once;
each test gets `CREATE DATABASE … TEMPLATE` of it (a file copy, about 0.1 s), dropped after.

`initdb` refuses to run as root, and CI runs as root: then the server runs as the `postgres`
user (runuser) in a folder it owns.

Without server binaries the PostgreSQL tests are skipped with the reason, except under
CI=true, where a missing server is a failure: CI installs it (.ci/run).
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from tests.support import free_port

TEMPLATE = "asn_template"
_SERVER_OPTIONS = (
    "-F -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    " -c listen_addresses=''"
)


@dataclass
class PostgresServer:
    socket_dir: Path
    port: int
    _numbers: itertools.count[int]

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    async def create_database(self) -> str:
        """A fresh database with every migration applied; the caller drops it."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        conn = await asyncpg.connect(self.url("postgres"))
        try:
            await conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        finally:
            await conn.close()
        return name

    async def drop_database(self, name: str) -> None:
        conn = await asyncpg.connect(self.url("postgres"))
        try:
            await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await conn.close()


def server_binaries() -> Path | None:
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("pg_ctl")
    candidates.append(str(Path(on_path).resolve().parent) if on_path else "")
    for folder in candidates:
        if folder and (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_server_user(command), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    binaries = server_binaries()
    if binaries is None:
        reason = "no PostgreSQL server binaries (set PG_BIN or install postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must install them (.ci/run)")
        pytest.skip(reason)
    # A short path: a Unix socket's path is limited to about 100 bytes.
    root = Path(tempfile.mkdtemp(prefix="asnpg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    port = free_port()
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "--locale=C", "-E", "UTF8",
              "--auth=trust", "-U", "postgres", "--no-sync"])  # fmt: skip
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
              "-o", f"{_SERVER_OPTIONS} -k {root} -p {port}", "start"])  # fmt: skip
    except RuntimeError:
        shutil.rmtree(root, ignore_errors=True)
        raise
    server = PostgresServer(root, port, itertools.count(1))
    try:
        _in_own_loop(_build_template(server))
        yield server
    finally:
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def _in_own_loop(coroutine: object) -> None:
    """Runs set-up code on a private loop in a thread, away from pytest-asyncio's loops."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()  # type: ignore[arg-type]


async def _build_template(server: PostgresServer) -> None:
    from storage.postgres import PostgresDatabase

    conn = await asyncpg.connect(server.url("postgres"))
    try:
        await conn.execute(f"CREATE DATABASE {TEMPLATE}")
    finally:
        await conn.close()
    async with PostgresDatabase(server.url(TEMPLATE), pool_size=2):
        pass  # opening migrates it
