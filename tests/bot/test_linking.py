"""Linking a second channel: one person, one enrollment, content to the channel they choose."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import FixedClock
from bot.people.linking import (
    CODE_LIFETIME,
    MAX_WRONG_CODES,
    ChannelLinks,
    LinkProblem,
    LinkRefused,
    parse_link_code,
)
from bot.people.privacy import PrivacyService
from bot.people.service import TELEGRAM, WHATSAPP, ChannelIdentity, PeopleService
from storage.conversation_states import ConversationStateRepository
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.link_codes import LinkCodeRepository
from storage.people import PeopleRepository
from storage.personal_data import PersonalDataRepository

SITI_TG = ChannelIdentity(TELEGRAM, "42")
SITI_WA = ChannelIdentity(WHATSAPP, "6281234567890")
BUDI_WA = ChannelIdentity(WHATSAPP, "6281298765432")
START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock = FixedClock(START)
        self.people_repo = PeopleRepository()
        self.people = PeopleService(db, self.people_repo, self.clock)
        self.links = ChannelLinks(
            db,
            self.people_repo,
            EnrollmentRepository(),
            LinkCodeRepository(),
            self.people,
            self.clock,
        )
        self.privacy = PrivacyService(
            db,
            self.people,
            self.people_repo,
            conversation_states=ConversationStateRepository(),
            counters=CounterRepository(),
            personal_data=PersonalDataRepository(),
            link_codes=LinkCodeRepository(),
            clock=self.clock,
        )

    async def enroll(self, who: ChannelIdentity) -> int:
        async with self.db.transaction() as tx:
            person = await self.people_repo.touch(tx, who.channel, who.user_id, self.clock.now())
            await EnrollmentRepository().create(tx, person.id, self.clock.now())
        return person.id

    async def person_id(self, who: ChannelIdentity) -> int | None:
        person = await self.people.find(who)
        return person.id if person else None

    async def content_goes_to(self, who: ChannelIdentity) -> ChannelIdentity | None:
        return await self.links.content_address(who)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with Database(tmp_path / "links.sqlite3") as db:
        yield World(db)


def _another(code: str) -> str:
    """A code that is certainly wrong: the only one in use is `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def _refusal(call: object) -> LinkProblem:
    with pytest.raises(LinkRefused) as refused:
        await call  # type: ignore[misc]
    return refused.value.reason


def test_codes_are_six_digits_typed_with_or_without_separators() -> None:
    assert [parse_link_code(t) for t in ["123456", "123 456", "123-456", " 12.34.56 "]] == [
        "123456"
    ] * 4
    assert [parse_link_code(t) for t in ["12345", "1234567", "abcdef", "", "١٢٣٤٥٦"]] == [None] * 5


@given(st.text())
def test_anything_typed_parses_to_six_ascii_digits_or_nothing(text: str) -> None:
    code = parse_link_code(text)

    assert code is None or (len(code) == 6 and code.isascii() and code.isdigit())


@given(
    st.integers(min_value=0, max_value=999_999),
    st.lists(st.sampled_from([" ", "-", ".", "  "]), min_size=6, max_size=6),
)
def test_a_code_with_separators_anywhere_parses_back(number: int, separators: list[str]) -> None:
    code = f"{number:06d}"
    typed = "".join(digit + gap for digit, gap in zip(code, separators, strict=True))

    assert parse_link_code(typed) == code


async def test_a_code_typed_on_whatsapp_links_the_number_and_sends_content_there(
    world: World,
) -> None:
    siti = await world.enroll(SITI_TG)
    code = await world.links.issue(SITI_TG)

    linked = await world.links.redeem(SITI_WA, code.code)

    assert (linked, await world.person_id(SITI_WA)) == (siti, siti)
    assert code.expires_at == START + CODE_LIFETIME
    assert await world.links.addresses(SITI_WA) == [SITI_TG, SITI_WA]
    assert await world.content_goes_to(SITI_TG) == SITI_WA


async def test_the_person_chooses_where_content_goes_and_only_among_their_channels(
    world: World,
) -> None:
    await world.enroll(SITI_TG)
    await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)

    await world.links.choose_content_channel(SITI_WA, TELEGRAM)
    on_telegram = await world.content_goes_to(SITI_WA)
    await world.links.choose_content_channel(SITI_TG, WHATSAPP)
    await world.enroll(BUDI_WA)
    unlinked = await _refusal(world.links.choose_content_channel(BUDI_WA, TELEGRAM))

    assert on_telegram == SITI_TG
    assert await world.content_goes_to(SITI_TG) == SITI_WA
    assert unlinked is LinkProblem.NOT_LINKED


async def test_only_someone_enrolled_gets_a_code(world: World) -> None:
    assert await _refusal(world.links.issue(SITI_TG)) is LinkProblem.NOT_ENROLLED


async def test_a_code_expires_after_fifteen_minutes(world: World) -> None:
    await world.enroll(SITI_TG)
    code = await world.links.issue(SITI_TG)

    world.clock.advance(CODE_LIFETIME)

    assert await _refusal(world.links.redeem(SITI_WA, code.code)) is LinkProblem.EXPIRED
    assert await world.person_id(SITI_WA) is None


async def test_a_new_code_replaces_the_one_shown_before(world: World) -> None:
    await world.enroll(SITI_TG)
    first = await world.links.issue(SITI_TG)
    second = await world.links.issue(SITI_TG)

    refused = await _refusal(world.links.redeem(SITI_WA, first.code))
    linked = await world.links.redeem(SITI_WA, second.code)

    assert first.code != second.code  # a code in use is never handed out again
    assert refused is LinkProblem.WRONG_CODE
    assert linked == await world.person_id(SITI_TG)


async def test_a_code_works_once(world: World) -> None:
    await world.enroll(SITI_TG)
    code = await world.links.issue(SITI_TG)
    await world.links.redeem(SITI_WA, code.code)

    assert await _refusal(world.links.redeem(BUDI_WA, code.code)) is LinkProblem.WRONG_CODE


async def test_wrong_codes_stop_after_five_tries_even_the_right_one(world: World) -> None:
    await world.enroll(SITI_TG)
    code = await world.links.issue(SITI_TG)
    wrong = _another(code.code)

    refusals = [await _refusal(world.links.redeem(SITI_WA, wrong)) for _ in range(MAX_WRONG_CODES)]
    blocked = await _refusal(world.links.redeem(SITI_WA, code.code))
    world.clock.advance(CODE_LIFETIME)
    fresh = await world.links.issue(SITI_TG)
    linked = await world.links.redeem(SITI_WA, fresh.code)

    assert refusals == [LinkProblem.WRONG_CODE] * MAX_WRONG_CODES
    assert blocked is LinkProblem.TOO_MANY_ATTEMPTS
    assert linked == await world.person_id(SITI_TG)


async def test_a_code_typed_on_the_channel_that_showed_it_is_refused(world: World) -> None:
    await world.enroll(SITI_TG)
    code = await world.links.issue(SITI_TG)

    assert await _refusal(world.links.redeem(SITI_TG, code.code)) is LinkProblem.SAME_CHANNEL


async def test_an_identity_with_its_own_enrollment_is_never_merged(world: World) -> None:
    siti = await world.enroll(SITI_TG)
    budi = await world.enroll(BUDI_WA)
    code = await world.links.issue(SITI_TG)

    refused = await _refusal(world.links.redeem(BUDI_WA, code.code))

    assert refused is LinkProblem.ALREADY_ENROLLED
    assert (await world.person_id(BUDI_WA), await world.person_id(SITI_TG)) == (budi, siti)


async def test_a_number_linked_to_someone_else_is_refused(world: World) -> None:
    await world.enroll(SITI_TG)
    await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)
    other_tg = ChannelIdentity(TELEGRAM, "77")
    await world.enroll(other_tg)

    refused = await _refusal(world.links.redeem(SITI_WA, (await world.links.issue(other_tg)).code))

    assert refused is LinkProblem.ALREADY_LINKED


async def test_a_bare_row_of_the_typing_identity_gives_way_to_the_link(world: World) -> None:
    siti = await world.enroll(SITI_TG)
    await world.people.choose_language(SITI_WA, "en")  # wrote once, never enrolled
    bare = await world.person_id(SITI_WA)

    await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)

    assert bare is not None and bare != siti
    assert await world.person_id(SITI_WA) == siti
    rows = await world.db.reader.execute_fetchall("SELECT id FROM people")
    assert [row[0] for row in rows] == [siti]


async def test_relinking_replaces_the_old_number_and_typing_again_changes_nothing(
    world: World,
) -> None:
    siti = await world.enroll(SITI_TG)
    await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)
    new_number = ChannelIdentity(WHATSAPP, "6285711112222")

    again = await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)
    await world.links.redeem(new_number, (await world.links.issue(SITI_TG)).code)

    assert again == siti
    assert await world.links.addresses(SITI_TG) == [SITI_TG, new_number]
    assert await world.person_id(SITI_WA) is None
    assert await world.content_goes_to(SITI_TG) == new_number


async def test_a_code_shown_on_whatsapp_links_telegram(world: World) -> None:
    siti = await world.enroll(SITI_WA)

    await world.links.redeem(SITI_TG, (await world.links.issue(SITI_WA)).code)

    assert await world.person_id(SITI_TG) == siti
    assert await world.content_goes_to(SITI_WA) == SITI_TG


async def test_erasure_from_either_channel_removes_every_address(world: World) -> None:
    await world.enroll(SITI_TG)
    await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)
    open_code = await world.links.issue(SITI_TG)  # a code still open
    await _refusal(world.links.redeem(SITI_WA, _another(open_code.code)))  # a wrong try counted

    erased = await world.privacy.erase(SITI_WA)

    assert erased
    assert (await world.person_id(SITI_TG), await world.person_id(SITI_WA)) == (None, None)
    with sqlite3.connect(world.db.path) as plain:
        tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        everything = repr([plain.execute(f"SELECT * FROM {t}").fetchall() for t in tables])
        leftovers = {
            table: plain.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("people", "person_addresses", "link_codes", "link_attempts")
        }
    assert SITI_WA.user_id not in everything
    assert leftovers == {"people": 0, "person_addresses": 0, "link_codes": 0, "link_attempts": 0}


async def test_mydata_lists_every_address_in_full(world: World) -> None:
    await world.enroll(SITI_TG)
    await world.links.redeem(SITI_WA, (await world.links.issue(SITI_TG)).code)

    exported = await world.privacy.export(SITI_TG)

    assert [(a["channel"], a["address"]) for a in exported["person_addresses"]] == [
        (TELEGRAM, "42"),
        (WHATSAPP, "6281234567890"),
    ]
    assert exported["person"]["channel_user_id"] == "6281234567890"
