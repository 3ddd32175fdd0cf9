"""One writer per table: only one module in storage/ may insert into, update or delete from a
table, so the rules about a table's rows (who may change a status, what a write must keep
consistent) live in one place. A second writer makes this test fail; move the write into the
owner instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORAGE = ROOT / "storage"

# Table -> the one module that writes it. Tables only migrations write are absent.
OWNERS: dict[str, str] = {
    "account_checks": "verification.py",
    "audit_log": "audit.py",
    "badges": "badges.py",
    "cache_generations": "cache_generations.py",
    "campaign_drafts": "campaign_drafts.py",
    "campaign_localisations": "campaigns.py",
    "campaign_media": "campaigns.py",
    "campaign_runs": "campaigns.py",
    "campaign_target_units": "campaigns.py",
    "campaign_variants": "campaigns.py",
    "campaigns": "campaigns.py",
    "channel_pauses": "channel_pauses.py",
    "chat_migrations": "chat_migrations.py",
    "consents": "enrollments.py",
    "conversation_states": "conversation_states.py",
    "daily_counters": "counters.py",
    "deliveries": "outbox.py",
    "delivery_daily": "outbox.py",
    "enrollments": "enrollments.py",
    "group_arrivals": "units.py",
    "instances": "instances.py",
    "leases": "leases.py",
    "link_attempts": "link_codes.py",
    "link_codes": "link_codes.py",
    "nip_conflicts": "enrollments.py",
    "ownership_codes": "verification.py",
    "people": "people.py",
    "person_turns": "person_turns.py",
    "person_addresses": "people.py",
    "reshares": "reshares.py",
    "review_cases": "verification.py",
    "run_delivery_counts": "statistics.py",  # kept by the triggers of 0017; statistics.py reads it
    "social_accounts": "enrollments.py",
    # SQLite's AUTOINCREMENT marks: a backup from PostgreSQL carries its sequences over.
    "sqlite_sequence": "copier.py",
    "unit_groups": "units.py",
    "unit_invitations": "units.py",
    "unit_activity": "statistics.py",  # kept by the triggers of 0017; statistics.py reads it
    "telegram_inbox": "telegram_inbox.py",
    "units": "units.py",
    "verification_jobs": "verification.py",
    "whatsapp_inbox": "whatsapp_inbox.py",
}

# SQL keywords are written in capitals here, which keeps prose ("the update are one step") out.
_WRITE = re.compile(
    r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)"
)
# "DO UPDATE SET" in an upsert writes the table its INSERT named, so it names no table; nor
# does a claim's row lock, "FOR UPDATE SKIP LOCKED".
_NOT_A_TABLE = {"SET", "SKIP"}


def _tables() -> set[str]:
    found: set[str] = set()
    for migration in (STORAGE / "migrations").glob("*.sql"):
        found.update(
            re.findall(r"CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(\w+)", migration.read_text(), re.I)
        )
    return found - {"schema_migrations", "review_cases_numbered"}


def _writers() -> dict[str, set[str]]:
    writers: dict[str, set[str]] = {}
    for module in STORAGE.glob("*.py"):
        for table in _WRITE.findall(module.read_text()):
            if table not in _NOT_A_TABLE:
                writers.setdefault(table.lower(), set()).add(module.name)
    return writers


def test_every_table_has_a_declared_owner() -> None:
    assert sorted(_tables() - OWNERS.keys()) == []


@pytest.mark.parametrize("table", sorted(OWNERS))
def test_only_the_owner_writes_the_table(table: str) -> None:
    assert _writers().get(table, set()) <= {OWNERS[table]}


def test_no_write_names_an_unknown_table() -> None:
    assert sorted(_writers().keys() - OWNERS.keys()) == []
