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
        stdin="/start\n1\n/quit\n",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "[bot → Siti] Humas Pemerintah" in result.stdout
    assert "[1] ✅ Setuju" in result.stdout
    assert "Langkah 1 dari 8" in result.stdout
    assert (tmp_path / "demo.sqlite3").exists()
