"""/_emulator/... JSON endpoints: the test API for drivers in another process (the standalone
emulator of the demo and benchmarks). Local use only: no token.

POST /_emulator/people/{wa_id}/says      {"text", "name"?, "repeat"?}  → {"id": wamid}
POST /_emulator/people/{wa_id}/presses   {"title"}                      → {"id": wamid}
POST /_emulator/people/{wa_id}/chooses   {"title"}                      → {"id": wamid}
POST /_emulator/people/{wa_id}/window    {"open": bool}
GET  /_emulator/people/{wa_id}/messages?wait=<seconds>  → what was delivered since the last call
POST /_emulator/templates  {"name", "language", "body_parameters"?, "url_button"?, ...}
POST /_emulator/faults     {"code"?, "http_status"?, "delay"?, "times"?, "recipient"?}
DELETE /_emulator/faults
GET  /_emulator/stats      → counters
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from devtools.emulator.whatsapp.messages import SentMessage

if TYPE_CHECKING:
    from devtools.emulator.whatsapp.emulator import CloudApiEmulator

_PREFIX = "/_emulator"


def _message(sent: SentMessage) -> dict[str, Any]:
    return {"id": sent.id, "to": sent.to, "at": sent.at, "body": sent.body}


def control_routes(emu: CloudApiEmulator) -> list[Route]:
    async def acts(request: Request) -> JSONResponse:
        body = await request.json()
        person = emu.person(request.path_params["wa_id"], body.get("name", ""))
        try:
            match request.path_params["act"]:
                case "says":
                    wamid = await person.says(body["text"], repeat=int(body.get("repeat", 1)))
                case "presses":
                    wamid = await person.presses(body["title"])
                case "chooses":
                    wamid = await person.chooses(body["title"])
                case other:
                    return JSONResponse({"error": f"unknown act {other!r}"}, status_code=404)
        except LookupError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse({"id": wamid})

    async def window(request: Request) -> JSONResponse:
        wa_id = request.path_params["wa_id"]
        if (await request.json()).get("open", True):
            emu.set_last_inbound(wa_id, emu.now())
        else:
            emu.close_window(wa_id)
        return JSONResponse({"open": emu.person(wa_id).window_open})

    async def messages(request: Request) -> JSONResponse:
        person = emu.person(request.path_params["wa_id"])
        taken = person.drain()
        wait = float(request.query_params.get("wait", 0))
        if not taken and wait > 0:
            with contextlib.suppress(TimeoutError):
                taken = [await person.reply(wait), *person.drain()]
        return JSONResponse([_message(m) for m in taken])

    async def templates(request: Request) -> JSONResponse:
        body = await request.json()
        fields = ("body_parameters", "url_button", "header_image", "category")
        emu.approve_template(
            body["name"], body["language"], **{k: body[k] for k in fields if k in body}
        )
        return JSONResponse({"approved": True})

    async def faults(request: Request) -> JSONResponse:
        if request.method == "DELETE":
            emu.faults.clear()
            return JSONResponse({"faults_pending": 0})
        body = await request.json()
        fields = ("code", "http_status", "delay", "times", "recipient", "details", "endpoint")
        emu.fail_next(**{k: body[k] for k in fields if k in body})
        return JSONResponse({"faults_pending": len(emu.faults)})

    async def stats(request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "sends": emu.send_count,
                "read_receipts": emu.read_receipt_count,
                "people": len(emu.people),
                "media": len(emu.media),
                "webhooks": len(emu.webhooks.deliveries),
                "faults_pending": len(emu.faults),
            }
        )

    person = _PREFIX + "/people/{wa_id}"
    return [
        Route(person + "/window", window, methods=["POST"]),
        Route(person + "/messages", messages, methods=["GET"]),
        Route(person + "/{act}", acts, methods=["POST"]),
        Route(_PREFIX + "/templates", templates, methods=["POST"]),
        Route(_PREFIX + "/faults", faults, methods=["POST", "DELETE"]),
        Route(_PREFIX + "/stats", stats, methods=["GET"]),
    ]
