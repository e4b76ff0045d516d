"""`metrics (@handle | --niche NAME | --all) [--json]`: each creator's metrics, as the app shows them.

@handle prints that creator only (its percentile within its niche, or within every creator when it is in
no niche); --niche and --all print every creator, best median views first.
"""

from __future__ import annotations

import argparse
import math

from compass.analytics import METRICS, creator_metrics, metrics_json, video_features
from compass.cli.context import open_database, print_json
from compass.cli.insights import add_selection_arguments, resolve


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "metrics",
        help="each creator's metrics: median views, engagement, cadence, followers, outliers",
        description="; ".join(f"{d.label} = {d.formula}" for d in METRICS.values()),
    )
    add_selection_arguments(parser)
    parser.set_defaults(run=run_metrics)


def _compact(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return f"{value:.0f}"


def _number(value: float | None, spec: str) -> str:
    return "-" if value is None or not math.isfinite(value) else format(value, spec)


COLUMNS = (
    # header, width, key, format
    ("handle", 26, "handle", None),
    ("videos", 6, "videos", "d"),
    ("median views", 12, "median_views", "compact"),
    ("eng. rate", 9, "engagement_rate", ".2%"),
    ("videos/wk", 9, "videos_per_week", ".1f"),
    ("consist.", 8, "consistency", ".0%"),
    ("followers", 9, "followers", "compact"),
    ("growth/30d", 10, "follower_growth", "+.1%"),
    ("outliers", 8, "outliers", "d"),
    ("pctile", 6, "percentile", ".0f"),
)


def _cell(row: dict, key: str, spec: str | None) -> str:
    value = row[key]
    if spec is None:
        return f"@{value}"
    if spec == "compact":
        return _compact(value)
    return _number(value, spec)


def run_metrics(args: argparse.Namespace) -> int:
    engine = open_database()
    target = resolve(engine, args)
    frame = target.frame
    metrics = creator_metrics(frame, video_features(frame))
    if args.handle:
        metrics = metrics.iloc[[frame.creator_code(args.handle)]]
    else:
        metrics = metrics.sort_values("median_views", ascending=False, na_position="last", kind="stable")
    rows = metrics_json(metrics)
    if args.json:
        print_json(rows)
        return 0
    print(f"Metrics for {target.label}: {frame.n_creators:,} creators, {frame.n_videos:,} videos")
    print("  ".join(f"{h:>{w}}" if i else f"{h:<{w}}" for i, (h, w, _, _) in enumerate(COLUMNS)))
    for row in rows:
        print(
            "  ".join(
                f"{_cell(row, k, s):>{w}}" if i else f"{_cell(row, k, s):<{w}}"
                for i, (_, w, k, s) in enumerate(COLUMNS)
            )
        )
    print()
    for key in (
        "median_views",
        "engagement_rate",
        "videos_per_week",
        "consistency",
        "follower_growth",
        "outliers",
        "percentile",
    ):
        print(f"{METRICS[key].label} = {METRICS[key].formula}")
    return 0
