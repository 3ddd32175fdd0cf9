"""A new PostgreSQL database on the session's throwaway server (tests/conftest.py), and a
seeded SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.migrate.seeding import seed
from tests.postgres_server import PostgresServer


@pytest.fixture
async def empty_postgres(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """The URL of a new, migrated, empty PostgreSQL database."""
    name = await postgres_server.create_database()
    try:
        yield postgres_server.url(name)
    finally:
        await postgres_server.drop_database(name)


@pytest.fixture
async def seeded_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    await seed(path)
    return path
