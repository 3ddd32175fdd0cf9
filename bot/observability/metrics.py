"""Every Prometheus metric of the bot, in one registry, with the small hooks that record them.

The hooks sit where the events happen (the update processor, the Bot API request, the delivery
worker, the social lookups); the gauges that describe stored state (outbox rows by state, how
long the oldest waiting delivery has waited) are read from the database when scraped. No label
ever carries personal data: labels are update kinds, Bot API method names, HTTP statuses,
channel and provider names and outcome words, all from small fixed sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry()
CONTENT_TYPE = CONTENT_TYPE_LATEST

# Handling an update is usually a few database statements and one or two Bot API calls.
_HANDLER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

UPDATES = Counter(
    "asn_bot_updates",
    "Telegram updates by kind (message, callback_query...) and outcome: handled, error (a"
    " handler raised) or dropped (a person flooding beyond what is held for them).",
    ["type", "outcome"],
    registry=REGISTRY,
)
UPDATE_SECONDS = Histogram(
    "asn_bot_update_handling_seconds",
    "How long handling one update took, from its turn to its last reply.",
    ["type"],
    buckets=_HANDLER_BUCKETS,
    registry=REGISTRY,
)
UPDATE_WAIT_SECONDS = Histogram(
    "asn_bot_update_queue_lag_seconds",
    "How long an update waited before its handling began (its person's earlier updates and a"
    " free handling slot): the update queue's lag.",
    buckets=_HANDLER_BUCKETS,
    registry=REGISTRY,
)
UPDATES_WAITING = Gauge(
    "asn_bot_updates_waiting",
    "Updates received and not yet being handled.",
    registry=REGISTRY,
)
BOT_API_CALLS = Counter(
    "asn_bot_telegram_api_calls",
    "Bot API calls by method and HTTP status (timeout or network_error when none came back).",
    ["method", "status"],
    registry=REGISTRY,
)
CAMPAIGN_SENDS = Counter(
    "asn_bot_campaign_sends",
    "Campaign messages sent, by channel; rate() of it is the sends per second.",
    ["channel"],
    registry=REGISTRY,
)
DELIVERY_OUTCOMES = Counter(
    "asn_bot_campaign_delivery_outcomes",
    "What became of each campaign send attempt: sent, retry, failed, blocked or skipped.",
    ["channel", "outcome"],
    registry=REGISTRY,
)
TOO_MANY_REQUESTS = Counter(
    "asn_bot_too_many_requests",
    "429 answers (flood control): telegram_api counts every Bot API call answered 429;"
    " broadcast and recipient count the campaign sends paused for the whole channel or for"
    " one person.",
    ["channel", "scope"],
    registry=REGISTRY,
)
LOOKUPS = Counter(
    "asn_bot_verification_lookups",
    "Calls to the platforms' APIs for follower counts and bios, by provider and outcome.",
    ["provider", "outcome"],
    registry=REGISTRY,
)
OUTBOX_ROWS = Gauge(
    "asn_bot_outbox_rows",
    "Campaign delivery rows by state (pending, sending, sent, failed, blocked, skipped).",
    ["state"],
    registry=REGISTRY,
)
OUTBOX_LAG = Gauge(
    "asn_bot_outbox_lag_seconds",
    "How long past its run's due time the oldest delivery never tried yet has waited (0 when"
    " none waits): the outbox queue's lag.",
    registry=REGISTRY,
)
SCHEDULER_LEADER = Gauge(
    "asn_bot_scheduler_leader",
    "1 while this instance holds the scheduler lease (runs the scheduled jobs), else 0; the"
    " sum over the instances is 1 when all is well.",
    registry=REGISTRY,
)

OUTBOX_STATES = ("pending", "sending", "sent", "failed", "blocked", "skipped")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def update_received() -> None:
    UPDATES_WAITING.inc()


def update_started(waited: float) -> None:
    UPDATES_WAITING.dec()
    UPDATE_WAIT_SECONDS.observe(waited)


def update_handed_over() -> None:
    """An update this instance received is handled by the instance holding its person's turn
    (which counts it as waiting there)."""
    UPDATES_WAITING.dec()


def update_dropped(kind: str) -> None:
    UPDATES_WAITING.dec()
    UPDATES.labels(kind, "dropped").inc()


def update_handled(kind: str, seconds: float, *, failed: bool) -> None:
    UPDATES.labels(kind, "error" if failed else "handled").inc()
    UPDATE_SECONDS.labels(kind).observe(seconds)


def bot_api_call(method: str, status: int | str) -> None:
    BOT_API_CALLS.labels(method, str(status)).inc()
    if status == 429:
        TOO_MANY_REQUESTS.labels("telegram", "telegram_api").inc()


def delivery_outcome(channel: str, outcome: str) -> None:
    DELIVERY_OUTCOMES.labels(channel, outcome).inc()
    if outcome == "sent":
        CAMPAIGN_SENDS.labels(channel).inc()


def flood_wait(channel: str, scope: str) -> None:
    TOO_MANY_REQUESTS.labels(channel, scope).inc()


def lookup_finished(provider: str, failure: BaseException | None) -> None:
    """`failure`: None for an account found; otherwise the lookup's error, named by its class
    (AccountNotFound -> account_not_found), a fixed set."""
    outcome = "found" if failure is None else _CAMEL.sub("_", type(failure).__name__).lower()
    LOOKUPS.labels(provider, outcome).inc()


def outbox_state(rows_by_state: Mapping[str, int], lag_seconds: float) -> None:
    for state in OUTBOX_STATES:
        OUTBOX_ROWS.labels(state).set(rows_by_state.get(state, 0))
    OUTBOX_LAG.set(lag_seconds)


def scheduler_leader(held: bool) -> None:
    SCHEDULER_LEADER.set(1 if held else 0)


def exposition() -> bytes:
    """The registry in the Prometheus text format."""
    return generate_latest(REGISTRY)
