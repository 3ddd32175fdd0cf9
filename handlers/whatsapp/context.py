"""One WhatsApp message being answered: who wrote, in which language, and the ways to answer
them within WhatsApp's limits (3 reply buttons, lists of 10 rows, bodies of 1024 characters
for interactive messages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.channels.whatsapp.conversations import ConversationStates, State
from bot.channels.whatsapp.ports import (
    MAX_BUTTON_TITLE,
    MAX_INTERACTIVE_BODY,
    MAX_ROW_DESCRIPTION,
    MAX_ROW_TITLE,
    ListRow,
    ListSection,
    ReplyButton,
    WhatsAppMessages,
)
from bot.channels.whatsapp.texts import WhatsAppTranslator
from bot.languages import Locale
from bot.people.service import ChannelIdentity
from bot.services import Services
from handlers.whatsapp.ports import ChannelLinking, ReviewDesk

CHANNEL = "whatsapp"


@dataclass(frozen=True)
class WhatsAppDeps:
    """Everything the WhatsApp conversations use, built once by the composition root."""

    services: Services
    messages: WhatsAppMessages
    states: ConversationStates
    links: ChannelLinking
    link_refused: type[Exception]  # bot.people.linking.LinkRefused
    review_desk: ReviewDesk


def fit(text: str, limit: int) -> str:
    """A title cut to WhatsApp's limit, with an ellipsis when it was longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Chat:
    """The conversation with one person, for the length of one message of theirs."""

    def __init__(self, deps: WhatsAppDeps, wa_id: str, t: WhatsAppTranslator) -> None:
        self.deps = deps
        self.services = deps.services
        self.wa_id = wa_id
        self.who = ChannelIdentity(CHANNEL, wa_id)
        self.t = t

    @property
    def locale(self) -> Locale:
        return self.t.locale

    async def say(self, body: str) -> None:
        await self.deps.messages.send_text(self.wa_id, body)

    async def buttons(self, body: str, buttons: Sequence[tuple[str, str]]) -> None:
        """`body` with reply buttons given as (id, title); a body longer than an interactive
        message takes goes first as text, the buttons after a short prompt."""
        replies = [ReplyButton(id, fit(title, MAX_BUTTON_TITLE)) for id, title in buttons]
        if len(body) > MAX_INTERACTIVE_BODY:
            await self.say(body)
            body = self.t("wa_choose_below")
        await self.deps.messages.send_buttons(self.wa_id, body, replies)

    async def choose(self, body: str, button: str, rows: Sequence[tuple[str, str, str]]) -> None:
        """`body` with a list of (id, title, description) rows behind a `button`; titles too
        long for a row are cut there and shown whole in the description."""
        list_rows = []
        for id, title, description in rows:
            shown = fit(title, MAX_ROW_TITLE)
            if shown != " ".join(title.split()) and not description:
                description = title
            list_rows.append(ListRow(id, shown, fit(description, MAX_ROW_DESCRIPTION)))
        if len(body) > MAX_INTERACTIVE_BODY:
            await self.say(body)
            body = self.t("wa_choose_below")
        section = ListSection(fit(button, MAX_ROW_TITLE), tuple(list_rows))
        await self.deps.messages.send_list(
            self.wa_id, body, button=fit(button, MAX_BUTTON_TITLE), sections=[section]
        )

    async def state(self) -> State:
        return await self.deps.states.get(self.wa_id)

    async def wait_for(self, awaited: str) -> None:
        """Remembers what the next message answers (a screenshot, a count, a post link)."""
        await self.deps.states.put(self.wa_id, {"await": awaited})

    async def remember(self, **values: object) -> None:
        """Keeps values beside what the conversation waits for (None forgets one)."""
        state = await self.state()
        state.update(values)
        kept = {key: value for key, value in state.items() if value is not None}
        if kept:
            await self.deps.states.put(self.wa_id, kept)
        else:
            await self.deps.states.clear(self.wa_id)

    async def stop_waiting(self) -> None:
        await self.deps.states.clear(self.wa_id)
