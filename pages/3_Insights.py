"""Niche insights: benchmarks, when to post, hashtags and sounds, length, cadence, and you
against the niche."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compass.analytics import EFFECT, INSIGHT_KINDS
from compass.analytics.definitions import METRICS
from compass.analytics.digest import LEADERBOARD_KINDS
from compass.analytics.metrics import coverage_note
from compass.web import data
from compass.web.charts import CREATOR_SELECTION, cadence_rows, leaderboard_rows
from compass.web.formats import metric_columns
from compass.web.gate import require_user
from compass.web.navigation import INSIGHTS
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.web.widgets import download, niche_picker, no_niche_yet
from compass.workspace import get_settings

start_page(INSIGHTS)
user = require_user()
settings = get_settings(engine(), user)

st.title("Niche insights")
niche = niche_picker(user)
if niche is None:
    no_niche_yet()
    st.stop()
digest = data.niche_digest(user, niche.id, settings)
if digest is None:
    st.info(
        "This niche has no videos yet. Run discovery on the **Discover** page, or queue scrapes on **Jobs**."
    )
    st.stop()

summary = digest.summary
st.caption(
    f"{summary['creators']} creators · {summary['videos']:,} videos · times in {digest.timezone} · "
    f"analyzed {digest.computed_at:%Y-%m-%d %H:%M} UTC"
)
if note := coverage_note(summary):
    st.warning(md(note), icon=":material/warning:")
with st.expander("How to read the effects"):
    st.markdown(md(EFFECT.description))
    st.caption(f"Effect = {md(EFFECT.formula)}")
cols = st.columns(4)
cols[0].metric("Median views", f"{summary['median_views']:,.0f}" if summary["median_views"] else "–")
cols[1].metric(
    "Engagement",
    f"{summary['engagement_rate']:.1%}" if summary["engagement_rate"] else "–",
    help=METRICS["engagement_rate"].formula,
)
cols[2].metric("Videos per week", f"{summary['videos_per_week']:.1f}" if summary["videos_per_week"] else "–")
cols[3].metric("Viral videos", f"{summary['outliers']:,}", help=METRICS["outliers"].formula)

insights = pd.DataFrame(digest.insights)
st.subheader("What stands out")
if insights.empty:
    st.info(
        "Nothing stands out with enough evidence yet: insights need at least 30 videos per group and must "
        "survive the multiple-comparison correction. More creators or more videos will sharpen the picture."
    )
else:
    for scope, label in (
        ("niche", "Every creator compared with itself"),
        ("leaders", "The niche's top performers"),
        ("you", "Your own videos"),
    ):
        chosen = insights[insights["scope"] == scope]
        if chosen.empty:
            continue
        st.markdown(f"**{label}**")
        for row in chosen.itertuples():
            arrow = "▲" if row.effect > 0 else "▼"
            st.markdown(f"{arrow} {md(row.text)}")
    download(insights, f"insights-{niche.id}", definitions={"effect": EFFECT.formula})

charts = data.insight_charts(niche.id, digest.computed_at, digest)
left, right = st.columns(2)
with left:
    st.markdown("**Best posting times** (median views against each creator's own median)")
    st.vega_lite_chart(spec=charts["posting_times"], width="stretch")
    download(
        digest.posting_times,
        f"posting-times-{niche.id}",
        label="Download posting times",
        definitions={
            "relative": "median of views / the creator's median views",
            "videos": "videos in the cell",
        },
    )
with right:
    st.markdown("**The length sweet spot**")
    st.vega_lite_chart(spec=charts["lengths"], width="stretch")
    download(
        digest.lengths,
        f"length-{niche.id}",
        label="Download length bands",
        definitions={"relative": "median of views / the creator's median views"},
    )

st.subheader("Hashtags and sounds")
st.caption(
    "Every tested group with its 95% interval and sample size; solid points passed the evidence bar "
    "(n >= 30 per group, q <= 0.05), hollow ones did not."
)
for kind in LEADERBOARD_KINDS:
    st.markdown(f"**{INSIGHT_KINDS[kind].title}**")
    if kind not in charts:
        st.caption(f"Too few videos per {kind} to compare yet.")
        continue
    st.vega_lite_chart(spec=charts[kind], width="stretch")
    download(
        leaderboard_rows(digest.leaderboard, kind).drop(columns=["shown"]),
        f"{kind}s-{niche.id}",
        label=f"Download the {kind} leaderboard",
        definitions={"effect": EFFECT.formula},
    )

st.subheader("Cadence and growth, and you against the niche")
metrics = cadence_rows(digest.metrics, digest.you)
event = st.vega_lite_chart(spec=charts["cadence"], width="stretch", on_select="rerun", key="cadence")
chosen = (event.selection.get(CREATOR_SELECTION) or []) if event and event.selection else []
table = metrics[metrics["handle"].isin([c["handle"] for c in chosen])] if chosen else metrics
st.dataframe(
    table.sort_values("percentile", ascending=False),
    hide_index=True,
    width="stretch",
    column_config=metric_columns(
        "engagement_rate",
        "engagement_rate_followers",
        "median_views",
        "videos_per_week",
        "follower_growth",
        "percentile",
    ),
)
download(table, f"creators-{niche.id}")
