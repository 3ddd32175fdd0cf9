import sqlite3
import subprocess
import sys
from pathlib import Path

from storage.database import DatabaseLock

ROOT = Path(__file__).parents[2]
PASSPHRASE = "kuda-lumping-sore-hari"


def _asn_bot(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_run_backup_and_restore_but_no_demo(tmp_path: Path) -> None:
    # The demo is a development tool (`make demo`), not a command of the installed bot.
    result = _asn_bot("--help", cwd=tmp_path)

    assert result.returncode == 0
    assert all(command in result.stdout for command in ("run", "backup", "restore"))
    assert "demo" not in result.stdout


def _bot_database(tmp_path: Path, *, passphrase: str | None = PASSPHRASE) -> Path:
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name, applied_at)")
        db.execute("INSERT INTO schema_migrations VALUES (1, 'people', 'now')")
    settings = f"DATABASE_PATH={database}\n"
    if passphrase:
        settings += f"BACKUP_PASSPHRASE={passphrase}\n"
    (tmp_path / ".env").write_text(settings)
    return database


def test_backup_and_restore_commands_round_trip_encrypted(tmp_path: Path) -> None:
    database = _bot_database(tmp_path)

    backed_up = _asn_bot("backup", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)
    database.unlink()
    restored = _asn_bot("restore", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)

    assert (backed_up.returncode, restored.returncode) == (0, 0), backed_up.stderr
    assert b"schema_migrations" not in (tmp_path / "copy.asnbackup").read_bytes()
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]


def test_without_a_passphrase_nothing_is_backed_up(tmp_path: Path) -> None:
    _bot_database(tmp_path, passphrase=None)

    result = _asn_bot("backup", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)

    assert result.returncode == 2 and "Set BACKUP_PASSPHRASE" in result.stderr
    assert not (tmp_path / "copy.asnbackup").exists()


def test_restore_refuses_a_flipped_bit_and_foreign_or_empty_files(tmp_path: Path) -> None:
    database = _bot_database(tmp_path)
    _asn_bot("backup", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)
    flipped = bytearray((tmp_path / "copy.asnbackup").read_bytes())
    flipped[-40] ^= 0x04
    (tmp_path / "flipped.asnbackup").write_bytes(bytes(flipped))
    (tmp_path / "empty.asnbackup").write_bytes(b"")
    before = database.read_bytes()

    damaged = _asn_bot("restore", str(tmp_path / "flipped.asnbackup"), cwd=tmp_path)
    empty = _asn_bot("restore", str(tmp_path / "empty.asnbackup"), cwd=tmp_path)
    foreign = _asn_bot("restore", str(tmp_path / ".env"), cwd=tmp_path)

    assert damaged.returncode == 1 and "is damaged or was altered" in damaged.stderr
    assert empty.returncode == 1 and "is empty" in empty.stderr
    assert foreign.returncode == 1 and "is not an asn-bot backup" in foreign.stderr
    assert "schema_migrations" not in damaged.stderr + empty.stderr + foreign.stderr
    assert database.read_bytes() == before


def test_restore_is_refused_while_the_bot_holds_the_database(tmp_path: Path) -> None:
    database = _bot_database(tmp_path)
    _asn_bot("backup", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)
    running_bot = DatabaseLock(database, exclusive=False)  # what an open Database holds
    running_bot.acquire()
    try:
        refused = _asn_bot("restore", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)
    finally:
        running_bot.release()
    allowed = _asn_bot("restore", str(tmp_path / "copy.asnbackup"), cwd=tmp_path)

    assert refused.returncode == 3
    assert "the bot is running" in refused.stderr and "stop the bot first" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr


def test_the_bot_does_not_start_in_the_middle_of_a_restore(tmp_path: Path) -> None:
    database = _bot_database(tmp_path)
    with (tmp_path / ".env").open("a") as env:
        env.write("BOT_TOKEN=123456:TEST-TOKEN-FOR-THE-EMULATOR\nADMIN_CHAT_ID=-100123\n")
        env.write("TELEGRAM_API_BASE_URL=http://127.0.0.1:9/bot\nWEB_PORT=0\n")
    restoring = DatabaseLock(database, exclusive=True)  # what restore holds while it copies
    restoring.acquire()
    try:
        result = _asn_bot("run", cwd=tmp_path)
    finally:
        restoring.release()

    assert result.returncode == 3, result.stderr
    assert "is being restored" in result.stderr and "Traceback" not in result.stderr
