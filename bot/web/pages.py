"""The web app's pages: Indonesian first, English beside it, nothing the holder did not make
public. Styles come from /static/site.css (the Content-Security-Policy allows no inline style
or script), and every form works without JavaScript."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from bot.badges.service import BadgeState, BadgeView
from bot.clock import JAKARTA
from bot.texts.formats import count, day

STYLESHEET = "/static/site.css"

_STATE = {
    BadgeState.VALID: ("✅", "Lencana sah", "Valid badge"),
    BadgeState.EXPIRED: ("⌛", "Lencana kedaluwarsa", "Expired badge"),
    BadgeState.SUSPENDED: ("⏸", "Lencana ditangguhkan", "Suspended badge"),
    BadgeState.REVOKED: ("⛔", "Lencana dicabut", "Revoked badge"),
}
_PLATFORM_NAMES = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "tiktok": "TikTok",
    "youtube": "YouTube",
}


@dataclass(frozen=True)
class Site:
    """The issuer as every page shows it."""

    issuer: str
    url: str
    email: str | None
    threshold: int
    number_prefix: str

    @property
    def example_number(self) -> str:
        return f"{self.number_prefix}-2026-000123"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(title: str, body: str, lang: str = "id") -> str:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{_e(title)}</title><link rel='stylesheet' href='{STYLESHEET}'></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _header(site: Site) -> str:
    return (
        "<header><h1>HUMAS PEMERINTAH</h1>"
        f"<p>Government Public Relations · {_e(site.issuer)}</p></header>"
    )


def _both(indonesian: str, english: str) -> str:
    """One sentence in both languages, English in its own muted paragraph."""
    return f"<p>{indonesian}</p><p class='en' lang='en'>{english}</p>"


def _contact(site: Site) -> str:
    lines = [f"<p><strong>Kontak penerbit · Issuer contact:</strong> {_e(site.issuer)}</p>"]
    if site.email:
        lines.append(f"<p><a href='mailto:{_e(site.email)}'>{_e(site.email)}</a></p>")
    lines.append(f"<p><a href='{_e(site.url)}'>{_e(site.url)}</a></p>")
    return "<footer>" + "".join(lines) + "</footer>"


def _check_form(site: Site, value: str = "", problem: str = "") -> str:
    return (
        "<form method='get' action='/check'>"
        "<label for='number'>Nomor lencana · Badge number</label>"
        f"<input type='text' id='number' name='number' value='{_e(value[:40])}'"
        f" placeholder='{_e(site.example_number)}' maxlength='40' autocomplete='off'"
        " autocapitalize='characters' spellcheck='false' required>"
        "<button type='submit'>Periksa · Check</button>"
        + (f"<p class='hint problem'>{problem}</p>" if problem else "")
        + f"<p class='hint'>Contoh · Example: {_e(site.example_number)}</p>"
        "</form>"
    )


def _join(names: list[str], word: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def rule_text(platforms: tuple[str, ...], threshold: int) -> tuple[str, str]:
    """What was verified, in Indonesian and English: "lebih dari 500 pengikut di Instagram"."""
    names = [_PLATFORM_NAMES.get(p, p) for p in platforms]
    where_id = _join(names, "dan") if names else "media sosial"
    where_en = _join(names, "and") if names else "social media"
    return (
        f"Akun milik pemegang dengan lebih dari {count(threshold, 'id')} pengikut di {where_id}",
        f"An account of the holder's with more than {count(threshold, 'en')} followers"
        f" on {where_en}",
    )


def moment(value: datetime) -> tuple[str, str]:
    """A time as Indonesians read it (WIB), in both languages."""
    local = value.astimezone(JAKARTA)
    return (
        f"{day(local, 'id')}, {local:%H.%M} WIB",
        f"{day(local, 'en')}, {local:%H:%M} WIB (UTC+7)",
    )


def landing_page(site: Site) -> str:
    threshold_id, threshold_en = count(site.threshold, "id"), count(site.threshold, "en")
    body = (
        _header(site)
        + "<section><h2>Periksa lencana · Check a badge</h2>"
        + _check_form(site)
        + "</section><section><h2>Apa ini? · What is this?</h2>"
        + _both(
            "Aparatur Sipil Negara (ASN) yang aktif di media sosial dapat ikut secara sukarela"
            " sebagai humas pemerintah: membagikan informasi program pemerintah yang sudah"
            " terverifikasi dan meluruskan hoaks.",
            "Civil servants (ASN) active on social media can volunteer as government public"
            " relations: they share verified information on government programmes and counter"
            " hoaxes.",
        )
        + _both(
            f"Yang akunnya memiliki lebih dari {threshold_id} pengikut di Instagram, Facebook,"
            " X, TikTok atau YouTube, dan terbukti miliknya sendiri, menerima lencana digital"
            " (Open Badges 2.0). Setiap lencana memiliki nomor dan kode QR yang dapat diperiksa"
            " siapa saja di sini.",
            f"Those whose account has more than {threshold_en} followers on Instagram, Facebook,"
            " X, TikTok or YouTube, and is proven to be their own, receive a digital badge"
            " (Open Badges 2.0). Every badge has a number and a QR code anyone can check here.",
        )
        + "</section>"
        + _contact(site)
    )
    return _page("Humas Pemerintah — Government Public Relations", body)


def check_problem_page(site: Site, typed: str, *, found_nothing: bool) -> str:
    """The check box again, saying what was wrong with the number typed."""
    if found_nothing:
        problem = (
            f"Lencana {_e(typed)} tidak ditemukan. Periksa kembali nomornya."
            f" · <span lang='en'>No badge {_e(typed)} was found. Please check the number."
            "</span>"
        )
    elif typed:
        problem = (
            "Nomor lencana terdiri dari kode, tahun dan enam angka, dipisah tanda hubung."
            " · <span lang='en'>A badge number is a code, a year and six digits, joined by"
            " hyphens.</span>"
        )
    else:
        problem = "Ketik nomor lencana. · <span lang='en'>Type a badge number.</span>"
    banner = "Tidak ditemukan · Not found"
    if not found_nothing:
        banner = "Periksa nomornya · Check the number"
    body = (
        _header(site)
        + f"<div class='state state-unknown'>{banner}</div>"
        + "<section><h2>Periksa lencana · Check a badge</h2>"
        + _check_form(site, typed, problem)
        + "</section>"
        + _contact(site)
    )
    return _page("Periksa lencana — Check a badge", body)


def badge_page(view: BadgeView, site: Site) -> str:
    icon, indonesian, english = _STATE[view.state]
    reason = ""
    if view.reason and view.state in {BadgeState.REVOKED, BadgeState.SUSPENDED}:
        reason = f"<dt>Alasan · Reason</dt><dd>{_e(view.reason)}</dd>"
    rule_id, rule_en = rule_text(view.platforms, site.threshold)
    checked = ""
    if view.checked_at is not None:
        checked_id, checked_en = moment(view.checked_at)
        checked = (
            "<dt>Terakhir diperiksa · Last checked</dt>"
            f"<dd>{checked_id}<br><span class='en' lang='en'>{checked_en}</span></dd>"
        )
    now_id, now_en = moment(view.as_of)
    number = _e(view.number)
    body = (
        _header(site)
        + f"<div class='state state-{view.state.value}'>{icon} {indonesian} · {english}</div>"
        + f"<img class='badge-image' src='/badges/{number}.png' width='1080' height='1080'"
        + f" alt='Lencana {number} · Badge {number}'>"
        + "<dl>"
        + reason
        + f"<dt>Nomor lencana · Badge number</dt><dd>{number}</dd>"
        + f"<dt>Pemegang · Holder</dt><dd>{_e(view.holder_name)}</dd>"
        + f"<dt>Instansi · Agency</dt><dd>{_e(view.agency)}</dd>"
        + "<dt>Yang diverifikasi · What was verified</dt>"
        + f"<dd>{_e(rule_id)}<br><span class='en' lang='en'>{_e(rule_en)}</span></dd>"
        + checked
        + f"<dt>Diterbitkan · Issued</dt><dd>{day(view.issued_at, 'id')}"
        + f" · {day(view.issued_at, 'en')}</dd>"
        + f"<dt>Berlaku sampai · Valid until</dt><dd>{day(view.expires_at, 'id')}"
        + f" · {day(view.expires_at, 'en')}</dd>"
        + f"<dt>Status per · Status as of</dt><dd>{now_id}<br>"
        + f"<span class='en' lang='en'>{now_en}</span></dd>"
        + "</dl>"
        + "<section><p class='en'>Lencana digital Open Badges 2.0 · Open Badges 2.0 digital"
        + " badge · <a href='/'>Periksa lencana lain · Check another badge</a></p></section>"
        + _contact(site)
    )
    return _page(f"{view.number} — Humas Pemerintah", body)


def not_found_page(number: str, site: Site) -> str:
    return check_problem_page(site, number[:40], found_nothing=True)
