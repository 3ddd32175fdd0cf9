"""What each enrollment step looks like in Telegram: the question and its buttons."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.channels.telegram.texts import Translator
from bot.enrollment.display import (
    PLATFORM_EXAMPLES,
    PLATFORM_NAMES,
    shown_handle,
    summary_values,
)
from bot.enrollment.nip import NipError
from bot.enrollment.person_names import FullNameError
from bot.enrollment.service import (
    MAX_WORK_UNIT_LENGTH,
    PLATFORM_ORDER,
    Draft,
    Field,
    NipTaken,
    Step,
    WorkUnitError,
)
from bot.enrollment.social_handles import HandleError, Platform
from bot.enrollment.work_email import EmailError
from bot.reference.agencies import Agency, AgencyError, AgencyKind
from bot.reference.regions import Province
from bot.texts import keys
from handlers.telegram import callback_data as callbacks
from handlers.telegram.keyboards import keyboard

# Callback data, kept short: Telegram allows 64 bytes. Families with values have codecs.
SUMMARY_OK = callbacks.SUMMARY.encode(callbacks.SummaryAction.OK)
SUMMARY_CHANGE = callbacks.SUMMARY.encode(callbacks.SummaryAction.CHANGE)
SUMMARY_BACK = callbacks.SUMMARY.encode(callbacks.SummaryAction.BACK)

Question = tuple[str, InlineKeyboardMarkup | None]


def question(t: Translator, draft: Draft | None, step: Step) -> Question:
    """The question for `step`, with its buttons."""
    if step is Step.CONSENT or draft is None:
        return t("consent"), keyboard(
            [
                (t.label("btn_agree"), callbacks.CONSENT_YES.data),
                (t.label("btn_disagree"), callbacks.CONSENT_NO.data),
            ]
        )
    if step is Step.AGENCY_KIND:
        return t("ask_agency_kind"), keyboard(
            *(
                [(t.label(keys.AGENCY_KIND[kind]), callbacks.AGENCY_KIND.encode(kind))]
                for kind in AgencyKind
            )
        )
    if step is Step.AGENCY:
        regional = draft.enrollment.agency_kind == AgencyKind.REGIONAL
        text = t("ask_regional_agency" if regional else "ask_agency_search")
        return text, keyboard([(t.label("btn_change_kind"), callbacks.CHANGE_KIND.data)])
    if step is Step.WORK_EMAIL:
        return t("ask_work_email"), keyboard([(t.label("btn_skip"), callbacks.SKIP_ANSWER.data)])
    if step is Step.SOCIAL_HANDLE:
        return social_question(t, draft)
    if step is Step.SUMMARY:
        return summary(t, draft)
    simple = {
        Step.NIP: "ask_nip",
        Step.FULL_NAME: "ask_full_name",
        Step.WORK_UNIT: "ask_work_unit",
        Step.PROVINCE: "ask_province",
    }
    return t(simple[step]), None


def social_question(t: Translator, draft: Draft) -> Question:
    platform = draft.current_platform or PLATFORM_ORDER[0]
    saved = draft.account(platform)
    current = t.rich("social_current", handle=shown_handle(platform, saved.handle)) if saved else ""
    buttons = [(t.label("btn_skip"), callbacks.SKIP_ANSWER.data)]
    if saved:
        buttons.append((t.label("btn_remove"), callbacks.REMOVE_ANSWER.data))
    text = t(
        "ask_social_handle",
        index=PLATFORM_ORDER.index(platform) + 1,
        platform=PLATFORM_NAMES[platform],
        example=PLATFORM_EXAMPLES[platform],
        current=current,
    )
    return text, keyboard(buttons)


def summary(t: Translator, draft: Draft) -> Question:
    if draft.submitted:
        status = t.rich(keys.STATUS_WORD[draft.enrollment.status])
        text = t("profile", status=status, **summary_values(t.locale, draft))
        return text, keyboard(
            [(t.label("btn_change"), SUMMARY_CHANGE), (t.label("btn_done"), SUMMARY_OK)]
        )
    text = t("summary", **summary_values(t.locale, draft))
    return text, keyboard(
        [(t.label("btn_correct"), SUMMARY_OK), (t.label("btn_change"), SUMMARY_CHANGE)]
    )


def edit_choice(t: Translator) -> Question:
    fields = list(Field)
    rows = [
        [
            (t.label(keys.FIELD[field]), callbacks.EDIT_FIELD.encode(field))
            for field in fields[i : i + 2]
        ]
        for i in range(0, len(fields), 2)
    ]
    rows.append([(t.label("btn_back"), SUMMARY_BACK)])
    return t("ask_edit_field"), keyboard(*rows)


def agency_results(t: Translator, agencies: list[Agency]) -> Question:
    rows = [[(agency.name, callbacks.AGENCY.encode(agency.code))] for agency in agencies]
    rows.append([(t.label("btn_change_kind"), callbacks.CHANGE_KIND.data)])
    return t("agency_results"), keyboard(*rows)


def province_results(t: Translator, provinces: list[Province]) -> Question:
    rows = [[(p.name, callbacks.PROVINCE.encode(p.code))] for p in provinces]
    return t("province_results"), keyboard(*rows)


def problem(
    t: Translator, error: Exception, answer: str, *, platform: Platform | None = None
) -> str:
    """What was wrong with an answer and what a good one looks like, in the person's language."""
    if isinstance(error, NipError):
        digits = sum(char.isdigit() for char in answer)
        return f"{t(keys.NIP_PROBLEM[error.reason], digits=digits)}\n{t('nip_example')}"
    if isinstance(error, NipTaken):
        return t("nip_taken")
    if isinstance(error, FullNameError):
        return t(keys.NAME_PROBLEM[error.reason])
    if isinstance(error, AgencyError):
        return f"{t(keys.AGENCY_PROBLEM[error.reason])}\n{t('agency_example')}"
    if isinstance(error, WorkUnitError):
        problem = t(keys.WORK_UNIT_PROBLEM[error.reason], max=MAX_WORK_UNIT_LENGTH)
        return f"{problem}\n{t('unit_example')}"
    if isinstance(error, EmailError):
        return f"{t(keys.EMAIL_PROBLEM[error.reason])}\n{t('email_example')}"
    if isinstance(error, HandleError):
        shown = platform or PLATFORM_ORDER[0]
        return t(keys.HANDLE_PROBLEM[error.reason], platform=PLATFORM_NAMES[shown])
    raise TypeError(f"no message for {type(error).__name__}")
