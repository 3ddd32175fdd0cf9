"""PR units: the tree, each unit's admin group, invitations, and the scope an admin acts in."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.reference.agencies import AgencyDirectory, AgencyError
from bot.reference.regions import find_provinces, normalise
from bot.units.scope import Scope, Unit
from bot.units.tree import ROOT, UnitKey, agency_unit, regional_unit, unit_of_enrollment
from storage.cache_generations import CacheGenerations
from storage.database import Database
from storage.sql import Connection
from storage.units import ROOT_CODE, UnitGroupRow, UnitRepository, UnitRow

INVITATION_VALIDITY = timedelta(hours=48)
# A group the bot is added to has this long to be activated as a unit's group before the bot
# leaves it (LEAVE_OTHER_GROUPS): time for its PR head to make the bot an admin and send the code.
ACTIVATION_GRACE = timedelta(hours=24)
# Wrong codes a chat may try per window before /aktifkan waits. Codes are 10 of 31 characters,
# so guessing is hopeless anyway; the limit keeps a script from trying. Kept in memory: a
# restart forgets it, which costs a guesser nothing worth having.
WRONG_CODES_ALLOWED = 5
WRONG_CODES_WINDOW = timedelta(hours=1)
# No 0/O or 1/I/L: the code is read off a screen and typed into another chat.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10
# The cache generation (storage/cache_generations.py) of every instance's AdminDirectory.
ADMIN_DIRECTORY = "admin_directory"


class ActivationProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    NATIONAL_GROUP = "national_group"
    GROUP_TAKEN = "group_taken"
    TOO_MANY = "too_many"  # too many wrong codes from this chat lately


class ActivationRefused(Exception):
    def __init__(self, problem: ActivationProblem, unit: Unit | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.unit = unit  # the unit the chat already serves, for GROUP_TAKEN


@dataclass(frozen=True)
class Invitation:
    code: str
    unit: Unit
    expires_at: datetime


@dataclass(frozen=True)
class UnitGroup:
    unit: Unit
    chat_id: int
    activated_at: datetime
    activated_by: str
    second_approval: bool | None


def _as_unit(row: UnitRow) -> Unit:
    return Unit(id=row.id, code=row.code, kind=row.kind, name=row.name, parent_id=row.parent_id)


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


class UnitService:
    def __init__(
        self,
        db: Database,
        repository: UnitRepository,
        agencies: AgencyDirectory,
        clock: Clock,
        generations: CacheGenerations | None = None,
    ) -> None:
        self._db = db
        self._repository = repository
        self._generations = generations or CacheGenerations()
        self._agencies = agencies
        self._clock = clock
        self._wrong_codes: dict[int, list[datetime]] = {}

    # --- the tree ---

    async def root(self) -> Unit:
        row = await self._repository.by_code(self._db.reader, ROOT_CODE)
        assert row is not None, "migration 0014 creates the root"
        return _as_unit(row)

    async def unit(self, unit_id: int) -> Unit | None:
        row = await self._repository.by_id(self._db.reader, unit_id)
        return _as_unit(row) if row else None

    async def by_code(self, code: str) -> Unit | None:
        row = await self._repository.by_code(self._db.reader, code)
        return _as_unit(row) if row else None

    async def all(self) -> list[Unit]:
        return [_as_unit(row) for row in await self._repository.all(self._db.reader)]

    async def children(self, unit_id: int) -> list[Unit]:
        return [_as_unit(r) for r in await self._repository.children(self._db.reader, unit_id)]

    async def ensure(self, conn: Connection, key: UnitKey) -> Unit:
        """The unit's row, created (with its parents) inside the caller's transaction."""
        parent_id = None
        if key.parent is not None:
            parent_id = (await self.ensure(conn, key.parent)).id
        if key.national:
            row = await self._repository.by_code(conn, ROOT_CODE)
            assert row is not None
            return _as_unit(row)
        row = await self._repository.ensure(
            conn,
            code=key.code,
            kind=key.kind.value,
            name=key.name,
            parent_id=parent_id,
            now=self._clock.now(),
        )
        return _as_unit(row)

    async def unit_id_for(
        self,
        conn: Connection,
        *,
        agency_kind: str | None,
        agency_code: str | None,
        agency_name: str | None,
        province_code: str | None,
    ) -> int | None:
        """The unit of an enrollment's agency answers (created when new), or None while they
        do not name one. Runs inside the enrollment's own transaction."""
        key = unit_of_enrollment(
            self._agencies,
            agency_kind=agency_kind,
            agency_code=agency_code,
            agency_name=agency_name,
            province_code=province_code,
        )
        return (await self.ensure(conn, key)).id if key else None

    async def lookup(self, query: str, limit: int = 8) -> list[Unit]:
        """Existing units a command may name: by exact code, else the agencies `find` names,
        else units whose name holds every word typed (regencies are not in the agency list)."""
        units = await self.all()
        code = query.strip().lower()
        exact = [unit for unit in units if unit.code == code]
        if exact:
            return exact
        codes = {key.code for key in self.find(query, limit)}
        named = [unit for unit in units if unit.code in codes]
        if named:
            return named[:limit]
        words = normalise(query).split()
        if not words:
            return []
        return [u for u in units if all(w in normalise(u.name).split() for w in words)][:limit]

    def find(self, query: str, limit: int = 8) -> list[UnitKey]:
        """Units an admin may mean: listed agencies by name, alias or code, or a regency or
        city typed as "Kabupaten Sleman, DI Yogyakarta" (name, comma, province)."""
        query = query.strip()
        if query.lower() in {ROOT_CODE, "national", "nasional"}:
            return [ROOT]
        if "," in query:
            place, _, province_text = query.rpartition(",")
            provinces = find_provinces(province_text)
            if not provinces:
                return []
            try:
                key = regional_unit(self._agencies, place, provinces[0].code)
            except AgencyError:
                return []
            return [key] if key else []
        found = []
        for agency in self._agencies.search(query, limit=limit):
            key = agency_unit(self._agencies, agency)
            if key is not None:
                found.append(key)
        return found

    async def scope(self, unit_id: int) -> Scope:
        """What the group of this unit may see, as of now."""
        conn = self._db.reader
        row = await self._repository.by_id(conn, unit_id)
        if row is None:
            raise LookupError(f"no unit {unit_id}")
        unit = _as_unit(row)
        if unit.national:
            return Scope(unit, None)
        return Scope(unit, await self._repository.subtree_ids(conn, unit_id))

    # --- groups ---

    async def groups(self) -> list[UnitGroup]:
        conn = self._db.reader
        units = {row.id: _as_unit(row) for row in await self._repository.all(conn)}
        return [self._as_group(units[g.unit_id], g) for g in await self._repository.groups(conn)]

    async def group_of(self, unit_id: int) -> UnitGroup | None:
        conn = self._db.reader
        row, group = await self._repository.by_id(conn, unit_id), None
        if row is not None:
            group = await self._repository.group_of(conn, unit_id)
        return self._as_group(_as_unit(row), group) if row and group else None

    async def group_in_chat(self, chat_id: int) -> UnitGroup | None:
        conn = self._db.reader
        group = await self._repository.group_in_chat(conn, chat_id)
        if group is None:
            return None
        row = await self._repository.by_id(conn, group.unit_id)
        assert row is not None
        return self._as_group(_as_unit(row), group)

    async def nearest_group(self, unit_id: int | None) -> UnitGroup | None:
        """The group of the unit, else of its nearest ancestor with one; None means the
        national group (ADMIN_CHAT_ID)."""
        if unit_id is None:
            return None
        conn = self._db.reader
        for ancestor in await self._repository.ancestors(conn, unit_id):
            group = await self._repository.group_of(conn, ancestor)
            if group is not None:
                row = await self._repository.by_id(conn, ancestor)
                assert row is not None
                return self._as_group(_as_unit(row), group)
        return None

    # Every change to which chat serves which unit raises the admin directory's generation in
    # its own transaction: the other instances then reload their directories (admins.py).

    async def move(self, unit_id: int, chat_id: int, actor: str) -> None:
        """A national admin points the unit at another group."""
        async with self._db.transaction() as tx:
            await self._repository.set_group(
                tx, unit_id=unit_id, chat_id=chat_id, activated_by=actor, now=self._clock.now()
            )
            await self._generations.bump(tx, ADMIN_DIRECTORY)

    async def deactivate(self, unit_id: int) -> bool:
        async with self._db.transaction() as tx:
            removed = await self._repository.remove_group(tx, unit_id)
            if removed:
                await self._generations.bump(tx, ADMIN_DIRECTORY)
        return removed

    async def group_migrated(self, old_chat_id: int, new_chat_id: int) -> bool:
        async with self._db.transaction() as tx:
            moved = await self._repository.move_group(tx, old_chat_id, new_chat_id)
            if moved:
                await self._generations.bump(tx, ADMIN_DIRECTORY)
        return moved

    async def admins_changed(self) -> int:
        """An admin group's administrators changed (a promotion, a demotion, the national
        group's move): every instance reads them again. Returns the new generation."""
        async with self._db.single_statement() as conn:
            return await self._generations.bump(conn, ADMIN_DIRECTORY)

    async def directory_generation(self) -> int:
        """The admin directory's generation now (one primary-key read)."""
        return await self._generations.current(self._db.reader, ADMIN_DIRECTORY)

    async def set_second_approval(self, unit_id: int, required: bool | None) -> bool:
        async with self._db.single_statement() as conn:
            return await self._repository.set_second_approval(conn, unit_id, required)

    @staticmethod
    def _as_group(unit: Unit, row: UnitGroupRow) -> UnitGroup:
        return UnitGroup(
            unit=unit,
            chat_id=row.chat_id,
            activated_at=row.activated_at,
            activated_by=row.activated_by,
            second_approval=row.second_approval,
        )

    # --- invitations ---

    async def invite(self, key: UnitKey, actor: str) -> Invitation:
        """A one-time code for the unit's new group (valid 48 hours, stored hashed)."""
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        now = self._clock.now()
        async with self._db.transaction() as tx:
            unit = await self.ensure(tx, key)
            await self._repository.add_invitation(
                tx,
                code_hash=_hash(code),
                unit_id=unit.id,
                created_by=actor,
                now=now,
                expires_at=now + INVITATION_VALIDITY,
            )
        return Invitation(code=code, unit=unit, expires_at=now + INVITATION_VALIDITY)

    async def activate(
        self, code: str, chat_id: int, actor: str, *, national_chat_id: int
    ) -> UnitGroup:
        """Makes the chat the admin group of the invitation's unit. Raises ActivationRefused."""
        if chat_id == national_chat_id:
            raise ActivationRefused(ActivationProblem.NATIONAL_GROUP)
        code_hash, now = _hash(code), self._clock.now()
        async with self._db.transaction() as tx:
            invitation = await self._repository.invitation(tx, code_hash)
            if invitation is None:
                raise ActivationRefused(ActivationProblem.UNKNOWN)
            if invitation.used_at is not None:
                raise ActivationRefused(ActivationProblem.USED)
            if invitation.expires_at <= now:
                raise ActivationRefused(ActivationProblem.EXPIRED)
            taken = await self._repository.group_in_chat(tx, chat_id)
            if taken is not None and taken.unit_id != invitation.unit_id:
                row = await self._repository.by_id(tx, taken.unit_id)
                raise ActivationRefused(
                    ActivationProblem.GROUP_TAKEN, _as_unit(row) if row else None
                )
            if not await self._repository.use_invitation(tx, code_hash, chat_id, now):
                raise ActivationRefused(ActivationProblem.USED)
            await self._repository.set_group(
                tx, unit_id=invitation.unit_id, chat_id=chat_id, activated_by=actor, now=now
            )
            await self._generations.bump(tx, ADMIN_DIRECTORY)
        group = await self.group_of(invitation.unit_id)
        assert group is not None
        return group

    # --- groups waiting to be activated ---

    async def group_arrived(self, chat_id: int, added_by: str) -> datetime:
        """The bot was added to a group that is no admin group: returns the moment by which
        it must be activated (ACTIVATION_GRACE later) or the bot leaves."""
        now = self._clock.now()
        async with self._db.single_statement() as conn:
            await self._repository.arrived(conn, chat_id, added_by, now)
        return now + ACTIVATION_GRACE

    async def activation_deadline(self, chat_id: int) -> datetime | None:
        """When the group's grace ends; None when the bot's arrival there was never seen."""
        arrived = await self._repository.arrival(self._db.reader, chat_id)
        return arrived + ACTIVATION_GRACE if arrived else None

    async def arrival_settled(self, chat_id: int) -> None:
        """The group was activated, or the bot left it: no deadline any more."""
        async with self._db.single_statement() as conn:
            await self._repository.forget_arrival(conn, chat_id)

    async def attempt_activation(
        self, code: str, chat_id: int, actor: str, *, national_chat_id: int
    ) -> UnitGroup:
        """`activate`, with wrong codes counted per chat: after WRONG_CODES_ALLOWED in
        WRONG_CODES_WINDOW the chat is refused (TOO_MANY) until the window has passed."""
        now = self._clock.now()
        recent = [at for at in self._wrong_codes.get(chat_id, []) if now - at < WRONG_CODES_WINDOW]
        self._wrong_codes[chat_id] = recent
        if len(recent) >= WRONG_CODES_ALLOWED:
            raise ActivationRefused(ActivationProblem.TOO_MANY)
        try:
            return await self.activate(code, chat_id, actor, national_chat_id=national_chat_id)
        except ActivationRefused as refused:
            if refused.problem in _WRONG_CODE:
                recent.append(now)
            raise


_WRONG_CODE = frozenset(
    {ActivationProblem.UNKNOWN, ActivationProblem.EXPIRED, ActivationProblem.USED}
)
