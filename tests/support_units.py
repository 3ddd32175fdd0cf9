"""A world of PR units for flow tests: the national admin group and two unit groups (a
province's government and a ministry), activated the way a PR office joins, with people
enrolled through the real conversation in each unit (and in a regency under the province, and
without a unit), a badge holder, pending review cases and campaigns in each scope.

`unit_world` builds it once against one emulator and one running bot; tests then act in any of
the three groups (`World.group(...)`) and read what the bot sent and stored.
"""

from __future__ import annotations

import asyncio
import io
import re
import sqlite3
import zipfile
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.reference.agencies import AgencyKind
from bot.settings import Settings
from bot.texts import commands
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from handlers.telegram import callback_data as callbacks
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import PNG
from tests.support import (
    ADMIN_CHAT_TITLE,
    TOKEN,
    BotHarness,
    Person,
    eventually,
    free_port,
    running_bot,
)

NATIONAL, PROVINCE, MINISTRY = "national", "province", "ministry"
GROUPS = (NATIONAL, PROVINCE, MINISTRY)
UNIT_GROUPS = (PROVINCE, MINISTRY)
# The unit each group serves (the national group serves the root).
UNIT_CODES = {NATIONAL: "nasional", PROVINCE: "pemprov-yo", MINISTRY: "kemenkeu"}
# A regency under the province: it has no group, so its people are the province's.
REGENCY_CODE = "yo-kabupaten-sleman"
# A ministry with no group of its own: its people are the national group's only.
UNGROUPED_CODE = "komdigi"
# A fourth unit group, there only to be deactivated by a test.
SPARE_CODE = "bps"
# The button under a campaign message that records a reshare.
SHARED = "Sudah dibagikan ✅"
CLOCK_START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
# A campaign date after CLOCK_START: scheduled, never due while the tests run.
LATER = "2026-12-05 08:00"


@dataclass(frozen=True)
class Profile:
    """Who a simulated civil servant is and what they answer at enrollment."""

    first_name: str
    full_name: str
    nip: str
    kind: AgencyKind | None  # None: stops before the agency (no unit)
    agency: str = ""  # typed: a search for listed agencies, the name for a regency
    agency_code: str | None = None  # the listed agency to press
    province: str = ""

    @property
    def nip_digits(self) -> str:
        return self.nip.replace(" ", "")

    @property
    def unit(self) -> str | None:
        """The code of the unit the enrollment puts them in (the only regency is Sleman)."""
        if self.kind is None:
            return None
        return REGENCY_CODE if self.kind is AgencyKind.REGIONAL else self.agency_code


def _nip(serial: int) -> str:
    return f"19850612 200501 {1 + serial % 2} {serial:03d}"


def _province(first: str, full: str, serial: int) -> Profile:
    return Profile(
        first, full, _nip(serial), AgencyKind.PROVINCIAL, "Pemprov DIY", "pemprov-yo", "Yogyakarta"
    )


def _regency(first: str, full: str, serial: int) -> Profile:
    return Profile(
        first, full, _nip(serial), AgencyKind.REGIONAL, "Kabupaten Sleman", None, "Yogyakarta"
    )


def _central(first: str, full: str, serial: int, search: str, code: str, province: str) -> Profile:
    return Profile(first, full, _nip(serial), AgencyKind.CENTRAL, search, code, province)


def _ministry(first: str, full: str, serial: int) -> Profile:
    return _central(first, full, serial, "Kemenkeu", "kemenkeu", "DKI Jakarta")


def _ungrouped(first: str, full: str, serial: int) -> Profile:
    return _central(first, full, serial, "Komdigi", UNGROUPED_CODE, "Jawa Timur")


@dataclass(frozen=True)
class Roles:
    """The people of one group's scope, one per thing a test does to them. `kept` and
    `untouched` are never changed by any test: the targets of refusals."""

    revoked: Profile  # a badge holder an in-scope /cabut revokes
    kept: Profile  # a badge holder: in-scope /cabut then Keep; others' out-of-scope target
    approved: Profile  # a pending review case approved in scope
    rejected: Profile  # a pending review case rejected in scope
    untouched: Profile  # a pending review case: the target of forged presses


ROLES: dict[str, Roles] = {
    PROVINCE: Roles(
        revoked=_regency("Ayu", "Ayu Wulandari", 101),
        kept=_province("Bagus", "Bagus Prasetyo", 102),
        approved=_regency("Citra", "Citra Kirana", 103),
        rejected=_province("Dimas", "Dimas Saputro", 104),
        untouched=_regency("Endah", "Endah Puspitasari", 105),
    ),
    MINISTRY: Roles(
        revoked=_ministry("Fajar", "Fajar Nugroho", 106),
        kept=_ministry("Gita", "Gita Permatasari", 107),
        approved=_ministry("Hendra", "Hendra Gunawan", 108),
        rejected=_ministry("Indah", "Indah Lestari", 109),
        untouched=_ministry("Joko", "Joko Susanto", 110),
    ),
    NATIONAL: Roles(
        revoked=_ungrouped("Kartika", "Kartika Sari", 111),
        kept=_ungrouped("Lukman", "Lukman Hakim", 112),
        approved=_ungrouped("Maya", "Maya Anggraini", 113),
        rejected=_ungrouped("Nanda", "Nanda Pratama", 114),
        untouched=_ungrouped("Oki", "Oki Setiawan", 115),
    ),
}
# Started and stopped after the name: people with no unit, the national group's only.
WITHOUT_UNIT = (
    Profile("Putri", "Putri Maharani", _nip(116), None),
    Profile("Rudi", "Rudi Hartono", _nip(117), None),
)


def people_of(name: str) -> list[Profile]:
    """The people whose narrowest admin group is `name`."""
    roles = ROLES[name]
    people = [roles.revoked, roles.kept, roles.approved, roles.rejected, roles.untouched]
    return people + list(WITHOUT_UNIT) if name == NATIONAL else people


def everyone() -> list[Profile]:
    return [person for name in GROUPS for person in people_of(name)]


# Each named unit and the units under it.
SUBTREES = {
    UNIT_CODES[PROVINCE]: {UNIT_CODES[PROVINCE], REGENCY_CODE},
    REGENCY_CODE: {REGENCY_CODE},
    UNIT_CODES[MINISTRY]: {UNIT_CODES[MINISTRY]},
}


def people_in(code: str) -> list[Profile]:
    """Everyone whose unit is `code` or under it."""
    return [person for person in everyone() if person.unit in SUBTREES[code]]


def outsiders_of(name: str) -> list[Profile]:
    """The people a group must never see: everyone outside its scope."""
    if name == NATIONAL:
        return []
    return [p for other in GROUPS if other != name for p in people_of(other)]


@dataclass
class AdminGroup:
    name: str
    code: str  # of the unit it serves
    chat: SimChat
    admin: SimUser  # composes, commands
    second: SimUser  # the second admin, for approvals
    anchor: BotMessage | None = None  # a bot message in the group, for forged presses
    unit_id: int | None = None  # None: national


@dataclass(frozen=True)
class Campaigns:
    approve: int  # awaiting the second admin: approved in scope
    untouched: int  # awaiting: the target of forged approvals and out-of-scope /batalkan
    listed: int  # scheduled: /jadwal lists it
    cancel: int  # scheduled: an in-scope /batalkan cancels it


@dataclass
class World:
    bot: BotHarness
    emulator: BotApiEmulator
    settings: Settings
    apis: FakeSocialApis
    clock: FixedClock
    groups: dict[str, AdminGroup]
    people: dict[str, Person] = field(default_factory=dict)  # by full name
    badges: dict[str, str] = field(default_factory=dict)  # full name -> badge number
    cases: dict[str, int] = field(default_factory=dict)  # full name -> review case id
    campaigns: dict[str, Campaigns] = field(default_factory=dict)

    def group(self, name: str) -> AdminGroup:
        return self.groups[name]

    # --- the database, read as the tests' own evidence ---

    def query(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        # WAL: a read never waits for the bot's writes (so it never blocks the bot's loop).
        with sqlite3.connect(self.settings.database_path, timeout=30) as db:
            return db.execute(sql, tuple(params)).fetchall()

    def value(self, sql: str, params: Iterable[object] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def last_audit_id(self) -> int:
        return int(self.value("SELECT COALESCE(MAX(id), 0) FROM audit_log"))

    def refusals_since(self, audit_id: int) -> list[tuple[Any, ...]]:
        """(action, arguments, outcome, unit_id) of refusals written after `audit_id`."""
        return self.query(
            "SELECT action, arguments, outcome, unit_id FROM audit_log"
            " WHERE id > ? AND outcome LIKE 'refused%' ORDER BY id",
            (audit_id,),
        )

    def case_status(self, full_name: str) -> str:
        return str(
            self.value("SELECT status FROM review_cases WHERE id = ?", (self.cases[full_name],))
        )

    def badge_status(self, full_name: str) -> str:
        number = self.badges[full_name]
        return str(self.value("SELECT status FROM badges WHERE number = ?", (number,)))

    def campaign_status(self, campaign_id: int) -> str:
        return str(self.value("SELECT status FROM campaigns WHERE id = ?", (campaign_id,)))

    def unit_id(self, code: str) -> int:
        return int(self.value("SELECT id FROM units WHERE code = ?", (code,)))

    def has_group(self, code: str) -> bool:
        return bool(
            self.value(
                "SELECT COUNT(*) FROM unit_groups g JOIN units u ON u.id = g.unit_id"
                " WHERE u.code = ?",
                (code,),
            )
        )

    # --- what the bot sent ---

    def mark(self, group: AdminGroup) -> int:
        return len(self.emulator.sent(group.chat))

    def sent_since(self, group: AdminGroup, mark: int) -> list[BotMessage]:
        return self.emulator.sent(group.chat)[mark:]

    async def answer(self, group: AdminGroup, mark: int, timeout: float = 15.0) -> BotMessage:  # noqa: ASYNC109
        """The bot's first new message (not an edit) in the group after `mark`."""
        found: list[BotMessage] = []

        def arrived() -> bool:
            found[:] = [m for m in self.sent_since(group, mark) if not m.is_edit]
            return bool(found)

        if not await eventually(arrived, timeout):
            recent = [m.content[:80] for m in self.emulator.sent(group.chat)[-5:]]
            raise TimeoutError(f"no answer in the {group.name} group; recent: {recent}")
        return found[0]

    async def command(self, group: AdminGroup, text: str) -> BotMessage:
        """An admin of the group sends a command there; returns the bot's first answer."""
        mark = self.mark(group)
        self.emulator.send_text(group.admin, text, chat=group.chat)
        return await self.answer(group, mark)

    async def handled(self, group: AdminGroup, user: SimUser | None = None) -> None:
        """Waits until the bot finished what `user` (the group's admin) sent in the group: a
        later press of theirs is answered only after (see tests.support.all_handled)."""
        assert group.anchor is not None
        who = user or group.admin
        probe = self.emulator.press_forged(who, group.anchor.message, "probe:handled")
        await self.emulator.wait_for_callback_answer(probe, timeout=15)

    def shown_text(self, messages: Iterable[BotMessage]) -> str:
        """Everything a group member could read in `messages`: texts, captions, buttons and
        the contents of sent files (an XLSX file's XML parts as text)."""
        parts: list[str] = []
        for message in messages:
            parts.append(message.content)
            parts.extend(message.button_texts)
            if message.document and not message.is_edit:
                parts.append(_readable(self.emulator.file_bytes(message.document["file_id"])))
        return "\n".join(parts)

    def callback_answer(self, query_id: str) -> dict[str, Any]:
        record = next(
            r
            for r in self.emulator.requests_for("answerCallbackQuery")
            if str(r.params.get("callback_query_id")) == query_id
        )
        return record.params


def carries(message: BotMessage, data: str) -> bool:
    """Whether one of the message's buttons carries `data`."""
    return any(carried == data for row in message.buttons for _, carried in row)


def leaked(text: str, people: Iterable[Profile]) -> list[str]:
    """The names and full NIPs of `people` found in `text`."""
    digits = re.sub(r"\s", "", text)
    found = []
    for person in people:
        if person.full_name in text:
            found.append(person.full_name)
        if person.nip_digits in digits:
            found.append(f"NIP of {person.full_name}")
    return found


def _readable(data: bytes) -> str:
    if data.startswith(b"PK"):  # XLSX: a zip of XML parts
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return data.decode("utf-8", "replace")


# --- building the world --------------------------------------------------------------------


def unit_settings(tmp: Path, emulator: BotApiEmulator, apis: FakeSocialApis) -> Settings:
    national = emulator.add_group(ADMIN_CHAT_TITLE)
    web_port = free_port()
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        admin_chat_id=national.id,
        database_path=tmp / "bot.sqlite3",
        telegram_api_base_url=emulator.base_url,
        telegram_file_base_url=emulator.file_base_url,
        web_port=web_port,
        public_base_url=f"http://127.0.0.1:{web_port}",
        x_api_bearer_token=SecretStr(apis.x_token),
        x_api_base_url=apis.x_base_url,
        meta_graph_access_token=SecretStr(apis.graph_token),
        instagram_business_account_id=apis.instagram_account_id,
        meta_graph_base_url=apis.graph_base_url,
        youtube_api_key=SecretStr(apis.youtube_key),
        youtube_api_base_url=apis.youtube_base_url,
        lookup_attempts=1,
        # Every campaign to everyone then waits for a second admin: the approval button.
        require_second_approval=True,
        backup_passphrase="kata sandi cadangan yang panjang",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )


@asynccontextmanager
async def unit_world(tmp: Path) -> AsyncIterator[World]:
    """The whole world, built once: groups, people, cases, badges, campaigns."""
    clock = FixedClock(CLOCK_START)
    async with (
        BotApiEmulator(token=TOKEN) as emulator,
        FakeSocialApis(clock=clock) as apis,
    ):
        settings = unit_settings(tmp, emulator, apis)
        async with running_bot(settings, emulator, clock) as bot:
            world = World(bot, emulator, settings, apis, clock, _admin_groups(emulator, settings))
            for group in world.groups.values():
                group.anchor = await _anchor(world, group)
            for name in UNIT_GROUPS:
                await activate(world, world.group(name))
            await _spare_group(world)
            await _enroll_everyone(world)
            await asyncio.gather(*(_campaigns_of(world, g) for g in world.groups.values()))
            await _reshares(world)
            yield world


def _admin_groups(emulator: BotApiEmulator, settings: Settings) -> dict[str, AdminGroup]:
    national = next(c for c in emulator.state.chats.values() if c.id == settings.admin_chat_id)
    staff = {
        NATIONAL: ("Rina", "rina_humas", "Budi", "budi_humas"),
        PROVINCE: ("Yanti", "yanti_diy", "Wahyu", "wahyu_diy"),
        MINISTRY: ("Kurnia", "kurnia_kemenkeu", "Lestari", "lestari_kemenkeu"),
    }
    groups = {}
    for name, (first, handle, second_first, second_handle) in staff.items():
        admin = emulator.add_user(first, username=handle)
        second = emulator.add_user(second_first, username=second_handle)
        if name == NATIONAL:
            chat = national
            emulator.set_member_status(chat, admin, "administrator")
            emulator.set_member_status(chat, second, "administrator")
        else:
            title = "Humas Pemprov DIY" if name == PROVINCE else "Humas Kemenkeu"
            chat = emulator.add_group(
                title, admins=(admin, second), creator=admin, bot_status="administrator"
            )
        groups[name] = AdminGroup(name, UNIT_CODES[name], chat, admin, second)
    return groups


async def _anchor(world: World, group: AdminGroup) -> BotMessage:
    """A bot message in the group (the answer to /idgrup) that forged presses are put on."""
    mark = world.mark(group)
    world.emulator.send_text(group.admin, "/idgrup", chat=group.chat)
    return await world.answer(group, mark)


# --- activation: through the commands when they exist, else through the services ---------


def invitations_by_command() -> bool:
    """True once /undang and /aktifkan are commands (the unit-admin part)."""
    names = {name for command in commands.COMMANDS for name in command.names}
    return {"undang", "aktifkan"} <= names


async def activate(world: World, group: AdminGroup) -> None:
    """Makes `group` the admin group of its unit, the way that exists on this branch."""
    if invitations_by_command():
        await activate_by_command(world, group, group.code)
    else:
        await activate_through_services(world, group, group.code)
    group.unit_id = world.unit_id(group.code)


async def activate_by_command(world: World, group: AdminGroup, code: str) -> None:
    """The real way: a national admin sends /undang, the unit group's administrator sends
    /aktifkan with the code in the new group."""
    national = world.group(NATIONAL)
    invitation = await world.command(national, f"/undang {code}")
    found = re.search(r"\b[A-Z2-9]{10}\b", invitation.content)
    assert found, f"no one-time code in {invitation.content!r}"
    directory = world.bot.application.bot_data.admins
    world.emulator.send_text(group.admin, f"/aktifkan {found[0]}", chat=group.chat)
    await world.handled(group)  # the welcome sent, before anyone acts there
    assert directory.is_admin_group(group.chat.id), f"/aktifkan refused in {group.chat.title}"


async def activate_through_services(world: World, group: AdminGroup, code: str) -> None:
    """Until /undang and /aktifkan exist: the same steps through UnitService and the
    AdminDirectory that those commands call."""
    data = world.bot.application.bot_data
    units, directory = data.services.units, data.admins
    key = next(k for k in units.find(code) if k.code == code)
    invitation = await units.invite(key, actor=str(world.group(NATIONAL).admin.id))
    activated = await units.activate(
        invitation.code,
        group.chat.id,
        str(group.admin.id),
        national_chat_id=directory.chat_id,
    )
    directory.group_added(activated.unit.id, group.chat.id)


async def _spare_group(world: World) -> None:
    """A fourth unit group that the deactivation test may take away."""
    admin = world.emulator.add_user("Sekar", username="sekar_bps")
    chat = world.emulator.add_group(
        "Humas BPS", admins=(admin,), creator=admin, bot_status="administrator"
    )
    spare = AdminGroup("spare", SPARE_CODE, chat, admin, admin)
    spare.anchor = await _anchor(world, spare)
    await activate(world, spare)


# --- people ----------------------------------------------------------------------------------


async def _press(person: Person, data: str) -> BotMessage:
    assert person.last is not None
    person.emulator.press_button(person.user, person.last.message, data=data)
    return await person.reply()


async def enroll_until_summary(
    person: Person, profile: Profile, *, x: str | None = None, instagram: str | None = None
) -> None:
    """The real enrollment with the profile's answers, up to the summary."""
    await person.says("/start")
    await person.presses("✅ Setuju")
    await person.says(profile.nip)
    await person.says(profile.full_name)
    if profile.kind is None:
        return
    await _press(person, callbacks.AGENCY_KIND.encode(profile.kind))
    await person.says(profile.agency)
    if profile.agency_code:
        await _press(person, callbacks.AGENCY.encode(profile.agency_code))
    await person.says("Bagian Hubungan Masyarakat")
    await person.says(profile.province)
    await person.presses("Lewati ⏭")  # no work e-mail
    for handle in (instagram, None, x, None, None):  # Instagram, Facebook, X, TikTok, YouTube
        if handle:
            await person.says(handle)
        else:
            await person.presses("Lewati ⏭")


def _handle(profile: Profile) -> str:
    return re.sub(r"[^a-z]", "", profile.full_name.lower())


async def badge_holder(world: World, profile: Profile) -> None:
    """Enrolls with an X account over the threshold, proves ownership, gets the badge."""
    person = world.people[profile.full_name]
    handle = _handle(profile)
    world.apis.add_x_user(handle, followers=2500)
    await enroll_until_summary(person, profile, x=handle)
    ownership = await person.presses(person.buttons()[0])
    while "ASN-" not in ownership.content:  # the check's results follow the confirmation
        ownership = await person.reply(timeout=30)
    code = re.search(r"ASN-\w{4}", ownership.content)
    assert code
    world.apis.set_bio(Platform.X, handle, code[0])
    await person.presses("✅ Sudah")
    person_id = world.value(
        "SELECT id FROM people WHERE channel_user_id = ?", (str(person.user.id),)
    )
    found = await eventually(
        lambda: (
            world.value(
                "SELECT number FROM badges WHERE person_id = ? AND document_file_id IS NOT NULL",
                (person_id,),
            )
            is not None
        ),
        60,
    )
    assert found, f"no badge for {profile.full_name}"
    world.badges[profile.full_name] = str(
        world.value("SELECT number FROM badges WHERE person_id = ?", (person_id,))
    )


async def review_case(world: World, profile: Profile) -> None:
    """Enrolls with a personal Instagram, which needs a screenshot: a pending review case."""
    person = world.people[profile.full_name]
    await enroll_until_summary(person, profile, instagram=_handle(profile))
    await person.presses(person.buttons()[0])
    while "📷 Kirim tangkapan layar" not in person.buttons():
        await person.reply(timeout=30)
    await person.presses("📷 Kirim tangkapan layar")
    world.emulator.send_photo(person.user, PNG)
    await person.reply()
    await person.says("1.234")
    sql = (
        "SELECT c.id FROM review_cases c JOIN people p ON p.id = c.person_id"
        " WHERE p.channel_user_id = ? AND c.status = 'pending' AND c.card_message_id IS NOT NULL"
    )
    who = (str(person.user.id),)
    assert await eventually(lambda: world.value(sql, who) is not None, 30), profile.full_name
    world.cases[profile.full_name] = int(world.value(sql, who))


async def _enroll_everyone(world: World) -> None:
    steps = []
    for roles in ROLES.values():
        for profile in (roles.revoked, roles.kept, roles.approved, roles.rejected, roles.untouched):
            world.people[profile.full_name] = world.bot.person(profile.first_name, patience=30)
        steps += [badge_holder(world, roles.revoked), badge_holder(world, roles.kept)]
        steps += [review_case(world, p) for p in (roles.approved, roles.rejected, roles.untouched)]
    for profile in WITHOUT_UNIT:
        person = world.people[profile.full_name] = world.bot.person(profile.first_name)
        steps.append(enroll_until_summary(person, profile))
    # A few at a time: all at once would only queue behind the 2-core machine.
    limit = asyncio.Semaphore(6)

    async def limited(step: Any) -> None:
        async with limit:
            await step

    await asyncio.gather(*(limited(step) for step in steps))


def card_of(world: World, case_id: int) -> tuple[AdminGroup, BotMessage] | None:
    """The review card of the case, in whichever admin group it was posted (the latest)."""
    data = callbacks.REVIEW.encode(callbacks.ReviewPress(callbacks.ReviewAction.APPROVE, case_id))
    found = None
    for group in world.groups.values():
        for message in world.emulator.sent(group.chat):
            if not message.is_edit and carries(message, data):
                found = (group, message)
    return found


# --- campaigns -------------------------------------------------------------------------------


def campaign_title(group: AdminGroup, purpose: str) -> str:
    return f"Kabar {group.chat.title} {purpose}"


async def compose_until_preview(
    world: World, group: AdminGroup, title: str, command: str = "/konten", *, later: bool = True
) -> BotMessage:
    """Composes a text campaign to everyone in the group's scope, scheduled LATER (or sent
    now for /siaran), up to the summary with its Save/Discard buttons."""
    chat, admin, emulator = group.chat, group.admin, world.emulator
    mark = world.mark(group)
    emulator.send_text(admin, command, chat=chat)
    ask = await world.answer(group, mark)
    mark = world.mark(group)
    emulator.reply_to(admin, ask.message, f"{title}\nProgram ini menjangkau 20 juta siswa.")
    for answer in ("https://www.komdigi.go.id/berita/mbg", "#MBG", "Varian kedua kabar ini."):
        ask = await world.answer(group, mark)
        mark = world.mark(group)
        emulator.reply_to(admin, ask.message, answer)
    await _press_in(world, group, callbacks.VARIANTS_DONE.data, mark)
    mark = await _press_in(world, group, callbacks.TARGET.encode(callbacks.TargetKind.ALL), mark)
    if later:
        once = callbacks.SCHEDULE.encode(callbacks.ScheduleKind.ONCE)
        mark = await _press_in(world, group, once, mark)
        ask = await world.answer(group, mark)
        mark = world.mark(group)
        emulator.reply_to(admin, ask.message, LATER)
    return await message_with(world, group, callbacks.SAVE_CAMPAIGN.data, mark)


async def message_with(world: World, group: AdminGroup, data: str, mark: int) -> BotMessage:
    """The first message after `mark` in the group with a button carrying `data`."""
    found: list[BotMessage] = []

    def arrived() -> bool:
        found[:] = [m for m in world.sent_since(group, mark) if carries(m, data)]
        return bool(found)

    if not await eventually(arrived, 15):
        recent = [m.content[:80] for m in world.sent_since(group, mark)]
        raise TimeoutError(f"no button {data!r} in the {group.name} group; got {recent}")
    return found[0]


async def _press_in(world: World, group: AdminGroup, data: str, mark: int) -> int:
    """Presses the button carrying `data` (on the latest message after `mark` with it);
    returns the new mark."""
    message = await message_with(world, group, data, mark)
    mark = world.mark(group)
    world.emulator.press_button(group.admin, message.message, data=data, chat=group.chat)
    return mark


async def save_campaign(
    world: World, group: AdminGroup, title: str, command: str = "/konten"
) -> tuple[int, BotMessage]:
    """Composes and saves a campaign; returns its id and the message awaiting approval."""
    summary = await compose_until_preview(world, group, title, command, later=command == "/konten")
    mark = world.mark(group)
    world.emulator.press_button(
        group.admin, summary.message, data=callbacks.SAVE_CAMPAIGN.data, chat=group.chat
    )
    waiting = await world.answer(group, mark)
    campaign_id = world.value("SELECT id FROM campaigns WHERE title = ?", (title,))
    assert campaign_id is not None, f"campaign {title!r} not saved: {waiting.content!r}"
    return int(campaign_id), waiting


async def second_approval(world: World, group: AdminGroup, campaign_id: int) -> None:
    """The group's second admin presses the approval button of the campaign."""
    data = callbacks.APPROVE_CAMPAIGN.encode(campaign_id)
    waiting = await message_with(world, group, data, 0)
    world.emulator.press_button(group.second, waiting.message, data=data, chat=group.chat)
    approved = await eventually(
        lambda: world.campaign_status(campaign_id) != "awaiting_approval", 15
    )
    assert approved, f"campaign #{campaign_id} not approved"


async def _reshares(world: World) -> None:
    """A national broadcast to everyone reaches every badge holder, and each says they
    shared it: every scope's leaderboard and reshare counts then hold names and numbers."""
    national = world.group(NATIONAL)
    campaign_id, _ = await save_campaign(
        world, national, campaign_title(national, "now"), "/siaran"
    )
    await second_approval(world, national, campaign_id)

    async def share(person: Person) -> None:
        message = await person.reply(timeout=30)
        while SHARED not in person.buttons(message):  # the badge's messages come first
            message = await person.reply(timeout=30)
        await person.presses(SHARED, message)

    holders = [world.people[name] for name in world.badges]
    await asyncio.gather(*(share(person) for person in holders))
    shared = "SELECT COUNT(*) FROM reshares"
    assert await eventually(lambda: world.value(shared) == len(holders), 15), "reshares missing"
    # Windows (the week's leaderboard) end at now, exclusive: the reshares are a minute old.
    world.clock.set(world.clock.now() + timedelta(minutes=1))


async def _campaigns_of(world: World, group: AdminGroup) -> None:
    ids = {}
    for purpose in ("approve", "untouched", "listed", "cancel"):
        ids[purpose], _ = await save_campaign(world, group, campaign_title(group, purpose))
    for purpose in ("listed", "cancel"):
        await second_approval(world, group, ids[purpose])
    world.campaigns[group.name] = Campaigns(**ids)
