"""Campaigns per PR unit on a real database: who a unit's or a national campaign reaches, the
caption variants each person is rendered with, second approval per unit, and the campaigns
each group may see, approve, cancel and localise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.campaigns.rendering import CampaignContent
from bot.campaigns.service import (
    CampaignService,
    LocaliseProblem,
    NotLocalisable,
    OutsideScope,
    SecondApprovalNeeded,
)
from bot.channels.telegram.sender import TELEGRAM_LIMITS
from bot.units.scope import Scope
from bot.units.service import UnitService
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.outbox import OutboxRepository
from tests.campaigns.outbox_support import NOW, unit_service
from tests.campaigns.service_support import campaign_service, verified_person

NATIONAL_TEXT = "Ayo vaksin, lindungi keluarga."
JOGJA_TEXT = "Sedulur Jogja, ayo vaksin!"
SLEMAN_TEXT = "Warga Sleman, ayo vaksin!"


class Callbacks:
    def shared(self, delivery_id: int) -> str:
        return f"shared:{delivery_id}"

    def instagram_file(self, delivery_id: int) -> str:
        return f"ig:{delivery_id}"


@dataclass(frozen=True)
class Tree:
    """Scopes of the national group and three unit groups, and one person in each unit."""

    national: Scope
    finance: Scope  # Kementerian Keuangan
    jogja: Scope  # the provincial government of DI Yogyakarta
    sleman: Scope  # Kabupaten Sleman, under DI Yogyakarta
    people: dict[str, int]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "units.sqlite3") as database:
        yield database


@pytest.fixture
def units(db: Database) -> UnitService:
    return unit_service(db)


@pytest.fixture
def service(db: Database) -> CampaignService:
    return campaign_service(db)  # REQUIRE_SECOND_APPROVAL on


@pytest.fixture
async def tree(db: Database, units: UnitService) -> Tree:
    """People enrolled at Kemenkeu, Komdigi (no group), Pemprov DIY and Kabupaten Sleman, each
    given the unit enrollment gives them; Kemenkeu, DIY and Sleman run groups."""
    answers = {
        "finance": {"agency_kind": "central", "agency_code": "kemenkeu", "province": "jk"},
        "komdigi": {"agency_kind": "central", "agency_code": "komdigi", "province": "ji"},
        "jogja": {"agency_kind": "provincial", "agency_code": "pemprov-yo", "province": "yo"},
        "sleman": {"agency_kind": "regional", "agency_name": "Kabupaten Sleman", "province": "yo"},
    }
    people = {}
    for name, answer in answers.items():
        person_id = await verified_person(db, "telegram", province=answer["province"])
        async with db.transaction() as tx:
            unit_id = await units.unit_id_for(
                tx,
                agency_kind=answer["agency_kind"],
                agency_code=answer.get("agency_code"),
                agency_name=answer.get("agency_name"),
                province_code=answer["province"],
            )
            await EnrollmentRepository().update(tx, person_id, NOW, unit_id=unit_id)
        people[name] = person_id
    scopes = []
    for chat_id, code in ((-100, "kemenkeu"), (-200, "pemprov-yo"), (-300, "yo-kabupaten-sleman")):
        unit = await units.by_code(code)
        assert unit is not None
        await units.move(unit.id, chat_id, actor="1")  # its group, as /aktifkan makes it
        scopes.append(await units.scope(unit.id))
    national = await units.scope((await units.root()).id)
    finance, jogja, sleman = scopes
    return Tree(national, finance, jogja, sleman, people=people)


async def compose(
    service: CampaignService,
    admin: str,
    scope: Scope,
    *,
    body: str = NATIONAL_TEXT,
    target: dict[str, str] | None = None,
    target_units: tuple[int, ...] = (),
    schedule_kind: str = "now",
) -> int:
    owner = None if scope.national else scope.unit.id
    await service.begin(admin, "text", body, None, send_now=False, unit_id=owner)
    await service.update(
        admin, target=target or {}, target_units=target_units, schedule_kind=schedule_kind
    )
    return (await service.confirm(admin, scope)).campaign_id


async def localise(
    service: CampaignService, admin: str, campaign_id: int, scope: Scope, text: str
) -> None:
    await service.begin_localisation(admin, campaign_id, scope)
    await service.add_variant(admin, text)
    await service.save_localisation(admin, scope)


async def sent_texts(db: Database, service: CampaignService) -> dict[int, list[str]]:
    """Starts the due runs, then renders every queued delivery as the Telegram worker does:
    person id -> the caption texts they get."""
    planner = service.planner
    await planner.start_due_runs(NOW)
    content = CampaignContent(
        planner.campaign_of_run,
        localisations=planner.localisations,
        default_locale="id",
        disclosure_tag="#ASNBerbagi",
        callbacks=Callbacks(),
        limits=TELEGRAM_LIMITS,
    )
    received: dict[int, list[str]] = {}
    async with db.transaction() as tx:
        rows = await OutboxRepository().claim(tx, NOW, limit=100)
    for row in rows:
        rendered = await content.render(row)
        assert row.person_id is not None
        received.setdefault(row.person_id, []).append(rendered.text.plain().split("\n")[0])
    return received


async def test_a_localised_national_campaign_reaches_each_unit_with_its_own_variant(
    db: Database, service: CampaignService, tree: Tree
) -> None:
    campaign_id = await compose(service, "1", tree.national)
    await service.approve(campaign_id, "2", tree.national)
    await localise(service, "31", campaign_id, tree.jogja, JOGJA_TEXT)

    received = await sent_texts(db, service)

    people = tree.people
    assert received == {
        people["finance"]: [NATIONAL_TEXT],
        people["komdigi"]: [NATIONAL_TEXT],
        people["jogja"]: [JOGJA_TEXT],
        people["sleman"]: [JOGJA_TEXT],  # under DIY, which localised it
    }


async def test_the_nearest_localising_unit_wins(
    db: Database, service: CampaignService, tree: Tree
) -> None:
    campaign_id = await compose(service, "1", tree.national, target_units=(tree.jogja.unit.id,))
    await localise(service, "31", campaign_id, tree.jogja, JOGJA_TEXT)
    await localise(service, "41", campaign_id, tree.sleman, SLEMAN_TEXT)

    received = await sent_texts(db, service)

    assert received == {
        tree.people["jogja"]: [JOGJA_TEXT],
        tree.people["sleman"]: [SLEMAN_TEXT],
    }


async def test_a_unit_campaign_never_reaches_outside_its_subtree(
    db: Database, service: CampaignService, units: UnitService, tree: Tree
) -> None:
    await units.set_second_approval(tree.jogja.unit.id, False)
    await compose(service, "31", tree.jogja, body=JOGJA_TEXT)
    # A province filter in a ministry's group narrows within the ministry: nobody here.
    await compose(service, "11", tree.finance, body="Pajak", target={"province_code": "yo"})

    received = await sent_texts(db, service)

    assert received == {
        tree.people["jogja"]: [JOGJA_TEXT],
        tree.people["sleman"]: [JOGJA_TEXT],
    }


async def test_a_national_campaign_goes_to_the_chosen_units_only(
    db: Database, service: CampaignService, tree: Tree
) -> None:
    chosen = (tree.finance.unit.id, tree.sleman.unit.id)
    await compose(service, "1", tree.national, target_units=chosen)

    received = await sent_texts(db, service)

    assert set(received) == {tree.people["finance"], tree.people["sleman"]}


async def test_the_preview_counts_only_the_units_people(
    service: CampaignService, tree: Tree
) -> None:
    await service.begin("31", "text", JOGJA_TEXT, None, send_now=False, unit_id=tree.jogja.unit.id)
    draft = await service.draft("31")
    assert draft is not None

    audience = await service.draft_audience(draft)

    assert [(a.channel, a.people) for a in audience] == [("telegram", 2)]


async def test_second_approval_follows_the_units_own_choice_and_its_own_group(
    service: CampaignService, units: UnitService, tree: Tree
) -> None:
    await units.set_second_approval(tree.finance.unit.id, False)
    finance = await service.begin(
        "11", "text", "Pajak", None, send_now=False, unit_id=tree.finance.unit.id
    )
    assert finance.unit_id == tree.finance.unit.id
    not_waiting = await service.confirm("11", tree.finance)
    jogja_id = await compose(service, "31", tree.jogja, body=JOGJA_TEXT)  # NULL: the setting

    with pytest.raises(SecondApprovalNeeded):
        await service.approve(jogja_id, "31", tree.jogja)
    with pytest.raises(OutsideScope):
        await service.approve(jogja_id, "11", tree.finance)  # a press in another group
    with pytest.raises(OutsideScope):
        await service.approve(jogja_id, "1", tree.national)  # not even the national group
    approved = await service.approve(jogja_id, "32", tree.jogja)

    assert not not_waiting.awaiting_approval
    assert approved
    campaign = await service.get(jogja_id)
    assert campaign is not None and campaign.status == "scheduled"


async def test_each_group_lists_and_cancels_only_its_subtrees_campaigns(
    service: CampaignService, tree: Tree
) -> None:
    national_id = await compose(service, "1", tree.national, target_units=(tree.finance.unit.id,))
    jogja_id = await compose(service, "31", tree.jogja, body=JOGJA_TEXT)
    sleman_id = await compose(service, "41", tree.sleman, body=SLEMAN_TEXT)

    listed = {
        name: [c.id for c in await service.active(scope)]
        for name, scope in (
            ("national", tree.national),
            ("finance", tree.finance),
            ("jogja", tree.jogja),
            ("sleman", tree.sleman),
        )
    }
    with pytest.raises(OutsideScope):
        await service.cancel(jogja_id, "11", tree.finance)
    with pytest.raises(OutsideScope):
        await service.cancel(national_id, "31", tree.jogja)
    with pytest.raises(OutsideScope):
        await service.cancel(jogja_id, "41", tree.sleman)  # a unit above is not its business

    assert listed == {
        "national": [national_id, jogja_id, sleman_id],
        "finance": [],
        "jogja": [jogja_id, sleman_id],
        "sleman": [sleman_id],
    }
    assert await service.cancel(sleman_id, "31", tree.jogja)


async def test_a_unit_localises_only_campaigns_that_reach_its_people(
    service: CampaignService, tree: Tree
) -> None:
    to_sleman = await compose(service, "1", tree.national, target_units=(tree.sleman.unit.id,))
    own = await compose(service, "31", tree.jogja, body=JOGJA_TEXT)

    with pytest.raises(OutsideScope):
        await service.begin_localisation("11", to_sleman, tree.finance)
    with pytest.raises(NotLocalisable) as national:
        await service.begin_localisation("1", to_sleman, tree.national)
    with pytest.raises(NotLocalisable) as own_campaign:
        await service.begin_localisation("31", own, tree.jogja)
    await service.cancel(to_sleman, "1", tree.national)
    with pytest.raises(NotLocalisable) as closed:
        await service.begin_localisation("41", to_sleman, tree.sleman)

    assert national.value.problem is LocaliseProblem.NATIONAL_GROUP
    assert own_campaign.value.problem is LocaliseProblem.OWN_CAMPAIGN
    assert closed.value.problem is LocaliseProblem.CLOSED
