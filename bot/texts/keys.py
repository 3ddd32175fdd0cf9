"""Which catalogue key says each domain value, written out so a search for a key finds every
place that shows it (keys are never built at run time)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.badges.service import BadgeState
from bot.campaigns.drafts import DraftProblem
from bot.campaigns.reshares import ReshareProblem
from bot.enrollment.nip import NipProblem
from bot.enrollment.person_names import NameProblem
from bot.enrollment.service import Field, WorkUnitProblem
from bot.enrollment.social_handles import HandleProblem
from bot.enrollment.work_email import EmailProblem
from bot.people.linking import LinkProblem
from bot.reference.agencies import AgencyKind, AgencyProblem
from bot.verification.follower_counts import CountProblem
from bot.verification.outcomes import ReviewReason, Verdict
from bot.verification.rules import Flag

# A badge that is not valid, and why (with its number).
BADGE_STATE: Mapping[BadgeState, str] = {
    BadgeState.VALID: "badge_state_valid",
    BadgeState.EXPIRED: "badge_state_expired",
    BadgeState.SUSPENDED: "badge_state_suspended",
    BadgeState.REVOKED: "badge_state_revoked",
}

# An enrollment's status (the `enrollments.status` column) in one word.
STATUS_WORD: Mapping[str, str] = {
    "draft": "status_word_draft",
    "submitted": "status_word_submitted",
    "verified": "status_word_verified",
    "rejected": "status_word_rejected",
    "suspended": "status_word_suspended",
}

# What /status says for each enrollment status (its date and threshold filled in).
STATUS_TEXT: Mapping[str, str] = {
    "draft": "status_draft",
    "submitted": "status_submitted",
    "verified": "status_verified",
    "rejected": "status_rejected",
    "suspended": "status_suspended",
}

# The button that edits each enrollment field.
FIELD: Mapping[Field, str] = {
    Field.NIP: "field_nip",
    Field.FULL_NAME: "field_full_name",
    Field.AGENCY: "field_agency",
    Field.WORK_UNIT: "field_work_unit",
    Field.PROVINCE: "field_province",
    Field.WORK_EMAIL: "field_work_email",
    Field.SOCIAL: "field_social",
}

# The button for each kind of agency.
AGENCY_KIND: Mapping[AgencyKind, str] = {
    AgencyKind.CENTRAL: "btn_kind_central",
    AgencyKind.PROVINCIAL: "btn_kind_provincial",
    AgencyKind.REGIONAL: "btn_kind_regional",
}

# Why an answer was refused, per question of the enrollment.
NIP_PROBLEM: Mapping[NipProblem, str] = {
    NipProblem.EMPTY: "err_nip_empty",
    NipProblem.NOT_DIGITS: "err_nip_not_digits",
    NipProblem.WRONG_LENGTH: "err_nip_wrong_length",
    NipProblem.BAD_BIRTH_DATE: "err_nip_bad_birth_date",
    NipProblem.BAD_APPOINTMENT_MONTH: "err_nip_bad_appointment_month",
    NipProblem.APPOINTMENT_IN_FUTURE: "err_nip_appointment_in_future",
    NipProblem.AGE_AT_APPOINTMENT: "err_nip_age_at_appointment",
    NipProblem.BAD_GENDER_DIGIT: "err_nip_bad_gender_digit",
    NipProblem.ZERO_SEQUENCE: "err_nip_zero_sequence",
}

NAME_PROBLEM: Mapping[NameProblem, str] = {
    NameProblem.EMPTY: "err_name_empty",
    NameProblem.TOO_LONG: "err_name_too_long",
    NameProblem.NO_LETTERS: "err_name_no_letters",
    NameProblem.BAD_CHARACTERS: "err_name_bad_characters",
}

AGENCY_PROBLEM: Mapping[AgencyProblem, str] = {
    AgencyProblem.EMPTY: "err_agency_empty",
    AgencyProblem.TOO_SHORT: "err_agency_too_short",
    AgencyProblem.TOO_LONG: "err_agency_too_long",
    AgencyProblem.NO_LETTERS: "err_agency_no_letters",
    AgencyProblem.BAD_CHARACTERS: "err_agency_bad_characters",
    AgencyProblem.MISSING_REGION_TYPE: "err_agency_missing_region_type",
    AgencyProblem.PROVINCE: "err_agency_province",
}

WORK_UNIT_PROBLEM: Mapping[WorkUnitProblem, str] = {
    WorkUnitProblem.TOO_SHORT: "err_unit_too_short",
    WorkUnitProblem.TOO_LONG: "err_unit_too_long",
    WorkUnitProblem.NO_LETTERS: "err_unit_no_letters",
}

EMAIL_PROBLEM: Mapping[EmailProblem, str] = {
    EmailProblem.EMPTY: "err_email_empty",
    EmailProblem.TOO_LONG: "err_email_too_long",
    EmailProblem.MISSING_AT: "err_email_missing_at",
    EmailProblem.TOO_MANY_AT: "err_email_too_many_at",
    EmailProblem.BAD_LOCAL_PART: "err_email_bad_local_part",
    EmailProblem.BAD_DOMAIN: "err_email_bad_domain",
}

HANDLE_PROBLEM: Mapping[HandleProblem, str] = {
    HandleProblem.EMPTY: "err_handle_empty",
    HandleProblem.WRONG_PLATFORM: "err_handle_wrong_platform",
    HandleProblem.UNKNOWN_SITE: "err_handle_unknown_site",
    HandleProblem.NOT_A_PROFILE: "err_handle_not_a_profile",
    HandleProblem.NOT_A_HANDLE: "err_handle_not_a_handle",
    HandleProblem.NOT_A_POST: "err_handle_not_a_post",
    HandleProblem.TOO_SHORT: "err_handle_too_short",
    HandleProblem.TOO_LONG: "err_handle_too_long",
    HandleProblem.BAD_CHARACTERS: "err_handle_bad_characters",
}

# Why a typed follower count was refused.
COUNT_PROBLEM: Mapping[CountProblem, str] = {
    CountProblem.EMPTY: "err_count_empty",
    CountProblem.NOT_A_NUMBER: "err_count_not_a_number",
    CountProblem.NEGATIVE: "err_count_negative",
    CountProblem.FRACTION: "err_count_fraction",
    CountProblem.TOO_LARGE: "err_count_too_large",
}

# Why the link to a reshared post was refused.
RESHARE_PROBLEM: Mapping[ReshareProblem, str] = {
    ReshareProblem.NOT_A_POST: "err_reshare_not_a_post",
    ReshareProblem.NOT_YOUR_PLATFORM: "err_reshare_not_your_platform",
    ReshareProblem.NOT_YOUR_ACCOUNT: "err_reshare_not_your_account",
}

# Why a campaign draft's answer was refused.
DRAFT_PROBLEM: Mapping[DraftProblem, str] = {
    DraftProblem.BAD_LINK: "err_draft_bad_link",
    DraftProblem.BAD_HASHTAGS: "err_draft_bad_hashtags",
    DraftProblem.BAD_DATETIME: "err_draft_bad_datetime",
    DraftProblem.IN_THE_PAST: "err_draft_in_the_past",
    DraftProblem.BAD_TIME: "err_draft_bad_time",
    DraftProblem.TOO_LONG: "err_draft_too_long",
    DraftProblem.TOO_MANY_VARIANTS: "err_draft_too_many_variants",
    DraftProblem.EMPTY: "err_draft_empty",
}

# What a verification check found, told to the person.
VERDICT: Mapping[Verdict, str] = {
    Verdict.VERIFIED: "verdict_verified",
    Verdict.NEEDS_OWNERSHIP: "verdict_needs_ownership",
    Verdict.CODE_MISSING: "verdict_code_missing",
    Verdict.BELOW_THRESHOLD: "verdict_below_threshold",
    Verdict.NEEDS_REVIEW: "verdict_needs_review",
    Verdict.IN_REVIEW: "verdict_in_review",
    Verdict.NOT_FOUND: "verdict_not_found",
    Verdict.SUSPENDED: "verdict_suspended",
    Verdict.DELAYED: "verdict_delayed",
}

# Why an account went to manual review.
REVIEW_REASON: Mapping[ReviewReason, str] = {
    ReviewReason.NOT_VISIBLE: "reason_not_visible",
    ReviewReason.NO_API: "reason_no_api",
    ReviewReason.NOT_CONFIGURED: "reason_not_configured",
    ReviewReason.HIDDEN_COUNT: "reason_hidden_count",
    ReviewReason.PROTECTED: "reason_protected",
}

# What a reviewer is warned about on a review card.
FLAG: Mapping[Flag, str] = {
    Flag.FOLLOWS_MORE_THAN_FOLLOWED: "flag_follows_more",
    Flag.NEW_ACCOUNT: "flag_new_account",
    Flag.SUDDEN_JUMP: "flag_sudden_jump",
    Flag.PROTECTED: "flag_protected",
}

# The reasons a reviewer can pick when rejecting (`ReviewReason.KEYS` of the review).
REJECT_REASON: Mapping[str, str] = {
    "count": "reject_reason_count",
    "code": "reject_reason_code",
    "owner": "reject_reason_owner",
    "unclear": "reject_reason_unclear",
}

# The share button for each platform a campaign can be shared to.
SHARE_BUTTON: Mapping[str, str] = {
    "x": "btn_share_x",
    "facebook": "btn_share_facebook",
    "whatsapp": "btn_share_whatsapp",
    "telegram": "btn_share_telegram",
    "linkedin": "btn_share_linkedin",
}

# What a campaign admin searches for when targeting.
SEARCH_WORD: Mapping[str, str] = {
    "agency": "word_agency",
    "province": "word_province",
}

# The leaderboard's time window.
LEADERBOARD_WINDOW: Mapping[str, str] = {
    "week": "leaderboard_week",
    "month": "leaderboard_month",
}

# The placeholder of the search box when targeting an agency or a province.
SEARCH_PLACEHOLDER: Mapping[str, str] = {
    "agency": "ph_campaign_agency",
    "province": "ph_campaign_province",
}

# The question (and its placeholder) for a campaign's one-off moment or daily time.
TIME_QUESTION: Mapping[str, str] = {
    "run_at": "ask_campaign_run_at",
    "daily_time": "ask_campaign_daily_time",
}
TIME_PLACEHOLDER: Mapping[str, str] = {
    "run_at": "ph_campaign_run_at",
    "daily_time": "ph_campaign_daily_time",
}

# Why a linking code was refused or not issued (either channel shows these).
LINK_PROBLEM: Mapping[LinkProblem, str] = {
    LinkProblem.NOT_ENROLLED: "link_not_enrolled",
    LinkProblem.WRONG_CODE: "link_wrong_code",
    LinkProblem.EXPIRED: "link_expired",
    LinkProblem.TOO_MANY_ATTEMPTS: "link_too_many",
    LinkProblem.SAME_CHANNEL: "link_same_channel",
    LinkProblem.ALREADY_ENROLLED: "link_already_enrolled",
    LinkProblem.ALREADY_LINKED: "link_already_linked",
    LinkProblem.NOT_LINKED: "link_not_linked",
}
