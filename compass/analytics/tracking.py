"""The outcome of a recommendation the user tried: the user's videos before and after the day they started.

Honest by construction:
  * videos younger than ``min_age_days`` when their stats were collected are left out (a video posted
    yesterday has not had time to gather its views);
  * the "before" videos are those of the ``baseline_days`` before the start, so that an old era does not
    set the bar;
  * when the niche's other creators are given, their own change over the same dates (each compared with
    itself) is subtracted: a platform-wide slump or boom is not the user's doing;
  * the outcome says whether the user actually did what was recommended (the share of videos in the
    group before and after), and "not enough videos yet" until ``min_videos`` count after the start;
  * the verdict follows the 95% interval: "improved" or "worse" only when it excludes zero.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from compass.analytics.effects import group_stats, within_creator, z_value
from compass.analytics.insights import percent

Status = Literal["waiting", "improved", "worse", "no clear change"]
DAY = 86_400


@dataclass(frozen=True)
class Outcome:
    status: Status
    started_at: str
    videos_before: int
    videos_after: int
    share_before: float | None  # share of the user's videos in the recommended group
    share_after: float | None
    change: float | None  # the user's typical views after vs before
    ci_low: float | None
    ci_high: float | None
    niche_change: float | None  # the niche's other creators over the same dates, each against itself
    adjusted_change: float | None  # the user's change net of the niche's
    text: str

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _change(
    creator: np.ndarray, y: np.ndarray, after: np.ndarray, base: np.ndarray, confidence: float
) -> tuple[float, float, int]:
    """Within-creator log change after vs before, its standard error, and contributing creators."""
    n_creators = int(creator.max()) + 1 if len(creator) else 1
    rows = np.flatnonzero(after).astype(np.int32)
    stats = group_stats(creator, y, n_creators, rows, np.zeros(len(rows), np.int64), 1, base)
    table = within_creator(stats, confidence)
    return float(table.estimate[0]), float(table.se[0]), int(table.creators[0])


def trial_outcome(
    videos: pd.DataFrame,
    started_at: datetime,
    *,
    direction: Literal["more", "less"] = "more",
    niche: pd.DataFrame | None = None,
    min_videos: int = 10,
    min_age_days: float = 3.0,
    baseline_days: float = 90.0,
    confidence: float = 0.95,
) -> Outcome:
    """``videos``: the user's videos, columns posted_s, captured_s, views and in_group (bool). ``niche``:
    other creators' videos, columns creator, posted_s, captured_s, views (optional)."""
    start = int(started_at.timestamp())
    started = started_at.astimezone(UTC).strftime("%Y-%m-%d")

    def usable(frame: pd.DataFrame) -> np.ndarray:
        posted = frame["posted_s"].to_numpy(dtype=float)
        old_enough = frame["captured_s"].to_numpy(dtype=float) - posted >= min_age_days * DAY
        recent = posted >= start - baseline_days * DAY
        return old_enough & recent & np.isfinite(frame["views"].to_numpy(dtype=float))

    ok = usable(videos)
    after = videos["posted_s"].to_numpy() >= start
    in_group = videos["in_group"].to_numpy(dtype=bool)
    n_before, n_after = int((ok & ~after).sum()), int((ok & after).sum())
    share_before = float(in_group[ok & ~after].mean()) if n_before else None
    share_after = float(in_group[ok & after].mean()) if n_after else None
    adoption = ""
    if share_after is not None:
        adoption = (
            f"Since {started}, {share_after:.0%} of your {n_after} videos were in the recommended group"
            + (f" (before: {share_before:.0%})" if share_before is not None else "")
            + ". "
        )
        moved = (share_after - (share_before or 0.0)) * (1 if direction == "more" else -1)
        if moved < 0.1:
            adoption += "That is close to what you did before, so this says little about the recommendation. "
    if n_after < min_videos or n_before < min_videos:
        need = [
            f"{min_videos - n_after} more video(s) after {started}" if n_after < min_videos else "",
            f"{min_videos - n_before} more video(s) before it" if n_before < min_videos else "",
        ]
        return Outcome(
            "waiting",
            started,
            n_before,
            n_after,
            share_before,
            share_after,
            None,
            None,
            None,
            None,
            None,
            adoption
            + "Not enough videos yet to judge: "
            + " and ".join(p for p in need if p)
            + f" (videos younger than {min_age_days:g} days are not counted).",
        )

    y = np.log1p(videos["views"].to_numpy(dtype=float))
    zc = z_value(confidence)
    mine, mine_se, _ = _change(np.zeros(len(videos), np.int64), y, after, ok, confidence)
    estimate, se = mine, mine_se
    niche_change = None
    if niche is not None and len(niche):
        n_ok = usable(niche)
        codes = pd.factorize(niche["creator"].to_numpy())[0].astype(np.int64)
        theirs, theirs_se, k = _change(
            codes,
            np.log1p(niche["views"].to_numpy(dtype=float)),
            niche["posted_s"].to_numpy() >= start,
            n_ok,
            confidence,
        )
        if k >= 3 and np.isfinite(theirs):
            niche_change = float(np.expm1(theirs))
            estimate, se = mine - theirs, float(np.hypot(mine_se, theirs_se))
    low, high = float(np.expm1(estimate - zc * se)), float(np.expm1(estimate + zc * se))
    status: Status = "improved" if low > 0 else "worse" if high < 0 else "no clear change"
    versus = (
        f", {percent(float(np.expm1(estimate)))} net of the niche's own change of {percent(niche_change)}"
        if niche_change is not None
        else ""
    )
    verdict = {
        "improved": "Your views improved",
        "worse": "Your views got worse",
        "no clear change": "No clear change yet",
    }[status]
    text = (
        f"{adoption}{verdict}: your typical views changed by {percent(float(np.expm1(mine)))}{versus} "
        f"({confidence:.0%} CI {percent(low)} to {percent(high)}; "
        f"{n_after} videos after vs {n_before} before). "
        "A before/after comparison cannot rule out other changes made at the same time."
    )
    return Outcome(
        status,
        started,
        n_before,
        n_after,
        share_before,
        share_after,
        float(np.expm1(mine)),
        low,
        high,
        niche_change,
        float(np.expm1(estimate)) if niche_change is not None else None,
        text,
    )
