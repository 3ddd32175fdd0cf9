"""Files for the admin group. /cadangan: the database goes encrypted, privately, to the admin
who asked; never into the group, and never in clear. /ekspor: named in WIB, like its contents."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import handlers.telegram.admin
from bot.admin.backups import decrypt_backup
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.support import BotHarness, running_bot

PASSPHRASE = "kuda-lumping-sore-hari"


@pytest.fixture
def group(emulator: BotApiEmulator, settings: Settings) -> SimChat:
    return next(c for c in emulator.state.chats.values() if c.id == settings.admin_chat_id)


def _admin(emulator: BotApiEmulator, group: SimChat, *, started: bool = True) -> SimUser:
    admin = emulator.add_user("Rina", username="rina_humas", started=started)
    emulator.set_member_status(group, admin, "administrator")
    return admin


@pytest.fixture
async def backup_bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    with_passphrase = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump() | {"backup_passphrase": PASSPHRASE},
    )
    async with running_bot(with_passphrase, emulator, clock) as harness:
        yield harness


@pytest.mark.sqlite_only("the backup copies the SQLite file (PostgreSQL: H4's copier)")
async def test_the_backup_goes_encrypted_to_the_asking_admin_only(
    backup_bot: BotHarness, emulator: BotApiEmulator, group: SimChat, tmp_path: Path
) -> None:
    admin = _admin(emulator, group)
    member = emulator.add_user("Anggota")
    emulator.set_member_status(group, member, "member")

    emulator.send_text(admin, "/cadangan", chat=group)
    private = await emulator.next_message(admin, timeout=20)
    notice = await emulator.next_message(group)
    (tmp_path / "backup").write_bytes(emulator.file_bytes(private.file_id or ""))
    decrypt_backup(tmp_path / "backup", tmp_path / "copy.sqlite3", PASSPHRASE)

    assert private.document and private.document["file_name"].endswith(".asnbackup")
    assert "asn-bot-20261127-080000-wib" in private.document["file_name"]  # 01:00 UTC
    assert "terenkripsi" in private.caption and "asn-bot restore" in private.caption
    assert "chat pribadi" in notice.content and not notice.document
    assert [r.params["chat_id"] for r in emulator.requests_for("sendDocument")] == [admin.id]
    assert b"schema_migrations" not in (tmp_path / "backup").read_bytes()
    with sqlite3.connect(tmp_path / "copy.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] >= 4


@pytest.mark.sqlite_only("the backup copies the SQLite file (PostgreSQL: H4's copier)")
async def test_an_admin_who_never_started_the_bot_is_asked_to_start_it(
    backup_bot: BotHarness, emulator: BotApiEmulator, group: SimChat
) -> None:
    admin = _admin(emulator, group, started=False)

    emulator.send_text(admin, "/cadangan", chat=group)
    advice = await emulator.next_message(group, timeout=20)

    assert "/start" in advice.content and f"@{emulator.bot_user.username}" in advice.content
    assert [r.status for r in emulator.requests_for("sendDocument")] == [403]
    assert not advice.document and emulator.pending_messages(group) == []


@pytest.mark.sqlite_only("the backup copies the SQLite file (PostgreSQL: H4's copier)")
async def test_a_backup_over_the_upload_limit_is_not_sent(
    backup_bot: BotHarness,
    emulator: BotApiEmulator,
    group: SimChat,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = _admin(emulator, group)
    monkeypatch.setattr(
        handlers.telegram.admin, "TELEGRAM_UPLOAD_LIMIT", 1000
    )  # Telegram's is 50 MB

    emulator.send_text(admin, "/cadangan", chat=group)
    refusal = await emulator.next_message(group, timeout=20)

    assert "terlalu besar" in refusal.content and "asn-bot backup" in refusal.content
    assert emulator.requests_for("sendDocument") == []


async def test_without_a_passphrase_nothing_is_sent(
    bot: BotHarness, emulator: BotApiEmulator, group: SimChat
) -> None:
    admin = _admin(emulator, group)

    emulator.send_text(admin, "/cadangan", chat=group)
    explanation = await emulator.next_message(group)

    assert "BACKUP_PASSPHRASE" in explanation.content and "/cadangan lagi" in explanation.content
    assert emulator.requests_for("sendDocument") == []


async def test_the_export_file_is_named_in_wib_like_its_contents(
    bot: BotHarness, emulator: BotApiEmulator, group: SimChat, clock: FixedClock
) -> None:
    admin = _admin(emulator, group)
    clock.set(datetime(2026, 11, 27, 20, 30, tzinfo=UTC))  # 03:30 the next day in WIB

    emulator.send_text(admin, "/ekspor enrollments csv", chat=group)
    _started, export = await emulator.next_messages(group, 2, timeout=20)

    assert export.document and export.document["file_name"] == "enrollments-20261128-0330-wib.csv"
