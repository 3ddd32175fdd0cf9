"""A person editing a message they sent, as Telegram delivers it: an `edited_message` update
with the same message_id and an `edit_date`."""

from __future__ import annotations

import pytest
import telegram

from devtools.emulator import BotApiEmulator


async def test_an_edit_arrives_as_edited_message_with_the_same_id(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    siti = emu.add_user("Siti")
    sent = emu.send_text(siti, "Siti Rahma")
    emu.edit_text(siti, sent, "/hapusdata")

    first, edit = await bot.get_updates(timeout=0)

    assert first.message is not None and edit.message is None
    assert edit.edited_message is not None
    assert edit.edited_message.message_id == first.message.message_id
    assert edit.edited_message.text == "/hapusdata"
    assert edit.edited_message.edit_date is not None
    assert edit.edited_message.entities[0].type == "bot_command"
    assert emu.actions.current(sent)["text"] == "/hapusdata"


async def test_only_the_author_edits_and_only_text(emu: BotApiEmulator) -> None:
    siti, budi = emu.add_user("Siti"), emu.add_user("Budi")
    sent = emu.send_text(siti, "halo")
    sticker = emu.send_sticker(siti)

    with pytest.raises(PermissionError):
        emu.edit_text(budi, sent, "bukan pesan saya")
    with pytest.raises(ValueError, match="only text"):
        emu.edit_text(siti, sticker, "teks")
