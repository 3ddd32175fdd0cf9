"""EmulatorClient: drives an emulator running in another process via /_emulator/... (httpx)."""

from __future__ import annotations

import base64
from types import TracebackType
from typing import Any

import httpx


class EmulatorClient:
    def __init__(self, url: str = "http://127.0.0.1:8081", *, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=f"{self.url}/_emulator", timeout=timeout)

    def base_url(self) -> str:
        return f"{self.url}/bot"

    def file_base_url(self) -> str:
        return f"{self.url}/file/bot"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _call(self, action: str, **body: Any) -> Any:
        response = await self._http.post(f"/{action}", json=body)
        payload = response.json()
        if not payload.get("ok"):
            raise RuntimeError(f"emulator {action} failed: {payload.get('description')}")
        return payload["result"]

    async def add_user(self, first_name: str, **fields: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("users", first_name=first_name, **fields)
        return result

    async def add_group(
        self,
        title: str,
        *,
        member_ids: list[int] | tuple[int, ...] = (),
        **fields: Any,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "groups", title=title, member_ids=list(member_ids), **fields
        )
        return result

    async def send_text(self, user_id: int, text: str, chat_id: int | None = None) -> Any:
        return await self._call("send_text", user_id=user_id, text=text, chat_id=chat_id)

    async def send_command(
        self, user_id: int, command: str, args: str | None = None, chat_id: int | None = None
    ) -> Any:
        return await self._call(
            "send_command", user_id=user_id, command=command, args=args, chat_id=chat_id
        )

    async def send_photo(
        self, user_id: int, data: bytes, caption: str | None = None, chat_id: int | None = None
    ) -> Any:
        data_b64 = base64.b64encode(data).decode()
        return await self._call(
            "send_photo", user_id=user_id, data_b64=data_b64, caption=caption, chat_id=chat_id
        )

    async def press_button(
        self,
        user_id: int,
        message_id: int,
        *,
        text: str | None = None,
        data: str | None = None,
        chat_id: int | None = None,
    ) -> str:
        result = await self._call(
            "press_button",
            user_id=user_id,
            message_id=message_id,
            text=text,
            data=data,
            chat_id=chat_id,
        )
        return str(result["callback_query_id"])

    async def block_bot(self, user_id: int) -> None:
        await self._call("block", user_id=user_id)

    async def deactivate(self, user_id: int) -> None:
        await self._call("deactivate", user_id=user_id)

    async def inject_fault(self, kind: str, **options: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("faults", kind=kind, **options)
        return result

    async def clear_faults(self) -> None:
        await self._call("clear_faults")

    async def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("stats")
        return result

    async def history(self, chat_id: int) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._call("history", chat_id=chat_id)
        return result

    async def sent(self, chat_id: int, since: int = 0) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._call("sent", chat_id=chat_id, since=since)
        return result

    async def send_timestamps(self, since: int = 0) -> list[tuple[float, int]]:
        rows = await self._call("timestamps", since=since)
        return [(float(t), int(chat_id)) for t, chat_id in rows]
