"""`asn-bot`: run the bot, back its database up, restore a backup."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sqlite3
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from bot.settings import MIN_PASSPHRASE_LENGTH, SettingsError, load_settings

EXIT_BAD_SETTINGS = 2
EXIT_IN_USE = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asn-bot",
        description=(
            "Telegram bot that enrolls civil servants (ASN) as government public-relations "
            "messengers (humas pemerintah)."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser(
        "run",
        help="run the bot against Telegram, by long polling or by webhook (TELEGRAM_MODE; "
        "reads settings from the environment and .env; see .env.example)",
        description="Run the bot against Telegram, by long polling or, with "
        "TELEGRAM_MODE=webhook, by webhook. Settings come from the environment and .env (see "
        ".env.example). Stop with Ctrl+C or SIGTERM.",
    )
    backup = sub.add_parser(
        "backup",
        help="write an encrypted copy of the database to PATH (safe while the bot runs)",
        description="Write a consistent online copy of the database (DATABASE_PATH) to PATH, "
        "encrypted with BACKUP_PASSPHRASE (asked for when it is not set) and checksummed.",
    )
    backup.add_argument("path", help="where to write the backup")
    restore = sub.add_parser(
        "restore",
        help="replace the database with a backup (stop the bot first)",
        description="Decrypt a backup with BACKUP_PASSPHRASE, check its checksum and "
        "integrity, and put it in place of DATABASE_PATH. Refused while the bot runs; start "
        "the bot again afterwards (newer migrations are applied on start).",
    )
    restore.add_argument("path", help="the backup file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run()
    if args.command in {"backup", "restore"}:
        return _backup_or_restore(args.command, Path(args.path))
    return 1


def _backup_or_restore(command: str, path: Path) -> int:
    from pydantic import ValidationError

    from bot.admin.backups import back_up_file, restore_backup
    from bot.settings import DatabaseSettings, describe_validation_error
    from storage.database import DatabaseInUse

    try:
        settings = DatabaseSettings()
    except ValidationError as error:
        for problem in describe_validation_error(error):
            print(problem, file=sys.stderr)
        return EXIT_BAD_SETTINGS
    if settings.database_url.get_secret_value():
        print(
            f"DATABASE_URL is set: the bot's data is in PostgreSQL, and `asn-bot {command}` "
            "copies the SQLite file. Back PostgreSQL up with pg_dump (restore with pg_restore).",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    database = settings.database_path
    passphrase = _passphrase(settings.backup_passphrase)
    if passphrase is None:
        print(
            "Set BACKUP_PASSPHRASE (in the environment or .env, at least "
            f"{MIN_PASSPHRASE_LENGTH} characters): backups are encrypted with it.",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    if command == "backup":
        now = datetime.now(UTC)
        try:
            asyncio.run(back_up_file(database, path, passphrase, now))
        except (OSError, sqlite3.Error) as error:
            print(f"Not backed up ({database}): {error}", file=sys.stderr)
            return 1
        print(f"Backed up {database} to {path} (encrypted with BACKUP_PASSPHRASE)")
        return 0
    try:
        versions = asyncio.run(restore_backup(path, database, passphrase))
    except DatabaseInUse as error:
        print(f"Not restored: {error}.", file=sys.stderr)
        return EXIT_IN_USE
    except (ValueError, OSError, sqlite3.DatabaseError) as error:
        print(f"Not restored: {error}.", file=sys.stderr)
        return 1
    print(f"Restored {path} to {database} (schema version {max(versions, default=0)})")
    return 0


def _passphrase(configured: SecretStr | None) -> str | None:
    """BACKUP_PASSPHRASE, or typed at a terminal (a new server may not have it in .env)."""
    if configured is not None:
        return configured.get_secret_value()
    if not sys.stdin.isatty():
        return None
    typed = getpass.getpass("Backup passphrase: ")
    return typed if len(typed) >= MIN_PASSPHRASE_LENGTH else None


def _run() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print("The bot cannot start; fix these settings (see .env.example):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_BAD_SETTINGS

    from bot.app import build_application
    from bot.channels.telegram.webhook import WebhookRefused, run_webhook
    from bot.logging_setup import configure_logging
    from handlers.telegram import ALLOWED_UPDATES
    from storage.database import DatabaseCollationError, DatabaseInUse, DatabaseUnreachable

    configure_logging(settings.log_level, settings.log_format)
    application = build_application(settings)
    # Both stop cleanly on SIGINT and SIGTERM and flush persistence on the way out.
    # chat_member updates come only when asked for; they keep the admin list current.
    try:
        if application.webhook is not None:
            run_webhook(application, application.webhook)
        else:
            # Deletes any webhook first (PTB's poller does), so updates come by polling.
            application.run_polling(
                timeout=settings.poll_timeout_seconds, allowed_updates=ALLOWED_UPDATES
            )
    except DatabaseInUse as error:
        print(f"The bot cannot start: {error}.", file=sys.stderr)
        return EXIT_IN_USE
    except (DatabaseUnreachable, DatabaseCollationError) as error:
        # Their texts name the server without its password (storage.postgres.redacted).
        print(f"The bot cannot start: {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    except WebhookRefused as error:
        print(
            f"The bot cannot start: Telegram refused the webhook ({error}); check "
            "TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET.",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    return 0


if __name__ == "__main__":
    sys.exit(main())
