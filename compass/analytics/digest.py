"""A niche's analysis reduced to what the pages show: small enough to store and read in milliseconds.

Analysing a niche reads every video (seconds at hundreds of thousands); showing it needs a few
thousand numbers. The scheduler computes the digest when the niche's data changes and stores it
(``compass.reanalysis``); the pages read it and never touch the videos.

    digest = digest_of(analyze(frame, you="@me", tz="Europe/Paris"), tz="Europe/Paris")
    Digest.from_json(json.loads(json.dumps(digest.to_json()))) == digest   # round trip
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from compass.analytics.engine import Analysis
from compass.analytics.features import DURATION_LABELS
from compass.analytics.jsonable import json_safe
from compass.analytics.metrics import niche_summary
from compass.analytics.recommend import Recommendation

FORMAT = 4  # of the stored JSON: a digest stored in another format is analysed again, not read
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_VIDEOS_PER_CELL = 5  # a posting-time cell with fewer videos is too noisy to colour
LEADERBOARD_KINDS = ("hashtag", "sound")
LEADERBOARD_COLUMNS = (
    "kind",
    "group",
    "effect",
    "ci_low",
    "ci_high",
    "n",
    "n_other",
    "creators",
    "q",
    "status",
)


@dataclass(frozen=True)
class Digest:
    """``metrics``: one row per creator (``metrics.METRIC_COLUMNS``); ``posting_times``: weekday, hour,
    relative (median views / the creator's median), videos; ``lengths``: duration_band, relative, videos;
    ``leaderboard``: every hashtag and sound tested across the niche, with its interval and status."""

    timezone: str
    you: str | None  # the user's handle when they are among the niche's creators
    summary: dict[str, Any]
    metrics: pd.DataFrame
    insights: list[dict[str, Any]]
    posting_times: pd.DataFrame
    lengths: pd.DataFrame
    leaderboard: pd.DataFrame
    leaders: list[str]
    computed_at: datetime  # UTC: when the analysis ran, which names this digest among its successors
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def n_videos(self) -> int:
        return int(self.summary["videos"])

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "timezone": self.timezone,
            "you": self.you,
            "summary": json_safe(self.summary),
            "metrics": _frame_json(self.metrics),
            "insights": json_safe(self.insights),
            "posting_times": _frame_json(self.posting_times),
            "lengths": _frame_json(self.lengths),
            "leaderboard": _frame_json(self.leaderboard),
            "leaders": self.leaders,
            "computed_at": self.computed_at.isoformat(),
            "recommendations": json_safe([r.to_json() for r in self.recommendations]),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Digest:
        return cls(
            timezone=data["timezone"],
            you=data["you"],
            summary=data["summary"],
            metrics=_frame(data["metrics"]),
            insights=list(data["insights"]),
            posting_times=_frame(data["posting_times"]),
            lengths=_frame(data["lengths"]),
            leaderboard=_frame(data["leaderboard"]),
            leaders=list(data["leaders"]),
            computed_at=datetime.fromisoformat(data["computed_at"]),
            recommendations=[Recommendation.from_json(r) for r in data["recommendations"]],
        )


def _frame_json(frame: pd.DataFrame) -> dict[str, Any]:
    """Columns as lists, NaN as null: JSON that any database column stores."""
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        values = frame[name]
        if values.dtype.kind in "fiub":
            columns[name] = json_safe(values.tolist())
        else:
            columns[name] = [None if x is None or x is pd.NA else str(x) for x in values]
    return {
        "columns": list(frame.columns),
        "dtypes": [str(frame[c].dtype) for c in frame.columns],
        "data": columns,
    }


def _frame(data: dict[str, Any]) -> pd.DataFrame:
    out = {}
    for name, dtype in zip(data["columns"], data["dtypes"], strict=True):
        values = data["data"][name]
        if dtype.startswith("float"):
            out[name] = np.array([np.nan if x is None else x for x in values], dtype=dtype)
        elif dtype.startswith(("int", "uint", "bool")):
            out[name] = np.array(values, dtype=dtype)
        else:  # text: "object", or pandas' own "str"
            out[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(out, columns=data["columns"])


def posting_times(videos: pd.DataFrame) -> pd.DataFrame:
    """Median relative views per weekday and hour (in the analysis' time zone), cells of 5+ videos."""
    cells = (
        videos.groupby(["weekday", "hour"], sort=True)
        .agg(relative=("rel_views", "median"), videos=("rel_views", "size"))
        .reset_index()
    )
    cells = cells[cells["videos"] >= MIN_VIDEOS_PER_CELL]
    return pd.DataFrame(
        {
            "weekday": [WEEKDAYS[int(d)] for d in cells["weekday"]],
            "hour": cells["hour"].to_numpy(np.int64),
            "relative": cells["relative"].to_numpy(float),
            "videos": cells["videos"].to_numpy(np.int64),
        }
    )


def length_bands(videos: pd.DataFrame) -> pd.DataFrame:
    """Median relative views per length band, shortest first (videos of unknown length left out)."""
    known = videos[videos["duration_band"] >= 0]
    bands = (
        known.groupby("duration_band", sort=True)
        .agg(relative=("rel_views", "median"), videos=("rel_views", "size"))
        .reset_index()
    )
    return pd.DataFrame(
        {
            "duration_band": [DURATION_LABELS[int(code)] for code in bands["duration_band"]],
            "relative": bands["relative"].to_numpy(float),
            "videos": bands["videos"].to_numpy(np.int64),
        }
    )


def leaderboard(tests: pd.DataFrame) -> pd.DataFrame:
    """The hashtags and sounds tested across the niche (scope "niche") that have an estimate."""
    rows = tests[
        tests["kind"].isin(LEADERBOARD_KINDS) & (tests["scope"] == "niche") & tests["effect"].notna()
    ]
    return (
        rows[list(LEADERBOARD_COLUMNS)]
        .reset_index(drop=True)
        .astype(
            {
                "n": np.int64,
                "n_other": np.int64,
                "creators": np.int64,
                "effect": float,
                "ci_low": float,
                "ci_high": float,
                "q": float,
                "group": object,
                "kind": object,
                "status": object,
            }
        )
    )


def digest_of(analysis: Analysis, *, timezone: str, computed_at: datetime | None = None) -> Digest:
    videos = analysis.features.videos
    you = None if analysis.you is None else str(analysis.features.creators["handle"].iloc[analysis.you])
    return Digest(
        timezone=timezone,
        you=you,
        summary=niche_summary(analysis.metrics),
        metrics=analysis.metrics.reset_index(drop=True),
        insights=[insight.to_json() for insight in analysis.report.insights],
        posting_times=posting_times(videos),
        lengths=length_bands(videos),
        leaderboard=leaderboard(analysis.report.tests),
        leaders=analysis.leader_handles,
        computed_at=computed_at or datetime.now(UTC),
        recommendations=list(analysis.recommendations),
    )
