"""Injected faults surface as the python-telegram-bot exceptions a real outage would raise."""

from __future__ import annotations

import datetime as dt

import pytest
import telegram
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from devtools.emulator import BotApiEmulator, SimUser


@pytest.fixture
def user(emu: BotApiEmulator) -> SimUser:
    return emu.add_user("Dewi")


async def test_retry_after(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22.x warns on every RetryAfter unless opted in to timedelta values.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    emu.inject_fault("retry_after", method="sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "x")
    assert caught.value.retry_after == dt.timedelta(seconds=7)
    await bot.send_message(user.id, "consumed after one use")
    assert emu.requests[-2].status == 429


@pytest.mark.parametrize(
    ("kind", "exception", "message"),
    [
        ("blocked", Forbidden, "Forbidden: bot was blocked by the user"),
        ("deactivated", Forbidden, "Forbidden: user is deactivated"),
        ("chat_not_found", BadRequest, "Chat not found"),
        ("server_error", NetworkError, "Internal Server Error"),
        ("bad_gateway", NetworkError, "Bad Gateway"),
    ],
)
async def test_error_faults(
    emu: BotApiEmulator,
    bot: telegram.Bot,
    user: SimUser,
    kind: str,
    exception: type[Exception],
    message: str,
) -> None:
    emu.inject_fault(kind, chat_id=user.id)
    with pytest.raises(exception, match=message):
        await bot.send_message(user.id, "x")


async def test_dropped_connection_is_a_network_error(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    emu.inject_fault("drop", method="sendMessage")
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(user.id, "x")
    assert not isinstance(caught.value, TimedOut)
    assert (await bot.send_message(user.id, "after the drop")).text == "after the drop"


async def test_slow_answer_times_out(emu: BotApiEmulator, user: SimUser) -> None:
    request = HTTPXRequest(read_timeout=0.1)
    async with telegram.Bot(emu.token, base_url=emu.base_url, request=request) as bot:
        emu.inject_fault("slow", method="sendMessage", delay=1.0)
        with pytest.raises(TimedOut):
            await bot.send_message(user.id, "x")


async def test_faults_match_method_and_chat_and_last_until_cleared(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    other = emu.add_user("Other")
    emu.inject_fault("blocked", method="sendMessage", chat_id=user.id, times=None)
    for _ in range(3):
        with pytest.raises(Forbidden):
            await bot.send_message(user.id, "x")
    await bot.send_message(other.id, "other chats are fine")
    await bot.send_chat_action(user.id, "typing")  # other methods too
    emu.clear_faults()
    await bot.send_message(user.id, "cleared")


async def test_real_forbidden_states(emu: BotApiEmulator, bot: telegram.Bot) -> None:
    never_started = emu.add_user("Baru", started=False)
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(never_started.id, "x")
    blocker = emu.add_user("Blocker")
    emu.block_bot(blocker)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(blocker.id, "x")
    (update,) = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    gone = emu.add_user("Gone")
    emu.deactivate(gone)
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(gone.id, "x")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "x")
