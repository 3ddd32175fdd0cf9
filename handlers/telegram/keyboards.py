"""Inline keyboards from rows of (label, callback data): the shape every question with
buttons takes."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )
