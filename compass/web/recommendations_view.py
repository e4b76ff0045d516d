"""The Recommendations page's reading of the stored recommendations: grouped by what the user did with
them, and each expected gain stated as a range in words from its interval, never as "confidence 100%"."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from compass.analytics.wording import likely_range
from compass.models import RecommendationStatus
from compass.workspace.recommendations import StoredRecommendation


@dataclass(frozen=True)
class Shelves:
    fresh: list[StoredRecommendation]
    trying: list[StoredRecommendation]
    past: list[StoredRecommendation]


def shelves(stored: list[StoredRecommendation]) -> Shelves:
    """New ones to act on, the ones being tried, and the dismissed or done, each best first."""
    return Shelves(
        [r for r in stored if r.status == RecommendationStatus.NEW],
        [r for r in stored if r.status == RecommendationStatus.TRYING],
        [r for r in stored if r.status in (RecommendationStatus.DONE, RecommendationStatus.DISMISSED)],
    )


def gain_interval(rec: StoredRecommendation) -> tuple[float, float] | None:
    """The change in typical views if the user did as the leaders do, at both ends of the insight's 95%
    interval: the effect per video raised to the share of videos the user would move."""
    insight = rec.evidence.get("insight") or {}
    try:
        low, high = float(insight["ci_low"]), float(insight["ci_high"])
        gap = abs(float(rec.evidence["leaders_share"]) - float(rec.evidence["your_share"]))
    except (KeyError, TypeError, ValueError):
        return None
    sign = 1 if rec.direction == "more" else -1
    ends = sorted(((1 + low) ** (sign * gap) - 1, (1 + high) ** (sign * gap) - 1))
    return ends[0], ends[1]


def gain_words(rec: StoredRecommendation) -> str:
    """ "likely +2% to +9%" from the interval; the point estimate alone when the evidence lacks one."""
    interval = gain_interval(rec)
    return likely_range(*interval) if interval else f"about {rec.expected_gain:+.0%}"


def shares_text(rec: StoredRecommendation) -> str:
    return f"{rec.evidence.get('your_share', 0):.0%} / {rec.evidence.get('leaders_share', 0):.0%}"


def outcome_text(rec: StoredRecommendation) -> str:
    return str((rec.outcome or {}).get("text") or "")


RECOMMENDATION_DEFINITIONS = {
    "id": "the app's id of the recommendation",
    "title": "what to do",
    "body": "why, with the evidence in words",
    "kind": "what it is about: a hashtag, a sound, a caption hook, a posting day or hour, a length...",
    "group": "the hashtag, sound, day, hour or length it is about",
    "direction": "more: do more of it; less: do less of it",
    "expected_gain": "the change in your typical views if you did as the leaders do (point estimate)",
    "gain_range": "the same change at both ends of the effect's 95% interval, in words",
    "your_share": "share of your videos that do it",
    "leaders_share": "share of the leaders' videos that do it",
    "status": "new, trying, done or dismissed",
    "status_changed_at": "when you last changed the status (UTC)",
    "outcome": "what happened to your views since you started trying it",
}


def recommendations_table(stored: list[StoredRecommendation]) -> pd.DataFrame:
    """The download: one row per recommendation, best first, its gain as a range in words beside the point
    estimate; no internal ranking figures."""
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "title": r.title,
                "body": r.body,
                "kind": r.kind,
                "group": r.group,
                "direction": r.direction,
                "expected_gain": r.expected_gain,
                "gain_range": gain_words(r),
                "your_share": r.evidence.get("your_share"),
                "leaders_share": r.evidence.get("leaders_share"),
                "status": r.status.value,
                "status_changed_at": r.status_changed_at.isoformat() if r.status_changed_at else None,
                "outcome": outcome_text(r),
            }
            for r in stored
        ],
        columns=list(RECOMMENDATION_DEFINITIONS),
    )
