"""Messages, edits, buttons, files and groups as seen through python-telegram-bot."""

from __future__ import annotations

import struct

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated

from devtools.emulator import BotApiEmulator, SimUser


@pytest.fixture
def user(emu: BotApiEmulator) -> SimUser:
    return emu.add_user("Wati", last_name="Susanti")


def png(width: int, height: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", width, height) + b"rest"


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def test_next_message_and_buttons(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Ya", callback_data="yes")],
            [InlineKeyboardButton("Situs", url="https://example.go.id")],
        ]
    )
    await bot.send_message(user.id, "<b>Setuju?</b>", parse_mode="HTML", reply_markup=markup)
    message = await emu.next_message(user)
    assert message.text == "Setuju?"
    assert message.params["text"] == "<b>Setuju?</b>"
    assert message.method == "sendMessage"
    assert message.buttons == [[("Ya", "yes")], [("Situs", "https://example.go.id")]]
    with pytest.raises(TimeoutError, match=r"#1 bot: 'Setuju\?'"):
        await emu.next_message(user, timeout=0.05)


async def test_press_button_reaches_the_bot(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    sent = await bot.send_message(user.id, "Pilih", reply_markup=keyboard([("A", "a"), ("B", "b")]))
    query_id = emu.press_button(user, sent.message_id, text="B")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.id == query_id
    assert query.data == "b"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("Tersimpan")
    assert emu.callback_answers[0]["text"] == "Tersimpan"
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer("again")
    with pytest.raises(LookupError, match=r"buttons: \[\('A', 'a'\), \('B', 'b'\)\]"):
        emu.press_button(user, sent.message_id, data="c")


async def test_edit_not_modified_and_keyboard_removal(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    markup = keyboard([("OK", "ok")])
    sent = await bot.send_message(user.id, "Halo", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Halo", user.id, sent.message_id, reply_markup=markup)
    edited = await bot.edit_message_text("Halo", user.id, sent.message_id)  # drops the keyboard
    assert isinstance(edited, telegram.Message) and edited.reply_markup is None
    assert edited.edit_date is not None
    await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=markup)
    messages = await emu.next_messages(user, 3)
    assert [m.method for m in messages] == [
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert [m.is_edit for m in messages] == [False, True, True]
    assert emu.history(user)[-1]["reply_markup"] == markup.to_dict()
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user.id, 999)


async def test_photo_upload_then_file_id_reuse(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    other = emu.add_user("Joko")
    first = await bot.send_photo(user.id, png(1280, 960), caption="Poster")
    sizes = first.photo
    assert (sizes[-1].width, sizes[-1].height) == (1280, 960)
    assert sizes[0].width < sizes[-1].width
    again = await bot.send_photo(other.id, sizes[-1].file_id, caption="Poster")
    assert again.photo[-1].file_unique_id == sizes[-1].file_unique_id
    fresh = await bot.send_photo(other.id, png(1280, 960))
    assert fresh.photo[-1].file_id != sizes[-1].file_id
    assert fresh.photo[-1].file_unique_id != sizes[-1].file_unique_id
    assert [f.file_id for f in emu.sent_files(other)] == [
        sizes[-1].file_id,
        fresh.photo[-1].file_id,
    ]
    assert emu.file_bytes(sizes[-1].file_id) == png(1280, 960)
    with pytest.raises(BadRequest, match="Type of file mismatch"):
        await bot.send_document(user.id, sizes[-1].file_id)


async def test_document_is_byte_exact_and_copy_message(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    data = bytes(range(256)) * 10
    sent = await bot.send_document(user.id, data, filename="materi.pdf", caption="Materi")
    assert sent.document is not None and sent.document.file_name == "materi.pdf"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data
    copied = await bot.copy_message(user.id, user.id, sent.message_id, caption="Salinan")
    copy = emu.history(user)[-1]
    assert copy["message_id"] == copied.message_id
    assert copy["document"]["file_id"] == sent.document.file_id
    assert copy["caption"] == "Salinan"


async def test_user_photo_download_round_trip(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    emu.send_photo(user, png(800, 600), caption="Bukti")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.caption == "Bukti"
    file = await update.message.photo[-1].get_file()
    assert file.file_path is not None
    assert bytes(await file.download_as_bytearray()) == png(800, 600)


async def test_other_user_content(emu: BotApiEmulator, bot: telegram.Bot, user: SimUser) -> None:
    emu.send_document(user, b"%PDF-1.4", "sk.pdf", "application/pdf")
    emu.send_sticker(user)
    emu.send_voice(user)
    sent = await bot.send_message(user.id, "Balas pesan ini")
    emu.reply_to(user, sent.to_dict(), "Balasan")
    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message]
    assert messages[0].document is not None and messages[0].document.file_name == "sk.pdf"
    assert messages[1].sticker is not None
    assert messages[2].voice is not None
    assert messages[3].reply_to_message is not None
    assert messages[3].reply_to_message.message_id == sent.message_id


async def test_group_privacy_and_membership(
    emu: BotApiEmulator, bot: telegram.Bot, user: SimUser
) -> None:
    admin = emu.add_user("Kepala", username="kepala_dinas")
    group = emu.add_group("Humas Dinas", members=[user], creator=admin)
    assert group.id < -1_000_000_000_000
    emu.send_text(user, "obrolan biasa", chat=group)  # privacy mode: the bot does not see it
    emu.send_text(user, "/daftar@asn_humas_bot", chat=group)
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.text == "/daftar@asn_humas_bot"
    assert update.message.entities[0].length == len("/daftar@asn_humas_bot")
    assert len(emu.history(group)) == 2
    member = await bot.get_chat_member(group.id, admin.id)
    assert member.status == "creator"
    admins = await bot.get_chat_administrators(group.id)
    assert [a.user.id for a in admins] == [admin.id]
    assert await bot.leave_chat(group.id)
    with pytest.raises(telegram.error.Forbidden, match="bot is not a member"):
        await bot.send_message(group.id, "x")


async def test_basic_group_migration(emu: BotApiEmulator, bot: telegram.Bot, user: SimUser) -> None:
    group = emu.add_group("Grup Lama", members=[user], supergroup=False)
    new = emu.migrate_group_to_supergroup(group)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(group.id, "x")
    assert caught.value.new_chat_id == new.id
    updates = await bot.get_updates()
    assert updates[0].message is not None
    assert updates[0].message.migrate_to_chat_id == new.id


async def test_request_log(emu: BotApiEmulator, bot: telegram.Bot, user: SimUser) -> None:
    await bot.send_chat_action(user.id, "typing")
    await bot.send_message(user.id, "x")
    methods = [r.method for r in emu.requests]
    assert methods[-2:] == ["sendChatAction", "sendMessage"]
    assert emu.requests_for("sendMessage")[0].params["text"] == "x"
    assert emu.sent_per_chat == {user.id: 1}
    assert emu.send_timestamps[0][1] == user.id
