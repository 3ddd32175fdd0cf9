"""Run the emulator in its own process:

python -m devtools.emulator --port 8081 --token 123456:TEST
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from devtools.emulator.emulator import BotApiEmulator


async def _serve(args: argparse.Namespace) -> None:
    emu = BotApiEmulator(
        args.token,
        args.username,
        host=args.host,
        port=args.port,
        record_history=not args.no_history,
    )
    await emu.start()
    print(f"Bot API emulator on {emu.url} (base_url {emu.base_url}, token {emu.token})", flush=True)
    try:
        await emu.wait_closed()
    finally:
        await emu.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devtools.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123456:TEST")
    parser.add_argument("--username", default="asn_humas_bot")
    parser.add_argument(
        "--no-history", action="store_true", help="keep only counters (for benchmarks)"
    )
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
