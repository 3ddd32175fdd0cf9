"""Requests are checked against the Bot API spec, with Telegram's error shapes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from devtools.emulator import BotApiEmulator, SimUser, load_schema
from devtools.emulator.errors import ApiError


@pytest.fixture
async def http(emu: BotApiEmulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{emu.token}/") as client:
        yield client


@pytest.fixture
def user(emu: BotApiEmulator) -> SimUser:
    return emu.add_user("Budi")


def keyboard(*buttons: dict[str, object]) -> str:
    return json.dumps({"inline_keyboard": [list(buttons)]})


async def expect_error(response: httpx.Response, code: int, description: str) -> None:
    assert response.status_code == code, response.text
    body = response.json()
    assert body["ok"] is False
    assert body["error_code"] == code
    assert body["description"] == description


async def test_misnamed_parameter_is_named_in_the_error(
    http: httpx.AsyncClient, user: SimUser
) -> None:
    response = await http.post("sendMessage", data={"chat_idd": str(user.id), "text": "hi"})
    await expect_error(response, 400, 'Bad Request: unknown parameter "chat_idd"')


async def test_missing_required_parameter(http: httpx.AsyncClient) -> None:
    response = await http.post("sendMessage", data={"text": "hi"})
    await expect_error(response, 400, 'Bad Request: parameter "chat_id" is required')


@pytest.mark.parametrize(
    "data", [{}, {"text": ""}, {"text": "  \n"}, {"text": "<b></b>", "parse_mode": "HTML"}]
)
async def test_empty_text(http: httpx.AsyncClient, user: SimUser, data: dict[str, str]) -> None:
    response = await http.post("sendMessage", data={"chat_id": str(user.id), **data})
    await expect_error(response, 400, "Bad Request: message text is empty")


async def test_wrong_type(http: httpx.AsyncClient, user: SimUser) -> None:
    data = {"chat_id": str(user.id), "text": "hi", "disable_notification": "notabool"}
    response = await http.post("sendMessage", data=data)
    await expect_error(
        response, 400, 'Bad Request: parameter "disable_notification" must be of type Boolean'
    )


async def test_text_length_counts_after_entity_parsing(
    http: httpx.AsyncClient, user: SimUser
) -> None:
    too_long = await http.post("sendMessage", data={"chat_id": str(user.id), "text": "a" * 4097})
    await expect_error(too_long, 400, "Bad Request: message is too long")
    markup = "<b>" + "a" * 4096 + "</b>"
    fits = await http.post(
        "sendMessage", data={"chat_id": str(user.id), "text": markup, "parse_mode": "HTML"}
    )
    assert fits.status_code == 200
    assert fits.json()["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 4096}]


async def test_caption_limit(http: httpx.AsyncClient, user: SimUser) -> None:
    files = {"photo": ("p.jpg", b"\xff\xd8fake", "image/jpeg")}
    data = {"chat_id": str(user.id), "caption": "c" * 1025}
    response = await http.post("sendPhoto", data=data, files=files)
    await expect_error(response, 400, "Bad Request: message caption is too long")


async def test_callback_data_is_limited_in_bytes(http: httpx.AsyncClient, user: SimUser) -> None:
    chat = str(user.id)
    over = keyboard({"text": "x", "callback_data": "é" * 32 + "a"})  # 65 bytes, 33 chars
    response = await http.post(
        "sendMessage", data={"chat_id": chat, "text": "t", "reply_markup": over}
    )
    await expect_error(response, 400, "Bad Request: BUTTON_DATA_INVALID")
    exact = keyboard({"text": "x", "callback_data": "é" * 32})  # 64 bytes
    response = await http.post(
        "sendMessage", data={"chat_id": chat, "text": "t", "reply_markup": exact}
    )
    assert response.status_code == 200


async def test_nested_markup_is_checked_recursively(http: httpx.AsyncClient, user: SimUser) -> None:
    chat = str(user.id)
    bad_text = keyboard({"text": 5, "callback_data": "a"})
    response = await http.post(
        "sendMessage", data={"chat_id": chat, "text": "t", "reply_markup": bad_text}
    )
    await expect_error(
        response,
        400,
        'Bad Request: parameter "reply_markup.inline_keyboard[0][0].text" must be of type String',
    )
    typo = keyboard({"text": "a", "callbackdata": "a"})
    response = await http.post(
        "sendMessage", data={"chat_id": chat, "text": "t", "reply_markup": typo}
    )
    assert response.status_code == 400
    assert '"callbackdata"' in response.json()["description"]
    copy = keyboard({"text": "Salin", "copy_text": {"text": "x" * 257}})
    response = await http.post(
        "sendMessage", data={"chat_id": chat, "text": "t", "reply_markup": copy}
    )
    assert response.status_code == 400
    assert "copy_text.text" in response.json()["description"]


async def test_json_body_and_case_insensitive_method(
    http: httpx.AsyncClient, user: SimUser
) -> None:
    body = {
        "chat_id": user.id,
        "text": "halo",
        "reply_markup": {"inline_keyboard": [[{"text": "Buka", "url": "https://example.org"}]]},
    }
    response = await http.post("SENDMESSAGE", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["result"]["text"] == "halo"


async def test_unknown_method_and_bad_token(emu: BotApiEmulator, http: httpx.AsyncClient) -> None:
    await expect_error(await http.post("sendMessages", data={}), 404, "Not Found")
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{emu.base_url}999:WRONG/getMe")
    await expect_error(response, 401, "Unauthorized")


async def test_html_errors_match_telegram(http: httpx.AsyncClient, user: SimUser) -> None:
    data = {"chat_id": str(user.id), "parse_mode": "HTML"}
    response = await http.post("sendMessage", data={**data, "text": "<b>tebal"})
    await expect_error(
        response,
        400,
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    )
    response = await http.post("sendMessage", data={**data, "text": "<div>x</div>"})
    assert 'Unsupported start tag "div"' in response.json()["description"]


async def test_markdown_v2_reserved_characters(http: httpx.AsyncClient, user: SimUser) -> None:
    data = {"chat_id": str(user.id), "parse_mode": "MarkdownV2"}
    response = await http.post("sendMessage", data={**data, "text": "Selesai."})
    assert "Character '.' is reserved" in response.json()["description"]
    response = await http.post("sendMessage", data={**data, "text": r"*Selesai*\."})
    assert response.json()["result"]["text"] == "Selesai."


async def test_numeric_limits_and_commands(http: httpx.AsyncClient) -> None:
    response = await http.post("getUpdates", data={"limit": "101"})
    assert response.status_code == 400
    response = await http.post("getUpdates", data={"timeout": "-1"})
    assert response.status_code == 400
    commands = json.dumps([{"command": "a" * 33, "description": "x"}])
    await expect_error(
        await http.post("setMyCommands", data={"commands": commands}),
        400,
        "Bad Request: BOT_COMMAND_INVALID",
    )
    commands = json.dumps([{"command": "daftar", "description": "Daftar sebagai ASN"}])
    assert (await http.post("setMyCommands", data={"commands": commands})).json()["result"] is True
    got = (await http.post("getMyCommands")).json()["result"]
    assert got == [{"command": "daftar", "description": "Daftar sebagai ASN"}]


async def test_unimplemented_methods(http: httpx.AsyncClient, user: SimUser) -> None:
    # Boolean methods succeed after validation; others say they are not emulated.
    response = await http.post("setChatTitle", data={"chat_id": str(user.id), "title": "x"})
    assert response.json() == {"ok": True, "result": True}
    response = await http.post("sendDice", data={"chat_id": str(user.id)})
    await expect_error(
        response, 400, "Bad Request: method sendDice is not supported by the emulator"
    )


async def test_unions_resolve_through_subtypes() -> None:
    schema = load_schema()
    method = schema.method("setMyCommands")
    assert method is not None
    commands = '[{"command": "a", "description": "b"}]'
    scope = '{"type": "chat", "chat_id": 5}'
    assert schema.validate(method, {"commands": commands, "scope": scope})["scope"]["chat_id"] == 5
    with pytest.raises(ApiError, match=r"scope\.chat_id.*required"):
        schema.validate(method, {"commands": commands, "scope": '{"type": "chat"}'})
    with pytest.raises(ApiError, match="must be of type"):
        schema.validate(method, {"commands": commands, "scope": '{"type": 1}'})
