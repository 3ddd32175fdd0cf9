"""Sends over HTTP: answers, Meta's error bodies, the 24-hour window, templates, statuses."""

from __future__ import annotations

import httpx

from devtools.emulator.whatsapp import CloudApiEmulator
from tests.emulator.whatsapp.support import PHONE_NUMBER_ID, WebhookReceiver, template_to, text_to

BUDI = "6281234567890"
MESSAGES = f"{PHONE_NUMBER_ID}/messages"


async def test_a_text_inside_the_window_is_delivered_then_sent_delivered_read(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    budi = emu.person(BUDI, "Budi")
    await budi.says("halo")
    answer = await graph.post(MESSAGES, json=text_to("+" + BUDI, "Selamat datang"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["messaging_product"] == "whatsapp"
    assert body["contacts"] == [{"input": "+" + BUDI, "wa_id": BUDI}]
    wamid = body["messages"][0]["id"]
    assert wamid.startswith("wamid.")
    reply = await budi.reply(timeout=2)
    assert (reply.id, reply.text, reply.to) == (wamid, "Selamat datang", BUDI)
    await hook.wait_for(4)  # the inbound, then three statuses
    statuses = hook.statuses()
    assert [s["status"] for s in statuses] == ["sent", "delivered", "read"]
    assert {s["id"] for s in statuses} == {wamid} and statuses[0]["recipient_id"] == BUDI
    assert statuses[0]["pricing"] == {
        "billable": False,
        "pricing_model": "PMP",
        "category": "service",
        "type": "free_customer_service",
    }
    assert all(r.signed_correctly for r in hook.received)


async def test_outside_the_window_a_text_is_accepted_then_fails_with_131047(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    answer = await graph.post(MESSAGES, json=text_to(BUDI))
    assert answer.status_code == 200
    wamid = answer.json()["messages"][0]["id"]
    (received,) = await hook.wait_for(1)
    (failed,) = received.value["statuses"]
    assert failed["id"] == wamid and failed["status"] == "failed"
    (error,) = failed["errors"]
    assert error["code"] == 131047 and error["title"] == "Re-engagement message"
    assert "24 hours" in error["error_data"]["details"]
    assert "pricing" not in failed
    assert emu.person(BUDI).drain() == []
    assert emu.sent[0].outcome == "failed" and emu.sent[0].error_code == 131047


async def test_a_closed_window_after_writing(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    budi = emu.person(BUDI)
    await budi.says("halo")
    assert budi.window_open
    emu.close_window(BUDI)
    assert not budi.window_open
    emu.set_last_inbound(BUDI, emu.now() - 23 * 3600)
    assert budi.window_open
    emu.set_last_inbound(BUDI, emu.now() - 25 * 3600)
    await graph.post(MESSAGES, json=text_to(BUDI))
    assert emu.sent[-1].error_code == 131047


async def test_a_template_is_delivered_outside_the_window(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    emu.approve_template("kampanye_asn", "id", body_parameters=2, url_button=True)
    body = template_to(BUDI, "kampanye_asn", "id", "Hari Pahlawan", "Bagikan!", url="17")
    answer = await graph.post(MESSAGES, json=body)
    assert answer.status_code == 200
    assert answer.json()["messages"][0]["message_status"] == "accepted"
    message = await emu.next_message(BUDI, timeout=2)
    assert message.is_template and message.template_name == "kampanye_asn"
    assert message.template_parameters == ["Hari Pahlawan", "Bagikan!"]
    assert message.template_url_suffix == "17" and message.template_language == "id"
    await hook.wait_for(3)
    pricing = hook.statuses()[1]["pricing"]
    assert pricing["billable"] is True and pricing["category"] == "marketing"


async def test_template_errors(emu: CloudApiEmulator, graph: httpx.AsyncClient) -> None:
    emu.approve_template("kampanye_asn", "id", body_parameters=1)
    unknown = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "en", "x"))
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == 132001
    count = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "id", "a", "b"))
    assert count.status_code == 400 and count.json()["error"]["code"] == 132000
    assert "(2)" in count.json()["error"]["error_data"]["details"]
    url = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "id", "a", url="9"))
    assert url.json()["error"]["code"] == 132000
    for bad in ("baris\nbaru", "tab\there", "lima     spasi"):
        answer = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "id", bad))
        error = answer.json()["error"]
        assert (answer.status_code, error["code"]) == (400, 132018), bad
        assert "new-line/tab" in error["error_data"]["details"]
    ok = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "id", "empat    spasi"))
    assert ok.status_code == 200
    assert emu.send_count == 1


async def test_a_template_body_fits_1024_characters_with_its_parameters(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    emu.approve_template("kampanye_asn", "id", body_parameters=1, body_length=100)
    fits = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "id", "x" * 924))
    too_long = await graph.post(MESSAGES, json=template_to(BUDI, "kampanye_asn", "id", "x" * 925))
    assert fits.status_code == 200
    error = too_long.json()["error"]
    assert (too_long.status_code, error["code"]) == (400, 132005)
    assert error["message"] == "(#132005) Template Hydrated Text Too Long"


async def test_an_invalid_body_answers_meta_s_error_shape(graph: httpx.AsyncClient) -> None:
    body = text_to(BUDI, "x" * 5000)
    answer = await graph.post(MESSAGES, json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 100 and error["message"] == "(#100) Invalid parameter"
    assert error["type"] == "OAuthException" and error["fbtrace_id"]
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert "['text']['body']" in error["error_data"]["details"]
    not_json = await graph.post(
        MESSAGES, content=b"{", headers={"Content-Type": "application/json"}
    )
    assert not_json.json()["error"]["code"] == 100


async def test_tokens(emu: CloudApiEmulator, graph: httpx.AsyncClient) -> None:
    wrong = await graph.post(MESSAGES, json=text_to(BUDI), headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == 190
    emu.expire_token()
    expired = await graph.post(MESSAGES, json=text_to(BUDI))
    assert expired.status_code == 401
    error = expired.json()["error"]
    assert (error["code"], error["error_subcode"]) == (190, 463)
    assert "expired" in error["message"]
    assert emu.sent == []


async def test_another_phone_number_id_does_not_exist(graph: httpx.AsyncClient) -> None:
    answer = await graph.post("999/messages", json=text_to(BUDI))
    assert answer.status_code == 400
    assert (answer.json()["error"]["code"], answer.json()["error"]["error_subcode"]) == (100, 33)


async def test_people_who_cannot_receive(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    emu.approve_template("kampanye_asn", "id")
    gone, limited = emu.person("6280000000001"), emu.person("6280000000002")
    gone.delivery, limited.delivery = "undeliverable", "marketing_limited"
    await limited.says("halo")
    await graph.post(MESSAGES, json=template_to(gone.wa_id, "kampanye_asn", "id"))
    await graph.post(MESSAGES, json=template_to(limited.wa_id, "kampanye_asn", "id"))
    await graph.post(MESSAGES, json=text_to(limited.wa_id, "di dalam jendela"))
    await emu.settle()
    codes = [
        (s["recipient_id"], s["status"], s.get("errors", [{}])[0].get("code"))
        for s in hook.statuses()
    ]
    assert ("6280000000001", "failed", 131026) in codes
    assert ("6280000000002", "failed", 131049) in codes
    assert (await limited.reply(timeout=1)).text == "di dalam jendela"


async def test_read_receipt_marks_a_persons_message(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    budi = emu.person(BUDI)
    wamid = await budi.says("halo")
    receipt = {"messaging_product": "whatsapp", "status": "read", "message_id": wamid}
    answer = await graph.post(MESSAGES, json=receipt)
    assert answer.json() == {"success": True}
    assert budi.marked_read == {wamid}
    assert (budi.typing_shown, budi.sees_typing) == ([], False)  # a receipt alone shows none
    unknown = await graph.post(MESSAGES, json={**receipt, "message_id": "wamid.nope"})
    assert unknown.json()["error"]["code"] == 100


async def test_a_typing_indicator_shows_until_the_next_message_or_25_seconds(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    now = [1_800_000_000.0]
    emu.now = lambda: now[0]
    budi = emu.person(BUDI)
    first = await budi.says("halo")
    typing = {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": first,
        "typing_indicator": {"type": "text"},
    }
    assert (await graph.post(MESSAGES, json=typing)).json() == {"success": True}
    assert (budi.marked_read, budi.typing_shown, budi.sees_typing) == ({first}, [first], True)
    await graph.post(MESSAGES, json=text_to(BUDI, "jawaban"))
    assert not budi.sees_typing  # the answer dismisses it

    second = await budi.says("lagi")
    await graph.post(MESSAGES, json={**typing, "message_id": second})
    now[0] += 24.9
    assert budi.sees_typing
    now[0] += 0.2
    assert not budi.sees_typing  # WhatsApp gives up after 25 s
    assert budi.typing_shown == [first, second] and emu.read_receipt_count == 2

    wrong = {**typing, "typing_indicator": {"type": "audio"}}
    answer = await graph.post(MESSAGES, json=wrong)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 100
    extra = {**typing, "typing_indicator": {"type": "text", "for": 30}}
    assert (await graph.post(MESSAGES, json=extra)).status_code == 400


async def test_every_request_is_recorded(emu: CloudApiEmulator, graph: httpx.AsyncClient) -> None:
    await graph.post(MESSAGES, json=text_to(BUDI))
    await graph.post(MESSAGES, json={"to": BUDI})
    assert [(r.method, r.status) for r in emu.requests] == [("POST", 200), ("POST", 400)]
    assert emu.requests[0].path == f"/v23.0/{MESSAGES}"
    assert emu.requests[0].body["text"] == {"body": "Halo"}
