""" "Sudah dibagikan" on WhatsApp: a reply button whose id names the delivery, then the
optional link to the post (a durable wait), and POIN."""

from __future__ import annotations

from bot.settings import Settings
from handlers.whatsapp.choices import WhatsAppShareCallbacks
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import seed_delivery
from tests.handlers.whatsapp.support import WhatsAppHarness, WhatsAppPerson, verified_with_badge

SITI = "6281234567890"


async def shared(wa: WhatsAppHarness, apis: FakeSocialApis, settings: Settings) -> WhatsAppPerson:
    siti = wa.person(SITI)
    await verified_with_badge(siti, apis)
    delivery_id = seed_delivery(settings, int(SITI))
    await siti.presses_id(WhatsAppShareCallbacks().shared(delivery_id), "Sudah dibagikan ✅")
    return siti


async def test_shared_records_points_and_a_link_of_ones_own_post_adds_more(
    wa: WhatsAppHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = await shared(wa, apis, verifying_settings)
    recorded = siti.last
    [wrong_site] = await siti.says("https://www.instagram.com/p/Cabc123/")
    [linked] = await siti.says("https://x.com/SitiRahma/status/1861234567890")
    [points] = await siti.says("POIN")

    assert recorded is not None and "+5 poin" in recorded.body
    assert recorded.titles == ["Lewati ⏭"]
    assert wrong_site.body.startswith("❌") and wrong_site.titles == ["Lewati ⏭"]
    assert "+5 poin" in linked.body and "Total 10 poin" in linked.body
    assert "Poin Anda: *10*" in points.body


async def test_skipping_the_link_keeps_the_share(
    wa: WhatsAppHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = await shared(wa, apis, verifying_settings)

    [kept] = await siti.presses("Lewati ⏭")
    [menu] = await siti.says("https://x.com/SitiRahma/status/1861234567890")

    assert kept.body == "Baik, bagikan Anda tetap tercatat tanpa tautan."
    assert menu.kind == "list"  # no longer waiting for a link


async def test_shared_twice_is_recorded_once(
    wa: WhatsAppHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = await shared(wa, apis, verifying_settings)
    await siti.presses("Lewati ⏭")

    [again] = await siti.presses_id(WhatsAppShareCallbacks().shared(1), "Sudah dibagikan ✅")

    assert again.body.startswith("Bagikan untuk konten ini sudah tercatat")


async def test_shared_on_someone_elses_delivery_is_refused(
    wa: WhatsAppHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    await shared(wa, apis, verifying_settings)
    budi = wa.person("6281298765432")

    [refused] = await budi.presses_id(WhatsAppShareCallbacks().shared(1), "Sudah dibagikan ✅")

    assert refused.body == "Tombol ini bukan untuk Anda."
