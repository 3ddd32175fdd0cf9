"""The rows the PR office's exports read: submitted enrollments with their social accounts,
campaigns' details, and reshares, each in keyset pages (`id > after`, `limit` rows).

Only what an export shows is selected: no chat ids, no e-mail addresses, no drafts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from storage.sql import Connection, fetch_all
from storage.units import scope_clause

__all__ = [
    "CampaignDetails",
    "EnrollmentExportRow",
    "ExportRepository",
    "ExportedAccount",
    "ReshareExportRow",
]


@dataclass(frozen=True)
class ExportedAccount:
    platform: str
    handle: str
    followers: int | None
    verification_status: str


@dataclass(frozen=True)
class EnrollmentExportRow:
    person_id: int
    nip: str | None
    full_name: str | None
    status: str
    agency_code: str | None
    agency_name: str | None
    work_unit: str | None
    province_code: str | None
    content_paused_at: str | None
    person_status: str
    created_at: str | None
    submitted_at: str | None
    verified_at: str | None
    accounts: tuple[ExportedAccount, ...]


@dataclass(frozen=True)
class CampaignDetails:
    """What the campaign export shows beside a campaign's delivery counts."""

    campaign_id: int
    kind: str
    schedule_kind: str
    created_at: str


@dataclass(frozen=True)
class ReshareExportRow:
    reshare_id: int
    created_at: str
    campaign_id: int
    campaign_title: str
    nip: str | None  # None once the enrollment is gone
    full_name: str | None
    agency_name: str | None
    platform: str
    post_url: str
    points: int


class ExportRepository:
    async def enrollments(
        self,
        conn: Connection,
        after: int,
        limit: int,
        unit_ids: Collection[int] | None = None,
    ) -> list[EnrollmentExportRow]:
        """`unit_ids`: only the people of these units (None: everyone)."""
        in_scope, scope_params = scope_clause(unit_ids, "e.unit_id")
        page = await fetch_all(
            conn,
            "SELECT e.person_id, e.nip, e.full_name, e.status, e.agency_code, e.agency_name,"
            " e.work_unit, e.province_code, e.content_paused_at, p.status AS person_status,"
            " e.created_at, e.submitted_at, e.verified_at"
            " FROM enrollments AS e JOIN people AS p ON p.id = e.person_id"
            f" WHERE e.person_id > ? AND e.status <> 'draft' AND {in_scope}"
            " ORDER BY e.person_id LIMIT ?",
            (after, *scope_params, limit),
        )
        if not page:
            return []
        # One query for the whole page's accounts rather than one per person.
        accounts: dict[int, list[ExportedAccount]] = defaultdict(list)
        for row in await fetch_all(
            conn,
            "SELECT person_id, platform, handle, followers, verification_status"
            " FROM social_accounts WHERE person_id > ? AND person_id <= ?"
            " ORDER BY person_id, platform",
            (after, page[-1]["person_id"]),
        ):
            accounts[row["person_id"]].append(
                ExportedAccount(
                    platform=row["platform"],
                    handle=row["handle"],
                    followers=row["followers"],
                    verification_status=row["verification_status"],
                )
            )
        return [
            EnrollmentExportRow(
                person_id=int(row["person_id"]),
                nip=row["nip"],
                full_name=row["full_name"],
                status=row["status"],
                agency_code=row["agency_code"],
                agency_name=row["agency_name"],
                work_unit=row["work_unit"],
                province_code=row["province_code"],
                content_paused_at=row["content_paused_at"],
                person_status=row["person_status"],
                created_at=row["created_at"],
                submitted_at=row["submitted_at"],
                verified_at=row["verified_at"],
                accounts=tuple(accounts.get(int(row["person_id"]), ())),
            )
            for row in page
        ]

    async def campaign_details(
        self, conn: Connection, first_id: int, last_id: int
    ) -> dict[int, CampaignDetails]:
        """The campaigns with ids from `first_id` to `last_id`, by id."""
        rows = await fetch_all(
            conn,
            "SELECT id, kind, schedule_kind, created_at FROM campaigns WHERE id >= ? AND id <= ?",
            (first_id, last_id),
        )
        return {
            int(row["id"]): CampaignDetails(
                campaign_id=int(row["id"]),
                kind=row["kind"],
                schedule_kind=row["schedule_kind"],
                created_at=row["created_at"],
            )
            for row in rows
        }

    async def reshares(
        self,
        conn: Connection,
        after: int,
        limit: int,
        unit_ids: Collection[int] | None = None,
    ) -> list[ReshareExportRow]:
        """`unit_ids`: only the reshares of these units' people (None: all, also those of
        people erased since)."""
        in_scope, scope_params = scope_clause(unit_ids, "e.unit_id")
        rows = await fetch_all(
            conn,
            "SELECT r.id, r.created_at, r.campaign_id, c.title, e.nip, e.full_name,"
            " e.agency_name, r.platform, r.post_url, r.points"
            " FROM reshares AS r JOIN campaigns AS c ON c.id = r.campaign_id"
            " LEFT JOIN enrollments AS e ON e.person_id = r.person_id"
            f" WHERE r.id > ? AND {in_scope} ORDER BY r.id LIMIT ?",
            (after, *scope_params, limit),
        )
        return [
            ReshareExportRow(
                reshare_id=int(row["id"]),
                created_at=row["created_at"],
                campaign_id=int(row["campaign_id"]),
                campaign_title=row["title"],
                nip=row["nip"],
                full_name=row["full_name"],
                agency_name=row["agency_name"],
                platform=row["platform"],
                post_url=row["post_url"],
                points=row["points"],
            )
            for row in rows
        ]
