import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


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


def test_help_explains_run_and_demo(tmp_path: Path) -> None:
    result = _asn_bot("--help", cwd=tmp_path)

    assert result.returncode == 0
    assert "run" in result.stdout and "demo" in result.stdout


def test_demo_starts_and_answers_start_without_token_or_internet(tmp_path: Path) -> None:
    result = _asn_bot(
        "demo",
        "--database",
        str(tmp_path / "demo.sqlite3"),
        "--web-port",
        "0",
        stdin="/start\n#1\n/quit\n",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "[bot → Siti] Humas Pemerintah" in result.stdout
    assert "[#1] ✅ Setuju" in result.stdout
    assert "Langkah 1 dari 8" in result.stdout
    assert (tmp_path / "demo.sqlite3").exists()


def test_backup_and_restore_commands_round_trip(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name, applied_at)")
        db.execute("INSERT INTO schema_migrations VALUES (1, 'people', 'now')")
    env_file = tmp_path / ".env"
    env_file.write_text(f"DATABASE_PATH={database}\n")

    backed_up = _asn_bot("backup", str(tmp_path / "copy.sqlite3"), cwd=tmp_path)
    database.unlink()
    restored = _asn_bot("restore", str(tmp_path / "copy.sqlite3"), cwd=tmp_path)
    refused = _asn_bot("restore", str(tmp_path / ".env"), cwd=tmp_path)

    assert (backed_up.returncode, restored.returncode) == (0, 0), backed_up.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
    assert refused.returncode == 1 and "Not restored" in refused.stderr
