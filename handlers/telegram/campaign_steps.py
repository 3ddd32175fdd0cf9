"""The steps of composing a campaign (handlers/telegram/campaign_compose.py and the modules of
its later steps); the numbers are stored with each admin's conversation, so they never change."""

from __future__ import annotations

from enum import IntEnum

from telegram.ext import ConversationHandler

END = ConversationHandler.END


class ComposeStep(IntEnum):
    """States of composing a campaign."""

    CONTENT = 1
    LINK = 2
    HASHTAGS = 3
    VARIANTS = 4
    TARGET = 5
    TARGET_SEARCH = 6
    SCHEDULE = 7
    SCHEDULE_TIME = 8
    CONFIRM = 9
