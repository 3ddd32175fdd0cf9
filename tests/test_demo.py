"""The README's demo paths, driven through the demo's own input handling (what a newcomer
types), against the real bot and the local emulator."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.clock import FixedClock
from devtools.demo import DEMO_WEB_PORT, DemoSession, _parser, run_demo, running_demo
from devtools.demo_whatsapp import WhatsAppDemo, running_whatsapp_demo
from tests.support import free_port

# 10:00 WIB: campaigns sent "now" are outside the quiet hours.
MORNING_IN_JAKARTA = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


class Terminal:
    """What the demo wrote, and a way to wait for a line to appear in it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._seen = 0
        self._changed = asyncio.Event()
        self.session: DemoSession | WhatsAppDemo | None = None

    def write(self, text: str) -> None:
        self.lines.append(text)
        self._changed.set()

    async def types(self, line: str, expect: str, timeout: float = 20.0) -> str:  # noqa: ASYNC109
        """Types `line`, then waits until the demo shows `expect`; returns the new output."""
        assert self.session is not None
        start = len(self.lines)
        await self.session.handle(line)
        return await self.shows(expect, start, timeout)

    async def shows(self, expect: str, start: int, timeout: float = 20.0) -> str:  # noqa: ASYNC109
        async def seen() -> str:
            while True:
                new = "\n".join(self.lines[start:])
                if expect in new:
                    return new
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(seen(), timeout)
        except TimeoutError:
            pytest.fail(
                f"waited for {expect!r}; the demo showed:\n" + "\n".join(self.lines[start:])
            )


@pytest.fixture
async def terminal(tmp_path: Path) -> AsyncIterator[Terminal]:
    screen = Terminal()
    async with running_demo(tmp_path / "demo.sqlite3", free_port(), screen.write) as session:
        screen.session = session
        yield screen


async def enroll(t: Terminal, nip: str, name: str, instagram: str) -> None:
    """The README's enrollment path up to the review card, numbers typed as they are."""
    await t.types("/start", "[#1] ✅ Setuju")
    await t.types("#1", "Langkah 1 dari 8")
    await t.types(nip, "Langkah 2 dari 8")
    await t.types(name, "Langkah 3 dari 8")
    await t.types("#1", "Ketik sebagian nama instansi")
    await t.types("Komdigi", "[#1] Kementerian Komunikasi dan Digital")
    await t.types("#1", "Langkah 4 dari 8")
    await t.types("Biro Humas", "Langkah 5 dari 8")
    await t.types("Jawa Timur", "Langkah 6 dari 8")
    await t.types("#1", "Akun Instagram Anda?")
    await t.types(instagram, "Akun Facebook Anda?")
    for step in ("(3/5)", "(4/5)", "(5/5)", "Apakah semuanya benar?"):
        await t.types("#1", step)
    await t.types("#1", "[#1] 📷 Kirim tangkapan layar", timeout=30)
    await t.types("#1", "Kirim tangkapan layar profil Instagram")
    await t.types("/photo", "Berapa jumlah pengikut")
    start = len(t.lines)
    await t.types("1234", "Terkirim ke admin")  # a follower count, all digits
    await t.shows(f"{name} — Kementerian Komunikasi dan Digital", start)


async def test_a_newcomer_enrolls_is_approved_and_checks_the_badge(terminal: Terminal) -> None:
    t = terminal
    # A NIP typed without spaces and a follower count are answers, not button numbers.
    await enroll(t, "198506122010011003", "Siti Rahma, S.Sos., M.Si.", "siti.rahma")
    await t.types("/admin", "(now talking as Admin @ Humas Admin (demo))")
    start = len(t.lines)
    approved = await t.types("#1", "Disetujui")
    badge = await t.shows("📎", start, timeout=30)
    number = re.search(r"GPR-\d{4}-\d{6}", badge)
    assert number
    files = await t.types("/files", "(files the bot sends are saved in")
    await t.types("/me", "(now talking as Siti @ private)")
    status = await t.types(f"/cekbadge {number[0]}", number[0])
    assert t.session is not None
    async with httpx.AsyncClient() as http:
        page = await http.get(f"{t.session.base_url}/verify/{number[0]}")

    assert "[bot → Humas Admin (demo)] (edited)" in approved  # the card, decided
    assert "sah" in status
    folder = Path(files.split("saved in ", 1)[1].rstrip(")"))
    assert (folder / f"{number[0]}.png").exists()
    assert page.status_code == 200 and "Lencana sah" in page.text
    assert f"{t.session.base_url}/verify/{number[0]}" in badge  # the QR's address
    assert await t.session.handle("/quit") is False


def test_the_demo_serves_badge_pages_on_a_fixed_port_by_default() -> None:
    # A badge saved in one run carries this port in its QR code; the next run must answer it.
    assert _parser().parse_args([]).web_port == DEMO_WEB_PORT == 8088
    assert _parser().parse_args(["--web-port", "9000"]).web_port == 9000


def test_make_demo_starts_and_answers_start_without_token_or_internet(tmp_path: Path) -> None:
    # What `make demo` runs, in a fresh process with nothing but the checkout on the path.
    database = str(tmp_path / "demo.sqlite3")
    result = subprocess.run(
        [sys.executable, "-m", "devtools.demo", "--database", database, "--web-port", "0"],
        input="/start\n#1\n/quit\n",
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[1])},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "[bot → Siti] Humas Pemerintah" in result.stdout
    assert "[#1] ✅ Setuju" in result.stdout
    assert "Langkah 1 dari 8" in result.stdout
    assert (tmp_path / "demo.sqlite3").exists()


def test_a_taken_demo_port_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        code = run_demo(str(tmp_path / "demo.sqlite3"), port)

    assert code == 1
    assert f"Port {port} is in use" in capsys.readouterr().out
    assert not (tmp_path / "demo.sqlite3").exists()


async def test_an_admin_broadcasts_by_replying_to_the_questions(terminal: Terminal) -> None:
    t = terminal
    await t.types("/admin", "(now talking as Admin")
    await t.types("/siaran", "Balas pesan ini dengan kontennya")
    await t.types("> Vaksinasi gratis di puskesmas terdekat.", "Tautan berita/program")
    # The questions ask for a reply (ForceReply): a plain typed line answers them too.
    await t.types("https://www.komdigi.go.id/berita/vaksin", "Tagar (opsional)?")
    await t.types("> #SehatBersama", "Variasi keterangan 1")
    await t.types("#1", "Untuk siapa?")
    await t.types("#1", "Simpan?")
    await t.types("#1", "Kampanye #1 dijadwalkan")
    # /konten asks for a schedule too; a picture with a caption is the content.
    await t.types("/konten", "Balas pesan ini dengan kontennya")
    await t.types("> /photo Posyandu buka setiap Sabtu.", "Tautan berita/program")
    await t.types("#1", "Tagar (opsional)?")
    await t.types("#1", "Variasi keterangan 1")
    await t.types("> Posyandu dekat rumah buka Sabtu pagi.", "Variasi keterangan 2")
    await t.types("#1", "Untuk siapa?")
    await t.types("#1", "Kapan dikirim?")
    await t.types("#3", "Balas dengan jam")
    wrong = await t.types("> 0800", "Format jam")  # all digits: an answer, not a button
    await t.types("> 08:00", "Simpan?")
    saved = await t.types("#1", "Kampanye #2 dijadwalkan")
    schedule = await t.types("/jadwal", "#2")

    assert "Balas dengan jam" in wrong  # asked again
    assert "Kampanye #2" in saved and "#2 · Posyandu buka setiap Sabtu." in schedule


async def test_an_admin_rejects_with_the_reason_buttons_and_a_typed_reason(
    terminal: Terminal,
) -> None:
    t = terminal
    await t.types("/as Budi", "(now talking as Budi @ private)")
    await enroll(t, "19850612 200501 1 002", "Budi Santoso", "budi.santoso")
    await t.types("/admin", "(now talking as Admin")
    # Tolak edits the card's buttons: the demo shows the reasons that replace them.
    reasons = await t.types("#2", "(buttons changed)")
    typed = re.search(r"\[#(\d+)\] ✍️ Ketik alasan", reasons)
    assert typed
    asked = await t.types(f"#{typed[1]}", "alasan penolakan tinjauan #1")
    # Like Telegram's reply box: the next line answers the question, no prefix needed.
    start = len(t.lines)
    decided = await t.types("Nama akun 2024 berbeda dengan nama pendaftar", "Ditolak")
    told = await t.shows("[bot → Budi]", start)

    assert "[#1] jumlah pengikut tidak lebih dari 500" in reasons
    assert "(reply expected: just type your answer)" in asked
    assert "Nama akun 2024 berbeda dengan nama pendaftar" in decided
    assert "Nama akun 2024 berbeda dengan nama pendaftar" in told


@pytest.fixture
async def whatsapp(tmp_path: Path) -> AsyncIterator[Terminal]:
    screen = Terminal()
    clock = FixedClock(MORNING_IN_JAKARTA)
    async with running_whatsapp_demo(
        tmp_path / "demo.sqlite3", free_port(), screen.write, clock=clock
    ) as session:
        screen.session = session
        yield screen


async def enroll_on_whatsapp(t: Terminal) -> str:
    """Enrollment on WhatsApp up to the admin's approval in the Telegram group; the new
    output from the approval on."""
    menu = await t.types("halo", "☰ Menu")
    await t.types("#1", "[#1] ✅ Setuju")  # DAFTAR, the menu's first row
    await t.types("#1", "Langkah 1 dari 8")
    await t.types("198506122010011003", "Langkah 2 dari 8")
    kinds = await t.types("Siti Rahma", "Langkah 3 dari 8")
    await t.types("#1", "Ketik sebagian nama instansi")
    await t.types("Komdigi", "[#1] Kementerian Komunikasi")
    await t.types("#1", "Langkah 4 dari 8")
    await t.types("Biro Humas", "Langkah 5 dari 8")
    await t.types("Jawa Timur", "Langkah 6 dari 8")
    await t.types("#1", "Akun *Instagram* Anda?")
    await t.types("siti.rahma", "Akun *Facebook* Anda?")
    for step in ("(3/5)", "(4/5)", "(5/5)", "Apakah semuanya benar?"):
        await t.types("#1", step)
    await t.types("#1", "[#1] 📷 Kirim screenshot", timeout=30)
    await t.types("#1", "Kirim *tangkapan layar* profil Instagram")
    await t.types("/photo", "Berapa jumlah pengikut")
    card = await t.types("1234", "Terkirim ke admin")  # digits: an answer, not a button
    await t.types("/admin", "(now talking as Admin @ Humas Admin (demo))")
    start = len(t.lines)
    await t.types("#1", "Disetujui")
    approved = await t.shows("GPR-2026-000001-story.png", start, timeout=30)

    assert "[#10] BANTUAN · Bantuan dan daftar perintah" in menu  # list rows numbered
    assert "[bot → Siti · WhatsApp] *Langkah 3 dari 8 — Instansi*" in kinds  # WhatsApp's *bold*
    assert "    ☰ Pilih\n    [#1] Kementerian / Lembaga" in kinds
    assert "Klaim: 1.234 pengikut" in card  # the screenshot's review card, in the Telegram group
    assert "[bot → Humas Admin (demo)] 🖼  photo\n🔍 Tinjauan #1" in card
    return approved


async def test_a_whatsapp_user_enrolls_with_a_screenshot_gets_the_badge_and_links_telegram(
    whatsapp: Terminal,
) -> None:
    t = whatsapp
    approved = await enroll_on_whatsapp(t)
    files = await t.types("/files", "(files the bot sends are saved in")
    await t.types("/me", "(now talking as Siti @ WhatsApp +6281234567890)")
    status = await t.types("STATUS", "terverifikasi")
    missing = await t.types("#9", "(no button #9 here)")
    # The same person on Telegram links the two channels with the code WhatsApp shows.
    code = re.search(r"Kode penautan Anda: \*(\d{6})\*", await t.types("TAUTKAN", "/tautkan"))
    assert code
    await t.types("/telegram", "(now talking as Siti @ Telegram)")
    linked = await t.types(f"/tautkan {code[1]}", "Tertaut!")

    folder = Path(files.split("saved in ", 1)[1].rstrip(")"))
    assert "[bot → Siti · WhatsApp] 🖼  image (saved as " in approved
    assert "📎 document (saved as GPR-2026-000001.png)" in approved
    assert (folder / "GPR-2026-000001.png").read_bytes().startswith(b"\x89PNG")
    assert (folder / "GPR-2026-000001-story.png").exists()
    assert "GPR-2026-000001" in status
    assert "[bot →" not in missing  # nothing was sent to the bot
    assert "[bot → Siti] ✅ Tertaut!" in linked and "[#2] 📨 Kirim ke WhatsApp" in linked
    assert t.session is not None and await t.session.handle("/quit") is False


async def test_a_campaign_from_the_telegram_group_reaches_whatsapp_in_and_out_of_the_window(
    whatsapp: Terminal,
) -> None:
    t = whatsapp
    await enroll_on_whatsapp(t)
    # Inside the window: the picture with its caption and the reply buttons.
    await t.types("/konten", "Balas pesan ini dengan kontennya")
    await t.types("> /photo Posyandu buka setiap Sabtu.", "Tautan berita/program")
    await t.types("https://www.komdigi.go.id/berita/posyandu", "Tagar (opsional)?")
    inside, preview = await send_to_everyone_now(t, schedule=True)
    received = await t.shows("Sudah dibagikan", inside)
    await t.types("/me", "(now talking as Siti")
    shared = await t.types("#2", "+5 poin")
    # Outside it (Siti last wrote over 24 hours ago): the approved template.
    await t.types("/away", "Siti last wrote over 24 hours ago")
    await t.types("/admin", "(now talking as Admin")
    await t.types("/siaran", "Balas pesan ini dengan kontennya")
    await t.types("> Vaksinasi gratis di puskesmas terdekat.", "Tautan berita/program")
    await t.types("https://www.komdigi.go.id/berita/vaksin", "Tagar (opsional)?")
    outside, _ = await send_to_everyone_now(t, schedule=False)
    template = await t.shows("📋 template konten_humas (id)", outside, timeout=40)

    assert "Telegram: 0 orang\nWhatsApp: 1 orang, 0 lewat template" in preview
    picture = re.search(r"\[bot → Siti · WhatsApp\] 🖼  image \(saved as (\S+)\)", received)
    assert picture and "Posyandu buka setiap Sabtu." in received
    assert t.session is not None
    assert (Path(t.session.files) / picture[1]).read_bytes().startswith(b"\x89PNG")
    assert "[#2] Sudah dibagikan ✅" in received and "Tercatat!" in shared
    assert "{{1}} = Vaksinasi gratis di puskesmas terdekat. #ASNBerbagi" in template
    assert f"🔗 URL button → {t.session.base_url}/go/2" in template  # the campaign's redirect


async def send_to_everyone_now(t: Terminal, *, schedule: bool) -> tuple[int, str]:
    """From the hashtag question on: no hashtags, no variants, everyone, now (/konten asks
    when), saved. Where the saved campaign's output starts, and the preview per channel."""
    await t.types("#1", "Variasi keterangan 1")
    await t.types("#1", "Untuk siapa?")
    if schedule:
        await t.types("#1", "Kapan dikirim?")
    preview = await t.types("#1", "Simpan?")
    start = len(t.lines)
    await t.types("#1", "dijadwalkan")
    return start, preview


def test_the_demo_channel_is_telegram_unless_whatsapp_is_asked_for() -> None:
    assert _parser().parse_args([]).channel == "telegram"
    assert _parser().parse_args(["--channel", "whatsapp"]).channel == "whatsapp"


def test_make_demo_whatsapp_answers_halo_with_the_menu_without_internet(tmp_path: Path) -> None:
    # What `make demo-whatsapp` runs, in a fresh process with nothing but the checkout.
    database = str(tmp_path / "demo.sqlite3")
    options = ["--channel", "whatsapp", "--database", database, "--web-port", "0"]
    result = subprocess.run(
        [sys.executable, "-m", "devtools.demo", *options],
        input="halo\n#1\n/quit\n",
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[1])},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Type as the civil servant on WhatsApp" in result.stdout
    assert "[bot → Siti · WhatsApp] Halo!" in result.stdout
    assert "[#1] DAFTAR · Daftar sebagai humas pemerintah" in result.stdout
    assert "[#1] ✅ Setuju" in result.stdout
