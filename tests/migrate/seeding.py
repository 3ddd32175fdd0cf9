"""A SQLite database with real data for the copy tests: people enroll through the enrollment
service (so their units and counters are the ones the bot writes), campaign messages go
through the outbox and reshares through their repository (so 0017's triggers keep
unit_activity and run_delivery_counts), a unit group is activated, and of three review cases
the newest is deleted, so SQLite's AUTOINCREMENT mark is above the highest id left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FixedClock
from bot.enrollment.service import EnrollmentService
from bot.people.service import TELEGRAM, ChannelIdentity
from bot.reference.agencies import AgencyKind, load_agencies
from bot.reference.regions import find_provinces
from bot.units.service import UnitService
from storage.audit import AuditRepository
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.outbox import OutboxRepository, SentMark
from storage.people import PeopleRepository
from storage.reshares import ReshareRepository
from storage.units import UnitRepository
from storage.verification import VerificationRepository
from storage.whatsapp_inbox import InboxMessage, WhatsAppInboxRepository
from tests.statistics.seed import add_campaign, add_run

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
CENTRAL, PROVINCIAL, REGIONAL = AgencyKind.CENTRAL, AgencyKind.PROVINCIAL, AgencyKind.REGIONAL
# (agency kind, agency code or typed regional name, province typed)
PEOPLE = (
    (CENTRAL, "komdigi", "Jawa Timur"),
    (CENTRAL, "kemenkeu", "DKI Jakarta"),
    (PROVINCIAL, "pemprov-yo", "DI Yogyakarta"),
    (REGIONAL, "Kabupaten Sleman", "DI Yogyakarta"),
    (REGIONAL, "Kabupaten Sleman", "DI Yogyakarta"),
    (PROVINCIAL, "pemprov-jb", "Jawa Barat"),
)
# Non-ASCII letters too: the checksums must serialise them alike on both sides.
NAMES = ("Ani Lestari", "Budi Ñoño", "Citra Dewi", "Dédi Kurniawan", "Eka Putri", "Fajar Nugroho")


class Unheard:
    async def notify_admins(self, key: str, /, **values: object) -> None:
        raise AssertionError(f"unexpected admin notice {key}")


async def _enroll(service: EnrollmentService, number: int) -> int:
    kind, agency, province = PEOPLE[number - 1]
    person = ChannelIdentity(TELEGRAM, str(1000 + number))
    await service.consent(person, "id", "persetujuan")
    await service.answer_nip(person, f"19850612 200501 2 {number:03d}")
    await service.answer_full_name(person, NAMES[number - 1])
    await service.choose_agency_kind(person, kind)
    if kind is REGIONAL:
        await service.answer_regional_agency(person, agency)
    else:
        await service.choose_agency(person, agency)
    await service.answer_work_unit(person, "Biro Humas")
    await service.choose_province(person, find_provinces(province)[0].code)
    await service.answer_work_email(person, None)
    draft = await service.answer_social_handle(person, f"@pegawai{number}")
    while draft.enrollment.current_platform:
        draft = await service.answer_social_handle(person, None)
    await service.submit(person)
    return draft.person.id


async def seed(path: Path) -> None:
    """Writes the scenario into a new SQLite database at `path`."""
    async with Database(path) as db:
        clock = FixedClock(NOW)
        units = UnitService(db, UnitRepository(), load_agencies(), clock)
        service = EnrollmentService(
            db,
            PeopleRepository(),
            EnrollmentRepository(),
            counters=CounterRepository(),
            agencies=load_agencies(),
            units=units,
            notifier=Unheard(),
            clock=clock,
        )
        ids = [await _enroll(service, number) for number in range(1, len(PEOPLE) + 1)]
        for person_id in ids:
            async with db.transaction() as tx:
                await EnrollmentRepository().update(
                    tx, person_id, NOW, status="verified", verified_at=NOW
                )
        outbox, reshares = OutboxRepository(), ReshareRepository()
        async with db.transaction() as tx:
            await add_campaign(tx, 1, "Makan Bergizi Gratis")
            await add_run(tx, 1, 1, NOW.isoformat())
            await outbox.enqueue(tx, 1, [(person, 0) for person in ids])
            delivery = {
                int(row[1]): int(row[0])
                for row in await tx.execute_fetchall("SELECT id, person_id FROM deliveries")
            }
            await outbox.mark_sent(
                tx, [SentMark(delivery[p], 100 + n, NOW) for n, p in enumerate(ids[:-1])]
            )
            for person_id in ids[:3]:
                found = await reshares.delivered(tx, delivery[person_id])
                assert found is not None
                await reshares.record(tx, found, "x", None, 5, NOW - timedelta(hours=1))
        async with db.transaction() as tx:
            verification, audit = VerificationRepository(), AuditRepository()
            cases = [
                await verification.open_case(tx, person_id, "instagram", "@akun", None, "", NOW)
                for person_id in ids[:3]
            ]
            await tx.execute("DELETE FROM review_cases WHERE id = ?", (cases[-1],))
            unit = await UnitRepository().by_code(tx, "pemprov-yo")
            assert unit is not None
            await UnitRepository().set_group(
                tx, unit_id=unit.id, chat_id=-100777, activated_by="42", now=NOW
            )
            await audit.record(tx, "42", "activate", "pemprov-yo", "ok", NOW, "Admin Ñ", unit.id)
            # The inbox's row id orders it; PostgreSQL spells it out as a column.
            inbox = WhatsAppInboxRepository()
            await inbox.add(
                tx,
                [
                    InboxMessage(f"wamid.{n}", "6281200000000", '{"text": "halo"}', NOW)
                    for n in (3, 1, 2)
                ],
            )
            await inbox.handled(tx, "wamid.1", NOW)
