"""A campaign message as the core means it, for any channel: the recipient's caption variant,
the share text with hashtags and disclosure, and buttons as intents (share links to open, the
text to copy, "I shared" and "the file for Instagram" to answer with).

Callback data is the channel's business (Telegram allows 64 bytes and its handlers decode the
prefixes), so the channel passes its encoder in (`ShareCallbacks`): the prefixes stay defined
once, beside the handlers that match them, and the core imports no handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Protocol

from bot.campaigns.channel import (
    ChannelLimits,
    ContentKind,
    Keyboard,
    MediaUpload,
    OutgoingContent,
)
from bot.campaigns.localisation import Localisations
from bot.campaigns.media import COMPOSING_CHANNEL, CampaignMedia
from bot.campaigns.sharing import copy_text, share_links, share_text
from bot.languages import LOCALES, Locale
from bot.texts import keys, render
from bot.texts.markup import Rich
from bot.texts.outgoing import Button, Callback, CopyText, OpenUrl
from storage.campaigns import Campaign
from storage.outbox import DeliveryRow


class ShareCallbacks(Protocol):
    """The channel's callback data for the buttons that come back to the bot."""

    def shared(self, delivery_id: int) -> str: ...

    def instagram_file(self, delivery_id: int) -> str: ...


def caption_variant(campaign: Campaign, variant: int) -> str:
    """The recipient's variant (the planner rotates them by person); the body when the
    campaign has none."""
    variants = campaign.variants or (campaign.body,)
    return variants[variant % len(variants)]


def recipient_locale(locale: str | None, default: Locale) -> Locale:
    """The person's language when there is a catalogue for it, otherwise the bot's default."""
    return next((known for known in LOCALES if known == locale), default)


def share_buttons(
    locale: Locale,
    *,
    delivery_id: int,
    text: str,
    link: str | None,
    has_media: bool,
    callbacks: ShareCallbacks,
    limits: ChannelLimits,
) -> Keyboard:
    """Share links two to a row, the copy button, the file for Instagram, and Shared."""

    def label(key: str) -> str:
        return render(locale, key).plain()

    links: list[Button] = [
        OpenUrl(label(keys.SHARE_BUTTON[share.platform]), share.url)
        for share in share_links(text, link)
    ]
    rows: list[tuple[Button, ...]] = [tuple(links[i : i + 2]) for i in range(0, len(links), 2)]
    clipboard = copy_text(text, link, limits.max_copy_text_length)
    rows.append((CopyText(label("btn_copy_text"), clipboard),))
    if has_media:
        rows.append((Callback(label("btn_instagram_file"), callbacks.instagram_file(delivery_id)),))
    rows.append((Callback(label("btn_shared"), callbacks.shared(delivery_id)),))
    return tuple(rows)


def campaign_message(
    campaign: Campaign,
    *,
    delivery_id: int,
    variant: int,
    locale: str | None,
    default_locale: Locale,
    disclosure_tag: str,
    callbacks: ShareCallbacks,
    limits: ChannelLimits,
    media: str | MediaUpload | None = None,
) -> OutgoingContent:
    """The message of one delivery: the share text (and the link below it) as plain text,
    with the share buttons in the recipient's language. `media` is the campaign's media as
    the channel sends it; without it, the stored (Telegram) file id."""
    text = share_text(caption_variant(campaign, variant), campaign.hashtags, disclosure_tag)
    buttons = share_buttons(
        recipient_locale(locale, default_locale),
        delivery_id=delivery_id,
        text=text,
        link=campaign.link,
        has_media=campaign.media_file_id is not None,
        callbacks=callbacks,
        limits=limits,
    )
    shown = f"{text}\n\n{campaign.link}" if campaign.link else text
    return OutgoingContent(
        kind=_kind(campaign.kind),
        text=Rich.plain_text(shown),
        media=media if media is not None else campaign.media_file_id,
        buttons=buttons,
        link=campaign.link,
        campaign_id=campaign.id,
    )


class CampaignContent:
    """Renders deliveries for one channel's worker, keeping each run's campaign and its units'
    caption variants once looked up (a localisation given while a run is being sent counts
    from the campaign's next run).

    The channel admins compose in sends the stored file ids; any other `channel` needs
    `media`, which gives it the file to upload once and its own media id after."""

    def __init__(
        self,
        campaign_of_run: Callable[[int], Awaitable[Campaign | None]],
        *,
        localisations: Callable[[int], Awaitable[Localisations]],
        default_locale: Locale,
        disclosure_tag: str,
        callbacks: ShareCallbacks,
        limits: ChannelLimits,
        channel: str = COMPOSING_CHANNEL,
        media: CampaignMedia | None = None,
    ) -> None:
        if channel != COMPOSING_CHANNEL and (media is None or media.channel != channel):
            raise ValueError(f"rendering for {channel} needs the campaign media of {channel}")
        self._campaign_of_run = campaign_of_run
        self._localisations_of = localisations
        self._default_locale, self._disclosure_tag = default_locale, disclosure_tag
        self._callbacks, self._limits = callbacks, limits
        self.channel = channel
        self._media = media
        self._campaigns: dict[int, Campaign] = {}
        self._localisations: dict[int, Localisations] = {}

    async def campaign(self, run_id: int) -> Campaign:
        if run_id not in self._campaigns:
            campaign = await self._campaign_of_run(run_id)
            if campaign is None:
                raise LookupError(f"run {run_id} has no campaign")
            self._campaigns[run_id] = campaign
        return self._campaigns[run_id]

    async def _localised(self, row: DeliveryRow) -> tuple[Campaign, int]:
        """The campaign with the variants of the person's unit (if it gave some), and the
        index of the person's variant among them (rotated by person, like the planner's)."""
        campaign = await self.campaign(row.run_id)
        if row.run_id not in self._localisations:
            self._localisations[row.run_id] = await self._localisations_of(campaign.id)
        local = self._localisations[row.run_id].of_unit(row.unit_id)
        if local is None:
            return campaign, row.variant
        return replace(campaign, variants=local), row.person_id or row.variant

    async def render(self, row: DeliveryRow) -> OutgoingContent:
        campaign, variant = await self._localised(row)
        return campaign_message(
            campaign,
            delivery_id=row.id,
            variant=variant,
            locale=row.locale,
            default_locale=self._default_locale,
            disclosure_tag=self._disclosure_tag,
            callbacks=self._callbacks,
            limits=self._limits,
            media=await self._media.of(campaign) if self._media is not None else None,
        )


def _kind(kind: str) -> ContentKind:
    match kind:
        case "photo" | "video" | "document":
            return kind
    return "text"
