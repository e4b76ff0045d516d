"""The Insights page's charts as Vega-Lite specs, built once per stored analysis.

Building an Altair chart validates it against the Vega-Lite schema, which costs more than the rest of
the page; the specs are therefore built from the digest once (``compass.web.data.insight_charts``
caches them by the analysis' time) and drawn with ``st.vega_lite_chart`` on every rerun.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from compass.analytics.digest import WEEKDAYS, Digest
from compass.analytics.features import DURATION_LABELS, HOUR_BAND_LABELS

PINK, CYAN = "#FE2C55", "#25F4EE"
CREATOR_SELECTION = "creator"  # the cadence chart's selection: the clicked creators' handles

Spec = dict[str, Any]


FADED = 0.25  # the opacity of an estimate below the evidence bar: drawn, but visibly not evidence
BELOW_BAR = "faded: below the evidence bar"


def _evidence_tooltip(*first: Any) -> list[Any]:
    return [
        *first,
        alt.Tooltip("effect:Q", format="+.0%", title="effect on views"),
        alt.Tooltip("ci_low:Q", format="+.0%", title="95% interval from"),
        alt.Tooltip("ci_high:Q", format="+.0%", title="95% interval to"),
        alt.Tooltip("n:Q", format=",", title="videos"),
        alt.Tooltip("n_other:Q", format=",", title="compared with"),
        alt.Tooltip("creators:Q", format=","),
        "status",
    ]


def _estimated(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with an estimate, ``shown`` saying which passed the evidence bar."""
    estimated = rows[rows["effect"].notna()]
    return estimated.assign(shown=estimated["status"] == "shown")


def posting_heatmap(slots: pd.DataFrame, timezone: str) -> Spec:
    """Each weekly slot's effect on views in ``timezone``; slots below the evidence bar are faded."""
    return (
        alt.Chart(_estimated(slots))
        .mark_rect()
        .encode(
            x=alt.X("hours:O", title=f"hours ({timezone})", sort=list(HOUR_BAND_LABELS)),
            y=alt.Y("weekday:N", sort=list(WEEKDAYS), title=None),
            color=alt.Color(
                "effect:Q",
                scale=alt.Scale(scheme="redblue", domainMid=0, reverse=True),
                legend=alt.Legend(format="+%"),
                title="effect on views",
            ),
            opacity=alt.condition(alt.datum.shown, alt.value(1.0), alt.value(FADED)),
            tooltip=_evidence_tooltip("weekday", "hours"),
        )
        .to_dict()
    )


def length_bars(bands: pd.DataFrame) -> Spec:
    """Each length band's effect on views with its 95% interval; bands below the evidence bar are faded."""
    base = alt.Chart(_estimated(bands)).encode(
        x=alt.X("duration_band:N", title="length", sort=list(DURATION_LABELS))
    )
    bars = base.mark_bar().encode(
        y=alt.Y("effect:Q", title="effect on views", axis=alt.Axis(format="+%")),
        color=alt.condition(alt.datum.effect >= 0, alt.value(CYAN), alt.value(PINK)),
        opacity=alt.condition(alt.datum.shown, alt.value(1.0), alt.value(FADED)),
        tooltip=_evidence_tooltip("duration_band"),
    )
    intervals = base.mark_rule().encode(y="ci_low:Q", y2="ci_high:Q")
    return (bars + intervals).to_dict()


def leaderboard_rows(leaderboard: pd.DataFrame, kind: str) -> pd.DataFrame:
    """One kind's groups, best first, with ``shown``: whether the group passed the evidence bar."""
    rows = leaderboard[leaderboard["kind"] == kind].drop(columns=["kind"])
    return rows.assign(shown=rows["status"] == "shown").sort_values("effect", ascending=False)


def leaderboard_chart(rows: pd.DataFrame) -> Spec:
    """Each group's effect on views with its 95% interval; solid points passed the evidence bar."""
    base = alt.Chart(rows).encode(y=alt.Y("group:N", sort=None, title=None))
    intervals = base.mark_rule().encode(
        x=alt.X("ci_low:Q", axis=alt.Axis(format="+%"), title="effect on views"), x2="ci_high:Q"
    )
    points = base.mark_point(size=80).encode(
        x="effect:Q",
        fill=alt.condition(alt.datum.shown, alt.value(PINK), alt.value("white")),
        tooltip=[
            "group",
            alt.Tooltip("effect:Q", format="+.0%"),
            "n",
            "n_other",
            "creators",
            alt.Tooltip("q:Q", format=".3f"),
            "status",
        ],
    )
    return (intervals + points).to_dict()


YOU, OTHERS = "you", "the niche's other creators"


def cadence_rows(metrics: pd.DataFrame, you: str | None) -> pd.DataFrame:
    return metrics.assign(you=metrics["handle"] == (you or ""))


def _who(rows: pd.DataFrame) -> pd.DataFrame:
    """``who``: the legend's words for each point, you or the others."""
    return rows.assign(who=[YOU if mine else OTHERS for mine in rows["you"]])


def cadence_scatter(rows: pd.DataFrame) -> Spec:
    """Videos per week against median views, one point per creator (you in pink); clicking selects."""
    pick = alt.selection_point(fields=["handle"], name=CREATOR_SELECTION)
    return (
        alt.Chart(_who(rows.dropna(subset=["videos_per_week", "median_views"])))
        .mark_circle(size=80)
        .encode(
            x=alt.X("videos_per_week:Q", title="videos per week", scale=alt.Scale(type="log")),
            y=alt.Y("median_views:Q", title="median views", scale=alt.Scale(type="log")),
            color=alt.Color(
                "who:N",
                scale=alt.Scale(domain=[YOU, OTHERS], range=[PINK, CYAN]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                "handle",
                alt.Tooltip("videos_per_week:Q", format=".1f"),
                alt.Tooltip("median_views:Q", format=","),
                alt.Tooltip("follower_growth:Q", format="+.1%"),
                alt.Tooltip("percentile:Q", format=".0f"),
            ],
        )
        .add_params(pick)
        .to_dict()
    )


def insight_specs(digest: Digest, kinds: tuple[str, ...]) -> dict[str, Spec]:
    """Every chart of the Insights page: "posting_times", "lengths", "cadence", and one per
    leaderboard kind."""
    specs = {
        "posting_times": posting_heatmap(digest.posting_times, digest.timezone),
        "lengths": length_bars(digest.lengths),
        "cadence": cadence_scatter(cadence_rows(digest.metrics, digest.you)),
    }
    for kind in kinds:
        rows = leaderboard_rows(digest.leaderboard, kind)
        if not rows.empty:
            specs[kind] = leaderboard_chart(rows)
    return specs
