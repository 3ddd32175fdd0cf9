"""Open Badges 2.0 documents (hosted verification): Issuer, BadgeClass, Assertion.

Every `id` is the URL the document is served from, on the issuer's origin.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

CONTEXT = "https://w3id.org/openbadges/v2"


@dataclass(frozen=True)
class IssuerInfo:
    name: str
    url: str
    email: str | None
    has_logo: bool


class BadgeUrls:
    """Where each document lives under the public base URL."""

    def __init__(self, public_base_url: str) -> None:
        self.base = public_base_url.rstrip("/")

    @property
    def issuer(self) -> str:
        return f"{self.base}/openbadges/issuer"

    @property
    def badge_class(self) -> str:
        return f"{self.base}/openbadges/badge-class"

    @property
    def badge_class_image(self) -> str:
        return f"{self.base}/openbadges/badge-class/image.png"

    @property
    def issuer_logo(self) -> str:
        return f"{self.base}/openbadges/issuer/logo.png"

    def assertion(self, number: str) -> str:
        return f"{self.base}/openbadges/assertions/{number}"

    def image(self, number: str) -> str:
        return f"{self.base}/badges/{number}.png"

    def page(self, number: str) -> str:
        return f"{self.base}/verify/{number}"


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_identity(identity: str, salt: str) -> str:
    """`sha256$` + hex(sha256(identity + salt)), as Open Badges 2.0 hashes a recipient."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def issuer_document(urls: BadgeUrls, issuer: IssuerInfo) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": urls.issuer,
        "name": issuer.name,
        "url": issuer.url,
    }
    if issuer.email:
        document["email"] = issuer.email
    if issuer.has_logo:
        document["image"] = urls.issuer_logo
    return document


def badge_class_document(urls: BadgeUrls, threshold: int) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": urls.badge_class,
        "name": "Humas Pemerintah",
        "description": (
            "Aparatur Sipil Negara yang secara sukarela menjadi humas pemerintah: membagikan "
            "informasi program pemerintah yang terverifikasi. / Civil servants who volunteer "
            "as government public relations, sharing verified information on government "
            "programmes."
        ),
        "image": urls.badge_class_image,
        "criteria": {
            "narrative": (
                f"An enrolled civil servant whose own social media account has more than "
                f"{threshold} followers, verified through the platform's official API or by "
                "an administrator's review, with ownership proven by a one-time code."
            )
        },
        "issuer": urls.issuer,
    }


@dataclass(frozen=True)
class AssertionFacts:
    number: str
    recipient_type: str
    recipient_hash: str
    recipient_salt: str
    issued_at: datetime
    expires_at: datetime
    evidence: str


def assertion_document(urls: BadgeUrls, facts: AssertionFacts) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion(facts.number),
        "recipient": {
            "type": facts.recipient_type,
            "hashed": True,
            "salt": facts.recipient_salt,
            "identity": facts.recipient_hash,
        },
        "badge": urls.badge_class,
        "verification": {"type": "hosted"},
        "issuedOn": facts.issued_at.isoformat(),
        "expires": facts.expires_at.isoformat(),
        "image": urls.image(facts.number),
        "evidence": {"narrative": facts.evidence},
    }


def revoked_document(urls: BadgeUrls, number: str, reason: str) -> dict[str, Any]:
    """What a revoked (or suspended) hosted assertion answers, with HTTP 410."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion(number),
        "revoked": True,
        "revocationReason": reason,
    }
