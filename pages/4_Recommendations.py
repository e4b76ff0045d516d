"""Recommendations: what you do differently from your niche's leaders, ranked, with the evidence, and
what happened when you tried it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compass.models import RecommendationStatus
from compass.web import data
from compass.web.gate import require_user
from compass.web.navigation import ACCOUNT, CREATOR, RECOMMENDATIONS, page_link
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.web.widgets import download, niche_picker, no_niche_yet
from compass.workspace import get_settings
from compass.workspace.recommendations import (
    dismiss,
    list_recommendations,
    mark_done,
    mark_trying,
    save_recommendations,
)

start_page(RECOMMENDATIONS)
user = require_user()
settings = get_settings(engine(), user)

st.title("Recommendations")
niche = niche_picker(user)
if niche is None:
    no_niche_yet()
    st.stop()
if not settings.own_handle:
    st.info(
        "Recommendations compare **your** videos with your niche's leaders: set your TikTok handle on the "
        "**Account** page."
    )
    page_link(ACCOUNT, label="Set my handle")
    st.stop()
digest = data.niche_digest(user, niche.id, settings)
if digest is None or digest.you is None:
    st.info(
        f"@{md(settings.own_handle)} is not in this niche's data yet. Add yourself as a seed on **Discover** "
        "and run discovery, or queue a scrape of your profile on **Jobs**."
    )
    st.stop()

stored = list_recommendations(engine(), user.id, niche_id=niche.id)
if not any(r.status == RecommendationStatus.NEW for r in stored) or st.button("Refresh from the latest data"):
    save_recommendations(engine(), user.id, digest.recommendations, niche_id=niche.id)
stored = list_recommendations(engine(), user.id, niche_id=niche.id)

fresh = [r for r in stored if r.status == RecommendationStatus.NEW]
trying = [r for r in stored if r.status == RecommendationStatus.TRYING]
past = [r for r in stored if r.status in (RecommendationStatus.DONE, RecommendationStatus.DISMISSED)]

st.caption(f"Ranked by expected gain x confidence; from {len(digest.leaders)} leaders of the niche.")
if not fresh:
    st.info(
        "No new recommendation: either you already do what the leaders do, or the evidence is too thin. "
        "More data (discovery, refreshes) sharpens it."
    )
    if digest.leaders:
        st.markdown("Meanwhile, study the niche's leaders:")
        for handle in digest.leaders[:6]:
            page_link(CREATOR, label=f"@{handle}", query_params={"handle": handle})
for rec in fresh:
    with st.container(border=True):
        st.markdown(f"### {md(rec.title)}")
        st.markdown(md(rec.body))
        cols = st.columns(3)
        cols[0].metric(
            "Expected gain",
            f"{rec.expected_gain:+.0%}",
            help="in your typical views, if you did as the leaders do",
        )
        cols[1].metric("Confidence", f"{rec.confidence:.0%}")
        cols[2].metric(
            "You / leaders",
            f"{rec.evidence.get('your_share', 0):.0%} / {rec.evidence.get('leaders_share', 0):.0%}",
        )
        examples = rec.evidence.get("examples") or []
        if examples:
            st.markdown(
                "Examples from the leaders: "
                + " · ".join(
                    f"[@{md(e['handle'])} ({e['views_vs_median']:.1f}x their median)]({e['url']})"
                    for e in examples[:3]
                )
            )
        act = st.columns([1, 1, 4])
        if act[0].button("I'm trying it", key=f"try-{rec.id}", type="primary"):
            mark_trying(engine(), user.id, rec.id)
            st.rerun()
        if act[1].button("Dismiss", key=f"dismiss-{rec.id}"):
            dismiss(engine(), user.id, rec.id)
            st.rerun()

if trying:
    st.subheader("What you are trying")
    for rec in trying:
        with st.container(border=True):
            st.markdown(f"**{md(rec.title)}** — since {rec.status_changed_at:%Y-%m-%d}")
            st.markdown(
                md(
                    (rec.outcome or {}).get("text")
                    or "Post a few videos: the outcome appears once there are enough videos after the change."
                )
            )
            if st.button("Done trying", key=f"done-{rec.id}"):
                mark_done(engine(), user.id, rec.id)
                st.rerun()
if past:
    with st.expander(f"Past recommendations ({len(past)})"):
        for rec in past:
            st.markdown(
                f"- **{md(rec.title)}** ({rec.status.value}) {md((rec.outcome or {}).get('text', ''))}"
            )
if stored:
    download(
        pd.DataFrame([r.to_json() for r in stored]).drop(columns=["evidence"]), f"recommendations-{niche.id}"
    )
