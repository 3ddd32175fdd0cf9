"""Consent records, with the text's version and fingerprint, whether it includes the opt-in to
business-initiated messages (WhatsApp templates outside the 24-hour window)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.enrollment.service import CONSENT_VERSION, EnrollmentService, consent_fingerprint
from bot.people.service import WHATSAPP, ChannelIdentity
from bot.reference.agencies import load_agencies
from bot.units.service import UnitService
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.people import PeopleRepository
from storage.units import UnitRepository

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


class Unheard:
    """Admin notices go nowhere here: consent sends none."""

    async def notify_admins(self, key: str, /, **values: object) -> None:
        raise AssertionError(f"unexpected admin notice {key}")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "consent.sqlite3") as database:
        yield database


def _service(db: Database) -> EnrollmentService:
    agencies = load_agencies()
    return EnrollmentService(
        db,
        PeopleRepository(),
        EnrollmentRepository(),
        counters=CounterRepository(),
        agencies=agencies,
        units=UnitService(db, UnitRepository(), agencies, FixedClock(START)),
        notifier=Unheard(),
        clock=FixedClock(START),
    )


@pytest.mark.parametrize("opted_in", [True, False])
async def test_consent_records_whether_business_messages_were_agreed_to(
    db: Database, opted_in: bool
) -> None:
    who = ChannelIdentity(WHATSAPP, "6281234567890")

    draft = await _service(db).consent(who, "id", "the consent text", business_messages=opted_in)
    consents = await EnrollmentRepository().consents(db.reader, draft.person.id)

    assert [(c.text_version, c.text_sha256, c.business_messages) for c in consents] == [
        (CONSENT_VERSION, consent_fingerprint("the consent text"), opted_in)
    ]


async def test_business_messages_are_part_of_consent_unless_said_otherwise(db: Database) -> None:
    who = ChannelIdentity(WHATSAPP, "6281234567890")

    draft = await _service(db).consent(who, "en", "the consent text")
    consents = await EnrollmentRepository().consents(db.reader, draft.person.id)

    assert [c.business_messages for c in consents] == [True]
