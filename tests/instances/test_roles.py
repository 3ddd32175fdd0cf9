"""What each role builds: every delivery worker names its instance in the rows it claims (a
worker that named none would have its sends in flight taken back at every heartbeat), and
only instances that send compete for the scheduler lease."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.app import build_application
from bot.clock import FixedClock
from bot.settings import Settings


def with_whatsapp(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "whatsapp_access_token": SecretStr("EAAG-test-token"),
            "whatsapp_phone_number_id": "106540352242922",
            "whatsapp_business_account_id": "102290129340398",
            "whatsapp_app_secret": SecretStr("app-secret"),
            "whatsapp_verify_token": SecretStr("verify-token"),
            "whatsapp_campaign_template": "konten_humas",
        }
    )


def test_every_delivery_worker_names_its_instance(settings: Settings, clock: FixedClock) -> None:
    application = build_application(with_whatsapp(settings), clock=clock, role="worker")
    assert application.instance is not None
    workers = application.bot_data.campaign_runner.workers  # type: ignore[attr-defined]

    assert [worker.channel_name for worker in workers] == ["telegram", "whatsapp"]
    assert {worker.instance_id for worker in workers} == {application.instance.identity.id}


@pytest.mark.parametrize(
    ("role", "leases"),
    [
        ("all", ["scheduler", "telegram-poller"]),
        ("web", ["telegram-poller"]),
        ("worker", ["scheduler"]),
    ],
)
def test_only_sending_instances_compete_for_the_scheduler(
    settings: Settings, clock: FixedClock, role: str, leases: list[str]
) -> None:
    application = build_application(settings, clock=clock, role=role)  # type: ignore[arg-type]
    assert application.instance is not None

    assert [lease.name for lease in application.instance.leases] == leases
    assert application.sends == (role != "web")
    assert application.serves_web == (role != "worker")
