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
from compass.analytics.features import WEEKDAY_LABELS
from compass.analytics.jsonable import json_safe
from compass.analytics.metrics import niche_summary
from compass.analytics.recommend import Recommendation
from compass.analytics.slots import Evidence, LengthEffect, SlotReport, length_effects, posting_slots

FORMAT = 5  # of the stored JSON: a digest stored in another format is analysed again, not read
WEEKDAYS = WEEKDAY_LABELS
EVIDENCE_COLUMNS = ("effect", "ci_low", "ci_high", "n", "n_other", "creators", "q", "status")
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
    """``metrics``: one row per creator (``metrics.METRIC_COLUMNS``); ``slots``: every weekly slot, weekday
    and hour band with its evidence (``analytics.slots``), and ``length_effects`` each length band's, read
    in ``timezone``; ``leaderboard``: every hashtag and sound tested across the niche, with its interval and
    status."""

    timezone: str
    you: str | None  # the user's handle when they are among the niche's creators
    summary: dict[str, Any]
    metrics: pd.DataFrame
    insights: list[dict[str, Any]]
    slots: SlotReport
    length_effects: tuple[LengthEffect, ...]
    leaderboard: pd.DataFrame
    leaders: list[str]
    computed_at: datetime  # UTC: when the analysis ran, which names this digest among its successors
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def n_videos(self) -> int:
        return int(self.summary["videos"])

    @property
    def posting_times(self) -> pd.DataFrame:
        """One row per weekly slot with an estimate, Monday 00-03h first: weekday, hours and its evidence."""
        rows = [
            {"weekday": s.day, "hours": s.hours, **_evidence_row(s.evidence)}
            for s in self.slots.slots
            if s.evidence.n
        ]
        return pd.DataFrame(rows, columns=["weekday", "hours", *EVIDENCE_COLUMNS])

    @property
    def lengths(self) -> pd.DataFrame:
        """One row per length band with videos, shortest first: duration_band and its evidence."""
        rows = [
            {"duration_band": x.band, **_evidence_row(x.evidence)}
            for x in self.length_effects
            if x.evidence.n
        ]
        return pd.DataFrame(rows, columns=["duration_band", *EVIDENCE_COLUMNS])

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "timezone": self.timezone,
            "you": self.you,
            "summary": json_safe(self.summary),
            "metrics": _frame_json(self.metrics),
            "insights": json_safe(self.insights),
            "slots": self.slots.to_json(),
            "length_effects": [x.to_json() for x in self.length_effects],
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
            slots=SlotReport.from_json(data["slots"]),
            length_effects=tuple(LengthEffect.from_json(x) for x in data["length_effects"]),
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
        if values.dtype.kind in "iub":
            columns[name] = values.tolist()
        elif values.dtype.kind == "f":
            finite = np.isfinite(values.to_numpy(dtype=float, na_value=np.nan)).tolist()
            listed = values.tolist()
            columns[name] = [x if ok else None for x, ok in zip(listed, finite, strict=True)]
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


def _evidence_row(evidence: Evidence) -> dict[str, Any]:
    return {column: getattr(evidence, column) for column in EVIDENCE_COLUMNS}


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
    config = analysis.report.config
    you = None if analysis.you is None else str(analysis.features.creators["handle"].iloc[analysis.you])
    return Digest(
        timezone=timezone,
        you=you,
        summary=niche_summary(analysis.metrics),
        metrics=analysis.metrics.reset_index(drop=True),
        insights=[insight.to_json() for insight in analysis.report.insights],
        slots=posting_slots(analysis.features, config),
        length_effects=tuple(length_effects(analysis.features, config)),
        leaderboard=leaderboard(analysis.report.tests),
        leaders=analysis.leader_handles,
        computed_at=computed_at or datetime.now(UTC),
        recommendations=list(analysis.recommendations),
    )
