"""Bot API requests with a JSON body instead of a form-encoded one.

python-telegram-bot form-encodes parameters, and `urllib.parse.urlencode` quotes every byte
of a message's text in Python: for the long HTML texts this bot sends, that was the largest
single cost of a reply. The Bot API accepts `application/json` equally; `json.dumps` runs in
C. Requests that upload files keep PTB's multipart encoding.

JSON requests also skip httpx's client layer and go to a connection pool of their own: the
client parses the whole URL again, runs auth and redirect handling and a cookie jar built on
urllib for every call, none of which the Bot API uses; profiling /start put that near a
tenth of a reply's CPU time. Behind a proxy from the environment (HTTPS_PROXY, ALL_PROXY),
which httpx's client honours and a bare pool would not, requests go through the client.

Every call, JSON or multipart, and the long polls (`MeasuredRequest`) is counted by method and
status for /metrics, and its answer handed to `on_answer` (what /readyz knows of Telegram).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Awaitable, Callable
from typing import Any, cast

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.observability import metrics

_JSON_HEADERS = httpx.Headers(
    {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}
)


# Told the HTTP status of each Bot API answer ("timeout" or "network_error" when none came).
AnswerObserver = Callable[[int | str], None]


async def _measured(
    url: str, call: Awaitable[tuple[int, bytes]], on_answer: AnswerObserver | None
) -> tuple[int, bytes]:
    try:
        answer = await call
    except TimedOut:
        _observe(url, "timeout", on_answer)
        raise
    except NetworkError:
        _observe(url, "network_error", on_answer)
        raise
    _observe(url, answer[0], on_answer)
    return answer


def _observe(url: str, status: int | str, on_answer: AnswerObserver | None) -> None:
    # The method is the URL's last segment; the token before it never reaches a label.
    metrics.bot_api_call(url.rsplit("/", 1)[-1], status)
    if on_answer is not None:
        on_answer(status)


class MeasuredRequest(HTTPXRequest):
    """PTB's own request, counted like JsonBodyRequest (for getUpdates' long polls)."""

    def __init__(self, *, on_answer: AnswerObserver | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_answer = on_answer

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        call = super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        return await _measured(url, call, self._on_answer)


def _value(given: object, default: float | None) -> float | None:
    return default if given is BaseRequest.DEFAULT_NONE else cast(float | None, given)


class JsonBodyRequest(HTTPXRequest):
    def __init__(
        self,
        connection_pool_size: int = 256,
        pool_timeout: float | None = 1.0,
        *,
        on_answer: AnswerObserver | None = None,
    ) -> None:
        super().__init__(connection_pool_size=connection_pool_size, pool_timeout=pool_timeout)
        self._on_answer = on_answer
        self._pool_size = connection_pool_size
        self._direct = not _proxy_configured()
        self._transport: httpx.AsyncHTTPTransport | None = self._build_transport()
        self._urls: dict[str, httpx.URL] = {}  # one per Bot API method, parsed once

    def _build_transport(self) -> httpx.AsyncHTTPTransport:
        size = self._pool_size
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        return httpx.AsyncHTTPTransport(limits=limits)

    async def initialize(self) -> None:
        await super().initialize()
        if self._transport is None:
            self._transport = self._build_transport()

    async def shutdown(self) -> None:
        await super().shutdown()
        if self._transport is not None:
            await self._transport.aclose()
            self._transport = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        call = self._request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        return await _measured(url, call, self._on_answer)

    async def _request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None,
        read_timeout: Any,
        write_timeout: Any,
        connect_timeout: Any,
        pool_timeout: Any,
    ) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        if self._transport is None:
            raise RuntimeError("This JsonBodyRequest is shut down")
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=_value(connect_timeout, defaults.connect),
            read=_value(read_timeout, defaults.read),
            write=_value(write_timeout, defaults.write),
            pool=_value(pool_timeout, defaults.pool),
        )
        try:
            if not self._direct:
                response = await self._client.request(
                    method,
                    url,
                    headers=_JSON_HEADERS,
                    content=request_data.json_payload,
                    timeout=timeout,
                )
                return response.status_code, response.content
            parsed = self._urls.get(url)
            if parsed is None:
                parsed = self._urls[url] = httpx.URL(url)
            request = httpx.Request(
                method,
                parsed,
                headers=_JSON_HEADERS,
                content=request_data.json_payload,
                extensions={"timeout": timeout.as_dict()},
            )
            response = await self._transport.handle_async_request(request)
            try:
                content = await response.aread()
            finally:
                await response.aclose()
        except httpx.PoolTimeout as error:
            raise TimedOut("Pool timeout: all connections in the pool are occupied") from error
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        return response.status_code, content


def _proxy_configured() -> bool:
    """Whether the environment names a proxy for the Bot API's schemes (as httpx reads it)."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("https", "http", "all"))
