"""How a creator metric is shown in a table: its header, number format and help, from the
definitions registry, so that Discover, Insights and the CSV next to them say the same thing."""

from __future__ import annotations

from typing import Any

import streamlit as st

from compass.analytics.definitions import METRICS

# Column headers stay short in a table; the definition's full label is the help's first words.
HEADERS = {
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
