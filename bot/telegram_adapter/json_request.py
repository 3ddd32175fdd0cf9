"""Bot API requests with a JSON body instead of a form-encoded one.

python-telegram-bot form-encodes parameters, and `urllib.parse.urlencode` quotes every byte
of a message's text in Python: for the long HTML texts this bot sends, that was the largest
single cost of a reply. The Bot API accepts `application/json` equally; `json.dumps` runs in
C. Requests that upload files keep PTB's multipart encoding.
"""

from __future__ import annotations

from typing import Any, cast

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

_JSON_HEADERS = {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}


def _value(given: object, default: float | None) -> float | None:
    return default if given is BaseRequest.DEFAULT_NONE else cast(float | None, given)


class JsonBodyRequest(HTTPXRequest):
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
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=_value(connect_timeout, defaults.connect),
            read=_value(read_timeout, defaults.read),
            write=_value(write_timeout, defaults.write),
            pool=_value(pool_timeout, defaults.pool),
        )
        try:
            response = await self._client.request(
                method=method,
                url=url,
                headers=_JSON_HEADERS,
                timeout=timeout,
                content=request_data.json_payload,
            )
        except httpx.PoolTimeout as error:
            raise TimedOut("Pool timeout: all connections in the pool are occupied") from error
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        return response.status_code, response.content
