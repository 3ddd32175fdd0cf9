"""Serving a Starlette app with uvicorn inside an already running event loop.

Used by the bot's web app (and by the fake platform APIs in tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette

_LOGGER = logging.getLogger(__name__)
_POLL = 0.005


class _EmbeddedServer(uvicorn.Server):
    """uvicorn that stops in milliseconds and leaves SIGINT/SIGTERM to its host process.

    Stock uvicorn polls `should_exit` every 0.1 s and sleeps another 0.1 s on shutdown (with a
    fresh server per test that idle time would dominate the suite), and it takes over the
    signal handlers, which belong to the bot (python-telegram-bot stops on them).
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
        deadline = loop.time() + (self.config.timeout_graceful_shutdown or 5)
        # uvicorn exposes no event for "connections closed", so poll briefly.
        busy = self.server_state
        while (busy.connections or busy.tasks) and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(_POLL)
        for task in self.server_state.tasks:
            task.cancel()
        for server in self.servers:
            await server.wait_closed()


class LocalServer:
    """The app on `host:port` (port 0: any free port, readable as `.port` once started)."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0) -> None:
        self._app = app
        self._host = host
        self._requested_port = port
        self._socket: socket.socket | None = None
        self._server: _EmbeddedServer | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the server is not started")
        return int(self._socket.getsockname()[1])

    async def start(self) -> None:
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the
        # protocol is known, and without it every response waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._requested_port))
        sock.listen(1024)
        sock.setblocking(False)
        self._socket = sock
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = _EmbeddedServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="web server")
        while not self._server.started:
            if self._task.done():
                await self._task  # re-raises the start-up error
            await asyncio.sleep(_POLL)
        _LOGGER.debug("Serving on %s:%s", self._host, self.port)

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


# The bot's own web app (Open Badges documents and verification pages).
WebServer = LocalServer
