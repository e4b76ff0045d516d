"""A niche's creators as the Discover page lists them: each member with its metrics from the niche's
analysis, the sidebar's filters over them, the niche's seeds as typed, and its latest discovery job."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from compass.analytics.digest import Digest
from compass.analytics.metrics import coverage_note
from compass.catalog import collected_of
from compass.discovery.kind import DISCOVER_KIND
from compass.jobs.queue import JobView
from compass.workspace import MemberView, NicheView

MEMBER_DEFINITIONS = {
    "collected": "videos collected of those the creator's profile shows",
}
# The analysis' figures listed beside each member; empty until the niche has been analysed.
METRICS = [
    "videos",
    "profile_videos",
    "coverage",
    "median_views",
    "engagement_rate",
    "videos_per_week",
    "days_since_post",
    "percentile",
]
SHOWN = [
    "handle",
    "pinned",
    "excluded",
    "source",
    "followers",
    "collected",
    "median_views",
    "engagement_rate",
    "videos_per_week",
    "days_since_post",
    "percentile",
    "reason",
]


def seed_text(niche: NicheView, kind: str) -> str:
    """The niche's seeds of one kind, one a line, as the seed fields show and take them."""
    return "\n".join(seed.value for seed in niche.seeds if seed.kind == kind)


def latest_discovery(jobs: Sequence[JobView], niche_id: int) -> JobView | None:
    """The niche's newest discovery job among ``jobs`` (newest first, as ``list_jobs`` returns them)."""
    return next((j for j in jobs if j.kind == DISCOVER_KIND and j.params.get("niche_id") == niche_id), None)


def members_table(members: Sequence[MemberView], digest: Digest | None) -> pd.DataFrame:
    """One row per member with the analysis' figures (empty without an analysis, or for a member the
    analysis has not seen yet) and ``collected``: videos collected of those the profile shows."""
    table = pd.DataFrame([m.to_json() for m in members])
    if digest is None:
        table = table.assign(**dict.fromkeys(METRICS, pd.NA))
    else:
        table = table.merge(digest.metrics[["handle", *METRICS]], on="handle", how="left")
    table["collected"] = [
        collected_of(n, of) for n, of in zip(table["videos"], table["profile_videos"], strict=True)
    ]
    return table


def coverage_of(digest: Digest | None) -> str | None:
    """The sentence naming the niche's thinly covered creators, if the analysis found any."""
    return coverage_note(digest.summary) if digest is not None else None


def follower_ceiling(table: pd.DataFrame) -> int:
    """The followers filter's top: the largest member's followers (at least 1, so the slider has a range)."""
    return int(max(table["followers"].fillna(0).max(), 1))


def follower_steps(top: int) -> list[int]:
    """The follower range's stops: 0, then 1-2-5 steps per power of ten (1k, 2k, 5k, 10k...) up to the
    first at or above ``top``. A range of 10k to 50k is two clicks whatever the niche's largest creator."""
    steps, power = [0], 1
    while steps[-1] < top:
        steps += [m * power for m in (1, 2, 5) if m * power > steps[-1]]
        power *= 10
    return [s for s in steps if s < top] + [next(s for s in steps if s >= top)]


def compact(count: int) -> str:
    """A follower count as people say it: 950, 12k, 1.5M."""
    for size, unit in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if count >= size:
            return f"{count / size:.3g}{unit}"
    return str(count)


def nearest_step(steps: list[int], value: float) -> int:
    """The stop at or below ``value`` (a value from a shared URL need not be a stop)."""
    return max((s for s in steps if s <= value), default=steps[0])


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class MemberFilters:
    """The sidebar's filters, kept in the URL so that a filtered list can be shared and reloaded."""

    followers: tuple[int, int]
    min_engagement_percent: float
    min_videos_per_week: float
    active_days: int  # posted within this many days of the latest collection; 0 = any
    show_excluded: bool

    def query(self) -> dict[str, str]:
        low, high = self.followers
        return {
            "fmin": str(low),
            "fmax": str(high),
            "er": str(self.min_engagement_percent),
            "vpw": str(self.min_videos_per_week),
            "active": str(self.active_days),
            "excluded": "1" if self.show_excluded else "0",
        }

    def apply(self, table: pd.DataFrame) -> pd.DataFrame:
        """The members that pass every filter. A figure the analysis does not have counts as 0 (no
        followers, no engagement), except the days since the last post: unknown, it fails an activity
        filter."""
        keep = (
            table["followers"].fillna(0).between(*self.followers)
            & (table["engagement_rate"].fillna(0) * 100 >= self.min_engagement_percent)
            & (table["videos_per_week"].fillna(0) >= self.min_videos_per_week)
        )
        if self.active_days:
            keep &= pd.to_numeric(table["days_since_post"], errors="coerce") <= self.active_days
        if not self.show_excluded:
            keep &= ~table["excluded"]
        return table[keep]


SORTS = {
    "percentile": ("best in the niche first", "percentile", False),
    "followers": ("most followers first", "followers", False),
    "median_views": ("most median views first", "median_views", False),
    "engagement_rate": ("most engaging first", "engagement_rate", False),
    "videos_per_week": ("most videos a week first", "videos_per_week", False),
    "days_since_post": ("latest to post first", "days_since_post", True),
    "handle": ("by handle", "handle", True),
}


def sorted_members(shown: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Pinned creators first, then by ``sort`` (a key of ``SORTS``; unknown keys sort by percentile),
    creators without the figure last: the order of the table and of its CSV."""
    _, column, ascending = SORTS.get(sort, SORTS["percentile"])
    ordered = shown.sort_values(column, ascending=ascending, na_position="last", kind="stable")
    return ordered.sort_values("pinned", ascending=False, kind="stable")


def member_rows(ordered: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: its columns, median views as whole numbers, columns no creator has a value in
    left out (a growth column of blanks says nothing)."""
    rows = ordered[SHOWN].assign(median_views=ordered["median_views"].round())
    return rows[[c for c in rows.columns if c in ("pinned", "excluded") or rows[c].notna().any()]]


def member_named(members: Sequence[MemberView], handle: str) -> MemberView:
    return next(m for m in members if m.handle == handle)
