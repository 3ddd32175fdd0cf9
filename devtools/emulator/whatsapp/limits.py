"""The two send limits of the Cloud API, as token buckets.

Throughput (130429): a business number sends `rate_per_second` messages a second (80 by default
on the Cloud API); a sender paced at exactly that rate never hits it, a burst above it does.
Pair rate (131056): one message every 6 seconds to the same person, after a burst of `burst`
(Meta allows short bursts, then the sender must wait the equivalent time).
A rejected send takes no token.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    rate: float  # tokens added a second
    capacity: float
    tokens: float = field(init=False)
    updated: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def take(self, now: float) -> bool:
        if self.updated is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class SendLimits:
    def __init__(
        self,
        rate_per_second: float | None = 80,
        *,
        pair_interval: float | None = 6.0,
        pair_burst: int = 45,
    ) -> None:
        """None turns a limit off (for tests that do not care)."""
        self.rate_per_second = rate_per_second
        self.pair_interval = pair_interval
        self.pair_burst = pair_burst
        self._throughput: TokenBucket | None = None
        self._pairs: dict[str, TokenBucket] = {}
        self.reset()

    def reset(self) -> None:
        rate = self.rate_per_second
        self._throughput = TokenBucket(rate, max(rate, 1.0)) if rate else None
        self._pairs.clear()

    def throughput_ok(self, now: float) -> bool:
        return self._throughput is None or self._throughput.take(now)

    def pair_ok(self, recipient: str, now: float) -> bool:
        if not self.pair_interval:
            return True
        bucket = self._pairs.get(recipient)
        if bucket is None:
            bucket = self._pairs[recipient] = TokenBucket(1 / self.pair_interval, self.pair_burst)
        return bucket.take(now)
