"""Group behaviours the admin group depends on, as the official Bot API server shows them."""

from __future__ import annotations

import time

import pytest
import telegram
from telegram import BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, ChatMigrated

from devtools.emulator import BotApiEmulator

GROUP_ANONYMOUS_BOT_ID = 1087968824


async def test_an_admin_posting_as_the_group_is_sent_by_group_anonymous_bot(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    admin = emu.add_user("Rina")
    group = emu.add_group("Humas", admins=[admin])

    emu.send_command(admin, "tinjau", chat=group, as_group=True)
    (update,) = await bot.get_updates()

    message = update.message
    assert message is not None and message.from_user is not None
    assert message.from_user.id == GROUP_ANONYMOUS_BOT_ID
    assert message.from_user.username == "GroupAnonymousBot"
    assert message.sender_chat is not None and message.sender_chat.id == group.id
    assert message.text == "/tinjau"


async def test_only_administrators_can_post_as_the_group(emu: BotApiEmulator) -> None:
    member = emu.add_user("Anggota")
    group = emu.add_group("Humas", members=[member])

    with pytest.raises(ValueError, match="not an administrator"):
        emu.send_text(member, "halo", chat=group, as_group=True)


async def test_a_group_the_bot_is_not_in_is_chat_not_found(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    owner = emu.add_user("Pemilik")
    left = emu.add_group("Grup lain", creator=owner, bot_status="left")
    commands = [BotCommand("audit", "Audit")]

    for chat_id in (-1001234567890, left.id):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.get_chat_administrators(chat_id)
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.get_chat_member(chat_id, owner.id)


async def test_a_migrated_group_answers_with_its_new_id(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    admin = emu.add_user("Rina")
    group = emu.add_group("Humas", creator=admin, supergroup=False)
    new = emu.migrate_group_to_supergroup(group)

    with pytest.raises(ChatMigrated) as on_menu:
        await bot.set_my_commands(
            [BotCommand("audit", "Audit")], scope=BotCommandScopeChat(group.id)
        )
    with pytest.raises(ChatMigrated) as on_admins:
        await bot.get_chat_administrators(group.id)
    with pytest.raises(ChatMigrated) as on_member:
        await bot.get_chat_member(group.id, admin.id)

    assert on_menu.value.new_chat_id == on_admins.value.new_chat_id == new.id
    assert on_member.value.new_chat_id == new.id
    assert (await bot.get_chat_member(new.id, admin.id)).status == "creator"


async def test_latency_delays_every_answer() -> None:
    async with (
        BotApiEmulator(latency=(0.2, 0.3)) as emu,
        telegram.Bot(emu.token, base_url=emu.base_url) as bot,
    ):
        started = time.monotonic()
        await bot.get_me()
        await bot.get_me()
        elapsed = time.monotonic() - started

    assert 0.4 <= elapsed < 2
