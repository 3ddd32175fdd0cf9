"""The emulator's own HTTP server: uvicorn inside the running event loop, on any free port.

A development tool keeps its own runner rather than borrowing the product's web server, so the
product can change how it serves without breaking the tests' Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette

_POLL = 0.005


class _QuickServer(uvicorn.Server):
    """uvicorn that stops in milliseconds and leaves the signals to its host process.

    Stock uvicorn checks `should_exit` every 0.1 s and waits on shutdown; with a fresh emulator
    per test that idle time would dominate the suite.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._exit = asyncio.Event()

    def request_exit(self) -> None:
        self.should_exit = True
        self._exit.set()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._exit.wait(), 0.5)
            counter += 5  # on_tick refreshes the Date header every 10 counts (~1 s)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 2
        busy = self.server_state
        # uvicorn exposes no event for "connections closed", so poll briefly.
        while (busy.connections or busy.tasks) and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(_POLL)
        for task in busy.tasks:
            task.cancel()
        for server in self.servers:
            await server.wait_closed()


class EmulatorServer:
    """The app on `host:port` (port 0: any free port, readable as `.port` once started)."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0) -> None:
        self._app = app
        self._address = (host, port)
        self._socket: socket.socket | None = None
        self._server: _QuickServer | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the server is not started")
        return int(self._socket.getsockname()[1])

    async def start(self) -> None:
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only when the protocol is known,
        # and without it every answer waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(self._address)
        sock.listen(1024)
        sock.setblocking(False)
        self._socket = sock
        config = uvicorn.Config(self._app, log_level="warning", access_log=False, lifespan="off")
        self._server = _QuickServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="emulator")
        while not self._server.started:
            if self._task.done():
                await self._task  # re-raises the start-up error
            await asyncio.sleep(_POLL)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.request_exit()
            await self._task
        self._server = self._task = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    async def wait_closed(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)
