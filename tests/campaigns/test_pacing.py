import asyncio
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.campaigns.pacing import JITTER, WINDOW, Pacer, Slot
from tests.campaigns.timing_support import FakeTime, most_in_one_second


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def start(slot: Slot | None) -> float:
    assert slot is not None
    return slot.at


def test_sends_are_spread_at_the_rate() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(10, monotonic=clock)

    starts = [start(pacer.reserve(f"chat-{i}")) for i in range(5)]

    assert starts == pytest.approx([1000.0, 1000.1, 1000.2, 1000.3, 1000.4])


def test_the_next_rate_worth_starts_a_window_after_the_first_without_waiting_for_answers() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(10, burst=10, monotonic=clock)
    burst = [pacer.reserve(f"chat-{i}") for i in range(10)]
    unanswered = pacer.reserve("chat-10")
    for slot in burst:
        assert slot is not None
        pacer.answered(slot, at=1000.5)

    assert [start(slot) for slot in burst] == pytest.approx([1000.0] * 10)
    assert unanswered is None
    assert start(pacer.reserve("chat-10")) == pytest.approx(1000.0 + WINDOW + JITTER)


def test_a_send_answered_later_than_the_others_holds_back_the_send_a_window_after_it() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(2, monotonic=clock)
    first, second = pacer.reserve("a"), pacer.reserve("b")
    assert first is not None and second is not None
    pacer.answered(second, at=second.at + 0.25)
    pacer.answered(first, at=first.at + 0.65)  # 0.4 s slower than the quickest answer

    assert start(pacer.reserve("c")) == pytest.approx(1000.0 + WINDOW + JITTER + 0.4)


def test_a_chat_gets_one_send_per_second() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(30, monotonic=clock)

    slot = pacer.reserve("42")
    assert slot is not None
    unanswered = pacer.reserve("42")
    pacer.answered(slot, at=1000.3)
    clock.now = 1000.5
    refused = pacer.reserve("42")
    clock.now = pacer.chat_free_at("42")
    second = start(pacer.reserve("42"))

    assert (slot.at, unanswered, refused, second) == (1000.0, None, None, pytest.approx(1001.3))


def test_no_send_starts_during_a_pause() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(30, monotonic=clock)
    pacer.reserve("a")

    pacer.pause(5)

    assert start(pacer.reserve("b")) == pytest.approx(1005.0)


def test_a_shorter_pause_does_not_end_a_longer_one() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(30, monotonic=clock)

    pacer.pause(5)
    pacer.pause(1)

    assert pacer.paused_until == pytest.approx(1005.0)


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-3, 1), (10, 11), (10, 0)])
def test_impossible_settings_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ValueError):
        Pacer(rate, burst=burst)


def test_a_booked_send_waits_longer_when_answers_have_since_come_back_quicker() -> None:
    clock = FakeMonotonic()
    pacer = Pacer(1, monotonic=clock)
    first = pacer.reserve("a")
    assert first is not None
    pacer.answered(first, at=1000.3)  # the quickest so far: nothing looks late
    booked = pacer.reserve("b")
    assert booked is not None
    quick = Slot(1000.5, "c")
    pacer.started(quick)
    pacer.answered(quick, at=1000.55)  # 0.05 s: the first answer now looks 0.25 s late

    assert booked.at == pytest.approx(1000.0 + WINDOW + JITTER)
    assert pacer.due(booked) == pytest.approx(1000.0 + WINDOW + JITTER + 0.25)


@given(
    rate=st.integers(min_value=1, max_value=40),
    burst_share=st.floats(min_value=0, max_value=1),
    base=st.floats(min_value=0, max_value=0.6),  # the usual answer time
    outbound=st.floats(min_value=0, max_value=1),  # its share before Telegram sees a send
    requests=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=0.5),
            st.integers(min_value=0, max_value=6),
            st.floats(min_value=0, max_value=0.3),  # how much slower than usual this answer is
            st.floats(min_value=0, max_value=1),  # how much of that was on the way there
            st.floats(min_value=0, max_value=JITTER / 2),  # noise on the way
        ),
        min_size=1,
        max_size=60,  # within ANSWER_MEMORY: the warm-up stays the quickest answer
    ),
)
def test_telegram_never_sees_more_than_the_rate_in_a_second_nor_two_sends_to_one_chat(
    rate: int,
    burst_share: float,
    base: float,
    outbound: float,
    requests: list[tuple[float, int, float, float, float]],
) -> None:
    """Telegram sees each send after the same share of the usual answer time, plus any part
    of the extra time a slower answer took, plus a little noise (but never after the
    answer)."""
    clock = FakeMonotonic()
    pacer = Pacer(rate, burst=max(1, round(rate * burst_share)), monotonic=clock)
    warm_up = pacer.reserve("warm-up")
    assert warm_up is not None
    pacer.answered(warm_up, at=warm_up.at + base)
    seen: list[float] = [warm_up.at + outbound * base]
    seen_by_chat: dict[str, list[float]] = {}
    for gap, chat_number, extra, held_up, noise in requests:
        clock.now += gap
        chat = str(chat_number)
        slot = pacer.reserve(chat)
        if slot is None:
            clock.now = pacer.chat_free_at(chat)
            slot = pacer.reserve(chat)
        assert slot is not None
        answered_at = slot.at + base + extra
        pacer.answered(slot, at=answered_at)
        at_telegram = min(answered_at, slot.at + outbound * base + held_up * extra + noise)
        seen.append(at_telegram)
        seen_by_chat.setdefault(chat, []).append(at_telegram)

    assert most_in_one_second(seen) <= rate
    for times in seen_by_chat.values():
        assert all(later - earlier >= 1.0 for earlier, later in pairwise(sorted(times)))


def paced(rate: float, time: FakeTime) -> Pacer:
    return Pacer(rate, monotonic=time.monotonic, sleep=time.sleep)


@pytest.mark.parametrize("answer_time", [0.0, 0.25, 0.5])
async def test_sends_keep_the_rate_whatever_the_answer_time(answer_time: float) -> None:
    time = FakeTime()
    pacer = paced(40, time)
    started: list[float] = []

    async def send(chat: str) -> None:
        async with pacer.turn(chat):
            started.append(time.monotonic())
            await time.sleep(answer_time)

    await time.run(asyncio.gather(*(send(str(i)) for i in range(81))))

    # Equal answer times show nothing late: only JITTER is lost, every window is full.
    assert started == sorted(started)
    achieved = (len(started) - 1) / (max(started) - min(started))
    assert achieved == pytest.approx(40 / (1 + JITTER), rel=0.01)
    assert most_in_one_second(started) == 40


async def test_waiting_senders_start_one_interval_apart() -> None:
    time = FakeTime()
    pacer = paced(50, time)
    started: list[float] = []

    async def send(chat: str) -> None:
        async with pacer.turn(chat):
            started.append(time.monotonic())

    begin = time.monotonic()
    await time.run(asyncio.gather(*(send(str(i)) for i in range(60))))

    gaps = [later - earlier for earlier, later in pairwise(started)]
    assert gaps[:49] == pytest.approx([1 / 50] * 49)  # the first window: on the rate exactly
    assert min(gaps) >= 1 / 50 - 1e-9
    assert most_in_one_second(started) <= 50
    assert started[0] == begin
    assert started[50] == pytest.approx(begin + WINDOW + JITTER)


async def test_sends_to_one_chat_keep_the_chat_spacing_after_each_answer() -> None:
    time = FakeTime()
    pacer = Pacer(30, chat_spacing=1.0, monotonic=time.monotonic, sleep=time.sleep)
    started: list[float] = []

    async def send() -> None:
        async with pacer.turn("42"):
            started.append(time.monotonic())
            await time.sleep(0.2)  # the answer takes 0.2 s

    await time.run(asyncio.gather(*(send() for _ in range(3))))

    assert [later - earlier for earlier, later in pairwise(started)] == pytest.approx([1.2, 1.2])


async def test_a_pause_that_arrives_while_sends_wait_holds_them_back() -> None:
    time = FakeTime()
    pacer = paced(20, time)
    started: list[float] = []

    async def send(chat: str) -> None:
        async with pacer.turn(chat):
            started.append(time.monotonic())

    paused: list[float] = []

    async def flood_control() -> None:
        await time.sleep(0.06)  # two have gone (at 0 and 0.05), the rest wait their turn
        pacer.pause(0.5)
        paused.append(time.monotonic())

    await time.run(asyncio.gather(flood_control(), *(send(str(i)) for i in range(6))))
    [paused_at] = paused

    assert started[:2] == pytest.approx([1000.0, 1000.05])
    later = started[2:]
    assert min(later) == pytest.approx(paused_at + 0.5)
    assert [b - a for a, b in pairwise(later)] == pytest.approx([0.05] * 3)
