"""Bot API calls with a JSON body, through the request's own connection pool."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from telegram import Bot

from bot.channels.telegram.json_request import JsonBodyRequest
from devtools.emulator import BotApiEmulator
from tests.support import TOKEN


async def test_messages_are_sent_again_after_the_request_was_shut_down_and_reopened(
    emulator: BotApiEmulator,
) -> None:
    siti = emulator.add_user("Siti")
    bot = Bot(TOKEN, base_url=emulator.base_url, request=JsonBodyRequest(connection_pool_size=2))
    async with bot:
        await bot.send_message(siti.id, "<b>satu</b>", parse_mode="HTML")
    async with bot:
        await bot.send_message(siti.id, "dua")

    first, second = await emulator.next_messages(siti, 2)
    assert (first.content, second.content) == ("satu", "dua")


async def test_a_proxy_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offices behind a proxy set HTTPS_PROXY; the JSON requests must go through it too."""
    requested: list[str] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        length = re.search(r"(?i)content-length: (\d+)", head)
        await reader.readexactly(int(length[1]) if length else 0)
        requested.append(head.split("\r\n", 1)[0])
        result = _ME if "/getMe" in head else _MESSAGE
        body = json.dumps({"ok": True, "result": result}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    async with server:
        bot = Bot(TOKEN, base_url="http://bot-api.test/bot", request=JsonBodyRequest())
        async with bot:
            await bot.send_message(5, "halo")

    assert requested[-1].startswith(f"POST http://bot-api.test/bot{TOKEN}/sendMessage")


_ME = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "asn_humas_bot"}
_MESSAGE = {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "halo"}
