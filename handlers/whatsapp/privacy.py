"""Data rights under UU PDP on WhatsApp: DATASAYA sends everything stored as a JSON document
(the WhatsApp id included); HAPUSDATA erases it all after a confirmation."""

from __future__ import annotations

import json

from handlers.whatsapp import choices
from handlers.whatsapp.context import Chat

JSON = "application/json"


async def send_my_data(chat: Chat) -> None:
    data = await chat.services.privacy.export(chat.who)
    if data["person"] is None:
        await chat.say(chat.t("mydata_nothing"))
        return
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    filename = "data-saya.json" if chat.locale == "id" else "my-data.json"
    messages = chat.deps.messages
    media = await messages.upload_media(payload, mime_type=JSON, filename=filename)
    await messages.send_document(
        chat.wa_id, media, filename=filename, caption=chat.t("mydata_caption")
    )


async def confirm_erase(chat: Chat) -> None:
    t = chat.t
    await chat.buttons(
        t("erase_confirm"),
        [
            (choices.ERASE_YES, t.label("wa_btn_erase_yes")),
            (choices.ERASE_NO, t.label("btn_erase_no")),
        ],
    )


async def on_erase_answer(chat: Chat, yes: bool) -> None:
    if not yes:
        await chat.say(chat.t("erase_kept"))
        return
    await chat.stop_waiting()
    await chat.services.privacy.erase(chat.who)
    await chat.say(chat.t("erased"))
