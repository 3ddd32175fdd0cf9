"""A unit's own caption variants of a campaign that reaches its people: each person gets the
variants of the nearest unit at or above their own that gave some, else the campaign's."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Localisations:
    """unit id -> its caption variants, and each localising unit's subtree (read once per
    run: a unit created a moment later is not in it, and gets the campaign's own text)."""

    variants: dict[int, tuple[str, ...]] = field(default_factory=dict)
    subtrees: dict[int, frozenset[int]] = field(default_factory=dict)

    def of_unit(self, unit_id: int | None) -> tuple[str, ...] | None:
        """The variants a person of `unit_id` gets; None: the campaign's own."""
        if unit_id is None:
            return None
        holders = [unit for unit, tree in self.subtrees.items() if unit_id in tree]
        if not holders:
            return None
        # In a tree the subtrees that hold one unit are nested: the smallest is the nearest.
        nearest = min(holders, key=lambda unit: len(self.subtrees[unit]))
        return self.variants[nearest]
