"""HTTP side of the emulator: the Bot API routes, file downloads and the /_emulator control API.

The method route is a raw ASGI endpoint (not a Starlette function endpoint) because the "drop"
fault has to start a response and then abort the connection, which only raw ASGI can do.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from devtools.emulator.errors import ApiError, bad_request
from devtools.emulator.faults import DropConnection, FaultSet
from devtools.emulator.methods import BotApiMethods
from devtools.emulator.models import Upload
from devtools.emulator.schema import BotApiSchema, load_schema
from devtools.emulator.state import EmulatorState, RequestRecord

if TYPE_CHECKING:
    from devtools.emulator.emulator import BotApiEmulator

_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")


def _json(payload: Any, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status, media_type="application/json")


def error_response(exc: ApiError) -> Response:
    return _json(exc.payload(), exc.code)


class _DropFilter(logging.Filter):
    """Hides uvicorn's traceback for connections the "drop" fault aborts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DropConnection))


def install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropFilter) for f in logger.filters):
        logger.addFilter(_DropFilter())


class MethodEndpoint:
    """/bot<token>/<method>: auth, faults, parsing, validation, dispatch, logging."""

    def __init__(
        self,
        state: EmulatorState,
        faults: FaultSet,
        schema: BotApiSchema,
        latency: tuple[float, float] = (0.0, 0.0),
    ):
        self.state = state
        self.faults = faults
        self.latency = latency
        self.schema = schema
        self.methods = BotApiMethods(state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        token, method_name = request.path_params["token"], request.path_params["method"]
        state = self.state
        counts_as_activity = method_name.lower() != "getupdates"
        if counts_as_activity:
            state.in_flight += 1
        params: dict[str, Any] = {}
        try:
            response = await self._handle(request, token, method_name, params)
        except DropConnection:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise
        finally:
            if counts_as_activity:
                state.in_flight -= 1
                state.last_activity = asyncio.get_running_loop().time()
        await response(scope, receive, send)

    async def _handle(
        self, request: Request, token: str, method_name: str, params: dict[str, Any]
    ) -> Response:
        state = self.state
        if token != state.token:
            return error_response(_UNAUTHORIZED)
        spec = self.schema.method(method_name)
        if spec is None:
            return error_response(_NOT_FOUND)
        status = 200
        try:
            raw = await read_params(request)
            params.update(raw)
            if self.latency[1] > 0:
                await self._wait(random.uniform(*self.latency))
            fault = self.faults.take(spec.name.lower(), raw.get("chat_id"))
            if fault is not None:
                await self._apply_fault(fault)
            params.update(self.schema.validate(spec, raw))
            handler = self.methods.handlers.get(spec.name.lower())
            if handler is not None:
                result = await handler(params)
            elif spec.returns_bool:
                result = True
            else:
                raise bad_request(f"method {spec.name} is not supported by the emulator")
            return _json({"ok": True, "result": result})
        except ApiError as exc:
            status = exc.code
            return error_response(exc)
        finally:
            state.method_counts[spec.name] += 1
            if state.record_history or status != 200:
                state.requests.append(RequestRecord(spec.name, params, status, _now()))

    async def _wait(self, seconds: float) -> None:
        # Ends early when the emulator stops, so shutdown never waits for a slow answer.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.state.stopping.wait(), seconds)

    async def _apply_fault(self, fault: Any) -> None:
        if fault.kind == "slow":
            await self._wait(fault.delay)
            return
        if fault.kind == "drop":
            raise DropConnection
        error = fault.error()
        if error is not None:
            raise error


def _now() -> float:
    return asyncio.get_running_loop().time()


async def read_params(request: Request) -> dict[str, Any]:
    """Query string + body (JSON, urlencoded or multipart); uploads become Upload objects."""
    raw: dict[str, Any] = dict(request.query_params)
    if request.method != "POST":
        return raw
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        if body:
            try:
                data = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(data, dict):
                raise bad_request("JSON object expected")
            raw.update(data)
        return raw
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return raw
    attachments: dict[str, Upload] = {}
    async with request.form(max_files=1000, max_fields=1000) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                upload = Upload(
                    value.filename or key,
                    value.content_type or "application/octet-stream",
                    await value.read(),
                )
                attachments[key] = upload
            else:
                raw[key] = value
    return _resolve_attachments(raw, attachments)


def _resolve_attachments(raw: dict[str, Any], attachments: Mapping[str, Upload]) -> dict[str, Any]:
    # PTB names a direct upload after its parameter; InputMedia uses attach://<name> instead.
    for key, value in raw.items():
        if isinstance(value, str) and value.startswith("attach://"):
            name = value[len("attach://") :]
            if name not in attachments:
                raise bad_request(f'file attachment "{name}" not found for "{key}"')
            raw[key] = attachments[name]
    for key, upload in attachments.items():
        if not key.startswith("attached") and key not in raw:
            raw[key] = upload
    return raw


def file_endpoint(state: EmulatorState) -> Any:
    async def download(request: Request) -> Response:
        if request.path_params["token"] != state.token:
            return error_response(_UNAUTHORIZED)
        record = state.files.by_path.get(request.path_params["path"])
        if record is None:
            return error_response(_NOT_FOUND)
        return Response(record.data, media_type=record.mime_type or "application/octet-stream")

    return download


def build_app(emulator: BotApiEmulator) -> Starlette:
    from devtools.emulator.control import control_routes

    state = emulator.state
    endpoint = MethodEndpoint(state, emulator.faults, load_schema(), emulator.latency)
    routes = [
        Route("/bot{token}/{method}", endpoint, methods=["GET", "POST"]),
        Route("/file/bot{token}/{path:path}", file_endpoint(state), methods=["GET"]),
        *control_routes(emulator),
    ]
    return Starlette(routes=routes)
