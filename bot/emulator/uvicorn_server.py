"""uvicorn.Server that stops in milliseconds instead of ~0.2 s.

Stock uvicorn polls `should_exit` every 0.1 s and sleeps another 0.1 s on shutdown; with a fresh
emulator per test that idle time would dominate the test suite.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

import uvicorn

_POLL = 0.005


class FastExitServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config):
        super().__init__(config)
        self._exit = asyncio.Event()

    def request_exit(self) -> None:
        self.should_exit = True
        self._exit.set()

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            # Signals only set should_exit, so keep a slow tick; stop() wakes us at once.
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
        await self.lifespan.shutdown()
