"""Niche insights: benchmarks, when to post, hashtags and sounds, length, cadence, and you
against the niche."""

from __future__ import annotations

import streamlit as st

from compass.web import data
from compass.web.charts import cadence_rows
from compass.web.formats import metric_columns_of
from compass.web.insights_view import (
    CREATOR_DEFINITIONS,
    EFFECT,
    LEADERBOARD_KINDS,
    LENGTH_DEFINITIONS,
    POSTING_TIME_DEFINITIONS,
    best_times,
    coverage_note,
    headline,
    insights_by_scope,
    insights_table,
    kind_title,
    leaderboard_table,
    selected_creators,
)
from compass.web.navigation import INSIGHTS
from compass.web.page import open_niche_page
from compass.web.safe_text import md
from compass.web.widgets import download, tabbed

SECTIONS = ("When to post", "Length", "Hashtags and sounds", "Cadence and you")

visit = open_niche_page(INSIGHTS)
niche, digest = visit.niche, visit.digest

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
for column, figure in zip(st.columns(4), headline(summary), strict=True):
    column.metric(figure.label, figure.value, help=figure.help)

st.subheader("What stands out")
scopes = insights_by_scope(digest)
if not scopes:
    st.info(
        "Nothing stands out with enough evidence yet: insights need at least 30 videos per group and must "
        "survive the multiple-comparison correction. More creators or more videos will sharpen the picture."
    )
else:
    for heading, lines in scopes:
        st.markdown("  \n".join([f"**{heading}**", *(md(line) for line in lines)]))
    download(insights_table(digest), f"insights-{niche.id}", definitions={"effect": EFFECT.formula})

charts = data.insight_charts(niche.id, digest.computed_at, digest)
when, length, tags, cadence = tabbed(SECTIONS, key="section")
if when:
    with when:
        st.subheader(f"When to post ({digest.timezone})")
        times = best_times(digest)
        for column, card in zip(st.columns(3), times.cards, strict=False):
            with column.container(border=True):
                st.metric(card.when, card.effect)
                st.caption(card.detail)
        st.caption(md(times.note))
        st.markdown("**Every weekly slot** (effect on views; faded: below the evidence bar, hover for n)")
        st.vega_lite_chart(spec=charts["posting_times"], width="stretch")
        download(
            digest.posting_times,
            f"posting-times-{niche.id}",
            label="Download posting times",
            definitions=POSTING_TIME_DEFINITIONS,
        )
if length:
    with length:
        st.markdown("**The length sweet spot** (with 95% intervals; faded: below the evidence bar)")
        st.vega_lite_chart(spec=charts["lengths"], width="stretch")
        download(
            digest.lengths,
            f"length-{niche.id}",
            label="Download length bands",
            definitions=LENGTH_DEFINITIONS,
        )
if tags:
    with tags:
        st.caption(
            "Every tested group with its 95% interval and sample size; solid points passed the evidence bar "
            "(n >= 30 per group, q <= 0.05), hollow ones did not."
        )
        for kind in LEADERBOARD_KINDS:
            st.markdown(f"**{kind_title(kind)}**")
            if kind not in charts:
                st.caption(f"Too few videos per {kind} to compare yet.")
                continue
            st.vega_lite_chart(spec=charts[kind], width="stretch")
            download(
                leaderboard_table(digest, kind),
                f"{kind}s-{niche.id}",
                label=f"Download the {kind} leaderboard",
                definitions={"effect": EFFECT.formula},
            )
if cadence:
    with cadence:
        st.markdown(
            "**Videos per week against median views**, one point per creator (you in pink); "
            "click points to list those creators"
        )
        event = st.vega_lite_chart(
            spec=charts["cadence"],
            width="stretch",
            on_select="rerun",
            key="cadence",
        )
        table = selected_creators(cadence_rows(digest.metrics, digest.you), event)
        st.dataframe(table, hide_index=True, width="stretch", column_config=metric_columns_of(table))
        download(table, f"creators-{niche.id}", definitions=CREATOR_DEFINITIONS)
