"""The operating settings: polling, text logs and no metrics by default; webhook mode needs its
URL and a secret Telegram accepts, and a wrong one is explained before the bot starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

GOOD = {"bot_token": "123456:ABCDEFGHIJ", "admin_chat_id": -1001234567890}
URL = "https://bot.humas.example.go.id/telegram/webhook"


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper() in {field.upper() for field in Settings.model_fields}:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_by_default_the_bot_polls_logs_text_and_serves_no_metrics() -> None:
    settings = load_settings(**GOOD, metrics_port="", metrics_token="")

    assert (settings.telegram_mode, settings.log_format) == ("polling", "text")
    assert (settings.metrics_port, settings.metrics_token) == (None, None)
    assert settings.telegram_webhook_max_connections == 40


def test_webhook_mode_without_its_url_and_secret_says_what_is_missing() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(**GOOD, telegram_mode="webhook")

    assert error.value.problems == [
        "TELEGRAM_WEBHOOK_URL: is missing, and TELEGRAM_MODE is webhook (for example"
        " TELEGRAM_WEBHOOK_URL=https://bot.humas.example.go.id/telegram/webhook; or"
        " TELEGRAM_MODE=polling)",
        "TELEGRAM_WEBHOOK_SECRET: is missing, and TELEGRAM_MODE is webhook (for example"
        " TELEGRAM_WEBHOOK_SECRET=Kx9-random_letters-digits-dashes; or TELEGRAM_MODE=polling)",
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"telegram_webhook_secret": "has spaces and !"},
            "TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 letters A-Z and a-z, digits, _ and -"
            " (Telegram's rule)",
        ),
        (
            {"telegram_webhook_url": "bot.humas.example.go.id/hook"},
            "TELEGRAM_WEBHOOK_URL: must start with https:// (Telegram posts updates only over"
            " HTTPS)",
        ),
        (
            {"telegram_webhook_url": "https://bot.humas.example.go.id"},
            "TELEGRAM_WEBHOOK_URL: must end in a path the web app serves it on, such as"
            " /telegram/webhook",
        ),
        (
            {"telegram_mode": "push"},
            "TELEGRAM_MODE: input should be 'polling' or 'webhook' (for example"
            " TELEGRAM_MODE=webhook)",
        ),
        (
            {"log_format": "xml"},
            "LOG_FORMAT: input should be 'text' or 'json' (for example LOG_FORMAT=json)",
        ),
    ],
)
def test_a_wrong_operating_setting_is_explained_with_an_example(
    changes: dict[str, str], problem: str
) -> None:
    webhook = {"telegram_mode": "webhook", "telegram_webhook_url": URL}
    with pytest.raises(SettingsError) as error:
        load_settings(**GOOD, **webhook | {"telegram_webhook_secret": "ok_secret"} | changes)

    assert error.value.problems[0].startswith(problem)


def test_a_good_webhook_configuration_loads() -> None:
    settings = load_settings(
        **GOOD,
        telegram_mode="webhook",
        telegram_webhook_url=URL,
        telegram_webhook_secret="Kx9-random_letters",
        telegram_webhook_max_connections="80",
    )

    assert settings.webhook_mode and settings.telegram_webhook_max_connections == 80
