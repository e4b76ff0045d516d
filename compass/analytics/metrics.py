"""Creator and niche metrics, as defined in ``definitions.METRICS``: one vectorized pass over the niche."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from compass.analytics.definitions import METRICS, THIN_COVERAGE, is_outlier
from compass.analytics.features import Features
from compass.analytics.frame import NicheFrame
from compass.analytics.jsonable import json_safe

DAY = 86_400.0
WEEK = 7 * DAY
METRIC_COLUMNS = ("handle", *METRICS)


def _follower_growth(snapshots: pd.DataFrame, n_creators: int) -> np.ndarray:
    known = snapshots[
        np.isfinite(snapshots["followers"].to_numpy()) & (snapshots["followers"].to_numpy() > 0)
    ]
    growth = np.full(n_creators, np.nan)
    if known.empty:
        return growth
    ordered = known.sort_values(["creator", "captured_s"], kind="stable")
    by = ordered.groupby("creator", sort=True)
    first, last = by.first(), by.last()
    days = (last["captured_s"] - first["captured_s"]).to_numpy(dtype=float) / DAY
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (last["followers"].to_numpy() / first["followers"].to_numpy() - 1) * 30 / days
    growth[first.index.to_numpy()] = np.where(days >= 1, rate, np.nan)
    return growth


def _active_weeks(creator: np.ndarray, week: np.ndarray, n_creators: int) -> np.ndarray:
    """Per creator, the number of distinct weeks among its videos'. Frames come in (creator, posted time)
    order, where the distinct pairs are where a pair changes: no sort."""
    pair = creator.astype(np.int64) * (1 << 32) + week
    if not (pair[1:] >= pair[:-1]).all():
        pair = np.sort(pair)
    changes = np.r_[True, pair[1:] != pair[:-1]] if len(pair) else np.zeros(0, dtype=bool)
    return np.bincount(pair[changes] >> 32, minlength=n_creators)


def creator_metrics(frame: NicheFrame, features: Features) -> pd.DataFrame:
    """One row per creator of the frame (row = creator code), columns ``METRIC_COLUMNS``; NaN where a metric
    cannot be computed (no views known, a single video, a single snapshot...)."""
    v = features.videos
    n_creators = frame.n_creators
    creator = v["creator"].to_numpy()
    posted = v["posted_s"].to_numpy().astype(float)
    by = pd.DataFrame(
        {
            "creator": creator,
            "views": v["views"].to_numpy(),
            "er": v["engagement_rate"].to_numpy(),
            "erf": v["engagement_rate_followers"].to_numpy(),
            "posted": posted,
            "captured": v["captured_s"].to_numpy(dtype=float),
            "outlier": is_outlier(v["rel_views"].to_numpy()),
        }
    ).groupby("creator", sort=True)
    index = pd.RangeIndex(n_creators)
    count = np.bincount(creator, minlength=n_creators)
    medians = by[["views", "er", "erf"]].median().reindex(index)
    first = by["posted"].min().reindex(index).to_numpy()
    last = by["posted"].max().reindex(index).to_numpy()
    span = last - first
    looked = np.fmax(
        frame.creators["captured_s"].to_numpy(dtype=float), by["captured"].max().reindex(index).to_numpy()
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_week = np.where((count >= 2) & (span > 0), (count - 1) / (span / WEEK), np.nan)
    week = ((posted - first[creator]) // WEEK).astype(np.int64) if len(v) else np.empty(0, np.int64)
    active = _active_weeks(creator, week, n_creators)
    weeks = np.floor(span / WEEK) + 1
    with np.errstate(invalid="ignore"):
        consistency = np.where(count >= 2, active / weeks, np.nan)
    median_views = medians["views"].to_numpy()
    has_median = np.isfinite(median_views)
    ranks = pd.Series(median_views[has_median]).rank(method="average").to_numpy()
    percentile = np.full(n_creators, np.nan)
    percentile[has_median] = (ranks - 0.5) / has_median.sum() * 100
    profile_videos = frame.creators["video_count"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(profile_videos > 0, count / profile_videos, np.nan)
    out = pd.DataFrame(
        {
            "handle": frame.creators["handle"].to_numpy(dtype=object),
            "videos": count.astype(np.int64),
            "profile_videos": profile_videos,
            "coverage": coverage,
            "median_views": median_views,
            "engagement_rate": medians["er"].to_numpy(),
            "engagement_rate_followers": medians["erf"].to_numpy(),
            "videos_per_week": per_week,
            "consistency": consistency,
            "days_since_post": (looked - last) / DAY,
            "followers": frame.creators["followers"].to_numpy(),
            "follower_growth": _follower_growth(frame.snapshots, n_creators),
            "outliers": by["outlier"].sum().reindex(index, fill_value=0).to_numpy(np.int64),
            "percentile": percentile,
        }
    )
    return out[list(METRIC_COLUMNS)]


def select_leaders(
    metrics: pd.DataFrame,
    *,
    share: float = 0.25,
    min_videos: int = 10,
    minimum: int = 3,
    exclude: int | None = None,
) -> np.ndarray:
    """The niche's top performers: the top ``share`` of creators with at least ``min_videos`` videos by
    median views (at least ``minimum`` of them when there are that many), never ``exclude`` (the user)."""
    eligible = (metrics["videos"].to_numpy() >= min_videos) & np.isfinite(metrics["median_views"].to_numpy())
    if exclude is not None:
        eligible[exclude] = False
    codes = np.flatnonzero(eligible)
    if not len(codes):
        return codes
    take = min(len(codes), max(minimum, int(np.ceil(share * len(codes)))))
    order = np.argsort(-metrics["median_views"].to_numpy()[codes], kind="stable")
    return np.sort(codes[order[:take]])


def niche_summary(metrics: pd.DataFrame) -> dict[str, Any]:
    """The niche in a few figures: medians over its creators."""

    def median(column: str) -> float | None:
        values = metrics[column].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        return float(np.median(values)) if len(values) else None

    return {
        "creators": len(metrics),
        "videos": int(metrics["videos"].sum()),
        "median_views": median("median_views"),
        "engagement_rate": median("engagement_rate"),
        "videos_per_week": median("videos_per_week"),
        "consistency": median("consistency"),
        "outliers": int(metrics["outliers"].sum()),
        "thinly_covered": thinly_covered(metrics),
    }


def thinly_covered(metrics: pd.DataFrame) -> list[str]:
    """The creators whose collected videos are under THIN_COVERAGE of what their profile shows."""
    coverage = metrics["coverage"].to_numpy(dtype=float)
    return [str(h) for h in metrics["handle"].to_numpy()[np.isfinite(coverage) & (coverage < THIN_COVERAGE)]]


def metrics_json(metrics: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON objects: NaN becomes null, counts stay integers."""
    rows = []
    for record in metrics.to_dict("records"):
        row: dict[str, Any] = json_safe(record)
        for key in ("followers",):
            if row.get(key) is not None:
                row[key] = int(row[key])
        rows.append(row)
    return rows


# The key figures a creator compares with their niche, and whether more is better.
KEY_FIGURES: tuple[tuple[str, bool], ...] = (
    ("median_views", True),
    ("engagement_rate", True),
    ("videos_per_week", True),
    ("consistency", True),
    ("follower_growth", True),
    ("days_since_post", False),
)


def against_niche(metrics: pd.DataFrame, handle: str) -> pd.DataFrame:
    """One row per key figure: the creator's value, the niche's 25th, 50th and 75th percentiles over the
    other creators, and where the creator stands among them (0-100, ties count half; for a figure where
    less is better, 100 is still best). Empty when the handle is not among the metrics' creators."""
    mine = metrics["handle"].to_numpy() == handle
    if not mine.any():
        return pd.DataFrame(columns=["metric", "label", "you", "p25", "median", "p75", "standing"])
    rows = []
    for key, more_is_better in KEY_FIGURES:
        values = metrics[key].to_numpy(dtype=float)
        you = float(values[mine][0])
        others = values[~mine]
        others = others[np.isfinite(others)]
        p25, median, p75 = np.percentile(others, [25, 50, 75]) if len(others) else (np.nan,) * 3
        standing = np.nan
        if len(others) and np.isfinite(you):
            below = (others < you).sum() + 0.5 * (others == you).sum()
            standing = below / len(others) * 100
            if not more_is_better:
                standing = 100 - standing
        rows.append((key, METRICS[key].label, you, float(p25), float(median), float(p75), standing))
    return pd.DataFrame(rows, columns=["metric", "label", "you", "p25", "median", "p75", "standing"])


def coverage_note(summary: dict[str, Any]) -> str | None:
    """A sentence naming the niche's thinly covered creators, or None when there are none."""
    thin = summary.get("thinly_covered") or []
    if not thin:
        return None
    named = ", ".join(f"@{h}" for h in thin[:5]) + (f" and {len(thin) - 5} more" if len(thin) > 5 else "")
    return (
        f"{len(thin)} of {summary['creators']} creators are thinly covered (under {THIN_COVERAGE:.0%} of the "
        f"videos their profile shows were collected): {named}. Their figures rest on part of their history; "
        "scrape them again on the Jobs page."
    )
