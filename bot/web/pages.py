"""The verification page: Indonesian first, English beside it, nothing the holder did not
make public."""

from __future__ import annotations

import html

from bot.badges.service import BadgeState, BadgeView
from bot.texts.formats import day

_STATE = {
    BadgeState.VALID: ("✅", "Lencana sah", "Valid badge", "#0a7d4f"),
    BadgeState.EXPIRED: ("⌛", "Lencana kedaluwarsa", "Expired badge", "#8a6d00"),
    BadgeState.SUSPENDED: ("⏸", "Lencana ditangguhkan", "Suspended badge", "#9a4a00"),
    BadgeState.REVOKED: ("⛔", "Lencana dicabut", "Revoked badge", "#a4161a"),
}

_STYLE = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
background:#eef3f8;color:#14213d}
main{max-width:560px;margin:2rem auto;background:#fff;border-radius:16px;
box-shadow:0 4px 24px rgba(20,33,61,.12);overflow:hidden}
header{background:#0b3c6f;color:#fff;padding:1.25rem 1.5rem}
header h1{margin:0;font-size:1.25rem;letter-spacing:.06em}
header p{margin:.25rem 0 0;opacity:.85}
.state{padding:1rem 1.5rem;color:#fff;font-weight:600;font-size:1.1rem}
dl{margin:0;padding:1rem 1.5rem 1.5rem}
dt{font-size:.8rem;text-transform:uppercase;color:#5c677d;margin-top:.9rem}
dd{margin:.2rem 0 0;font-size:1.05rem}
footer{padding:0 1.5rem 1.5rem;color:#5c677d;font-size:.85rem}
"""


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _header(issuer: str) -> str:
    return (
        "<header><h1>HUMAS PEMERINTAH</h1>"
        f"<p>Government Public Relations · {html.escape(issuer)}</p></header>"
    )


def badge_page(view: BadgeView, issuer: str) -> str:
    icon, indonesian, english, colour = _STATE[view.state]
    reason = ""
    if view.reason and view.state in {BadgeState.REVOKED, BadgeState.SUSPENDED}:
        reason = f"<dt>Alasan / Reason</dt><dd>{html.escape(view.reason)}</dd>"
    body = (
        _header(issuer)
        + f"<div class='state' style='background:{colour}'>{icon} {indonesian} · {english}</div>"
        + "<dl>"
        + f"<dt>Nomor lencana / Badge number</dt><dd>{html.escape(view.number)}</dd>"
        + f"<dt>Pemegang / Holder</dt><dd>{html.escape(view.holder_name)}</dd>"
        + f"<dt>Instansi / Agency</dt><dd>{html.escape(view.agency)}</dd>"
        + f"<dt>Diterbitkan / Issued</dt><dd>{day(view.issued_at, 'id')}"
        + f" · {day(view.issued_at, 'en')}</dd>"
        + f"<dt>Berlaku sampai / Valid until</dt><dd>{day(view.expires_at, 'id')}"
        + f" · {day(view.expires_at, 'en')}</dd>"
        + reason
        + "</dl><footer>Lencana digital Open Badges 2.0 · Open Badges 2.0 digital badge</footer>"
    )
    return _page(f"{view.number} — Humas Pemerintah", body)


def not_found_page(number: str, issuer: str) -> str:
    body = (
        _header(issuer)
        + "<div class='state' style='background:#5c677d'>Tidak ditemukan · Not found</div>"
        + "<dl><dt>Nomor lencana / Badge number</dt>"
        + f"<dd>{html.escape(number[:40])}</dd></dl>"
        + "<footer>Periksa kembali nomornya. · Please check the number.</footer>"
    )
    return _page("Tidak ditemukan — Not found", body)
