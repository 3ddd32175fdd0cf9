"""Typed settings, read once from the environment and `.env`.

Operators see one readable line per problem instead of a traceback (see `load_settings`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.languages import Locale

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
# What the Bot API's setWebhook accepts as a secret_token.
WEBHOOK_SECRET_PATTERN = r"^[A-Za-z0-9_-]{1,256}$"

# Shown after a problem so the operator sees what a good value looks like.
EXAMPLES: dict[str, str] = {
    "BOT_TOKEN": "BOT_TOKEN=123456789:AAE-your-token-from-BotFather",
    "ADMIN_CHAT_ID": "ADMIN_CHAT_ID=-1001234567890",
    "ADMIN_USER_IDS": "ADMIN_USER_IDS=11111111,22222222",
    "DATABASE_PATH": "DATABASE_PATH=data/asn-bot.sqlite3",
    "DATABASE_URL": "DATABASE_URL=postgresql://asn_bot:secret@db.example/asn_bot",
    "TELEGRAM_API_BASE_URL": "TELEGRAM_API_BASE_URL=https://api.telegram.org/bot",
    "TELEGRAM_FILE_BASE_URL": "TELEGRAM_FILE_BASE_URL=https://api.telegram.org/file/bot",
    "DEFAULT_LOCALE": "DEFAULT_LOCALE=id",
    "LOG_LEVEL": "LOG_LEVEL=INFO",
    "POLL_TIMEOUT_SECONDS": "POLL_TIMEOUT_SECONDS=30",
    "LOG_FORMAT": "LOG_FORMAT=json",
    "TELEGRAM_MODE": "TELEGRAM_MODE=webhook",
    "TELEGRAM_WEBHOOK_URL": "TELEGRAM_WEBHOOK_URL=https://bot.humas.example.go.id/telegram/webhook",
    "TELEGRAM_WEBHOOK_SECRET": "TELEGRAM_WEBHOOK_SECRET=Kx9-random_letters-digits-dashes",
    "TELEGRAM_WEBHOOK_MAX_CONNECTIONS": "TELEGRAM_WEBHOOK_MAX_CONNECTIONS=40",
    "METRICS_PORT": "METRICS_PORT=9108",
    "METRICS_HOST": "METRICS_HOST=127.0.0.1",
    "METRICS_TOKEN": "METRICS_TOKEN=a-long-random-string-for-prometheus",
    "AGENCIES_EXTRA_PATH": "AGENCIES_EXTRA_PATH=data/agencies-extra.csv",
    "FOLLOWER_THRESHOLD": "FOLLOWER_THRESHOLD=500",
    "FOLLOWER_RULE": "FOLLOWER_RULE=any",
    "X_API_BASE_URL": "X_API_BASE_URL=https://api.x.com",
    "META_GRAPH_BASE_URL": "META_GRAPH_BASE_URL=https://graph.facebook.com",
    "META_GRAPH_API_VERSION": "META_GRAPH_API_VERSION=v23.0",
    "INSTAGRAM_BUSINESS_ACCOUNT_ID": "INSTAGRAM_BUSINESS_ACCOUNT_ID=17841400000000000",
    "YOUTUBE_API_BASE_URL": "YOUTUBE_API_BASE_URL=https://www.googleapis.com",
    "REVERIFY_DAYS": "REVERIFY_DAYS=90",
    "REVERIFY_GRACE_DAYS": "REVERIFY_GRACE_DAYS=14",
    "REAPPLY_AFTER_DAYS": "REAPPLY_AFTER_DAYS=30",
    "VERIFY_COOLDOWN_MINUTES": "VERIFY_COOLDOWN_MINUTES=10",
    "OWNERSHIP_CODE_MINUTES": "OWNERSHIP_CODE_MINUTES=60",
    "LOOKUP_ATTEMPTS": "LOOKUP_ATTEMPTS=3",
    "WEB_PORT": "WEB_PORT=8080",
    "PUBLIC_BASE_URL": "PUBLIC_BASE_URL=https://lencana.humas.example.go.id",
    "BADGE_ISSUER_NAME": "BADGE_ISSUER_NAME=Biro Humas Kementerian Komunikasi dan Digital",
    "BADGE_LOGO_PATH": "BADGE_LOGO_PATH=/etc/asn-bot/logo.png",
    "BADGE_NUMBER_PREFIX": "BADGE_NUMBER_PREFIX=GPR",
    "LEAVE_OTHER_GROUPS": "LEAVE_OTHER_GROUPS=true",
    "QUIET_HOURS": "QUIET_HOURS=21:00-06:00",
    "MAX_PUSHES_PER_DAY": "MAX_PUSHES_PER_DAY=2",
    "MISFIRE_GRACE_MINUTES": "MISFIRE_GRACE_MINUTES=60",
    "BROADCAST_RATE_PER_SECOND": "BROADCAST_RATE_PER_SECOND=25",
    "BACKUP_PASSPHRASE": "BACKUP_PASSPHRASE=four-words-only-operators-know",
    "WHATSAPP_ACCESS_TOKEN": "WHATSAPP_ACCESS_TOKEN=EAAG-a-system-user-token",
    "WHATSAPP_PHONE_NUMBER_ID": "WHATSAPP_PHONE_NUMBER_ID=106540352242922",
    "WHATSAPP_BUSINESS_ACCOUNT_ID": "WHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398",
    "WHATSAPP_APP_SECRET": "WHATSAPP_APP_SECRET=the-app-secret-from-the-meta-app-dashboard",
    "WHATSAPP_VERIFY_TOKEN": "WHATSAPP_VERIFY_TOKEN=a-long-random-string-you-choose",
    "WHATSAPP_API_BASE_URL": "WHATSAPP_API_BASE_URL=https://graph.facebook.com",
    "WHATSAPP_API_VERSION": "WHATSAPP_API_VERSION=v23.0",
    "WHATSAPP_RATE_PER_SECOND": "WHATSAPP_RATE_PER_SECOND=80",
    "WHATSAPP_CAMPAIGN_TEMPLATE": "WHATSAPP_CAMPAIGN_TEMPLATE=konten_humas",
    "WHATSAPP_CAMPAIGN_TEMPLATE_LANGUAGE": "WHATSAPP_CAMPAIGN_TEMPLATE_LANGUAGE=id",
    "WHATSAPP_MARKETING_PRICE_IDR": "WHATSAPP_MARKETING_PRICE_IDR=586",
}
# Without these the WhatsApp channel cannot work once its token is set.
WHATSAPP_REQUIRED = (
    "whatsapp_phone_number_id",
    "whatsapp_business_account_id",
    "whatsapp_app_secret",
    "whatsapp_verify_token",
    "whatsapp_campaign_template",
)
MIN_PASSPHRASE_LENGTH = 12


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
    # PostgreSQL instead of the SQLite file (several instances on one database); empty: SQLite.
    # A secret: it usually carries the password, which never reaches logs or error texts.
    database_url: SecretStr = SecretStr("")
    database_pool_size: int = Field(default=10, ge=1, le=200)
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    default_locale: Locale = "id"
    log_level: LogLevel = "INFO"
    poll_timeout_seconds: int = Field(default=30, ge=1, le=50)
    agencies_extra_path: Path | None = None

    # Operating it: how updates arrive, logs for collectors, metrics for Prometheus
    log_format: Literal["text", "json"] = "text"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # Updates through the shared inbox and per-person turns (several instances); unset: on
    # with PostgreSQL, off on SQLite (one instance: each person's updates queue in memory).
    update_inbox: bool | None = None
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    metrics_token: SecretStr | None = None

    # Verification
    follower_threshold: int = Field(default=500, ge=0)
    follower_rule: Literal["any", "all"] = "any"
    x_api_bearer_token: SecretStr | None = None
    x_api_base_url: str = "https://api.x.com"
    meta_graph_access_token: SecretStr | None = None
    instagram_business_account_id: str | None = None
    meta_graph_base_url: str = "https://graph.facebook.com"
    meta_graph_api_version: str = Field(default="v23.0", pattern=r"^v\d+\.\d+$")
    youtube_api_key: SecretStr | None = None
    youtube_api_base_url: str = "https://www.googleapis.com"
    reverify_days: int = Field(default=90, ge=1)
    reverify_grace_days: int = Field(default=14, ge=0)
    reapply_after_days: int = Field(default=30, ge=0)
    verify_cooldown_minutes: int = Field(default=10, ge=0)
    ownership_code_minutes: int = Field(default=60, ge=5)
    lookup_attempts: int = Field(default=3, ge=1, le=10)

    # Badges and the verification web pages
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    public_base_url: str = "http://localhost:8080"
    badge_issuer_name: str = Field(default="Humas Pemerintah", min_length=1, max_length=120)
    badge_issuer_url: str | None = None
    badge_issuer_email: str | None = None
    badge_logo_path: Path | None = None
    badge_number_prefix: str = Field(default="GPR", pattern=r"^[A-Z]{2,6}$")

    # The admin group
    leave_other_groups: bool = True

    # Content campaigns
    disclosure_tag: str = Field(default="#ASNBerbagi", max_length=40)
    quiet_hours: str = Field(
        default="21:00-06:00", pattern=r"^\d{1,2}[:.]\d{2}\s*-\s*\d{1,2}[:.]\d{2}$"
    )
    max_pushes_per_day: int = Field(default=2, ge=1, le=24)
    misfire_grace_minutes: int = Field(default=60, ge=0)
    require_second_approval: bool = False
    broadcast_rate_per_second: float = Field(default=25, gt=0, le=1000)
    paid_broadcast: bool = False

    # Statistics and exports
    export_full_nip: bool = False
    # Encrypts backups (/cadangan, asn-bot backup); without it /cadangan sends nothing.
    backup_passphrase: SecretStr | None = None
    retention_days: int = Field(default=90, ge=7)

    # WhatsApp (off while the token is empty)
    whatsapp_access_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = Field(default=None, pattern=r"^\d{5,20}$")
    whatsapp_business_account_id: str | None = Field(default=None, pattern=r"^\d{5,20}$")
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_base_url: str = "https://graph.facebook.com"
    whatsapp_api_version: str = Field(default="v23.0", pattern=r"^v\d+\.\d+$")
    # The Cloud API's default throughput per phone number.
    whatsapp_rate_per_second: float = Field(default=80, gt=0, le=1000)
    whatsapp_campaign_template: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,512}$")
    whatsapp_campaign_template_language: str = Field(
        default="id", pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$"
    )
    # What Meta charges per delivered marketing message to Indonesia, for cost estimates.
    whatsapp_marketing_price_idr: int = Field(default=586, ge=0)

    @property
    def webhook_mode(self) -> bool:
        return self.telegram_mode == "webhook"

    @property
    def shared_updates(self) -> bool:
        """Whether updates go through the inbox shared by instances (UPDATE_INBOX)."""
        if self.update_inbox is not None:
            return self.update_inbox
        return bool(self.database_url.get_secret_value())

    @property
    def whatsapp_enabled(self) -> bool:
        return self.whatsapp_access_token is not None

    def whatsapp_missing(self) -> list[str]:
        """The WhatsApp settings still empty although the token is set (none while it is not)."""
        if not self.whatsapp_enabled:
            return []
        return [name.upper() for name in WHATSAPP_REQUIRED if getattr(self, name) is None]

    def webhook_missing(self) -> list[str]:
        """The webhook settings still empty although TELEGRAM_MODE is webhook."""
        if not self.webhook_mode:
            return []
        needed = ("telegram_webhook_url", "telegram_webhook_secret")
        return [name.upper() for name in needed if getattr(self, name) is None]

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        number, _, secret = value.get_secret_value().partition(":")
        if not number.isdigit() or len(secret) < 5:
            raise ValueError("is not a bot token (digits, a colon, then the secret)")
        return value

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value()
        if url and not url.startswith(("postgresql://", "postgres://")):
            raise ValueError("is not a postgresql:// URL (leave it empty for SQLite)")
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

    @field_validator(
        "telegram_api_base_url",
        "telegram_file_base_url",
        "x_api_base_url",
        "meta_graph_base_url",
        "youtube_api_base_url",
        "public_base_url",
        "whatsapp_api_base_url",
    )
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// for a local emulator)")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (Telegram posts updates only over HTTPS)")
        path = urlsplit(value).path
        if path in ("", "/"):
            raise ValueError(
                "must end in a path the web app serves it on, such as /telegram/webhook"
            )
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(WEBHOOK_SECRET_PATTERN, value.get_secret_value()):
            raise ValueError(
                "must be 1 to 256 letters A-Z and a-z, digits, _ and - (Telegram's rule)"
            )
        return value

    @field_validator(
        "default_locale", "log_level", "log_format", "telegram_mode", "follower_rule", mode="before"
    )
    @classmethod
    def _normalise_case(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator(
        "x_api_bearer_token",
        "meta_graph_access_token",
        "youtube_api_key",
        "instagram_business_account_id",
        "agencies_extra_path",
        "badge_issuer_url",
        "badge_issuer_email",
        "badge_logo_path",
        "backup_passphrase",
        "whatsapp_access_token",
        "whatsapp_phone_number_id",
        "whatsapp_business_account_id",
        "whatsapp_app_secret",
        "whatsapp_verify_token",
        "whatsapp_campaign_template",
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "metrics_port",
        "metrics_token",
        "update_inbox",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `.env.example` lists optional settings with empty values.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("backup_passphrase")
    @classmethod
    def _long_passphrase(cls, value: SecretStr | None) -> SecretStr | None:
        return _long_enough(value)

    @field_validator("badge_logo_path")
    @classmethod
    def _logo_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"is not a file: {value}")
        return value


def _long_enough(value: SecretStr | None) -> SecretStr | None:
    if value is not None and len(value.get_secret_value()) < MIN_PASSPHRASE_LENGTH:
        raise ValueError(f"is shorter than {MIN_PASSPHRASE_LENGTH} characters")
    return value


class DatabaseSettings(BaseSettings):
    """Just the databases and the backup passphrase, for `asn-bot backup`, `restore` and
    `migrate-to-postgres` (no token needed)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    database_path: Path = Path("data/asn-bot.sqlite3")
    # Set: the bot's data is in PostgreSQL (backup copies it from there; restore refuses).
    database_url: SecretStr = SecretStr("")
    backup_passphrase: SecretStr | None = None

    @field_validator("backup_passphrase", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("backup_passphrase")
    @classmethod
    def _long_passphrase(cls, value: SecretStr | None) -> SecretStr | None:
        return _long_enough(value)


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
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None
    missing_webhook = settings.webhook_missing()
    if missing_webhook:
        raise SettingsError(
            [
                f"{name}: is missing, and TELEGRAM_MODE is webhook"
                f" (for example {EXAMPLES[name]}; or TELEGRAM_MODE=polling)"
                for name in missing_webhook
            ]
        )
    missing = settings.whatsapp_missing()
    if missing:
        raise SettingsError(
            [
                f"{name}: is missing, and WHATSAPP_ACCESS_TOKEN is set"
                f" (for example {EXAMPLES[name]}; or leave WHATSAPP_ACCESS_TOKEN empty)"
                for name in missing
            ]
        )
    return settings
