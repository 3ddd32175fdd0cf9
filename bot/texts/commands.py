"""The bot's commands, named in both languages. Channel-agnostic: the Telegram adapter turns
these into CommandHandlers and the setMyCommands menus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.languages import Locale

Audience = Literal["everyone", "admin"]


@dataclass(frozen=True)
class Command:
    indonesian: str
    english: str
    description_key: str
    audience: Audience = "everyone"
    in_menu: bool = True
    # Only the national admin group may use it (a PR unit's group sees it nowhere).
    national_only: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.indonesian, self.english)))

    def name_in(self, locale: Locale) -> str:
        return self.indonesian if locale == "id" else self.english


START = Command("start", "start", "cmd_start", in_menu=False)
ENROLL = Command("daftar", "enroll", "cmd_enroll")
STATUS = Command("status", "status", "cmd_status")
PROFILE = Command("profil", "profile", "cmd_profile")
CANCEL = Command("batal", "cancel", "cmd_cancel")
STOP = Command("berhenti", "stop", "cmd_stop")
RESUME = Command("lanjut", "resume", "cmd_resume")
MY_DATA = Command("datasaya", "mydata", "cmd_mydata")
DELETE_DATA = Command("hapusdata", "deletedata", "cmd_deletedata")
LANGUAGE = Command("bahasa", "language", "cmd_language")
VERIFY = Command("verifikasi", "verify", "cmd_verify")
BADGE = Command("lencana", "badge", "cmd_badge")
POINTS = Command("poin", "points", "cmd_points")
CHECK_BADGE = Command("cekbadge", "checkbadge", "cmd_checkbadge")
REVOKE = Command("cabut", "revoke", "cmd_revoke", audience="admin")
AUDIT = Command("audit", "audit", "cmd_audit", audience="admin")
CONTENT = Command("konten", "content", "cmd_content", audience="admin")
SCHEDULE = Command("jadwal", "schedule", "cmd_schedule", audience="admin")
UNSCHEDULE = Command("batalkan", "unschedule", "cmd_unschedule", audience="admin")
BROADCAST = Command("siaran", "broadcast", "cmd_broadcast", audience="admin")
STATS = Command("statistik", "stats", "cmd_stats", audience="admin")
LEADERBOARD = Command("peringkat", "leaderboard", "cmd_leaderboard", audience="admin")
EXPORT = Command("ekspor", "export", "cmd_export", audience="admin")
PRIVACY = Command("privasi", "privacy", "cmd_privacy")
LINK = Command("tautkan", "link", "cmd_link")
BACKUP = Command("cadangan", "backup", "cmd_backup", audience="admin", national_only=True)
REVIEW = Command("tinjau", "review", "cmd_review", audience="admin")
HELP = Command("bantuan", "help", "cmd_help")
# PR units: the national group invites a unit, the unit's new group activates itself with the
# code (any group's administrator may type it, so it is nobody's admin command), /unit lists.
INVITE = Command("undang", "invite", "cmd_invite", audience="admin", national_only=True)
UNITS = Command("unit", "unit", "cmd_unit", audience="admin")
ACTIVATE = Command("aktifkan", "activate", "cmd_activate", in_menu=False)
# For operators setting up ADMIN_CHAT_ID: typed in the admin group, it answers the group's id.
CHAT_ID = Command("idgrup", "chatid", "cmd_chatid", in_menu=False)

COMMANDS: tuple[Command, ...] = (
    START,
    ENROLL,
    STATUS,
    PROFILE,
    CANCEL,
    STOP,
    RESUME,
    MY_DATA,
    DELETE_DATA,
    LANGUAGE,
    VERIFY,
    BADGE,
    POINTS,
    PRIVACY,
    LINK,
    CHECK_BADGE,
    HELP,
    CHAT_ID,
    ACTIVATE,
    CONTENT,
    BROADCAST,
    SCHEDULE,
    UNSCHEDULE,
    STATS,
    LEADERBOARD,
    EXPORT,
    REVIEW,
    REVOKE,
    AUDIT,
    BACKUP,
    INVITE,
    UNITS,
)
ADMIN_COMMANDS: tuple[Command, ...] = tuple(c for c in COMMANDS if c.audience == "admin")


def menu(
    locale: Locale, audience: Audience = "everyone", *, national: bool = True
) -> list[tuple[str, str]]:
    """(command, description key) pairs for one language's command menu; `national=False`:
    the menu of a PR unit's admin group, without the national group's own commands."""
    return [
        (command.name_in(locale), command.description_key)
        for command in COMMANDS
        if command.in_menu
        and command.audience == audience
        and (national or not command.national_only)
    ]
