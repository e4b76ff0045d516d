"""Recommendations: what you do differently from your niche's leaders, ranked, with the evidence, and
what happened when you tried it."""

from __future__ import annotations

import streamlit as st

from compass.web import actions
from compass.web.navigation import ACCOUNT, CREATOR, RECOMMENDATIONS, page_link
from compass.web.page import open_niche_page
from compass.web.recommendations_view import (
    RECOMMENDATION_DEFINITIONS,
    gain_words,
    outcome_text,
    recommendations_table,
    shares_text,
    shelves,
)
from compass.web.safe_text import md
from compass.web.widgets import download, opened

visit = open_niche_page(RECOMMENDATIONS)
user, niche, digest = visit.user, visit.niche, visit.digest
if not visit.settings.own_handle:
    st.info(
        "Recommendations compare **your** videos with your niche's leaders: set your TikTok handle on the "
        "**Account** page."
    )
    page_link(ACCOUNT, label="Set my handle")
    st.stop()
if digest.you is None:
    st.info(
        f"@{md(visit.settings.own_handle)} is not in this niche's data yet. Add yourself as a seed on "
        "**Discover** and run discovery, or queue a scrape of your profile on **Jobs**."
    )
    st.stop()

stored = actions.recommendations(user, niche.id)
shelf = shelves(stored)

st.caption(
    f"Ranked by expected gain and the strength of its evidence; from {len(digest.leaders)} leaders of the "
    f"niche, analyzed {digest.computed_at:%Y-%m-%d %H:%M} UTC."
)
if not shelf.fresh:
    st.info(
        "No new recommendation: either you already do what the leaders do, or the evidence is too thin. "
        "More data (discovery, refreshes) sharpens it."
    )
    if digest.leaders:
        st.markdown("Meanwhile, study the niche's leaders:")
        for handle in digest.leaders[:6]:
            page_link(CREATOR, label=f"@{handle}", query_params={"handle": handle})
for rec in shelf.fresh:
    with st.container(border=True):
        st.markdown(f"### {md(rec.title)}")
        st.markdown(md(rec.body))
        cols = st.columns(2)
        cols[0].metric(
            "Expected gain",
            gain_words(rec),
            help="in your typical views, if you did as the leaders do (the 95% interval of the evidence)",
        )
        cols[1].metric("You / leaders", shares_text(rec), help="share of videos in this group")
        examples = rec.evidence.get("examples") or []
        if examples:
            st.markdown("Examples from the leaders:")
            for example in examples[:3]:
                page_link(
                    CREATOR,
                    label=f"@{example['handle']} ({example['views_vs_median']:.1f}x their median)",
                    query_params={"handle": example["handle"]},
                )
        act = st.columns([1, 1, 4])
        if act[0].button("I'm trying it", key=f"try-{rec.id}", type="primary"):
            with actions.errors_shown():
                actions.try_recommendation(user, rec.id)
                st.rerun()
        if act[1].button("Dismiss", key=f"dismiss-{rec.id}"):
            with actions.errors_shown():
                actions.dismiss_recommendation(user, rec.id)
                st.rerun()

if shelf.trying:
    st.subheader("What you are trying")
    for rec in shelf.trying:
        with st.container(border=True):
            st.markdown(f"**{md(rec.title)}** — since {rec.status_changed_at:%Y-%m-%d}")
            st.markdown(
                md(
                    outcome_text(rec)
                    or "Post a few videos: the outcome appears once there are enough videos after the change."
                )
            )
            if st.button("Done trying", key=f"done-{rec.id}"):
                with actions.errors_shown():
                    actions.finish_recommendation(user, rec.id)
                    st.rerun()
if shelf.past and (
    section := opened(f"Past recommendations ({len(shelf.past)})", key="past-recommendations-open")
):
    with section:
        for rec in shelf.past:
            st.markdown(f"- **{md(rec.title)}** ({rec.status.value}) {md(outcome_text(rec))}")
if stored:
    download(
        recommendations_table(stored), f"recommendations-{niche.id}", definitions=RECOMMENDATION_DEFINITIONS
    )
