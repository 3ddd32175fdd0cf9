"""Enrollment on WhatsApp (the flow of handlers/telegram/enrollment.mmd): each answer is
stored through EnrollmentService and the next question follows from the stored draft, so a
typed answer always answers the draft's open question, after a restart too."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable

from bot.enrollment.nip import NipError
from bot.enrollment.person_names import FullNameError
from bot.enrollment.service import (
    Draft,
    Field,
    NipTaken,
    NoSocialAccount,
    NotEnrolling,
    Step,
    WorkUnitError,
)
from bot.enrollment.social_handles import HandleError
from bot.enrollment.work_email import EmailError, parse_work_email
from bot.people.service import ChannelIdentity
from bot.reference.agencies import Agency, AgencyError, AgencyKind
from bot.reference.regions import Province, province_by_code
from bot.texts import keys
from bot.texts.excerpt import excerpt
from handlers.whatsapp import choices
from handlers.whatsapp import enrollment_views as views
from handlers.whatsapp.context import Chat
from handlers.whatsapp.verification import check_after_submit

ANSWER_ERRORS = (
    NipError,
    NipTaken,
    FullNameError,
    AgencyError,
    WorkUnitError,
    EmailError,
    HandleError,
)
# Steps answered by typing; the others by a button or a list row.
TYPED_STEPS = frozenset(
    {
        Step.NIP,
        Step.FULL_NAME,
        Step.AGENCY,
        Step.WORK_UNIT,
        Step.PROVINCE,
        Step.WORK_EMAIL,
        Step.SOCIAL_HANDLE,
    }
)
# A list has 10 rows; on the agency list one is "change the kind of agency".
MAX_AGENCY_ROWS = 9
MAX_PROVINCE_ROWS = 10

Store = Callable[[ChannelIdentity, str], Awaitable[Draft]]


def in_enrollment(draft: Draft | None) -> bool:
    """Whether typed text answers an enrollment question: a draft, or a profile being
    edited."""
    return draft is not None and (not draft.submitted or bool(draft.enrollment.editing))


async def start(chat: Chat) -> None:
    """DAFTAR: the consent for a newcomer, the open question for a draft."""
    service = chat.services.enrollment
    draft = await service.draft(chat.who)
    if draft is None:
        await service.note_started()
        await ask(chat, None)
    elif draft.submitted:
        await chat.say(chat.t("already_submitted"))
    else:
        await ask(chat, draft, before=chat.t("resume"))


async def show_profile(chat: Chat) -> None:
    """PROFIL: the stored details with Change / Done (a draft continues where it stopped)."""
    draft = await chat.services.enrollment.draft(chat.who)
    if draft is None:
        await chat.say(chat.t("not_enrolled"))
        return
    if draft.submitted:
        await chat.remember(profile=profile_fingerprint(draft))
    await ask(chat, draft)


def profile_fingerprint(draft: Draft) -> str:
    """What the person can change from the profile, to tell "nothing changed" at Done."""
    e = draft.enrollment
    accounts = sorted((a.platform, a.handle) for a in draft.accounts)
    values = (e.nip, e.full_name, e.agency_name, e.work_unit, e.province_code, e.work_email)
    return hashlib.sha256(json.dumps([values, accounts]).encode()).hexdigest()


async def ask(chat: Chat, draft: Draft | None, *, before: str | None = None) -> None:
    """Asks the draft's next question, after `before` (a problem or a note) if given."""
    t = chat.t
    step = draft.next_step if draft else Step.CONSENT

    def body(text: str) -> str:
        return f"{before}\n\n{text}" if before else text

    if draft is None or step is Step.CONSENT:
        await chat.buttons(
            body(t("consent")),
            [
                (choices.CONSENT_YES, t.label("btn_agree")),
                (choices.CONSENT_NO, t.label("btn_disagree")),
            ],
        )
    elif step is Step.AGENCY_KIND:
        rows = [
            (choices.encode(choices.AGENCY_KIND, kind.value), t.label(views.KIND_ROW[kind]), "")
            for kind in AgencyKind
        ]
        await chat.choose(body(t("ask_agency_kind")), t.label("wa_btn_choose"), rows)
    elif step is Step.AGENCY:
        regional = draft.enrollment.agency_kind == AgencyKind.REGIONAL
        text = t("ask_regional_agency" if regional else "ask_agency_search")
        await chat.buttons(body(text), [(choices.CHANGE_KIND, t.label("wa_btn_change_kind"))])
    elif step is Step.WORK_EMAIL:
        await chat.buttons(body(t("ask_work_email")), [(choices.SKIP, t.label("btn_skip"))])
    elif step is Step.SOCIAL_HANDLE:
        platform = draft.current_platform
        buttons = [(choices.SKIP, t.label("btn_skip"))]
        if platform is not None and draft.account(platform):
            buttons.append((choices.REMOVE, t.label("wa_btn_remove")))
        await chat.buttons(body(views.social_question(t, draft)), buttons)
    elif step is Step.SUMMARY:
        text = body(views.summary_text(t, draft))
        if draft.submitted:
            first = (choices.SUMMARY_CHANGE, t.label("btn_change"))
            await chat.buttons(text, [first, (choices.SUMMARY_OK, t.label("btn_done"))])
        else:
            first = (choices.SUMMARY_OK, t.label("btn_correct"))
            await chat.buttons(text, [first, (choices.SUMMARY_CHANGE, t.label("btn_change"))])
    else:
        simple = {
            Step.NIP: "ask_nip",
            Step.FULL_NAME: "ask_full_name",
            Step.WORK_UNIT: "ask_work_unit",
            Step.PROVINCE: "ask_province",
        }
        await chat.say(body(t(simple[step])))


async def _answer(
    chat: Chat, store: Store, answer: str, *, note: Callable[[Draft], str | None] | None = None
) -> None:
    """Stores an answer, or says what was wrong with it and asks the same question again."""
    service = chat.services.enrollment
    try:
        draft = await store(chat.who, answer)
    except ANSWER_ERRORS as error:
        current = await service.draft(chat.who)
        platform = current.current_platform if current else None
        text = views.problem(chat.t, error, answer, platform=platform)
        await ask(chat, current, before=f"❌ {text}")
        return
    except NoSocialAccount:
        current = await service.draft(chat.who)
        await ask(chat, current, before=chat.t("need_one_account"))
        return
    await ask(chat, draft, before=note(draft) if note else None)


async def on_text(chat: Chat, draft: Draft, text: str) -> None:
    """A typed answer to the draft's open question."""
    service = chat.services.enrollment
    step = draft.next_step
    try:
        if step not in TYPED_STEPS:
            await ask(chat, draft, before=chat.t("button_expected"))
        elif step is Step.NIP:
            await _answer(chat, service.answer_nip, text)
        elif step is Step.FULL_NAME:
            await _answer(chat, service.answer_full_name, text)
        elif step is Step.AGENCY:
            await _agency(chat, draft, text)
        elif step is Step.WORK_UNIT:
            await _answer(chat, service.answer_work_unit, text)
        elif step is Step.PROVINCE:
            await _province(chat, draft, text)
        elif step is Step.WORK_EMAIL:
            await _answer(chat, service.answer_work_email, text, note=_not_government(chat))
        else:
            await _answer(chat, service.answer_social_handle, text)
    except NotEnrolling:
        await chat.say(chat.t("not_enrolled"))


def _not_government(chat: Chat) -> Callable[[Draft], str | None]:
    def note(draft: Draft) -> str | None:
        address = draft.enrollment.work_email
        if address and not parse_work_email(address).is_government:
            return chat.t("email_not_government", address=address)
        return None

    return note


async def _agency(chat: Chat, draft: Draft, query: str) -> None:
    """Searches the agency list (or stores a regency/city name) and offers the matches."""
    service = chat.services.enrollment
    if draft.enrollment.agency_kind == AgencyKind.REGIONAL:
        await _answer(chat, service.answer_regional_agency, query)
        return
    kind = AgencyKind(draft.enrollment.agency_kind or AgencyKind.CENTRAL)
    found = service.search_agencies(kind, query)
    if not found:
        await ask(chat, draft, before=chat.t("agency_none_found", query=excerpt(query)))
        return
    await _offer_agencies(chat, found)


async def _offer_agencies(chat: Chat, found: list[Agency]) -> None:
    t = chat.t
    rows = [
        (choices.encode(choices.AGENCY, agency.code), agency.name, "")
        for agency in found[:MAX_AGENCY_ROWS]
    ]
    rows.append((choices.CHANGE_KIND, t.label("wa_btn_change_kind"), ""))
    body = t("agency_results")
    if len(found) > MAX_AGENCY_ROWS:
        body = f"{body}\n\n{t('wa_more_matches', shown=MAX_AGENCY_ROWS, found=len(found))}"
    await chat.choose(body, t.label("wa_btn_choose"), rows)


async def _province(chat: Chat, draft: Draft, query: str) -> None:
    """Searches the provinces; one match is stored at once, several are offered as a list."""
    found = chat.services.enrollment.search_provinces(query)
    if len(found) == 1:
        await _store_province(chat, found[0].code)
    elif not found:
        await ask(chat, draft, before=chat.t("province_none_found", query=excerpt(query)))
    else:
        await _offer_provinces(chat, found)


async def _offer_provinces(chat: Chat, found: list[Province]) -> None:
    t = chat.t
    rows = [(choices.encode(choices.PROVINCE, p.code), p.name, "") for p in found]
    body = t("province_results")
    if len(found) > MAX_PROVINCE_ROWS:
        shown = MAX_PROVINCE_ROWS
        body = f"{body}\n\n{t('wa_more_matches', shown=shown, found=len(found))}"
    await chat.choose(body, t.label("wa_btn_choose"), rows[:MAX_PROVINCE_ROWS])


async def _store_province(chat: Chat, code: str) -> None:
    draft = await chat.services.enrollment.choose_province(chat.who, code)
    province = province_by_code(code)
    assert province
    note = chat.t(
        "province_chosen",
        province=province.name,
        zone=province.zone.name,
        offset=province.zone.utc_offset_hours,
    )
    await ask(chat, draft, before=note)


async def on_choice(chat: Chat, choice: choices.Choice) -> bool:
    """A pressed button or chosen row of the enrollment; False when it is not one."""
    kind = choice.kind
    if kind == choices.CONSENT:
        await _consent(chat, choice.value == choices.YES)
        return True
    if kind not in {
        choices.AGENCY_KIND,
        choices.AGENCY,
        choices.CHANGE_KIND,
        choices.PROVINCE,
        choices.SKIP,
        choices.REMOVE,
        choices.SUMMARY,
        choices.EDIT,
    }:
        return False
    service = chat.services.enrollment
    draft = await service.draft(chat.who)
    if draft is None:
        await chat.say(chat.t("not_enrolled"))
        return True
    try:
        await _choice(chat, draft, choice)
    except NotEnrolling:
        await chat.say(chat.t("not_enrolled"))
    return True


async def _choice(chat: Chat, draft: Draft, choice: choices.Choice) -> None:
    service, who, step = chat.services.enrollment, chat.who, draft.next_step
    expected = {
        choices.AGENCY_KIND: Step.AGENCY_KIND,
        choices.AGENCY: Step.AGENCY,
        choices.CHANGE_KIND: Step.AGENCY,
        choices.PROVINCE: Step.PROVINCE,
        choices.REMOVE: Step.SOCIAL_HANDLE,
    }.get(choice.kind)
    if expected is not None and expected is not step:
        await ask(chat, draft, before=chat.t("button_outdated"))
        return
    if choice.kind == choices.AGENCY_KIND:
        kind = next((k for k in AgencyKind if k.value == choice.value), None)
        if kind is None:
            await ask(chat, draft, before=chat.t("button_outdated"))
            return
        await ask(chat, await service.choose_agency_kind(who, kind))
    elif choice.kind == choices.CHANGE_KIND:
        await ask(chat, await service.edit(who, Field.AGENCY))
    elif choice.kind == choices.AGENCY:
        if service.agencies.by_code(choice.value) is None:
            await ask(chat, draft, before=chat.t("button_outdated"))
            return
        await ask(chat, await service.choose_agency(who, choice.value))
    elif choice.kind == choices.PROVINCE:
        if province_by_code(choice.value) is None:
            await ask(chat, draft, before=chat.t("button_outdated"))
            return
        await _store_province(chat, choice.value)
    elif choice.kind in (choices.SKIP, choices.REMOVE):
        await _skip(chat, draft, remove=choice.kind == choices.REMOVE)
    elif choice.kind == choices.EDIT:
        field = next((f for f in Field if f.value == choice.value), None)
        if field is None or step is not Step.SUMMARY:
            await ask(chat, draft, before=chat.t("button_outdated"))
            return
        await ask(chat, await service.edit(who, field))
    else:
        await _summary(chat, draft, choice.value)


async def _skip(chat: Chat, draft: Draft, *, remove: bool) -> None:
    service = chat.services.enrollment
    if draft.next_step is Step.WORK_EMAIL:
        await _answer(chat, lambda who, _: service.answer_work_email(who, None), "")
    elif draft.next_step is Step.SOCIAL_HANDLE:

        async def skip(who: ChannelIdentity, _: str) -> Draft:
            return await service.answer_social_handle(who, None, remove=remove)

        await _answer(chat, skip, "")
    else:
        await ask(chat, draft, before=chat.t("button_outdated"))


async def _consent(chat: Chat, agreed: bool) -> None:
    if not agreed:
        await chat.say(chat.t("consent_declined"))
        return
    service = chat.services.enrollment
    draft = await service.draft(chat.who) or await service.consent(
        chat.who, chat.t.locale, chat.t("consent")
    )
    await ask(chat, draft)


async def _summary(chat: Chat, draft: Draft, action: str) -> None:
    """Correct / Done submits (or saves the profile), Change offers the fields, Back returns."""
    t, service = chat.t, chat.services.enrollment
    if draft.next_step is not Step.SUMMARY:
        await ask(chat, draft, before=t("button_outdated"))
        return
    if action == choices.CHANGE:
        rows = [(choices.encode(choices.EDIT, f.value), t.label(keys.FIELD[f]), "") for f in Field]
        rows.append((choices.SUMMARY_BACK, t.label("btn_back"), ""))
        await chat.choose(t("ask_edit_field"), t.label("wa_btn_choose"), rows)
    elif action == choices.BACK:
        await ask(chat, draft)
    elif action != choices.OK:
        await ask(chat, draft, before=t("button_outdated"))
    elif draft.submitted:
        opened = (await chat.state()).get("profile")
        await chat.remember(profile=None)
        recheck = any(a.verification_status == "unverified" for a in draft.accounts)
        if opened == profile_fingerprint(draft) and not recheck:
            await chat.say(t("profile_unchanged"))
            return
        await chat.say(t("profile_saved" if recheck else "profile_saved_only"))
        if recheck:
            await check_after_submit(chat)  # changed handles are checked again
    else:
        draft = await service.submit(chat.who)
        await chat.say(t("submitted", name=draft.enrollment.full_name))
        await check_after_submit(chat)
