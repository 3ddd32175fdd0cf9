"""Measures for the pacing of sends, shared by the pacer and delivery tests."""

from __future__ import annotations


def most_in_one_second(times: list[float]) -> int:
    """The most sends that fall within any one second (a sliding window over `times`)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
