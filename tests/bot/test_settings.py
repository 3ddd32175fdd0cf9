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


# WhatsApp: off while its token is empty; a half-configured channel does not start.

WHATSAPP_COMPLETE = {
    "whatsapp_access_token": "EAAG-system-user-token-secret",
    "whatsapp_phone_number_id": "106540352242922",
    "whatsapp_business_account_id": "102290129340398",
    "whatsapp_app_secret": "app-secret-from-the-dashboard",
    "whatsapp_verify_token": "a-long-random-verify-token",
    "whatsapp_campaign_template": "konten_humas",
}


def test_whatsapp_is_off_by_default_with_documented_defaults() -> None:
    settings = load_settings(**GOOD)

    assert not settings.whatsapp_enabled
    assert settings.whatsapp_missing() == []
    assert (
        settings.whatsapp_api_base_url,
        settings.whatsapp_api_version,
        settings.whatsapp_rate_per_second,
        settings.whatsapp_campaign_template_language,
        settings.whatsapp_marketing_price_idr,
    ) == ("https://graph.facebook.com", "v23.0", 80, "id", 586)


def test_an_empty_whatsapp_token_leaves_the_channel_off(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "BOT_TOKEN=42:SECRETSECRET\nADMIN_CHAT_ID=-100500\n"
        "WHATSAPP_ACCESS_TOKEN=\nWHATSAPP_PHONE_NUMBER_ID=\nWHATSAPP_CAMPAIGN_TEMPLATE=\n"
    )

    settings = load_settings()

    assert not settings.whatsapp_enabled
    assert settings.whatsapp_phone_number_id is None


def test_a_complete_whatsapp_configuration_turns_the_channel_on() -> None:
    settings = load_settings(**GOOD, **WHATSAPP_COMPLETE)

    assert settings.whatsapp_enabled
    assert settings.whatsapp_missing() == []
    assert "system-user-token-secret" not in repr(settings)
    assert "app-secret-from-the-dashboard" not in repr(settings)


def test_a_half_configured_whatsapp_names_each_missing_setting_once() -> None:
    half = {
        "whatsapp_access_token": "EAAG-system-user-token-secret",
        "whatsapp_phone_number_id": "106540352242922",
    }

    with pytest.raises(SettingsError) as caught:
        load_settings(**GOOD, **half)

    problems = caught.value.problems
    assert [line.split(":")[0] for line in problems] == [
        "WHATSAPP_BUSINESS_ACCOUNT_ID",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
        "WHATSAPP_CAMPAIGN_TEMPLATE",
    ]
    assert all("WHATSAPP_ACCESS_TOKEN is set" in line for line in problems)
    assert all("for example" in line for line in problems)
    assert not any("system-user-token-secret" in line for line in problems)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("whatsapp_phone_number_id", "+62 812"),
        ("whatsapp_api_version", "23"),
        ("whatsapp_rate_per_second", "0"),
        ("whatsapp_campaign_template", "Konten Humas"),
        ("whatsapp_api_base_url", "graph.facebook.com"),
    ],
)
def test_a_bad_whatsapp_value_is_one_line_with_an_example(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(**GOOD, **{**WHATSAPP_COMPLETE, name: value})

    [problem] = caught.value.problems
    assert problem.startswith(f"{name.upper()}: ")
    assert f"for example {name.upper()}=" in problem


def test_a_half_configured_whatsapp_stops_the_start_with_exit_2(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "BOT_TOKEN": "123456:ABCDEFGHIJ",
        "ADMIN_CHAT_ID": "-1001234567890",
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "WHATSAPP_ACCESS_TOKEN": "EAAG-system-user-token-secret",
        "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "WHATSAPP_BUSINESS_ACCOUNT_ID": "102290129340398",
        "WHATSAPP_APP_SECRET": "app-secret-from-the-dashboard",
    }
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
    lines = [line.strip() for line in result.stderr.splitlines() if "WHATSAPP_" in line]
    assert [line.removeprefix("- ").split(":")[0] for line in lines] == [
        "WHATSAPP_VERIFY_TOKEN",
        "WHATSAPP_CAMPAIGN_TEMPLATE",
    ]
    assert "system-user-token-secret" not in result.stderr + result.stdout
