"""The emulated Graph API routes: HTTP plumbing (auth, latency, faults' delays, recording)
around the emulator's send, media and read-receipt logic."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from devtools.emulator.whatsapp.control import control_routes
from devtools.emulator.whatsapp.errors import (
    CloudError,
    expired_token,
    invalid_parameter,
    invalid_token,
    unknown_object,
)

if TYPE_CHECKING:
    from devtools.emulator.whatsapp.emulator import CloudApiEmulator

ATTACHMENTS = "/whatsapp_business/attachments/"
Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    body: Any  # the JSON body, the multipart form's text fields, or None
    status: int
    at: float


def build_app(emu: CloudApiEmulator) -> Starlette:
    def graph(handler: Callable[[Request], Awaitable[Any]]) -> Handler:
        """Latency, the bearer token, Graph's error body, and the record of the call."""

        async def endpoint(request: Request) -> Response:
            if emu.latency:
                await asyncio.sleep(emu.latency)
            body: Any = None
            try:
                _authorize(emu, request)
                body, answer = await handler(request)
                response = (
                    answer
                    if isinstance(answer, Response)
                    else JSONResponse(answer, status_code=200)
                )
            except CloudError as error:
                response = JSONResponse(
                    error.payload(),
                    status_code=error.status,
                    headers={"WWW-Authenticate": f'OAuth "Facebook Platform" "{error.title}"'},
                )
            if emu.record_history:
                emu.requests.append(
                    RecordedRequest(
                        request.method, request.url.path, body, response.status_code, emu.now()
                    )
                )
            return response

        return endpoint

    async def messages(request: Request) -> tuple[Any, Any]:
        _own_number(emu, request)
        try:
            body = json.loads(await request.body())
        except ValueError:
            raise invalid_parameter("The request body is not valid JSON") from None
        return body, await emu.handle_send(body)

    async def upload(request: Request) -> tuple[Any, Any]:
        _own_number(emu, request)
        async with request.form() as form:  # closes the spooled upload files
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            file = form.get("file")
            if fields.get("messaging_product") != "whatsapp":
                raise invalid_parameter("The parameter messaging_product is required")
            if not isinstance(file, UploadFile):
                raise invalid_parameter("The parameter file is required")
            mime_type = fields.get("type") or file.content_type or ""
            if not mime_type:
                raise invalid_parameter("The parameter type is required")
            data, filename = await file.read(), file.filename
        return fields, await emu.handle_upload(data, mime_type, filename)

    async def media(request: Request) -> tuple[Any, Any]:
        media_id = request.path_params["media_id"]
        record = emu.media.get(media_id)
        if record is None:
            raise unknown_object(media_id, "get" if request.method == "GET" else "delete")
        if request.method == "DELETE":
            emu.media.delete(media_id)
            return None, {"success": True}
        url = (
            f"{emu.base_url}{ATTACHMENTS}?mid={record.id}&ext={int(record.uploaded_at)}"
            f"&hash={record.url_hash}"
        )
        return None, {
            "messaging_product": "whatsapp",
            "url": url,
            "mime_type": record.mime_type,
            "sha256": record.sha256,
            "file_size": len(record.data),
            "id": record.id,
        }

    async def download(request: Request) -> tuple[Any, Any]:
        record = emu.media.get(request.query_params.get("mid", ""))
        if record is None or request.query_params.get("hash") != record.url_hash:
            return None, Response(status_code=404)
        return None, Response(record.data, media_type=record.mime_type)

    return Starlette(
        routes=[
            *control_routes(emu),  # before /{version}/{media_id}, which /_emulator/stats matches
            Route(ATTACHMENTS, graph(download), methods=["GET"]),
            Route("/{version}/{phone_number_id}/messages", graph(messages), methods=["POST"]),
            Route("/{version}/{phone_number_id}/media", graph(upload), methods=["POST"]),
            Route("/{version}/{media_id}", graph(media), methods=["GET", "DELETE"]),
        ]
    )


def _authorize(emu: CloudApiEmulator, request: Request) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise invalid_token()
    if token in emu.expired_tokens:
        raise expired_token()
    if token != emu.access_token:
        raise invalid_token()


def _own_number(emu: CloudApiEmulator, request: Request) -> None:
    number = request.path_params["phone_number_id"]
    if number != emu.business.phone_number_id:
        raise unknown_object(number, "post")
