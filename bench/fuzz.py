"""Fuzz every input field through the real bot and the local Bot API emulator, and print the
unhandled exceptions per field (the goal: 0 for every field).

    .venv/bin/python bench/fuzz.py                   # 10,000 inputs per field (hours)
    .venv/bin/python bench/fuzz.py --examples 500    # a quicker pass
    .venv/bin/python bench/fuzz.py --field /tinjau --field "review buttons"

The same fields and strategies as tests/fuzz (which runs a few dozen per field in `make test`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for the tests package

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.fakes.social_apis import FakeSocialApis
from tests.fuzz.fields import build_fields
from tests.fuzz.harness import Fuzzer
from tests.support import ADMIN_CHAT_TITLE, TOKEN, free_port, running_bot


async def main(examples: int, only: list[str]) -> int:
    clock = FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        async with BotApiEmulator(token=TOKEN) as emulator, FakeSocialApis(clock=clock) as apis:
            chat = emulator.add_group(ADMIN_CHAT_TITLE)
            admin = emulator.add_user("Rina", username="rina_humas")
            emulator.set_member_status(chat, admin, "administrator")
            web_port = free_port()
            settings = Settings(
                bot_token=TOKEN,  # type: ignore[arg-type]
                admin_chat_id=chat.id,
                database_path=Path(folder) / "fuzz.sqlite3",
                telegram_api_base_url=emulator.base_url,
                telegram_file_base_url=emulator.file_base_url,
                web_port=web_port,
                public_base_url=f"http://127.0.0.1:{web_port}",
                meta_graph_access_token=apis.graph_token,
                instagram_business_account_id=apis.instagram_account_id,
                meta_graph_base_url=apis.graph_base_url,
                lookup_attempts=1,
                _env_file=None,  # type: ignore[call-arg]
            )
            async with running_bot(settings, emulator, clock) as harness:
                fields = await build_fields(harness, emulator, chat, admin)
                fuzzer = Fuzzer(emulator, timeout=30)
                worst = 0
                print(f"{'field':<24} {'inputs':>7} {'unhandled':>9} {'unanswered':>10} {'s':>6}")
                for fuzz_field in fields:
                    if only and fuzz_field.name not in only:
                        continue
                    started = time.monotonic()
                    report = await fuzzer.run(fuzz_field, examples)
                    seconds = time.monotonic() - started
                    print(
                        f"{report.name:<24} {report.inputs:>7} {report.unhandled:>9}"
                        f" {report.unanswered:>10} {seconds:>6.0f}",
                        flush=True,
                    )
                    for example in report.examples:
                        print(f"    {example}", flush=True)
                    worst = max(worst, report.unhandled + report.unanswered)
    return 1 if worst else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per field")
    parser.add_argument("--field", action="append", default=[], help="only this field")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.ERROR)  # the fuzzer counts ERROR records itself
    sys.exit(asyncio.run(main(args.examples, args.field)))
