import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

GOOD = {"bot_token": "123456:ABCDEFGHIJ", "admin_chat_id": -1001234567890}


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper() in {field.upper() for field in Settings.model_fields}:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_settings_have_documented_defaults() -> None:
    settings = load_settings(**GOOD)

    assert (
        settings.database_path,
        settings.telegram_api_base_url,
        settings.default_locale,
        settings.admin_user_ids,
    ) == (Path("data/asn-bot.sqlite3"), "https://api.telegram.org/bot", "id", ())


def test_admin_user_ids_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", "111, 222,333")

    assert load_settings(**GOOD).admin_user_ids == (111, 222, 333)


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=42:SECRETSECRET\nADMIN_CHAT_ID=-100500\n")

    settings = load_settings()

    assert (settings.bot_token.get_secret_value(), settings.admin_chat_id) == (
        "42:SECRETSECRET",
        -100500,
    )


def test_every_problem_is_one_line_naming_the_variable_with_an_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_CHAT_ID", "12345")
    monkeypatch.setenv("DEFAULT_LOCALE", "fr")

    with pytest.raises(SettingsError) as caught:
        load_settings()

    assert [line.split(":")[0] for line in caught.value.problems] == [
        "BOT_TOKEN",
        "ADMIN_CHAT_ID",
        "DEFAULT_LOCALE",
    ]
    assert all("for example" in line for line in caught.value.problems)


def test_the_token_never_appears_in_the_settings_repr() -> None:
    assert "ABCDEFGHIJ" not in repr(load_settings(**GOOD))


def test_misconfigured_start_prints_readable_lines_and_exits_2(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "BOT_TOKEN": "not-a-token"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(Path(__file__).parents[2])},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "BOT_TOKEN: is not a bot token" in result.stderr
    assert "ADMIN_CHAT_ID: is missing" in result.stderr


def _example_names() -> list[str]:
    example = Path(__file__).parents[2] / ".env.example"
    return [
        line.split("=", 1)[0]
        for line in example.read_text().splitlines()
        if line and not line.startswith("#")
    ]


def test_env_example_lists_every_setting_once() -> None:
    names = _example_names()

    assert sorted(names) == sorted(field.upper() for field in Settings.model_fields)


def test_env_example_itself_loads(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / ".env.example"
    (tmp_path / ".env").write_text(example.read_text())

    settings = load_settings()

    assert (settings.follower_threshold, settings.x_api_bearer_token) == (500, None)
