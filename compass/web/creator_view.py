"""One creator's videos as the Creator page shows them: in the user's time zone, counted by when they were
posted, narrowed to a period brushed on the chart and to a caption text, and listed as the table and its
CSV list them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from compass.analytics.definitions import ENGAGEMENT_RATE

COUNTS = ("views", "likes", "comments", "shares", "saves")
PERIOD = "period"  # the over-time chart's interval selection, as Vega-Lite names it in the page's event
TABLE_COLUMNS = [
    "cover_url",
    "posted",
    "caption",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "engagement_rate",
    "relative_views",
    "duration_s",
    "sound",
    "hashtags",
    "link",
]
# The CSV's own words for the columns that are not in the metric registry.
DEFINITIONS = {
    "relative_views": "views / the creator's median views",
    "engagement_rate": ENGAGEMENT_RATE.formula,
}


def in_zone(videos: pd.DataFrame, timezone: str) -> pd.DataFrame:
    """The creator's videos (``compass.catalog.creator_videos``) with ``posted``, the time of posting in
    ``timezone``, its ``weekday`` and ``hour`` there, and the counts as whole numbers (nullable: a count
    TikTok did not show stays empty, in the table and the CSV)."""
    local = videos.assign(posted=pd.to_datetime(videos["posted_at"], utc=True).dt.tz_convert(timezone))
    for count in COUNTS:
        local[count] = local[count].round().astype("Int64")
    local["weekday"] = local["posted"].dt.day_name()
    local["hour"] = local["posted"].dt.hour
    return local


def posting_counts(videos: pd.DataFrame) -> pd.DataFrame:
    """Videos per weekday and hour of the zone ``in_zone`` put them in: one row per cell posted in."""
    return videos.groupby(["weekday", "hour"]).size().reset_index(name="videos")


@dataclass(frozen=True)
class Period:
    """Instants (UTC), both ends included."""

    start: pd.Timestamp
    end: pd.Timestamp


def selected_period(event: Mapping[str, Any] | None) -> Period | None:
    """The period brushed on the over-time chart, from the chart's selection event; None when nothing is
    brushed. Vega-Lite reports the brushed ``posted`` range in epoch milliseconds."""
    selection = (event or {}).get("selection") or {}
    bounds = (selection.get(PERIOD) or {}).get("posted")
    if not bounds:
        return None
    start, end = (pd.to_datetime(bound, unit="ms", utc=True) for bound in bounds[:2])
    return Period(start, end)


def in_period(videos: pd.DataFrame, period: Period) -> pd.DataFrame:
    return videos[(videos["posted_at"] >= period.start) & (videos["posted_at"] <= period.end)]


def matching(videos: pd.DataFrame, text: str) -> pd.DataFrame:
    """The videos whose caption or hashtags contain ``text``, ignoring case; all of them for no text."""
    if not text:
        return videos
    needle = text.lower()
    captions = videos["caption"].fillna("").str.lower()
    hashtags = videos["hashtags"].str.lower()
    return videos[captions.str.contains(needle, regex=False) | hashtags.str.contains(needle, regex=False)]


def filter_note(shown: int, total: int, period_chosen: bool, search: str) -> str | None:
    """What the table holds once filtered, counted after every filter: "Showing 3 of 120 videos: posted in
    the selected period, matching 'gym'"; None when nothing filters it."""
    why = ["posted in the selected period"] if period_chosen else []
    why += [f"matching '{search}'"] if search else []
    if not why:
        return None
    return f"Showing {shown:,} of {total:,} video{'' if total == 1 else 's'}: {', '.join(why)}."


def video_table(videos: pd.DataFrame, handle: str) -> pd.DataFrame:
    """The table's columns, in its order, with each video's link on TikTok; the covers only when the data
    has some (a column of empty images says nothing)."""
    links = [f"https://www.tiktok.com/@{handle}/video/{video}" for video in videos["tiktok_id"]]
    table = videos.assign(link=links)[TABLE_COLUMNS]
    return table if table["cover_url"].notna().any() else table.drop(columns=["cover_url"])


def video_csv(table: pd.DataFrame, handle: str) -> pd.DataFrame:
    """The table as downloaded: without the cover images, and naming the creator on every row."""
    return table.drop(columns=["cover_url"], errors="ignore").assign(creator=handle)


def chart_tables(videos: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each chart's data as downloaded, by file name stem: what the chart draws, one row per mark."""
    return {
        "views-over-time": videos[["posted", "views", "relative_views", "outlier"]],
        "when-they-post": posting_counts(videos),
        "length-vs-views": videos.dropna(subset=["duration_s"])[["duration_s", "relative_views", "views"]],
    }
