"""The home page's reading of a niche's analysis: your key figures against the niche, formatted once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

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
            "Views: better than",
            f"{standing:.0f}% of the niche" if pd.notna(standing) else "–",
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
