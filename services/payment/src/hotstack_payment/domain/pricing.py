"""Quotes in integer grains (1 grain = $0.01), with the 15% Care Loop on top."""

from __future__ import annotations

from dataclasses import dataclass

CARE_LOOP_PERCENT = 15


def care_loop_grains(amount_grains: int) -> int:
    """15% of `amount_grains`, rounded half up to a whole grain (integer arithmetic only)."""
    if not isinstance(amount_grains, int) or isinstance(amount_grains, bool):
        raise TypeError("amounts are integer grains")
    if amount_grains < 0:
        raise ValueError("amounts are never negative")
    return (amount_grains * CARE_LOOP_PERCENT + 50) // 100


@dataclass(frozen=True)
class Quote:
    """What a build costs."""

    amount_grains: int
    care_loop_grains: int

    @property
    def total_grains(self) -> int:
        """Amount plus Care Loop."""
        return self.amount_grains + self.care_loop_grains


def quote(page_count: int, *, base_grains: int, per_page_grains: int) -> Quote:
    """Price of a site with `page_count` pages."""
    if page_count < 1:
        raise ValueError("a site has at least one page")
    amount = base_grains + per_page_grains * page_count
    return Quote(amount_grains=amount, care_loop_grains=care_loop_grains(amount))


def revision_price(page_count: int, *, paid_pages: int, per_page_grains: int) -> Quote:
    """Price of a revision of a paid site (docs/decisions/0007): the pages it has beyond
    the most ever paid for, at the per-page rate, with the Care Loop on that; nothing when
    it adds none (words, colours, pictures or fewer pages change nothing paid for)."""
    if page_count < 1:
        raise ValueError("a site has at least one page")
    amount = per_page_grains * max(0, page_count - paid_pages)
    return Quote(amount_grains=amount, care_loop_grains=care_loop_grains(amount))
