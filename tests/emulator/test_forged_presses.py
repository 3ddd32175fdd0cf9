"""A modified client (or a button from an older bot version) can send any button data."""

from __future__ import annotations

import pytest
import telegram

from devtools.emulator import BotApiEmulator


async def test_a_forged_press_arrives_with_its_data_on_the_real_message(
    emu: BotApiEmulator,
) -> None:
    user = emu.add_user("Wati")
    async with telegram.Bot(emu.token, base_url=emu.base_url) as bot:
        sent = await bot.send_message(user.id, "tanpa tombol")
        emu.press_forged(user, sent.message_id, "rev:ok:740")
        updates = await bot.get_updates(timeout=0)

    query = updates[-1].callback_query
    assert query is not None and query.data == "rev:ok:740"
    assert query.message is not None and query.message.message_id == sent.message_id


async def test_forged_data_stays_within_what_a_button_can_carry(emu: BotApiEmulator) -> None:
    user = emu.add_user("Wati")
    async with telegram.Bot(emu.token, base_url=emu.base_url) as bot:
        sent = await bot.send_message(user.id, "tanpa tombol")

    with pytest.raises(ValueError, match="1-64 bytes"):
        emu.press_forged(user, sent.message_id, "é" * 33)
    with pytest.raises(ValueError, match="1-64 bytes"):
        emu.press_forged(user, sent.message_id, "")
