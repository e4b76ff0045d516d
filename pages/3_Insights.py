"""Niche insights: benchmarks, when to post, hashtags and sounds, length, cadence, and you against the niche."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from compass.analytics import EFFECT, INSIGHT_KINDS
from compass.analytics.digest import LEADERBOARD_KINDS, WEEKDAYS
from compass.app import data
from compass.app.gate import require_user
from compass.app.runtime import engine, start_page
from compass.app.safe_text import md
from compass.app.widgets import download, niche_picker, no_niche_yet
from compass.workspace import get_settings

start_page("Niche insights", icon="📊")
user = require_user()
settings = get_settings(engine(), user)

st.title("Niche insights")
niche = niche_picker(user)
if niche is None:
    no_niche_yet()
    st.stop()
digest = data.niche_digest(user, niche.id, settings)
if digest is None:
    st.info("This niche has no videos yet. Run discovery on the **Discover** page, or queue scrapes on **Jobs**.")
    st.stop()

summary = digest.summary
st.caption(f"{summary['creators']} creators · {summary['videos']:,} videos · times in {digest.timezone} · "
           f"{EFFECT.formula}")
cols = st.columns(4)
cols[0].metric("Median views", f"{summary['median_views']:,.0f}" if summary["median_views"] else "–")
cols[1].metric("Engagement", f"{summary['engagement_rate']:.1%}" if summary["engagement_rate"] else "–",
               help="(likes + comments + shares + saves) / views, median over creators")
cols[2].metric("Videos per week", f"{summary['videos_per_week']:.1f}" if summary["videos_per_week"] else "–")
cols[3].metric("Viral videos", f"{summary['outliers']:,}", help="videos with 3x their creator's median views or more")

insights = pd.DataFrame(digest.insights)
st.subheader("What stands out")
if insights.empty:
    st.info("Nothing stands out with enough evidence yet: insights need at least 30 videos per group and must "
            "survive the multiple-comparison correction. More creators or more videos will sharpen the picture.")
else:
    for scope, label in (("niche", "Every creator compared with itself"), ("leaders", "The niche's top performers"),
                         ("you", "Your own videos")):
        chosen = insights[insights["scope"] == scope]
        if chosen.empty:
            continue
        st.markdown(f"**{label}**")
        for row in chosen.itertuples():
            arrow = "▲" if row.effect > 0 else "▼"
            st.markdown(f"{arrow} {md(row.text)}")
    download(insights, f"insights-{niche.id}", definitions={"effect": EFFECT.formula})

left, right = st.columns(2)
with left:
    st.markdown("**Best posting times** (median views against each creator's own median)")
    heat = digest.posting_times
    st.altair_chart(alt.Chart(heat).mark_rect().encode(
        x=alt.X("hour:O", title=f"hour ({digest.timezone})"), y=alt.Y("weekday:N", sort=WEEKDAYS),
        color=alt.Color("relative:Q", scale=alt.Scale(scheme="redblue", domainMid=1, reverse=True),
                        title="x median"),
        tooltip=["weekday", "hour", alt.Tooltip("relative:Q", format=".2f"), "videos"],
    ), width="stretch")
    download(heat, f"posting-times-{niche.id}", label="Download posting times",
             definitions={"relative": "median of views / the creator's median views", "videos": "videos in the cell"})
with right:
    st.markdown("**The length sweet spot**")
    bands = digest.lengths
    st.altair_chart(alt.Chart(bands).mark_bar().encode(
        x=alt.X("duration_band:N", title="length", sort=None), y=alt.Y("relative:Q", title="views / creator median"),
        tooltip=["duration_band", alt.Tooltip("relative:Q", format=".2f"), "videos"],
        color=alt.condition(alt.datum.relative >= 1, alt.value("#25F4EE"), alt.value("#FE2C55")),
    ), width="stretch")
    download(bands, f"length-{niche.id}", label="Download length bands")

st.subheader("Hashtags and sounds")
st.caption("Every tested group with its 95% interval and sample size; solid points passed the evidence bar "
           "(n >= 30 per group, q <= 0.05), hollow ones did not.")
for kind in LEADERBOARD_KINDS:
    rows = digest.leaderboard[digest.leaderboard["kind"] == kind]
    st.markdown(f"**{INSIGHT_KINDS[kind].title}**")
    if rows.empty:
        st.caption(f"Too few videos per {kind} to compare yet.")
        continue
    rows = rows.drop(columns=["kind"]).assign(shown=rows["status"] == "shown").sort_values("effect", ascending=False)
    chart = alt.Chart(rows).encode(y=alt.Y("group:N", sort=None, title=None))
    st.altair_chart(
        chart.mark_rule().encode(x=alt.X("ci_low:Q", axis=alt.Axis(format="+%"), title="effect on views"),
                                 x2="ci_high:Q")
        + chart.mark_point(size=80).encode(
            x="effect:Q", fill=alt.condition(alt.datum.shown, alt.value("#FE2C55"), alt.value("white")),
            tooltip=["group", alt.Tooltip("effect:Q", format="+.0%"), "n", "n_other", "creators",
                     alt.Tooltip("q:Q", format=".3f"), "status"]),
        width="stretch")
    download(rows.drop(columns=["shown"]), f"{kind}s-{niche.id}", label=f"Download the {kind} leaderboard",
             definitions={"effect": EFFECT.formula})

st.subheader("Cadence and growth, and you against the niche")
metrics = digest.metrics.copy()
metrics["you"] = metrics["handle"] == (settings.own_handle or "")
pick = alt.selection_point(fields=["handle"], name="creator")
scatter = alt.Chart(metrics.dropna(subset=["videos_per_week", "median_views"])).mark_circle(size=80).encode(
    x=alt.X("videos_per_week:Q", title="videos per week", scale=alt.Scale(type="log")),
    y=alt.Y("median_views:Q", title="median views", scale=alt.Scale(type="log")),
    color=alt.condition(alt.datum.you, alt.value("#FE2C55"), alt.value("#25F4EE")),
    tooltip=["handle", alt.Tooltip("videos_per_week:Q", format=".1f"), alt.Tooltip("median_views:Q", format=","),
             alt.Tooltip("follower_growth:Q", format="+.1%"), alt.Tooltip("percentile:Q", format=".0f")],
).add_params(pick)
event = st.altair_chart(scatter, width="stretch", on_select="rerun", key="cadence")
chosen = (event.selection.get("creator") or []) if event and event.selection else []
table = metrics[metrics["handle"].isin([c["handle"] for c in chosen])] if chosen else metrics
st.dataframe(table.sort_values("percentile", ascending=False), hide_index=True, width="stretch",
             column_config={"engagement_rate": st.column_config.NumberColumn("engagement", format="percent"),
                            "engagement_rate_followers": st.column_config.NumberColumn(
                                "engagement / followers", format="percent"),
                            "median_views": st.column_config.NumberColumn("median views", format="localized"),
                            "videos_per_week": st.column_config.NumberColumn("videos / week", format="%.1f"),
                            "follower_growth": st.column_config.NumberColumn("growth / 30 d", format="percent"),
                            "percentile": st.column_config.NumberColumn(format="%.0f")})
download(table, f"creators-{niche.id}")
