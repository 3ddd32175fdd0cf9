"""The emulator in its own process, driven over HTTP with EmulatorClient."""

from __future__ import annotations

import asyncio
import sys

import telegram

from devtools.emulator import BotApiEmulator, EmulatorClient


async def test_client_drives_the_control_api() -> None:
    async with BotApiEmulator() as emu, EmulatorClient(emu.url) as client:
        user = await client.add_user("Remote", username="remote_asn")
        await client.send_command(user["id"], "start", args="verify_X")
        async with telegram.Bot(emu.token, base_url=client.base_url()) as bot:
            (update,) = await bot.get_updates()
            assert update.message is not None and update.message.text == "/start verify_X"
            markup = telegram.InlineKeyboardMarkup(
                [[telegram.InlineKeyboardButton("Ikut", callback_data="join")]]
            )
            sent = await bot.send_message(user["id"], "Gabung?", reply_markup=markup)
            await client.press_button(user["id"], sent.message_id, data="join")
            await client.inject_fault("retry_after", method="sendMessage", retry_after=3)
            stats = await client.stats()
            assert stats["faults_pending"] == 1
            await client.clear_faults()
        history = await client.history(user["id"])
        assert [m.get("text") for m in history] == ["/start verify_X", "Gabung?"]
        sent_log = await client.sent(user["id"])
        assert sent_log[0]["message"]["text"] == "Gabung?"
        assert len(await client.send_timestamps()) == 1
        stats = await client.stats()
        assert stats["messages_sent"] == 1
        assert stats["pending_updates"] == 2  # the callback query plus the unconfirmed /start


async def test_runs_as_a_module() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "devtools.emulator",
        "--port",
        "0",
        "--token",
        "42:BENCH",
        "--no-history",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode()
        url = line.split(" on ", 1)[1].split(" ", 1)[0]
        async with telegram.Bot("42:BENCH", base_url=f"{url}/bot") as bot:
            assert bot.username == "asn_humas_bot"
    finally:
        process.terminate()
        await process.wait()
