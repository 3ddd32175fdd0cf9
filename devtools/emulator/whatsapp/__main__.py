"""Run the WhatsApp Cloud API emulator in its own process:

python -m devtools.emulator.whatsapp --port 8090 --webhook-url http://127.0.0.1:8080/whatsapp/webhook
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from devtools.emulator.whatsapp.emulator import CloudApiEmulator


async def _serve(args: argparse.Namespace) -> None:
    emu = CloudApiEmulator(
        access_token=args.token,
        app_secret=args.secret,
        phone_number_id=args.phone_number_id,
        webhook_url=args.webhook_url,
        host=args.host,
        port=args.port,
        rate_per_second=args.rate or None,
        latency=args.latency,
        record_history=not args.no_history,
    )
    for spec in args.template:
        name, language, parameters = [*spec.split(":"), "0"][:3]
        emu.approve_template(name, language, body_parameters=int(parameters), url_button=True)
    await emu.start()
    print(
        f"WhatsApp Cloud API emulator on {emu.base_url} (version {emu.version}, phone number id "
        f"{emu.business.phone_number_id}, webhooks to {args.webhook_url or 'nowhere'})",
        flush=True,
    )
    try:
        await emu.wait_closed()
    finally:
        await emu.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.emulator.whatsapp", description=__doc__
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090, help="0 picks a free port")
    parser.add_argument("--token", default="EMULATOR-ACCESS-TOKEN", help="the access token")
    parser.add_argument("--secret", default="emulator-app-secret", help="the app secret")
    parser.add_argument("--phone-number-id", default="106540352242922")
    parser.add_argument("--webhook-url", default=None, help="the bot's /whatsapp/webhook")
    parser.add_argument("--rate", type=float, default=80, help="sends a second; 0: no limit")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument(
        "--template",
        action="append",
        default=[],
        metavar="NAME:LANG[:PARAMS]",
        help="approve a template (with a URL button); repeatable",
    )
    parser.add_argument(
        "--no-history", action="store_true", help="keep only counters (for benchmarks)"
    )
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
