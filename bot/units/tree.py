"""Which unit a person or an agency belongs to, and where that unit hangs in the tree.

The root is the national programme. Ministries, central agencies and provincial governments
hang under the root; a regency or city government hangs under its province's government. A
regency typed at enrollment (they are not listed) is identified by its province and its
normalised name, so everyone who typed "Kab. Sleman" in DI Yogyakarta shares one unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from bot.reference.agencies import Agency, AgencyDirectory, AgencyKind, regional_agency_name
from bot.reference.regions import province_by_code
from storage.units import ROOT_CODE

__all__ = ["ROOT_CODE", "UnitKey", "UnitKind", "agency_unit", "province_unit", "unit_of_enrollment"]

_PROVINCIAL_PREFIX = "pemprov-"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class UnitKind(StrEnum):
    NATIONAL = "national"
    CENTRAL = "central"
    PROVINCIAL = "provincial"
    REGIONAL = "regional"


@dataclass(frozen=True)
class UnitKey:
    """A unit as the reference data names it, before it has a row (and an id)."""

    code: str
    kind: UnitKind
    name: str
    parent: UnitKey | None  # None only for the root

    @property
    def national(self) -> bool:
        return self.code == ROOT_CODE


ROOT = UnitKey(ROOT_CODE, UnitKind.NATIONAL, "Program Nasional", None)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def province_unit(agencies: AgencyDirectory, province_code: str) -> UnitKey | None:
    """The provincial government of a province (agency code `pemprov-<province code>`)."""
    agency = agencies.by_code(f"{_PROVINCIAL_PREFIX}{province_code}")
    if agency is None or agency.kind != AgencyKind.PROVINCIAL:
        return None
    return UnitKey(agency.code, UnitKind.PROVINCIAL, agency.name, ROOT)


def agency_unit(
    agencies: AgencyDirectory, agency: Agency, province_code: str | None = None
) -> UnitKey | None:
    """The unit of a listed agency. A listed regency needs the province it lies in."""
    if agency.kind == AgencyKind.CENTRAL:
        return UnitKey(agency.code, UnitKind.CENTRAL, agency.name, ROOT)
    if agency.kind == AgencyKind.PROVINCIAL:
        return UnitKey(agency.code, UnitKind.PROVINCIAL, agency.name, ROOT)
    parent = province_unit(agencies, province_code) if province_code else None
    if parent is None:
        return None
    return UnitKey(agency.code, UnitKind.REGIONAL, agency.name, parent)


def regional_unit(agencies: AgencyDirectory, typed_name: str, province_code: str) -> UnitKey | None:
    """A regency or city government by the name people type, in the given province.
    Raises AgencyError when the name is not one (`regional_agency_name`'s checks)."""
    parent = province_unit(agencies, province_code)
    if parent is None:
        return None
    name = regional_agency_name(typed_name)
    place = _slug(name.removeprefix("Pemerintah "))
    return UnitKey(f"{province_code}-{place}", UnitKind.REGIONAL, name, parent)


def unit_of_enrollment(
    agencies: AgencyDirectory,
    *,
    agency_kind: str | None,
    agency_code: str | None,
    agency_name: str | None,
    province_code: str | None,
) -> UnitKey | None:
    """The unit of the agency a person chose at enrollment; None while it is not known yet
    (a regency before the province is answered) or not in the reference data."""
    if agency_code:
        agency = agencies.by_code(agency_code)
        return agency_unit(agencies, agency, province_code) if agency else None
    if agency_kind == AgencyKind.REGIONAL and agency_name and province_code:
        if province_by_code(province_code) is None:
            return None
        try:
            return regional_unit(agencies, agency_name, province_code)
        except ValueError:
            return None
    return None
