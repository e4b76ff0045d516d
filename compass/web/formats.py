"""How a table's columns are shown: a creator metric's header, number format and help come from the
definitions registry, so that Discover, Insights and the CSV next to them say the same thing; the
Discover and Creator tables' other columns are set here too."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from compass.analytics.definitions import ENGAGEMENT_RATE, METRICS
from compass.web.creator_view import COUNTS

# Column headers stay short in a table; the definition's full label is the help's first words.
HEADERS = {
    "videos": "videos",
    "profile_videos": "videos on profile",
    "coverage": "coverage",
    "median_views": "median views",
    "engagement_rate": "engagement",
    "engagement_rate_followers": "engagement / followers",
    "videos_per_week": "videos / week",
    "days_since_post": "days since last video",
    "follower_growth": "growth / 30 d",
    "percentile": "percentile",
    "consistency": "consistency",
    "outliers": "outliers",
    "followers": "followers",
}
FORMATS = {
    "videos": "%d",
    "profile_videos": "%d",
    "coverage": "percent",
    "median_views": "localized",
    "followers": "localized",
    "engagement_rate": "percent",
    "engagement_rate_followers": "percent",
    "follower_growth": "percent",
    "consistency": "percent",
    "videos_per_week": "%.1f",
    "days_since_post": "%.0f",
    "percentile": "%.0f",
    "outliers": "%d",
}


def metric_columns(*keys: str) -> dict[str, Any]:
    """``st.dataframe`` column settings for these metrics (keys of ``METRICS``)."""
    columns = {}
    for key in keys:
        definition = METRICS[key]
        columns[key] = st.column_config.NumberColumn(
            HEADERS.get(key, definition.label),
            format=FORMATS.get(key),
            help=f"{definition.label}: {definition.formula}",
        )
    return columns


def metric_columns_of(frame: pd.DataFrame) -> dict[str, Any]:
    """Settings for every metric column ``frame`` has, and the "you" flag as a tick."""
    columns = metric_columns(*[c for c in frame.columns if c in METRICS])
    if "you" in frame.columns:
        columns["you"] = st.column_config.CheckboxColumn("you", help="your own row")
    return columns


def member_columns() -> dict[str, Any]:
    """The Discover table's settings: the niche's creators with their metrics and why they were suggested."""
    return {
        **metric_columns(
            "engagement_rate", "median_views", "videos_per_week", "days_since_post", "followers", "percentile"
        ),
        "collected": st.column_config.TextColumn(
            "videos collected", help="collected here, of the count the profile shows on TikTok"
        ),
        "reason": st.column_config.TextColumn("why suggested", width="large"),
    }


def video_columns() -> dict[str, Any]:
    """The Creator table's settings: one creator's videos, with covers and links to TikTok."""
    return {
        "cover_url": st.column_config.ImageColumn("", width="small"),
        "link": st.column_config.LinkColumn("TikTok", display_text="open"),
        "engagement_rate": st.column_config.NumberColumn(
            "engagement", format="percent", help=ENGAGEMENT_RATE.formula
        ),
        "relative_views": st.column_config.NumberColumn("x median", format="%.2f"),
        **{count: st.column_config.NumberColumn(format="localized") for count in COUNTS},
        "posted": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
    }
