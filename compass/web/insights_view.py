"""The Niche insights page's reading of a digest: the headline figures, the insights by scope, and the
definitions beside each download. Formats come from the definitions registry, as everywhere else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from compass.analytics import EFFECT, INSIGHT_KINDS
from compass.analytics.definitions import METRICS
from compass.analytics.digest import LEADERBOARD_KINDS, Digest
from compass.analytics.features import HOUR_BAND_LABELS, WEEKDAY_LABELS
from compass.analytics.insights import percent
from compass.analytics.metrics import coverage_note
from compass.analytics.slots import Evidence
from compass.analytics.tables import COLUMN_DEFINITIONS
from compass.analytics.wording import evidence_bar, likely_range, sample_words
from compass.web.charts import CREATOR_SELECTION, leaderboard_rows

__all__ = [
    "EFFECT",
    "CREATOR_DEFINITIONS",
    "BestTimes",
    "TimeCard",
    "best_times",
    "LEADERBOARD_KINDS",
    "LENGTH_DEFINITIONS",
    "POSTING_TIME_DEFINITIONS",
    "Figure",
    "coverage_note",
    "headline",
    "insights_by_scope",
    "insights_table",
    "kind_title",
    "leaderboard_table",
    "selected_creators",
]

SCOPES = (
    ("niche", "Every creator compared with itself"),
    ("leaders", "The niche's top performers"),
    ("you", "Your own videos"),
)
_EVIDENCE = ("effect", "ci_low", "ci_high", "n", "n_other", "creators", "q", "status")
POSTING_TIME_DEFINITIONS = {
    "weekday": COLUMN_DEFINITIONS["weekday"],
    "hours": COLUMN_DEFINITIONS["hours"],
    **{key: COLUMN_DEFINITIONS[key] for key in _EVIDENCE},
}
CREATOR_DEFINITIONS = {"you": "true on your own row"}
LENGTH_DEFINITIONS = {
    "duration_band": COLUMN_DEFINITIONS["duration_band"],
    **{key: COLUMN_DEFINITIONS[key] for key in _EVIDENCE},
}


@dataclass(frozen=True)
class TimeCard:
    """One time to post: "Tuesday 18-21h", "+24% views", "likely +10% to +40%; 412 videos vs ..."."""

    when: str
    effect: str
    detail: str


@dataclass(frozen=True)
class BestTimes:
    """The Insights page's "when to post" card: the best weekly slots in the digest's zone; when none
    passes the evidence bar, the weekdays and hour bands that do; ``note`` says what the cards rest on."""

    timezone: str
    cards: tuple[TimeCard, ...]
    note: str


def _card(when: str, e: Evidence) -> TimeCard:
    return TimeCard(
        when,
        f"{percent(e.effect)} views",
        f"{likely_range(e.ci_low, e.ci_high)}; {sample_words(e.n, e.n_other, e.creators)}",
    )


def best_times(digest: Digest) -> BestTimes:
    report = digest.slots
    zone, bar = report.timezone, evidence_bar(report.config)
    if report.best:
        cards = tuple(_card(s.label, s.evidence) for s in report.best)
        note = (
            f"Views against the same creators' videos posted at other times, in {zone}; each slot passed "
            f"the evidence bar ({bar})."
        )
        return BestTimes(zone, cards, note)
    apart = [(f"{day}, any time", e) for day, e in zip(WEEKDAY_LABELS, report.days, strict=True)]
    apart += [(f"{hours}, any day", e) for hours, e in zip(HOUR_BAND_LABELS, report.hours, strict=True)]
    favoured = sorted((x for x in apart if x[1].favoured), key=lambda x: -x[1].effect)[:3]
    note = report.note or ""
    if favoured:
        note += " Taken on their own, these days or hours do."
    return BestTimes(zone, tuple(_card(when, e) for when, e in favoured), note)


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    help: str | None = None


def headline(summary: dict[str, object]) -> list[Figure]:
    """The four figures above the insights; "–" where the niche has no value."""

    def shown(key: str, spec: str) -> str:
        value = summary.get(key)
        return format(value, spec) if isinstance(value, int | float) and value else "–"

    return [
        Figure("Median views", shown("median_views", ",.0f")),
        Figure("Engagement", shown("engagement_rate", ".1%"), METRICS["engagement_rate"].formula),
        Figure("Videos per week", shown("videos_per_week", ".1f")),
        Figure("Viral videos", f"{int(summary.get('outliers') or 0):,}", METRICS["outliers"].formula),
    ]


def insights_by_scope(digest: Digest) -> list[tuple[str, list[str]]]:
    """(heading, lines) per scope that has insights; each line starts with ▲ or ▼."""
    frame = pd.DataFrame(digest.insights)
    if frame.empty:
        return []
    grouped = []
    for scope, label in SCOPES:
        chosen = frame[frame["scope"] == scope]
        if not chosen.empty:
            grouped.append(
                (
                    label,
                    [
                        ("▲ " if e > 0 else "▼ ") + t
                        for e, t in zip(chosen["effect"], chosen["text"], strict=True)
                    ],
                )
            )
    return grouped


def insights_table(digest: Digest) -> pd.DataFrame:
    return pd.DataFrame(digest.insights)


def kind_title(kind: str) -> str:
    return INSIGHT_KINDS[kind].title


def leaderboard_table(digest: Digest, kind: str) -> pd.DataFrame:
    """One kind's leaderboard as downloaded: every tested group, best first, with its interval and status."""
    return leaderboard_rows(digest.leaderboard, kind).drop(columns=["shown"])


def selected_creators(metrics: pd.DataFrame, event: Mapping[str, Any] | None) -> pd.DataFrame:
    """The creators clicked on the cadence chart (all when none), best percentile first, without the
    columns no creator has a value in. ``event``: the chart's selection event, which names each clicked
    point by its handle."""
    chosen = ((event or {}).get("selection") or {}).get(CREATOR_SELECTION) or []
    rows = metrics[metrics["handle"].isin([c["handle"] for c in chosen])] if chosen else metrics
    rows = rows.sort_values("percentile", ascending=False)
    return rows[[c for c in rows.columns if rows[c].notna().any()]]
