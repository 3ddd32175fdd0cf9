"""The enrollment conversation in Telegram (flow: handlers/telegram/enrollment.mmd).

Each state's callback stores one answer through EnrollmentService and asks the next question.
The next question is derived from what is stored, so the same `_ask` serves every step, a
re-asked question after a bad answer, and a conversation resumed after a restart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram.context import BotContext, identity_of
from bot.channels.telegram.conversations import persistent_conversation
from bot.channels.telegram.texts import Translator
from bot.enrollment.nip import NipError
from bot.enrollment.person_names import FullNameError
from bot.enrollment.service import (
    Draft,
    EnrollmentService,
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
from bot.reference.agencies import AgencyError, AgencyKind
from bot.reference.regions import province_by_code
from bot.texts import commands
from bot.texts.excerpt import excerpt
from handlers.telegram import account
from handlers.telegram import callback_data as callbacks
from handlers.telegram import enrollment_views as views
from handlers.telegram.badges import DEEP_LINK_PREFIX, show_badge_status
from handlers.telegram.verification import check_after_submit

END = ConversationHandler.END
# Every catalogue text is HTML (values are escaped when formatted).
HTML = ParseMode.HTML
ANSWER_ERRORS = (NipError, NipTaken, FullNameError, AgencyError, WorkUnitError, EmailError)
# Only new messages answer a question: an edited message (same message_id, `edit_date`) is
# told that edits change nothing (see on_edited).
NEW = filters.UpdateType.MESSAGE
EDITED = filters.UpdateType.EDITED_MESSAGE
TEXT = NEW & filters.TEXT & ~filters.COMMAND
PRIVATE = filters.ChatType.PRIVATE
# The profile as /profil opened it, to tell "nothing changed" at Done (kept in memory only:
# after a restart in the middle, Done says the changes were saved, as before).
PROFILE_OPENED = "profile_opened"


def _who(update: Update) -> ChannelIdentity:
    assert update.effective_user
    return identity_of(update.effective_user.id)


def _service(context: BotContext) -> EnrollmentService:
    return context.services.enrollment


async def _send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    assert update.effective_chat
    await update.effective_chat.send_message(text, parse_mode=HTML, reply_markup=markup)


async def _ask(
    update: Update,
    context: BotContext,
    draft: Draft | None,
    *,
    before: str | None = None,
    t: Translator | None = None,
) -> Step:
    """Asks the draft's next question, after `before` (a problem or a note) if given, in the
    update's language unless `t` says otherwise."""
    step = draft.next_step if draft else Step.CONSENT
    text, markup = views.question(t or context.t, draft, step)
    await _send(update, f"{before}\n\n{text}" if before else text, markup)
    return step


async def _pressed(update: Update) -> CallbackQuery:
    """Acknowledges a button press and removes the buttons, so they cannot be pressed twice."""
    query = update.callback_query
    assert query
    await query.answer()
    await callbacks.remove_buttons(query)
    return query


async def _outdated(update: Update, context: BotContext, step: Step) -> Step:
    """A button whose data does not decode (or names what no longer exists): say so and keep
    waiting for the same answer."""
    assert update.callback_query
    await update.callback_query.answer(context.t.label("button_outdated"), show_alert=True)
    return step


def _typed(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message else ""


async def _answer(
    update: Update,
    context: BotContext,
    store: Callable[[ChannelIdentity, str], Awaitable[Draft]],
    answer: str,
    *,
    note: Callable[[Draft], str | None] | None = None,
) -> Step | int:
    """Stores an answer, or says what was wrong with it and asks the same question again."""
    service, who = _service(context), _who(update)
    try:
        draft = await store(who, answer)
    except (*ANSWER_ERRORS, HandleError) as error:
        current = await service.draft(who)
        platform = current.current_platform if current else None
        problem = views.problem(context.t, error, answer, platform=platform)
        return await _ask(update, context, current, before=f"❌ {problem}")
    except NoSocialAccount:
        current = await service.draft(who)
        return await _ask(update, context, current, before=context.t("need_one_account"))
    return await _ask(update, context, draft, before=note(draft) if note else None)


async def _not_enrolled(update: Update, context: BotContext) -> int:
    await _send(update, context.t("not_enrolled"))
    return END


StateCallback = Callable[[Update, BotContext], Coroutine[Any, Any, Step | int]]


def _enrolling(callback: StateCallback) -> StateCallback:
    """Ends the conversation politely when the enrollment is gone (erased meanwhile)."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Step | int:
        try:
            return await callback(update, context)
        except NotEnrolling:
            return await _not_enrolled(update, context)

    return guarded


# --- Entry ---------------------------------------------------------------------------------


async def on_enroll(update: Update, context: BotContext) -> Step | int:
    """Opens enrollment: asks for consent, or continues a draft at its first open question.
    `/start verify_<number>` (the badge's deep link) shows that badge's status instead."""
    if context.args and context.args[0].startswith(DEEP_LINK_PREFIX):
        await show_badge_status(update, context, context.args[0].removeprefix(DEEP_LINK_PREFIX))
        return END
    service = _service(context)
    draft = await service.draft(_who(update))
    if draft is None:
        await service.note_started()
        return await _ask(update, context, None)
    if draft.submitted:
        await _send(update, context.t("already_submitted"))
        return END
    return await _ask(update, context, draft, before=context.t("resume"))


async def on_profile(update: Update, context: BotContext) -> Step | int:
    """Shows the stored details with a Change button (a draft continues where it stopped)."""
    draft = await _service(context).draft(_who(update))
    if draft is None:
        return await _not_enrolled(update, context)
    if draft.submitted:
        _user_data(context)[PROFILE_OPENED] = _profile_values(draft)
    return await _ask(update, context, draft)


def _user_data(context: BotContext) -> dict[str, object]:
    assert context.user_data is not None
    return context.user_data


def _profile_values(draft: Draft) -> tuple[object, ...]:
    """What the person can change from the profile, to compare before and after."""
    e = draft.enrollment
    accounts = tuple((a.platform, a.handle) for a in draft.accounts)
    return (e.nip, e.full_name, e.agency_name, e.work_unit, e.province_code, e.work_email, accounts)


# --- One callback per state -----------------------------------------------------------------


async def on_consent(update: Update, context: BotContext) -> Step | int:
    """Stores the consent (or stores nothing on a decline) and asks for the NIP."""
    query = await _pressed(update)
    if callbacks.CONSENT_NO.matches(query.data):
        await _send(update, context.t("consent_declined"))
        return END
    service, who = _service(context), _who(update)
    draft = await service.draft(who) or await service.consent(
        who, context.locale, context.t("consent")
    )
    return await _ask(update, context, draft)


@_enrolling
async def on_nip(update: Update, context: BotContext) -> Step | int:
    """Stores the NIP and asks for the full name."""
    return await _answer(update, context, _service(context).answer_nip, _typed(update))


@_enrolling
async def on_full_name(update: Update, context: BotContext) -> Step | int:
    """Stores the full name and asks for the kind of agency."""
    return await _answer(update, context, _service(context).answer_full_name, _typed(update))


@_enrolling
async def on_agency_kind(update: Update, context: BotContext) -> Step | int:
    """Stores the kind of agency and asks for the agency."""
    assert update.callback_query
    kind = callbacks.AGENCY_KIND.decode(update.callback_query.data)
    if kind is None:
        return await _outdated(update, context, Step.AGENCY_KIND)
    await _pressed(update)
    draft = await _service(context).choose_agency_kind(_who(update), kind)
    return await _ask(update, context, draft)


@_enrolling
async def on_agency(update: Update, context: BotContext) -> Step | int:
    """Searches the agency list (or stores a regency/city name), then asks for the choice or
    the work unit."""
    assert update.effective_message
    service, who = _service(context), _who(update)
    draft = await service.draft(who)
    if draft is None:
        return await _not_enrolled(update, context)
    if draft.enrollment.agency_kind == AgencyKind.REGIONAL:
        return await _answer(update, context, service.answer_regional_agency, _typed(update))
    query = update.effective_message.text or ""
    kind = AgencyKind(draft.enrollment.agency_kind or AgencyKind.CENTRAL)
    found = service.search_agencies(kind, query)
    if not found:
        return await _ask(
            update, context, draft, before=context.t("agency_none_found", query=excerpt(query))
        )
    text, markup = views.agency_results(context.t, found)
    await _send(update, text, markup)
    return Step.AGENCY


@_enrolling
async def on_agency_button(update: Update, context: BotContext) -> Step | int:
    """Stores the agency picked from the search results (or goes back to the kind) and asks
    for the work unit."""
    assert update.callback_query
    service, who = _service(context), _who(update)
    data = update.callback_query.data
    code = callbacks.AGENCY.decode(data)
    if not callbacks.CHANGE_KIND.matches(data) and (
        code is None or service.agencies.by_code(code) is None
    ):
        return await _outdated(update, context, Step.AGENCY)
    await _pressed(update)
    if code is None:
        draft = await service.edit(who, Field.AGENCY)
    else:
        draft = await service.choose_agency(who, code)
    return await _ask(update, context, draft)


@_enrolling
async def on_work_unit(update: Update, context: BotContext) -> Step | int:
    """Stores the work unit and asks for the province."""
    return await _answer(update, context, _service(context).answer_work_unit, _typed(update))


@_enrolling
async def on_province(update: Update, context: BotContext) -> Step | int:
    """Searches the provinces; one match is stored at once, several are offered as buttons."""
    assert update.effective_message
    service, who = _service(context), _who(update)
    query = update.effective_message.text or ""
    found = service.search_provinces(query)
    if len(found) == 1:
        return await _store_province(update, context, found[0].code)
    if not found:
        draft = await service.draft(who)
        return await _ask(
            update, context, draft, before=context.t("province_none_found", query=excerpt(query))
        )
    text, markup = views.province_results(context.t, found)
    await _send(update, text, markup)
    return Step.PROVINCE


@_enrolling
async def on_province_button(update: Update, context: BotContext) -> Step | int:
    """Stores the province picked from the results and asks for the work email."""
    assert update.callback_query
    code = callbacks.PROVINCE.decode(update.callback_query.data)
    if code is None or province_by_code(code) is None:
        return await _outdated(update, context, Step.PROVINCE)
    await _pressed(update)
    return await _store_province(update, context, code)


async def _store_province(update: Update, context: BotContext, code: str) -> Step | int:
    draft = await _service(context).choose_province(_who(update), code)
    province = province_by_code(code)
    assert province
    note = context.t(
        "province_chosen",
        province=province.name,
        zone=province.zone.name,
        offset=province.zone.utc_offset_hours,
    )
    return await _ask(update, context, draft, before=note)


@_enrolling
async def on_work_email(update: Update, context: BotContext) -> Step | int:
    """Stores the work email (or, on Skip, that there is none) and asks for the social
    accounts."""
    service = _service(context)
    if update.callback_query:
        await _pressed(update)
        return await _answer(
            update, context, lambda who, _: service.answer_work_email(who, None), ""
        )

    def not_government(draft: Draft) -> str | None:
        address = draft.enrollment.work_email
        if address and not parse_work_email(address).is_government:
            return context.t("email_not_government", address=address)
        return None

    return await _answer(
        update, context, service.answer_work_email, _typed(update), note=not_government
    )


@_enrolling
async def on_social_handle(update: Update, context: BotContext) -> Step | int:
    """Stores one platform's handle (typed, skipped or removed) and asks for the next platform,
    then shows the summary."""
    service = _service(context)
    if update.callback_query:
        query = await _pressed(update)
        remove = callbacks.REMOVE_ANSWER.matches(query.data)

        async def skip(who: ChannelIdentity, _: str) -> Draft:
            return await service.answer_social_handle(who, None, remove=remove)

        return await _answer(update, context, skip, "")
    return await _answer(update, context, service.answer_social_handle, _typed(update))


@_enrolling
async def on_summary(update: Update, context: BotContext) -> Step | int:
    """Submits the enrollment on Correct, or lets the person pick a field to change."""
    query = update.callback_query
    assert query
    action, field = callbacks.SUMMARY.decode(query.data), callbacks.EDIT_FIELD.decode(query.data)
    if action is None and field is None:
        return await _outdated(update, context, Step.SUMMARY)
    await query.answer()
    service, who = _service(context), _who(update)
    draft = await service.draft(who)
    if draft is None:
        return await _not_enrolled(update, context)
    if action in (callbacks.SummaryAction.CHANGE, callbacks.SummaryAction.BACK):
        change = action is callbacks.SummaryAction.CHANGE
        text, markup = views.edit_choice(context.t) if change else views.summary(context.t, draft)
        with callbacks.unchanged_is_fine():
            await query.edit_message_text(text, parse_mode=HTML, reply_markup=markup)
        return Step.SUMMARY
    await callbacks.remove_buttons(query)
    if field is not None:
        draft = await service.edit(who, field)
        return await _ask(update, context, draft)
    if draft.submitted:
        opened = _user_data(context).pop(PROFILE_OPENED, None)
        recheck = any(a.verification_status == "unverified" for a in draft.accounts)
        if opened == _profile_values(draft) and not recheck:
            await _send(update, context.t("profile_unchanged"))
            return END
        await _send(update, context.t("profile_saved" if recheck else "profile_saved_only"))
        if recheck:
            await check_after_submit(update, context)  # changed handles are checked again
        return END
    draft = await service.submit(who)
    await _send(update, context.t("submitted", name=draft.enrollment.full_name))
    await check_after_submit(update, context)
    return END


# --- Interruptions --------------------------------------------------------------------------


async def on_cancel(update: Update, context: BotContext) -> int:
    """Leaves the conversation; every answer so far stays as a draft."""
    draft = await _service(context).draft(_who(update))
    await _send(update, context.t("cancelled" if draft else "nothing_to_cancel"))
    return END


async def on_other_command(update: Update, context: BotContext) -> Step | int:
    """Explains that enrollment is under way and asks the open question again."""
    draft = await _service(context).draft(_who(update))
    return await _ask(update, context, draft, before=context.t("command_in_flow"))


async def on_unexpected_message(update: Update, context: BotContext) -> Step | int:
    """Answers a sticker, photo or voice note (or text where a button is needed) politely and
    asks the open question again."""
    draft = await _service(context).draft(_who(update))
    step = draft.next_step if draft else Step.CONSENT
    typed = bool(update.effective_message and update.effective_message.text)
    needs_text = step in {Step.NIP, Step.FULL_NAME, Step.WORK_UNIT, Step.PROVINCE}
    key = "button_expected" if typed and not needs_text else "text_expected"
    return await _ask(update, context, draft, before=context.t(key))


async def on_edited(update: Update, context: BotContext) -> Step | int | None:
    """An edited message changes no answer: says how to change one (the summary's Change
    button or /profil) and asks the open question again. Live locations (edited every few
    seconds) are ignored silently."""
    message = update.edited_message
    if message is None or message.location is not None:
        return None
    draft = await _service(context).draft(_who(update))
    return await _ask(update, context, draft, before=context.t("edited_in_flow"))


async def on_language(update: Update, context: BotContext) -> Step | int:
    """Switches the language (/bahasa pressed during enrollment) and asks the open question
    again in the new language."""
    locale = await account.apply_language(update, context)
    draft = await _service(context).draft(_who(update))
    return await _ask(update, context, draft, t=Translator(locale))


def _other_commands_filter() -> filters.BaseFilter:
    """Commands that have no meaning inside enrollment (the known ones work as usual)."""
    known = "|".join(re.escape(name) for command in commands.COMMANDS for name in command.names)
    return filters.COMMAND & ~filters.Regex(rf"^/({known})(@\w+)?(\s|$)")


def enrollment_conversation() -> ConversationHandler[BotContext]:
    entry: list[BaseHandler[Update, BotContext, Any]] = [
        CommandHandler(
            commands.START.names + commands.ENROLL.names, on_enroll, filters=PRIVATE & NEW
        ),
        CommandHandler(commands.PROFILE.names, on_profile, filters=PRIVATE & NEW),
    ]
    return _conversation(entry)


def _conversation(
    entry: list[BaseHandler[Update, BotContext, Any]],
) -> ConversationHandler[BotContext]:
    return persistent_conversation(
        "enrollment",
        entry,
        {
            Step.CONSENT: [
                CallbackQueryHandler(
                    on_consent,
                    pattern=callbacks.any_of(callbacks.CONSENT_YES, callbacks.CONSENT_NO),
                )
            ],
            Step.NIP: [MessageHandler(TEXT, on_nip)],
            Step.FULL_NAME: [MessageHandler(TEXT, on_full_name)],
            Step.AGENCY_KIND: [
                CallbackQueryHandler(on_agency_kind, pattern=callbacks.AGENCY_KIND.pattern)
            ],
            Step.AGENCY: [
                MessageHandler(TEXT, on_agency),
                CallbackQueryHandler(
                    on_agency_button,
                    pattern=callbacks.any_of(callbacks.AGENCY, callbacks.CHANGE_KIND),
                ),
            ],
            Step.WORK_UNIT: [MessageHandler(TEXT, on_work_unit)],
            Step.PROVINCE: [
                MessageHandler(TEXT, on_province),
                CallbackQueryHandler(on_province_button, pattern=callbacks.PROVINCE.pattern),
            ],
            Step.WORK_EMAIL: [
                MessageHandler(TEXT, on_work_email),
                CallbackQueryHandler(on_work_email, pattern=callbacks.SKIP_ANSWER.pattern),
            ],
            Step.SOCIAL_HANDLE: [
                MessageHandler(TEXT, on_social_handle),
                CallbackQueryHandler(
                    on_social_handle,
                    pattern=callbacks.any_of(callbacks.SKIP_ANSWER, callbacks.REMOVE_ANSWER),
                ),
            ],
            Step.SUMMARY: [
                CallbackQueryHandler(
                    on_summary,
                    pattern=callbacks.any_of(callbacks.SUMMARY, callbacks.EDIT_FIELD),
                )
            ],
        },
        [
            MessageHandler(EDITED, on_edited),
            CallbackQueryHandler(on_language, pattern=callbacks.LANGUAGE.pattern),
            CommandHandler(commands.CANCEL.names, on_cancel),
            MessageHandler(_other_commands_filter(), on_other_command),
            MessageHandler(NEW & ~filters.COMMAND, on_unexpected_message),
        ],
    )
