"""Long polling through python-telegram-bot: order, offsets, waiting, allowed_updates."""

from __future__ import annotations

import asyncio
import time

import httpx
import telegram

from devtools.emulator import BotApiEmulator


async def test_updates_arrive_in_order_and_offset_confirms(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    user = emu.add_user("Siti", username="siti_asn")
    emu.send_command(user, "start", args="verify_X")
    emu.send_text(user, "halo")
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["/start verify_X", "halo"]
    assert updates[0].update_id < updates[1].update_id
    assert updates[0].message is not None
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[0].message.from_user is not None
    assert updates[0].message.from_user.username == "siti_asn"

    again = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert again == ()
    emu.send_text(user, "lagi")
    (latest,) = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert latest.message is not None and latest.message.text == "lagi"


async def test_limit(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    user = emu.add_user("Ani")
    for i in range(5):
        emu.send_text(user, str(i))
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["0", "1"]


async def test_long_poll_waits_until_an_update_arrives(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    user = emu.add_user("Rina")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    emu.send_text(user, "akhirnya")
    (update,) = await asyncio.wait_for(poll, 2)
    assert update.message is not None and update.message.text == "akhirnya"
    assert 0.2 <= time.monotonic() - started < 2


async def test_chat_member_updates_only_when_asked(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    admin, member = emu.add_user("Admin"), emu.add_user("Anggota")
    group = emu.add_group("Humas Kab", members=[member], creator=admin, bot_status="administrator")
    emu.set_member_status(group, member, "administrator")
    assert await bot.get_updates() == ()
    await bot.get_updates(allowed_updates=["message", "chat_member", "my_chat_member"])
    emu.set_member_status(group, member, "left")
    (update,) = await bot.get_updates()
    assert update.chat_member is not None
    assert update.chat_member.old_chat_member.status == "administrator"
    assert update.chat_member.new_chat_member.status == "left"


async def test_chat_member_updates_only_reach_a_bot_that_administers_the_group(
    emu: BotApiEmulator, bot: telegram.Bot
) -> None:
    admin, member = emu.add_user("Admin"), emu.add_user("Anggota")
    group = emu.add_group("Humas Kab", members=[member], creator=admin)
    await bot.get_updates(allowed_updates=["message", "chat_member", "my_chat_member"])

    emu.set_member_status(group, member, "administrator")
    as_member = await bot.get_updates()
    emu.set_bot_status(group, "administrator")
    (promoted,) = await bot.get_updates()
    emu.set_member_status(group, member, "member")
    (demoted,) = await bot.get_updates(offset=promoted.update_id + 1)

    assert as_member == ()
    assert promoted.my_chat_member is not None
    assert demoted.chat_member is not None
    assert demoted.chat_member.new_chat_member.status == "member"


async def test_second_poller_ends_the_first_with_conflict(emu: BotApiEmulator) -> None:
    # Raw HTTP: PTB itself never runs two getUpdates at once (its pool for them has size 1).
    url = f"{emu.base_url}{emu.token}/getUpdates"
    async with httpx.AsyncClient() as client:
        first = asyncio.create_task(client.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.1)
        second = await client.post(url, data={"timeout": "0"})
        conflict = await asyncio.wait_for(first, 2)
    assert second.json() == {"ok": True, "result": []}
    assert conflict.status_code == 409
    assert "terminated by other getUpdates request" in conflict.json()["description"]


async def test_stop_ends_a_pending_long_poll_quickly() -> None:
    emu = BotApiEmulator()
    await emu.start()
    async with telegram.Bot(emu.token, base_url=emu.base_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await emu.stop()
        assert time.monotonic() - started < 1
        assert await poll == ()


async def test_application_polling_end_to_end(emu: BotApiEmulator) -> None:
    from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Selamat datang {context.args}")

    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.file_base_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    user = emu.add_user("Putri")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        emu.send_command(user, "start", args="verify_X")
        reply = await emu.next_message(user)
        await app.updater.stop()
        await app.stop()
    assert reply.text == "Selamat datang ['verify_X']"
    assert emu.stats()["pending_updates"] == 0  # the final poll confirmed /start
