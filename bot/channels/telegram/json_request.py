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
"""

from __future__ import annotations

import urllib.request
from typing import Any, cast

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

_JSON_HEADERS = httpx.Headers(
    {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}
)


def _value(given: object, default: float | None) -> float | None:
    return default if given is BaseRequest.DEFAULT_NONE else cast(float | None, given)


class JsonBodyRequest(HTTPXRequest):
    def __init__(self, connection_pool_size: int = 256, pool_timeout: float | None = 1.0) -> None:
        super().__init__(connection_pool_size=connection_pool_size, pool_timeout=pool_timeout)
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
