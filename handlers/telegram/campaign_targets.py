"""Composing a campaign, the target step: everyone, a time zone, a platform, a province, an
agency, or chosen PR units. Only agency and province choices can point outside a unit group's
subtree (they come from a search); chosen units are checked against the group's scope when
pressed, never trusted from the button."""

from __future__ import annotations

from telegram import Update

from bot.campaigns.drafts import ContentDraft
from bot.channels.telegram.context import BotContext
from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.social_handles import Platform
from bot.reference.regions import TimeZone, find_provinces
from bot.texts import keys
from bot.units.scope import Scope
from handlers.telegram import callback_data as callbacks
from handlers.telegram.callback_data import TargetKind
from handlers.telegram.campaign_preview import unit_names
from handlers.telegram.campaign_prompts import admin_id, ask, pressed, send_html
from handlers.telegram.campaign_schedule_step import ask_schedule
from handlers.telegram.campaign_steps import ComposeStep
from handlers.telegram.keyboards import keyboard
from handlers.telegram.scoping import refuse_out_of_scope

# Units offered for one search, as buttons.
_UNIT_CHOICES = 8


async def ask_target(update: Update, context: BotContext) -> ComposeStep:
    t = context.admin_t
    await send_html(
        update,
        t("ask_campaign_target"),
        keyboard(
            [
                (t.label("btn_target_all"), callbacks.TARGET.encode(TargetKind.ALL)),
                (t.label("btn_target_zone"), callbacks.TARGET.encode(TargetKind.ZONE)),
            ],
            [
                (t.label("btn_target_province"), callbacks.TARGET.encode(TargetKind.PROVINCE)),
                (t.label("btn_target_agency"), callbacks.TARGET.encode(TargetKind.AGENCY)),
            ],
            [
                (t.label("btn_target_platform"), callbacks.TARGET.encode(TargetKind.PLATFORM)),
                (t.label("btn_target_unit"), callbacks.TARGET.encode(TargetKind.UNIT)),
            ],
        ),
    )
    return ComposeStep.TARGET


async def on_target(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores who the campaign is for (or asks which zone, platform, province or agency)."""
    t = context.admin_t
    assert update.callback_query
    chosen = _chosen_target(update.callback_query.data or "")
    if chosen and await _points_outside(context, await context.admin_scope(), chosen):
        # Only agency and province choices can point outside; they come from a search.
        await refuse_out_of_scope(update, context, f"target={chosen}")
        return ComposeStep.TARGET_SEARCH
    data = await pressed(update)
    admin, service = admin_id(update), context.services.campaigns
    kind = callbacks.TARGET.decode(data)
    if kind is TargetKind.ZONE:
        zones = [(zone.name, callbacks.TARGET_ZONE.encode(zone.name)) for zone in TimeZone]
        await send_html(update, t("ask_campaign_target_zone"), keyboard(zones))
        return ComposeStep.TARGET
    if kind is TargetKind.PLATFORM:
        rows = [[(PLATFORM_NAMES[p], callbacks.TARGET_PLATFORM.encode(p))] for p in Platform]
        await send_html(update, t("ask_campaign_target_platform"), keyboard(*rows))
        return ComposeStep.TARGET
    if kind is TargetKind.UNIT:
        await service.update(admin, step="search:unit")
        await ask(update, context, "ask_campaign_target_unit", "ph_campaign_target_unit")
        return ComposeStep.TARGET_SEARCH
    if kind is TargetKind.PROVINCE or kind is TargetKind.AGENCY:
        what = kind.value
        await service.update(admin, step=f"search:{what}")
        await ask(
            update,
            context,
            "ask_campaign_target_search",
            keys.SEARCH_PLACEHOLDER[what],
            what=t.rich(keys.SEARCH_WORD[what]),
        )
        return ComposeStep.TARGET_SEARCH
    target = _chosen_target(data)
    if target is None:  # from an older bot, or altered: ask again
        return await ask_target(update, context)
    await service.update(admin, target=target)
    return await ask_schedule(update, context)


async def _points_outside(context: BotContext, scope: Scope, target: dict[str, str]) -> bool:
    """A filter that names what lies outside a unit group's subtree: an agency whose unit is
    not in it, or another province than the provincial or regional unit's own."""
    if scope.national:
        return False
    units = context.services.units
    if "agency_code" in target:
        unit = await units.by_code(target["agency_code"])
        return unit is None or not scope.covers(unit.id)
    if "province_code" in target:
        own = scope.unit
        if own.kind == "regional" and own.parent_id is not None:
            own = await units.unit(own.parent_id) or own
        prefix = "pemprov-"
        if own.kind == "provincial" and own.code.startswith(prefix):
            return own.code.removeprefix(prefix) != target["province_code"]
    return False


async def on_target_unit(update: Update, context: BotContext) -> ComposeStep | int:
    """Adds a pressed unit to the receivers (checked against the group's scope now, never
    trusted from the button), or ends the choice."""
    query = update.callback_query
    assert query
    service, admin, t = context.services.campaigns, admin_id(update), context.admin_t
    if callbacks.TARGET_UNITS_DONE.matches(query.data):
        await pressed(update)
        await service.update(admin, target={}, step="schedule")
        return await ask_schedule(update, context)
    unit_id = callbacks.TARGET_UNIT.decode(query.data)
    unit = await context.services.units.unit(unit_id) if unit_id is not None else None
    if unit is None:
        await query.answer(t.label("button_outdated"), show_alert=True)
        return ComposeStep.TARGET_SEARCH
    if unit.national or not (await context.admin_scope()).covers(unit.id):
        await refuse_out_of_scope(update, context, f"unit={unit_id}")
        return ComposeStep.TARGET_SEARCH
    await pressed(update)
    draft = await service.add_target_unit(admin, unit.id)
    return await _chosen_units(update, context, draft)


async def _chosen_units(update: Update, context: BotContext, draft: ContentDraft) -> ComposeStep:
    t = context.admin_t
    names = await unit_names(context, draft.target_units)
    done = keyboard([(t.label("btn_target_units_done"), callbacks.TARGET_UNITS_DONE.data)])
    await ask(
        update,
        context,
        "campaign_target_units_chosen",
        "ph_campaign_target_unit",
        done,
        units=", ".join(names),
    )
    return ComposeStep.TARGET_SEARCH


async def _offer_units(update: Update, context: BotContext, query: str) -> ComposeStep:
    """The units inside the group's scope that match what the admin typed, as buttons."""
    message = update.effective_message
    assert message
    t = context.admin_t
    scope = await context.admin_scope()
    found = [unit for unit in await context.services.units.lookup(query) if not unit.national]
    inside = [unit for unit in found if scope.covers(unit.id)]
    if found and not inside:
        await refuse_out_of_scope(update, context, f"unit={found[0].code}")
        return ComposeStep.TARGET_SEARCH
    if not inside:
        await message.reply_html(t("unit_not_found", query=query[:64]))
        await ask(update, context, "ask_campaign_target_unit", "ph_campaign_target_unit")
        return ComposeStep.TARGET_SEARCH
    rows = [
        [(unit.name[:60], callbacks.TARGET_UNIT.encode(unit.id))] for unit in inside[:_UNIT_CHOICES]
    ]
    await send_html(update, t("ask_campaign_target"), keyboard(*rows))
    return ComposeStep.TARGET_SEARCH


def _chosen_target(data: str) -> dict[str, str] | None:
    """The draft's target for a final choice; None for data this bot's buttons never carry."""
    if callbacks.TARGET.decode(data) is TargetKind.ALL:
        return {}
    if (zone := callbacks.TARGET_ZONE.decode(data)) is not None:
        return {"zone": zone}
    if (platform := callbacks.TARGET_PLATFORM.decode(data)) is not None:
        return {"platform": platform.value}
    if (province := callbacks.TARGET_PROVINCE.decode(data)) is not None:
        return {"province_code": province}
    if (agency := callbacks.TARGET_AGENCY.decode(data)) is not None:
        return {"agency_code": agency}
    return None


async def on_target_search(update: Update, context: BotContext) -> ComposeStep | int:
    """Offers the provinces or agencies that match what the admin typed."""
    assert update.effective_message
    if update.callback_query:
        return await on_target(update, context)
    draft = await context.services.campaigns.draft(admin_id(update))
    query = update.effective_message.text or ""
    if draft and draft.step == "search:unit":
        return await _offer_units(update, context, query)
    if draft and draft.step == "search:agency":
        found = context.services.enrollment.agencies.search(query)
        rows = [[(a.name[:60], callbacks.TARGET_AGENCY.encode(a.code))] for a in found]
    else:
        rows = [[(p.name, callbacks.TARGET_PROVINCE.encode(p.code))] for p in find_provinces(query)]
    what = "agency" if draft and draft.step == "search:agency" else "province"
    if not rows:
        await ask(
            update,
            context,
            "ask_campaign_target_search",
            keys.SEARCH_PLACEHOLDER[what],
            what=context.admin_t.rich(keys.SEARCH_WORD[what]),
        )
        return ComposeStep.TARGET_SEARCH
    await send_html(update, context.admin_t("ask_campaign_target"), keyboard(*rows[:8]))
    return ComposeStep.TARGET_SEARCH
