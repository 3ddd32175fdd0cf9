"""A minimal local WhatsApp Cloud API for the client's tests: Meta's paths, bodies, status
codes and error objects (`{"error": {"message", "type", "code", "error_subcode",
"error_data": {"messaging_product", "details"}, "fbtrace_id"}}`), nothing simulated beyond
what a test asks for. The full emulator lives in devtools/emulator/whatsapp/.

    async with LocalCloudApi() as api:
        api.fail_next(api.error(131056))
        client = CloudApiClient(http, base_url=api.url, version=VERSION, ...)
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.channels.web.server import LocalServer

TOKEN = "EAAG-test-token-never-shown"
VERSION = "v23.0"
PHONE_NUMBER_ID = "106540352242922"

# Meta's texts for the codes the tests use (the Cloud API's "Error codes" page).
_ERRORS: dict[int, tuple[int, str, str]] = {
    190: (401, "Error validating access token: Session has expired.", ""),
    130429: (400, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."),
    131056: (
        400,
        "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone"
        " number to the same phone number in a short period of time.",
    ),
    131047: (
        400,
        "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer"
        " last replied to this number.",
    ),
    131026: (400, "(#131026) Message undeliverable", "Unable to deliver message."),
    131049: (
        400,
        "(#131049) This message was not delivered to maintain healthy ecosystem engagement.",
        "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    ),
    100: (400, "(#100) Invalid parameter", "Parameter value is not valid"),
    131000: (500, "(#131000) Something went wrong", "Something went wrong"),
}


@dataclass(frozen=True)
class Answer:
    """An answer the next request gets instead of the normal one."""

    status: int
    body: bytes
    content_type: str = "application/json"


@dataclass(frozen=True)
class Upload:
    messaging_product: str
    type: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class LocalCloudApi:
    host: str = "127.0.0.1"
    sent: list[dict[str, Any]] = field(default_factory=list)  # bodies of POST .../messages
    uploads: dict[str, Upload] = field(default_factory=dict)
    authorizations: list[str] = field(default_factory=list)  # every request's header
    _faults: deque[Answer] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _server: LocalServer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the local Cloud API is not started")
        return f"http://{self.host}:{self._server.port}"

    @staticmethod
    def error(code: int, *, subcode: int | None = None) -> Answer:
        status, message, details = _ERRORS[code]
        error: dict[str, Any] = {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AazxkT1Ptx1Ha4ZWr3bSkvz",
        }
        if subcode is not None:
            error["error_subcode"] = subcode
        if details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": details}
        return Answer(status, json.dumps({"error": error}).encode())

    def fail_next(self, *answers: Answer) -> None:
        self._faults.extend(answers)

    async def __aenter__(self) -> LocalCloudApi:
        self._server = LocalServer(self._app(), self.host)
        await self._server.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            await self._server.stop()
        self._server = None

    def _app(self) -> Starlette:
        base = f"/{VERSION}"
        return Starlette(
            routes=[
                Route(f"{base}/{PHONE_NUMBER_ID}/messages", self._messages, methods=["POST"]),
                Route(f"{base}/{PHONE_NUMBER_ID}/media", self._upload, methods=["POST"]),
                Route(f"{base}/{{media_id}}", self._media_url, methods=["GET"]),
                Route("/download/{media_id}", self._download, methods=["GET"]),
            ]
        )

    def _refusal(self, request: Request) -> Response | None:
        """The token check, then an injected fault."""
        header = request.headers.get("authorization", "")
        self.authorizations.append(header)
        if header != f"Bearer {TOKEN}":
            answer = self.error(190)
            return Response(answer.body, answer.status, media_type=answer.content_type)
        if self._faults:
            answer = self._faults.popleft()
            return Response(answer.body, answer.status, media_type=answer.content_type)
        return None

    async def _messages(self, request: Request) -> Response:
        if (refused := self._refusal(request)) is not None:
            return refused
        body = await request.json()
        self.sent.append(body)
        if body.get("status") == "read":
            return JSONResponse({"success": True})
        wamid = f"wamid.HBgLNjI4MTIzNDU2Nzg5FQIAERgS{next(self._ids):06d}"
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": wamid}],
            }
        )

    async def _upload(self, request: Request) -> Response:
        if (refused := self._refusal(request)) is not None:
            return refused
        media_id = str(1_000_000_000_000_000 + next(self._ids))
        async with request.form() as form:
            file = form["file"]
            assert isinstance(file, UploadFile)
            self.uploads[media_id] = Upload(
                messaging_product=str(form["messaging_product"]),
                type=str(form["type"]),
                filename=file.filename or "",
                content_type=file.content_type or "",
                data=await file.read(),
            )
        return JSONResponse({"id": media_id})

    async def _media_url(self, request: Request) -> Response:
        if (refused := self._refusal(request)) is not None:
            return refused
        media_id = request.path_params["media_id"]
        upload = self.uploads.get(media_id)
        if upload is None:
            answer = self.error(100)
            return Response(answer.body, answer.status, media_type=answer.content_type)
        return JSONResponse(
            {
                "url": f"{self.url}/download/{media_id}",
                "mime_type": upload.type,
                "sha256": hashlib.sha256(upload.data).hexdigest(),
                "file_size": str(len(upload.data)),
                "id": media_id,
                "messaging_product": "whatsapp",
            }
        )

    async def _download(self, request: Request) -> Response:
        if (refused := self._refusal(request)) is not None:
            return refused
        upload = self.uploads[request.path_params["media_id"]]
        return Response(upload.data, media_type=upload.type)
