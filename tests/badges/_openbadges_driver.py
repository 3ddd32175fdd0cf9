"""Driver run INSIDE the openbadges validator venv (never imported by the project's tests).

Usage: python -I _openbadges_driver.py CONFIG.json OUT.json

CONFIG (written by tests/badges/openbadges_validator.py):
    {"png_path": str | null, "badge_input": str | null, "recipient_profile": dict | null,
     "allowed_hosts": [str], "documents": {url: json}, "options": dict, "http_timeout": float}

It makes the official 1EdTech validator (PyPI `openbadges` 1.1.2) work offline:

* every HTTP request the validator makes goes through `requests.adapters.HTTPAdapter.send`
  (fetch_http_node, validate_image and CachableDocumentLoader all use `requests` sessions,
  including requests_cache's CachedSession); that method is replaced so that
  - the Open Badges 2.0 JSON-LD context URLs are answered with the copy the package bundles
    (`OPENBADGES_CONTEXT_V2_DICT`), plus any extra `documents` the caller supplies;
  - URLs on `allowed_hosts` (loopback: the app under test) are fetched for real;
  - anything else is refused with a ConnectionError and recorded in `blocked_urls`;
* pyld's module-level default document loader (urllib-based, used by a few validator calls
  that pass no options, e.g. `is_ld_term_in_list`) is replaced with the package's own
  requests-based `CachableDocumentLoader(use_cache=False)`, so it goes through the same hook.

OUT receives {"result": <openbadges.verify() return value> | null, "driver_error": str | null,
"fetched_urls": [...], "served_documents": [...], "blocked_urls": [...]}.
"""

from __future__ import annotations

import io
import json
import sys
import traceback
from urllib.parse import urlsplit

CONTEXT_V2_URLS = frozenset(
    scheme + "://" + path
    for scheme in ("https", "http")
    for path in (
        "w3id.org/openbadges/v2",
        "w3id.org/openbadges/v2/",
        "w3id.org/openbadges/v2.json",
        "w3id.org/openbadges/v2/context.json",
        "openbadgespec.org/v2/context.json",
    )
)


def _normalise(url: str) -> str:
    return url.split("#", 1)[0]


def main(config_path: str, out_path: str) -> int:
    with open(config_path, encoding="utf-8") as fh:
        config = json.load(fh)

    fetched: list[str] = []
    served: list[str] = []
    blocked: list[str] = []
    out: dict[str, object] = {
        "result": None,
        "driver_error": None,
        "fetched_urls": fetched,
        "served_documents": served,
        "blocked_urls": blocked,
    }

    try:
        import openbadges
        import requests
        from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT
        from openbadges.verifier.utils import CachableDocumentLoader
        from pyld import jsonld
        from requests.adapters import HTTPAdapter
        from requests.structures import CaseInsensitiveDict

        documents: dict[str, object] = {url: OPENBADGES_CONTEXT_V2_DICT for url in CONTEXT_V2_URLS}
        documents.update({_normalise(u): d for u, d in (config.get("documents") or {}).items()})
        allowed_hosts = {h.lower().strip("[]") for h in config.get("allowed_hosts") or []}
        http_timeout = float(config.get("http_timeout") or 10)
        original_send = HTTPAdapter.send

        def fake_response(request: requests.PreparedRequest, document: object) -> requests.Response:
            response = requests.Response()
            response.status_code = 200
            response.reason = "OK"
            response._content = json.dumps(document).encode("utf-8")
            response.headers = CaseInsensitiveDict({"Content-Type": "application/ld+json"})
            response.encoding = "utf-8"
            response.url = request.url or ""
            response.request = request
            response.raw = io.BytesIO(response._content)
            return response

        def offline_send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            url = request.url or ""
            key = _normalise(url)
            if key in documents:
                served.append(url)
                return fake_response(request, documents[key])
            host = (urlsplit(url).hostname or "").lower()
            if host in allowed_hosts:
                fetched.append(url)
                if kwargs.get("timeout") is None:
                    kwargs["timeout"] = http_timeout
                return original_send(self, request, **kwargs)
            blocked.append(url)
            raise requests.ConnectionError(
                f"offline validator harness: {url} is neither a bundled document nor on an "
                f"allowed host {sorted(allowed_hosts)}",
                request=request,
            )

        HTTPAdapter.send = offline_send  # type: ignore[method-assign]
        jsonld.set_document_loader(CachableDocumentLoader(use_cache=False))

        options = dict(config.get("options") or {})
        profile = config.get("recipient_profile")
        if config.get("png_path"):
            from openbadges_bakery import unbake

            with open(config["png_path"], "rb") as png:
                try:
                    baked = unbake(png)
                except Exception as exc:
                    baked = None
                    out["driver_error"] = f"could not read PNG: {exc!r}"
                if not baked:
                    # verify() itself would crash here (it uses e.message, a Python 2 idiom).
                    out["driver_error"] = out["driver_error"] or (
                        "no Open Badges metadata (iTXt/tEXt chunk 'openbadges') in the PNG"
                    )
                else:
                    png.seek(0)
                    out["result"] = openbadges.verify(png, recipient_profile=profile, **options)
        else:
            out["result"] = openbadges.verify(
                config["badge_input"], recipient_profile=profile, **options
            )
    except Exception:
        out["driver_error"] = traceback.format_exc()

    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, default=repr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
