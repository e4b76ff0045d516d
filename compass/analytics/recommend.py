"""Recommendations: what the user does differently from the niche's leaders, where the evidence says it
matters. Pure: features and an insight report in, ranked recommendations out.

For each shown insight (niche scope, else leaders scope) with effect e on group g:
  direction    more of g when e > 0, less when e < 0;
  gap          the leaders' share of videos in g minus the user's (reversed for "less");
               none below ``min_gap``;
  expected gain  (1 + e) ** gap - 1: the change in the user's typical views if the user's share moved to the
               leaders', each video gaining or losing e (so a 40% effect on a 20-point gap gives +7%);
  confidence   1 - q, the insight's estimated chance of not being a false discovery;
  score        expected gain x confidence, the ranking.
A recommendation that the user's own videos significantly contradict is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from compass.analytics.effects import GroupStats
from compass.analytics.features import Features
from compass.analytics.insights import Insight, InsightReport, percent

Direction = Literal["more", "less"]
TIKTOK_VIDEO_URL = "https://www.tiktok.com/@{handle}/video/{tiktok_id}"


@dataclass(frozen=True)
class Recommendation:
    kind: str
    group: str
    direction: Direction
    title: str
    body: str
    expected_gain: float
    confidence: float
    your_share: float
    leaders_share: float
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.expected_gain * self.confidence

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "group": self.group,
            "direction": self.direction,
            "title": self.title,
            "body": self.body,
            "expected_gain": round(self.expected_gain, 4),
            "confidence": round(self.confidence, 4),
            "score": round(self.score, 4),
            "your_share": round(self.your_share, 4),
            "leaders_share": round(self.leaders_share, 4),
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Recommendation:
        """The inverse of ``to_json`` (``score`` is derived, so it is not read)."""
        return cls(
            kind=data["kind"],
            group=data["group"],
            direction="less" if data["direction"] == "less" else "more",
            title=data["title"],
            body=data["body"],
            expected_gain=float(data["expected_gain"]),
            confidence=float(data["confidence"]),
            your_share=float(data["your_share"]),
            leaders_share=float(data["leaders_share"]),
            evidence=dict(data.get("evidence") or {}),
        )


def _examples(features: Features, mask: np.ndarray, leaders: np.ndarray, count: int) -> list[dict[str, Any]]:
    """The leaders' best videos in the group (by views vs their own median), one per leader first."""
    v = features.videos
    rows = np.flatnonzero(
        mask & np.isin(v["creator"].to_numpy(), leaders) & np.isfinite(v["rel_views"].to_numpy())
    )
    if not len(rows):
        return []
    pick = pd.DataFrame(
        {"row": rows, "creator": v["creator"].to_numpy()[rows], "rel": v["rel_views"].to_numpy()[rows]}
    )
    pick = pick.sort_values("rel", ascending=False, kind="stable")
    best = pd.concat([pick.drop_duplicates("creator"), pick]).drop_duplicates("row").head(count)
    handles = features.creators["handle"].to_numpy()
    out = []
    for row in best["row"].to_numpy():
        handle, tiktok_id = str(handles[v["creator"].iat[row]]), str(v["tiktok_id"].iat[row])
        out.append(
            {
                "handle": handle,
                "tiktok_id": tiktok_id,
                "views": int(v["views"].iat[row]),
                "views_vs_median": round(float(v["rel_views"].iat[row]), 2),
                "url": TIKTOK_VIDEO_URL.format(handle=handle, tiktok_id=tiktok_id),
            }
        )
    return out


def _shares(stats: GroupStats, level: int) -> tuple[np.ndarray, np.ndarray]:
    """Each creator's share of its videos in the level, among those the grouping applies to with views
    known, and how many those are: the grouping's statistics over the niche count both."""
    n = stats.n1[:, level] + stats.n0[:, level]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, stats.n1[:, level] / np.maximum(n, 1), np.nan), n


def recommend(
    features: Features,
    report: InsightReport,
    *,
    you: int,
    leaders: Sequence[int],
    min_gap: float = 0.05,
    min_videos: int = 5,
    examples: int = 3,
    limit: int = 10,
) -> list[Recommendation]:
    """Ranked recommendations for creator ``you`` (a creator code) against ``leaders`` (codes)."""
    leaders_arr = np.asarray([c for c in leaders if c != you], dtype=np.int64)
    if not len(leaders_arr):
        return []
    v = features.videos
    views_known = np.isfinite(v["log_views"].to_numpy())
    candidates: dict[tuple[str, str], Insight] = {}
    for insight in report.insights:
        if insight.scope in ("niche", "leaders"):
            candidates.setdefault((insight.kind, insight.group), insight)
    tests = report.tests
    out = []
    for (kind, group), insight in candidates.items():
        grouping, stats = report.grouping_stats(kind, group)
        level = grouping.labels.index(group)
        share, n = _shares(stats, level)
        if n[you] < min_videos:
            continue
        lead = leaders_arr[n[leaders_arr] >= min_videos]
        if not len(lead):
            continue
        your_share, leaders_share = float(share[you]), float(np.mean(share[lead]))
        direction: Direction = "more" if insight.effect > 0 else "less"
        gap = leaders_share - your_share if direction == "more" else your_share - leaders_share
        if gap < min_gap:
            continue
        sign = 1 if direction == "more" else -1
        gain = (1 + insight.effect) ** (sign * gap) - 1
        cautious_bound = insight.ci_low if direction == "more" else insight.ci_high
        cautious = (1 + cautious_bound) ** (sign * gap) - 1
        mine = tests[(tests["scope"] == "you") & (tests["kind"] == kind) & (tests["group"] == group)]
        your_effect = None
        if len(mine) and np.isfinite(mine["q"].iloc[0]):
            r = mine.iloc[0]
            your_effect = {
                "effect": round(float(r.effect), 4),
                "ci_low": round(float(r.ci_low), 4),
                "ci_high": round(float(r.ci_high), 4),
                "n": int(r.n),
                "n_other": int(r.n_other),
                "q": float(f"{r.q:.3g}"),
            }
            if r.q <= report.config.alpha and np.sign(r.effect) != np.sign(insight.effect):
                continue  # the user's own videos say the opposite
        title = grouping.more[level] if direction == "more" else grouping.less[level]
        body = (
            f"{insight.text} The niche's leaders have {leaders_share:.0%} of their videos in this group "
            f"({group}), you {your_share:.0%}. Doing as they do would change your typical views by about "
            f"{percent(gain)} (at least {percent(cautious)} at the cautious end of the interval)."
        )
        in_group = grouping.mask(group) & grouping.valid & views_known
        evidence = {
            "insight": insight.to_json(),
            "your_share": round(your_share, 4),
            "your_videos": int(n[you]),
            "leaders_share": round(leaders_share, 4),
            "leaders": int(len(lead)),
            "cautious_gain": round(cautious, 4),
            "your_effect": your_effect,
            "examples": _examples(features, in_group, lead, examples),
        }
        out.append(
            Recommendation(
                kind,
                group,
                direction,
                title,
                body,
                float(gain),
                float(1 - insight.q),
                your_share,
                leaders_share,
                evidence,
            )
        )
    out.sort(key=lambda r: -r.score)
    return out[:limit]
