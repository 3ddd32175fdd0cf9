"""The PR unit tree, scopes, groups and invitations, on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.admin.notifications import AdminNotifier
from bot.clock import FixedClock
from bot.enrollment.service import EnrollmentService
from bot.people.service import TELEGRAM, ChannelIdentity
from bot.reference.agencies import AgencyKind, load_agencies
from bot.units.service import ActivationProblem, ActivationRefused, UnitService
from bot.units.tree import ROOT, UnitKind, unit_of_enrollment
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.people import PeopleRepository
from storage.units import UnitRepository

START = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
NATIONAL_CHAT = -1001


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "units.sqlite3") as database:
        yield database


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def units(db: Database, clock: FixedClock) -> UnitService:
    return UnitService(db, UnitRepository(), load_agencies(), clock)


def test_a_typed_regency_hangs_under_its_province() -> None:
    key = unit_of_enrollment(
        load_agencies(),
        agency_kind="regional",
        agency_code=None,
        agency_name="Pemerintah Kabupaten Sleman",
        province_code="yo",
    )
    assert key is not None
    assert (key.code, key.kind, key.name) == (
        "yo-kabupaten-sleman",
        UnitKind.REGIONAL,
        "Pemerintah Kabupaten Sleman",
    )
    assert key.parent is not None and key.parent.code == "pemprov-yo"
    assert key.parent.parent == ROOT


def test_a_regency_waits_for_its_province_and_a_ministry_needs_none() -> None:
    agencies = load_agencies()
    assert (
        unit_of_enrollment(
            agencies,
            agency_kind="regional",
            agency_code=None,
            agency_name="Kota Bandung",
            province_code=None,
        )
        is None
    )
    ministry = unit_of_enrollment(
        agencies,
        agency_kind="central",
        agency_code="kemenkeu",
        agency_name="Kementerian Keuangan",
        province_code=None,
    )
    assert ministry is not None and ministry.parent == ROOT


def test_every_province_has_its_government_in_the_agency_list() -> None:
    from bot.reference.regions import PROVINCES
    from bot.units.tree import province_unit

    agencies = load_agencies()
    assert [p.code for p in PROVINCES if province_unit(agencies, p.code) is None] == []


async def test_a_province_scope_covers_its_regencies_and_nothing_else(
    db: Database, units: UnitService
) -> None:
    found = units.find("Kabupaten Sleman, DI Yogyakarta")
    assert [k.code for k in found] == ["yo-kabupaten-sleman"]
    async with db.transaction() as tx:
        sleman = await units.ensure(tx, found[0])
        finance = await units.ensure(tx, units.find("kemenkeu")[0])
    province = await units.by_code("pemprov-yo")
    assert province is not None and sleman.parent_id == province.id

    scope = await units.scope(province.id)
    assert scope.covers(province.id) and scope.covers(sleman.id)
    assert not scope.covers(finance.id) and not scope.covers(None)
    national = await units.scope((await units.root()).id)
    assert national.national and national.covers(finance.id) and national.covers(None)


async def test_review_goes_to_the_nearest_unit_with_a_group(
    db: Database, units: UnitService
) -> None:
    async with db.transaction() as tx:
        sleman = await units.ensure(tx, units.find("Kabupaten Sleman, DIY")[0])
    assert await units.nearest_group(sleman.id) is None  # the national group

    province = units.find("Pemprov DIY")[0]
    invitation = await units.invite(province, actor="1")
    await units.activate(invitation.code, -2002, "7", national_chat_id=NATIONAL_CHAT)
    nearest = await units.nearest_group(sleman.id)
    assert nearest is not None and (nearest.unit.code, nearest.chat_id) == ("pemprov-yo", -2002)

    own = await units.invite(units.find("Kabupaten Sleman, DIY")[0], actor="1")
    await units.activate(own.code.lower(), -3003, "8", national_chat_id=NATIONAL_CHAT)
    nearest = await units.nearest_group(sleman.id)
    assert nearest is not None and nearest.chat_id == -3003


async def test_an_invitation_works_once_within_48_hours_and_not_in_the_national_group(
    units: UnitService, clock: FixedClock
) -> None:
    unit = units.find("kemenkeu")[0]
    first = await units.invite(unit, actor="1")

    async def refused(code: str, chat_id: int) -> ActivationProblem:
        with pytest.raises(ActivationRefused) as raised:
            await units.activate(code, chat_id, "9", national_chat_id=NATIONAL_CHAT)
        return raised.value.problem

    assert await refused("NOPE", -5) == ActivationProblem.UNKNOWN
    assert await refused(first.code, NATIONAL_CHAT) == ActivationProblem.NATIONAL_GROUP
    await units.activate(first.code, -5, "9", national_chat_id=NATIONAL_CHAT)
    assert await refused(first.code, -6) == ActivationProblem.USED

    late = await units.invite(unit, actor="1")
    clock.advance(timedelta(hours=48, seconds=1))
    assert await refused(late.code, -6) == ActivationProblem.EXPIRED

    other = await units.invite(units.find("Pemprov Jawa Barat")[0], actor="1")
    assert await refused(other.code, -5) == ActivationProblem.GROUP_TAKEN


async def test_a_group_follows_its_move_to_a_supergroup(units: UnitService) -> None:
    invitation = await units.invite(units.find("kemenkeu")[0], actor="1")
    group = await units.activate(invitation.code, -5, "9", national_chat_id=NATIONAL_CHAT)
    assert await units.group_migrated(-5, -1005)
    moved = await units.group_of(group.unit.id)
    assert moved is not None and moved.chat_id == -1005
    assert await units.deactivate(group.unit.id)
    assert await units.groups() == []


class _Unheard(AdminNotifier):
    async def notify_admins(self, key: str, /, **values: object) -> None:
        return None


def _enrollment(db: Database, units: UnitService, clock: FixedClock) -> EnrollmentService:
    return EnrollmentService(
        db,
        PeopleRepository(),
        EnrollmentRepository(),
        counters=CounterRepository(),
        agencies=load_agencies(),
        units=units,
        notifier=_Unheard(),
        clock=clock,
    )


async def test_a_person_joins_the_unit_of_the_agency_they_choose(
    db: Database, units: UnitService, clock: FixedClock
) -> None:
    enrollment = _enrollment(db, units, clock)
    who = ChannelIdentity(TELEGRAM, "42")
    await enrollment.consent(who, "id", "consent")
    await enrollment.choose_agency_kind(who, AgencyKind.REGIONAL)
    draft = await enrollment.answer_regional_agency(who, "Kab. Sleman")
    assert draft.enrollment.unit_id is None  # the province is not known yet
    draft = await enrollment.choose_province(who, "yo")
    sleman = await units.by_code("yo-kabupaten-sleman")
    assert sleman is not None and draft.enrollment.unit_id == sleman.id

    await enrollment.choose_agency_kind(who, AgencyKind.CENTRAL)
    draft = await enrollment.choose_agency(who, "kemenkeu")
    finance = await units.by_code("kemenkeu")
    assert finance is not None and draft.enrollment.unit_id == finance.id


async def test_a_command_names_an_existing_unit_by_code_or_name(
    db: Database, units: UnitService
) -> None:
    async with db.transaction() as tx:
        sleman = await units.ensure(tx, units.find("Kabupaten Sleman, DIY")[0])
        await units.ensure(tx, units.find("kemenkeu")[0])
    assert [u.code for u in await units.lookup("KEMENKEU")] == ["kemenkeu"]
    assert [u.code for u in await units.lookup("Kementerian Keuangan")] == ["kemenkeu"]
    assert [u.id for u in await units.lookup("sleman")] == [sleman.id]
    assert await units.lookup("Kabupaten Bantul") == []


async def test_audit_entries_keep_to_the_units_in_scope(db: Database) -> None:
    from storage.audit import AuditRepository

    async with db.transaction() as tx:
        await AuditRepository().record(tx, "1", "/x", "", "accepted", START, unit_id=None)
    assert [e.unit_id for e in await AuditRepository().latest(db.reader, 5, unit_ids=[3])] == []
    assert len(await AuditRepository().latest(db.reader, 5)) == 1


async def test_enrollments_from_before_units_get_theirs_at_start(
    db: Database, units: UnitService, clock: FixedClock
) -> None:
    enrollment = _enrollment(db, units, clock)
    draft = await enrollment.consent(ChannelIdentity(TELEGRAM, "7"), "id", "consent")
    async with db.transaction() as tx:  # as written before PR units existed
        await EnrollmentRepository().update(tx, draft.person.id, START, agency_code="kemenkeu")
    assert await enrollment.assign_missing_units() == 1
    finance = await units.by_code("kemenkeu")
    after = await enrollment.draft_of(draft.person.id)
    assert finance is not None and after is not None and after.enrollment.unit_id == finance.id
    assert await enrollment.assign_missing_units() == 0
