"""The Creator page's charts, as Altair charts of one creator's frames (``compass.web.creator_view``).

Unlike the Insights charts (``compass.web.charts``, specs built once per stored analysis), these are
drawn with ``st.altair_chart``, which sends the frames as Arrow datasets: a creator may have more videos
than Altair embeds in a spec, and the times reach the browser as instants.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from compass.analytics.definitions import OUTLIER_RATIO as OUTLIER_RATIO  # the red points' bar, for captions
from compass.analytics.digest import WEEKDAYS
from compass.web.charts import CYAN, PINK
from compass.web.creator_view import PERIOD


def followers_line(growth: pd.DataFrame) -> alt.Chart:
    """Followers at each profile collection (``compass.catalog.follower_history``)."""
    return (
        alt.Chart(growth)
        .mark_line(point=True)
        .encode(
            x=alt.X("captured_at:T", title="collected"),
            y=alt.Y("followers:Q", title="followers"),
            tooltip=["captured_at:T", alt.Tooltip("followers:Q", format=",")],
        )
    )


# The columns the chart draws: its data is sent to the browser whole, captions and all.
_OVER_TIME = ["posted", "views", "relative_views", "outlier", "duration_s", "hashtags"]


def views_over_time(videos: pd.DataFrame) -> alt.Chart:
    """Each video's views by when it was posted, outliers in pink; brushing a period selects it
    (``compass.web.creator_view.selected_period`` reads the selection)."""
    return (
        alt.Chart(videos[_OVER_TIME])
        .mark_circle(size=45)
        .encode(
            x=alt.X("posted:T", title="posted"),
            y=alt.Y("views:Q", scale=alt.Scale(type="log"), title="views (log)"),
            color=alt.condition(alt.datum.outlier, alt.value(PINK), alt.value(CYAN)),
            tooltip=[
                "posted:T",
                alt.Tooltip("views:Q", format=","),
                alt.Tooltip("relative_views:Q", format=".2f"),
                "duration_s:Q",
                "hashtags:N",
            ],
        )
        .add_params(alt.selection_interval(encodings=["x"], name=PERIOD))
    )


def posting_heatmap(counts: pd.DataFrame) -> alt.Chart:
    """Videos per weekday and hour of the user's zone (``compass.web.creator_view.posting_counts``), every
    hour on the axis."""
    return (
        alt.Chart(counts)
        .mark_rect()
        .encode(
            x=alt.X("hour:O", scale=alt.Scale(domain=list(range(24)))),
            y=alt.Y("weekday:N", sort=list(WEEKDAYS)),
            color=alt.Color("videos:Q", scale=alt.Scale(scheme="reds")),
            tooltip=["weekday", "hour", "videos"],
        )
    )


def length_scatter(lengths: pd.DataFrame) -> alt.Chart:
    """Each video's length against its views relative to the creator's median: the rows of
    ``compass.web.creator_view.chart_tables``, which leave out videos of unknown length."""
    return (
        alt.Chart(lengths)
        .mark_circle(opacity=0.6)
        .encode(
            x=alt.X("duration_s:Q", title="duration (s)"),
            y=alt.Y("relative_views:Q", scale=alt.Scale(type="log"), title="views / creator median"),
            tooltip=[
                "duration_s",
                alt.Tooltip("relative_views:Q", format=".2f"),
                alt.Tooltip("views:Q", format=","),
            ],
        )
    )
