"""Admin listings that may outgrow one Telegram message (/audit, /unit): as much as fits in a
message, and everything as a text file too, so the answer always arrives whole."""

from __future__ import annotations

from telegram import InputFile, Message
from telegram.constants import MessageLimit, ParseMode

from bot.channels.telegram.rendering import to_html
from bot.channels.telegram.texts import Translator
from bot.texts.markup import Rich

# Room for the "more in the file" note (entities do not count towards the limit).
_NOTE_ROOM = 200


async def reply_listing(
    message: Message,
    t: Translator,
    header: Rich,
    lines: list[Rich],
    *,
    more_key: str,
    caption_key: str,
    filename: str,
) -> None:
    """Replies the header and the lines that fit; when some do not, says how many more (the
    catalogue text `more_key`, given `count`) and sends every line as `filename`."""
    page = [to_html(header)]
    for line in map(to_html, lines):
        if len("\n".join([*page, line])) > MessageLimit.MAX_TEXT_LENGTH - _NOTE_ROOM:
            break
        page.append(line)
    shown = len(page) - 1
    if shown < len(lines):
        page.append(t(more_key, count=len(lines) - shown))
    await message.reply_html("\n".join(page))
    if shown < len(lines):
        everything = Rich.join("\n", [header, *lines]).plain()
        await message.reply_document(
            InputFile(everything.encode(), filename=filename),
            caption=t(caption_key, count=len(lines)),
            parse_mode=ParseMode.HTML,
        )
