"""The ids of WhatsApp reply buttons and list rows: `<kind>:<value>`, decoded here, so every
id the bot sends is matched by the handler that answers it. WhatsApp sends the id back as it
was (up to 256 characters for a button, 200 for a row)."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds, and the fixed ids of the kinds whose values are fixed.
CONSENT = "consent"
YES, NO = "yes", "no"
CONSENT_YES = f"{CONSENT}:{YES}"
CONSENT_NO = f"{CONSENT}:{NO}"
AGENCY_KIND = "kind"
AGENCY = "agency"
CHANGE_KIND = "change-kind"
PROVINCE = "province"
SKIP = "skip"
REMOVE = "remove"
SUMMARY = "summary"
OK, CHANGE, BACK = "ok", "change", "back"
SUMMARY_OK = f"{SUMMARY}:{OK}"
SUMMARY_CHANGE = f"{SUMMARY}:{CHANGE}"
SUMMARY_BACK = f"{SUMMARY}:{BACK}"
EDIT = "edit"
LANGUAGE = "lang"
ERASE = "erase"
ERASE_YES = f"{ERASE}:{YES}"
ERASE_NO = f"{ERASE}:{NO}"
CODE_DONE = "code-done"
CODE_NEW = "code-new"
MANUAL_REVIEW = "review"
COUNT = "count"
SHARED = "shared"
INSTAGRAM_FILE = "igfile"
SKIP_POST_LINK = "skip-link"
MENU = "menu"


@dataclass(frozen=True)
class Choice:
    kind: str
    value: str

    @property
    def number(self) -> int | None:
        return int(self.value) if self.value.isdigit() else None


def encode(kind: str, value: object) -> str:
    return f"{kind}:{value}"


def decode(choice_id: str) -> Choice:
    kind, _, value = choice_id.partition(":")
    return Choice(kind, value)


class WhatsAppShareCallbacks:
    """bot.campaigns.rendering.ShareCallbacks for WhatsApp: the ids of a campaign message's
    "Sudah dibagikan" and "file for Instagram" reply buttons."""

    def shared(self, delivery_id: int) -> str:
        return encode(SHARED, delivery_id)

    def instagram_file(self, delivery_id: int) -> str:
        return encode(INSTAGRAM_FILE, delivery_id)
