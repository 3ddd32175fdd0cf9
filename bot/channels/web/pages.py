"""The web app's pages: Indonesian first, English beside it, nothing the holder did not make
public. Every word comes from the catalogues (the web_ keys), escaped once filled in. Styles
come from /static/site.css (the Content-Security-Policy allows no inline style or script), and
every form works without JavaScript."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from bot.badges.service import BadgeState, BadgeView
from bot.clock import JAKARTA
from bot.languages import Locale
from bot.texts import plain
from bot.texts.formats import count, day

STYLESHEET = "/static/site.css"

_STATE = {
    BadgeState.VALID: ("✅", "web_state_valid"),
    BadgeState.EXPIRED: ("⌛", "web_state_expired"),
    BadgeState.SUSPENDED: ("⏸", "web_state_suspended"),
    BadgeState.REVOKED: ("⛔", "web_state_revoked"),
}
# Platform names are brands, written the same in both languages.
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


def _escaped(locale: Locale, key: str, /, **values: object) -> str:
    """A catalogue text, escaped for HTML once its values are filled in."""
    return _e(plain(locale, key, **values))


def _pair(key: str, /, separator: str = " · ", **values: object) -> str:
    """Indonesian first, English beside it: "Nomor lencana · Badge number"."""
    return f"{_escaped('id', key, **values)}{separator}{_escaped('en', key, **values)}"


def _page(title: str, body: str, lang: str = "id") -> str:
    """A whole page; ``title`` and ``body`` are HTML already escaped where needed."""
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{title}</title><link rel='stylesheet' href='{STYLESHEET}'></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _header(site: Site) -> str:
    return (
        "<header><h1>"
        + _e(plain("id", "web_programme").upper())
        + "</h1><p>"
        + _escaped("en", "web_programme")
        + f" · {_e(site.issuer)}</p></header>"
    )


def _both(indonesian: str, english: str) -> str:
    """One sentence in both languages, English in its own muted paragraph."""
    return f"<p>{indonesian}</p><p class='en' lang='en'>{english}</p>"


def _contact(site: Site) -> str:
    contact = _pair("web_issuer_contact")
    lines = [f"<p><strong>{contact}:</strong> {_e(site.issuer)}</p>"]
    if site.email:
        lines.append(f"<p><a href='mailto:{_e(site.email)}'>{_e(site.email)}</a></p>")
    lines.append(f"<p><a href='{_e(site.url)}'>{_e(site.url)}</a></p>")
    return "<footer>" + "".join(lines) + "</footer>"


def _check_form(site: Site, value: str = "", problem: str = "") -> str:
    return (
        "<form method='get' action='/check'>"
        "<label for='number'>" + _pair("web_badge_number") + "</label>"
        f"<input type='text' id='number' name='number' value='{_e(value[:40])}'"
        f" placeholder='{_e(site.example_number)}' maxlength='40' autocomplete='off'"
        " autocapitalize='characters' spellcheck='false' required>"
        "<button type='submit'>"
        + _pair("web_check")
        + "</button>"
        + (f"<p class='hint problem'>{problem}</p>" if problem else "")
        + "<p class='hint'>"
        + _pair("web_example")
        + f": {_e(site.example_number)}</p>"
        "</form>"
    )


def _join(names: list[str], word: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def rule_text(platforms: tuple[str, ...], threshold: int, locale: Locale) -> str:
    """What was verified (plain text): "lebih dari 500 pengikut di Instagram"."""
    names = [_PLATFORM_NAMES.get(p, p) for p in platforms]
    where = _join(names, plain(locale, "web_and")) if names else plain(locale, "web_social_media")
    return plain(locale, "web_rule", threshold=count(threshold, locale), where=where)


# Indonesians write the time with a dot (08.00), English readers with a colon.
_CLOCK: dict[Locale, str] = {"id": "%H.%M", "en": "%H:%M"}


def moment(value: datetime, locale: Locale) -> str:
    """A time as Indonesians read it (WIB), escaped for HTML."""
    local = value.astimezone(JAKARTA)
    return _escaped(
        locale, "web_moment", day=day(local, locale), time=local.strftime(_CLOCK[locale])
    )


def _title(key: str) -> str:
    return _pair(key, separator=" — ")


def landing_page(site: Site) -> str:
    body = (
        _header(site)
        + "<section><h2>"
        + _pair("web_check_a_badge")
        + "</h2>"
        + _check_form(site)
        + "</section><section><h2>"
        + _pair("web_what_is_this")
        + "</h2>"
        + _both(_escaped("id", "web_about_volunteers"), _escaped("en", "web_about_volunteers"))
        + _both(
            _escaped("id", "web_about_badge", threshold=count(site.threshold, "id")),
            _escaped("en", "web_about_badge", threshold=count(site.threshold, "en")),
        )
        + "</section>"
        + _contact(site)
    )
    return _page(_title("web_programme"), body)


def check_problem_page(site: Site, typed: str, *, found_nothing: bool) -> str:
    """The check box again, saying what was wrong with the number typed."""
    if found_nothing:
        key, values, banner = "web_problem_not_found", {"number": typed}, "web_not_found"
    elif typed:
        key, values, banner = "web_problem_format", {}, "web_check_the_number"
    else:
        key, values, banner = "web_problem_empty", {}, "web_check_the_number"
    problem = (
        f"{_escaped('id', key, **values)} · <span lang='en'>{_escaped('en', key, **values)}</span>"
    )
    body = (
        _header(site)
        + f"<div class='state state-unknown'>{_pair(banner)}</div>"
        + "<section><h2>"
        + _pair("web_check_a_badge")
        + "</h2>"
        + _check_form(site, typed, problem)
        + "</section>"
        + _contact(site)
    )
    return _page(_title("web_check_a_badge"), body)


def _term(key: str, value: str) -> str:
    """One line of the badge's details: the term in both languages, then the value."""
    return f"<dt>{_pair(key)}</dt><dd>{value}</dd>"


def _in_both(indonesian: str, english: str) -> str:
    return f"{indonesian}<br><span class='en' lang='en'>{english}</span>"


def badge_page(view: BadgeView, site: Site) -> str:
    icon, state = _STATE[view.state]
    reason = ""
    if view.reason and view.state in {BadgeState.REVOKED, BadgeState.SUSPENDED}:
        reason = _term("web_reason", _e(view.reason))
    checked = ""
    if view.checked_at is not None:
        checked = _term(
            "web_last_checked",
            _in_both(moment(view.checked_at, "id"), moment(view.checked_at, "en")),
        )
    rules = [_e(rule_text(view.platforms, site.threshold, locale)) for locale in ("id", "en")]
    number = _e(view.number)
    body = (
        _header(site)
        + f"<div class='state state-{view.state.value}'>{icon} {_pair(state)}</div>"
        + f"<img class='badge-image' src='/badges/{number}.png' width='1080' height='1080'"
        + " alt='"
        + _pair("web_badge_alt", number=view.number)
        + "'>"
        + "<dl>"
        + reason
        + _term("web_badge_number", number)
        + _term("web_holder", _e(view.holder_name))
        + _term("web_agency", _e(view.agency))
        + _term("web_what_was_verified", _in_both(*rules))
        + checked
        + _term("web_issued", f"{day(view.issued_at, 'id')} · {day(view.issued_at, 'en')}")
        + _term("web_valid_until", f"{day(view.expires_at, 'id')} · {day(view.expires_at, 'en')}")
        + _term("web_status_as_of", _in_both(moment(view.as_of, "id"), moment(view.as_of, "en")))
        + "</dl>"
        + "<section><p class='en'>"
        + _pair("web_open_badges")
        + " · <a href='/'>"
        + _pair("web_check_another")
        + "</a></p></section>"
        + _contact(site)
    )
    return _page(f"{number} — " + _escaped("id", "web_programme"), body)


def not_found_page(number: str, site: Site) -> str:
    return check_problem_page(site, number[:40], found_nothing=True)
