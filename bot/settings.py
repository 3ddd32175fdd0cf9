"""Typed settings, read once from the environment and `.env`.

Operators see one readable line per problem instead of a traceback (see `load_settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Locale = Literal["id", "en"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

# Shown after a problem so the operator sees what a good value looks like.
EXAMPLES: dict[str, str] = {
    "BOT_TOKEN": "BOT_TOKEN=123456789:AAE-your-token-from-BotFather",
    "ADMIN_CHAT_ID": "ADMIN_CHAT_ID=-1001234567890",
    "ADMIN_USER_IDS": "ADMIN_USER_IDS=11111111,22222222",
    "DATABASE_PATH": "DATABASE_PATH=data/asn-bot.sqlite3",
    "TELEGRAM_API_BASE_URL": "TELEGRAM_API_BASE_URL=https://api.telegram.org/bot",
    "TELEGRAM_FILE_BASE_URL": "TELEGRAM_FILE_BASE_URL=https://api.telegram.org/file/bot",
    "DEFAULT_LOCALE": "DEFAULT_LOCALE=id",
    "LOG_LEVEL": "LOG_LEVEL=INFO",
    "POLL_TIMEOUT_SECONDS": "POLL_TIMEOUT_SECONDS=30",
    "AGENCIES_EXTRA_PATH": "AGENCIES_EXTRA_PATH=data/agencies-extra.csv",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    bot_token: SecretStr = Field(min_length=1)
    admin_chat_id: int
    admin_user_ids: Annotated[tuple[int, ...], NoDecode] = ()
    database_path: Path = Path("data/asn-bot.sqlite3")
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    default_locale: Locale = "id"
    log_level: LogLevel = "INFO"
    poll_timeout_seconds: int = Field(default=30, ge=1, le=50)
    agencies_extra_path: Path | None = None

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        number, _, secret = value.get_secret_value().partition(":")
        if not number.isdigit() or len(secret) < 5:
            raise ValueError("is not a bot token (digits, a colon, then the secret)")
        return value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("admin_chat_id")
    @classmethod
    def _group_id(cls, value: int) -> int:
        if value >= 0:
            raise ValueError("must be a group id, which is negative")
        return value

    @field_validator("telegram_api_base_url", "telegram_file_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// for a local emulator)")
        return value

    @field_validator("default_locale", "log_level", mode="before")
    @classmethod
    def _normalise_case(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class SettingsError(Exception):
    """The settings could not be loaded; `problems` holds one readable line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def describe_validation_error(error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "SETTINGS"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "missing":
            message = "is missing"
        example = EXAMPLES.get(name)
        hint = f" (for example {example})" if example else ""
        lines.append(f"{name}: {message[:1].lower()}{message[1:]}{hint}")
    return lines


def load_settings(**overrides: object) -> Settings:
    """Reads the environment and `.env`; raises SettingsError with one line per problem."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None
