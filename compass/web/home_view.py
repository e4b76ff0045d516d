"""The home page's reading of a niche's analysis: your key figures against the niche, formatted once; and
what is new since the last visit, in the user's zone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from compass.alerts import AlertReport, SinceFrom
from compass.analytics.alerts import AlertKind
from compass.analytics.digest import Digest
from compass.analytics.metrics import against_niche

FIGURE_FORMATS = {
    "median_views": "{:,.0f}",
    "engagement_rate": "{:.1%}",
    "videos_per_week": "{:.1f}",
    "consistency": "{:.0%}",
    "follower_growth": "{:+.1%}",
    "days_since_post": "{:.0f}",
}
COMPARISON_DEFINITIONS = {
    "metric": "the key figure, by its name in the other files",
    "label": "the key figure, as the page names it",
    "you": "your value",
    "median": "median over the niche's other creators",
    "standing": "share of the niche's other creators you do better than, in %",
    "p25": "25th percentile over the niche's other creators",
    "p75": "75th percentile over the niche's other creators",
}


def figure(metric: str, value: float) -> str:
    """A key figure as people read it: views with separators, rates as percentages; "–" when unknown."""
    return FIGURE_FORMATS[metric].format(value) if pd.notna(value) else "–"


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    note: bool = False  # the delta is a grey note under the figure, not a rise or fall


def your_headline(digest: Digest) -> list[Headline]:
    """Your median views, engagement and cadence beside the niche's, and where your views stand."""
    summary, you = digest.summary, digest.you
    me = digest.metrics[digest.metrics["handle"] == you].iloc[0]
    standing = comparison(digest).set_index("metric").loc["median_views", "standing"]

    def against(key: str, words: Callable[[float, float], str]) -> str | None:
        """The delta beside your figure, worked out only when both figures exist: the niche's median is
        None when none of its creators has that figure."""
        mine, niche = float(me[key]), summary[key]
        return words(mine, niche) if niche and pd.notna(mine) else None

    return [
        Headline(
            "Your median views",
            figure("median_views", me["median_views"]),
            against("median_views", lambda mine, niche: f"{mine / niche - 1:+.0%} vs niche"),
        ),
        Headline(
            "Your engagement",
            figure("engagement_rate", me["engagement_rate"]),
            against("engagement_rate", lambda mine, niche: f"{(mine - niche) * 100:+.1f} pts vs niche"),
        ),
        Headline(
            "Your videos per week",
            figure("videos_per_week", me["videos_per_week"]),
            against("videos_per_week", lambda mine, niche: f"{mine - niche:+.1f} vs niche"),
        ),
        Headline(
            "Your views beat",
            f"{standing:.0f}%" if pd.notna(standing) else "–",
            delta="of the niche's other creators" if pd.notna(standing) else None,
            note=True,
            help="share of the niche's other creators whose median views are lower than yours",
        ),
    ]


def niche_headline(digest: Digest) -> list[Headline]:
    summary = digest.summary
    return [
        Headline("Niche median views", figure("median_views", summary["median_views"] or float("nan"))),
        Headline("Creators", f"{summary['creators']:,}"),
        Headline("Videos", f"{summary['videos']:,}"),
    ]


def comparison(digest: Digest) -> pd.DataFrame:
    """Per key figure: yours, the niche's 25th/50th/75th percentiles and your standing (the download)."""
    return against_niche(digest.metrics, digest.you or "")


def comparison_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison as shown: each figure formatted as itself, the niche's middle half as a range."""
    return pd.DataFrame(
        {
            "figure": table["label"],
            "you": [figure(m, v) for m, v in zip(table["metric"], table["you"], strict=True)],
            "niche middle half": [
                f"{figure(m, lo)} – {figure(m, hi)}" if pd.notna(lo) else "–"
                for m, lo, hi in zip(table["metric"], table["p25"], table["p75"], strict=True)
            ],
            "niche median": [figure(m, v) for m, v in zip(table["metric"], table["median"], strict=True)],
            "where you stand": table["standing"],
        }
    )


ALERT_LABELS = {
    AlertKind.OUTLIER_VIDEO: "Outlier video",
    AlertKind.FOLLOWER_JUMP: "Follower jump",
    AlertKind.RISING_SOUND: "Rising sound",
    AlertKind.RISING_HASHTAG: "Rising hashtag",
    AlertKind.NEW_MEMBER: "New member",
}
ALERT_DEFINITIONS = {
    "what": "outlier video, follower jump, rising sound or hashtag, new member",
    "creator": "the creator (for a sound or hashtag: whose video using it was most viewed)",
    "video_id": "TikTok's id of the video, when the alert is about one",
    "alert": "the alert in words, with its numbers",
}


def alerts_heading(report: AlertReport, timezone: str) -> str:
    """ "What's new since your last visit (Mon 1 Dec, 14:05)", in the user's zone; "in the last 7 days"
    on a first visit."""
    if report.since_from is SinceFrom.FIRST_VISIT:
        days = (report.until - report.since).days
        return f"What's new in the last {days} days"
    since = report.since.astimezone(ZoneInfo(timezone))
    return f"What's new since your last visit ({since:%a %-d %b, %H:%M})"


def alerts_table(report: AlertReport) -> pd.DataFrame:
    """One row per alert, most important first, as shown and downloaded."""
    return pd.DataFrame(
        {
            "what": [ALERT_LABELS[a.kind] for a in report.alerts],
            "creator": [a.creator for a in report.alerts],
            "video_id": [a.video_id for a in report.alerts],
            "alert": [a.text for a in report.alerts],
        },
        columns=list(ALERT_DEFINITIONS),
    )
