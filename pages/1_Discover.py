"""Discover: seeds in, a discovery job with live progress, and the ranked similar creators, with why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compass.analytics.metrics import coverage_note
from compass.catalog import collected_of
from compass.discovery.kind import DISCOVER_KIND, request_discovery
from compass.errors import CompassError
from compass.web import data
from compass.web.formats import metric_columns
from compass.web.gate import require_user
from compass.web.navigation import CREATOR, DISCOVER, switch_page
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.web.widgets import download, niche_picker, number_param, query_param
from compass.workspace import (
    create_niche,
    exclude_member,
    get_settings,
    list_jobs,
    list_members,
    parse_seed_fields,
    pin_member,
    remove_member,
    set_seeds,
)

start_page(DISCOVER)
user = require_user()
settings = get_settings(engine(), user)

st.title("Discover your niche")
with st.expander("New niche", expanded=False), st.form("new-niche"):
    name = st.text_input("Name", placeholder="e.g. Home workouts")
    if st.form_submit_button("Create") and name:
        try:
            created = create_niche(engine(), user, name)
            st.query_params["niche"] = str(created.id)
            st.rerun()
        except CompassError as exc:
            st.error(str(exc))

niche = niche_picker(user)
if niche is None:
    st.info("Create your first niche above: name it, then give it a few seeds (handles, hashtags, keywords).")
    st.stop()


def seeds_of(kind: str) -> str:
    return "\n".join(s.value for s in niche.seeds if s.kind == kind)


with st.form("seeds"):
    st.markdown(
        "**Seeds**: who and what your niche is about. Your own handle is added automatically"
        + (f" (@{md(settings.own_handle)})." if settings.own_handle else "; set it on the **Account** page.")
    )
    columns = st.columns(3)
    handles = columns[0].text_area("Handles", seeds_of("handle"), placeholder="@competitor\n@another")
    hashtags = columns[1].text_area("Hashtags", seeds_of("hashtag"), placeholder="#homeworkout")
    keywords = columns[2].text_area("Keywords", seeds_of("keyword"), placeholder="resistance bands")
    save, run = st.columns([1, 4])
    if save.form_submit_button("Save seeds") or run.form_submit_button(
        "Save and find similar creators", type="primary"
    ):
        try:
            set_seeds(engine(), user, niche.id, parse_seed_fields(handles, hashtags, keywords))
            if st.session_state.get("FormSubmitter:seeds-Save and find similar creators"):
                request_discovery(engine(), user, niche.id)
                st.toast("Discovery queued: it runs in the background; progress shows below.")
        except CompassError as exc:
            st.error(str(exc))


@st.fragment(run_every=2)
def discovery_progress() -> None:
    jobs = [
        j
        for j in list_jobs(engine(), user, limit=50)
        if j.kind == DISCOVER_KIND and j.params.get("niche_id") == niche.id
    ]
    if not jobs:
        return
    job = jobs[0]
    watched = f"_discovery_watched_{niche.id}"
    if job.status in ("queued", "running"):
        st.session_state[watched] = job.id
        st.progress(job.fraction or 0.0, text=f"Discovery: {job.step or job.status}")
        return
    if st.session_state.pop(watched, None) == job.id:
        # The job this page was following just finished: this fragment alone reruns every 2 s, so
        # the creators it found (drawn below, outside the fragment) need a rerun of the whole page.
        st.rerun()
    if job.status == "failed":
        st.error(f"The last discovery failed: {job.error}. Retry it on the **Jobs** page.")
    else:
        st.caption(
            f"Last discovery: {job.step} ({job.finished_at:%Y-%m-%d %H:%M} UTC)." if job.finished_at else ""
        )


discovery_progress()

members = list_members(engine(), user, niche.id)
if not members:
    st.info("No creators in this niche yet. Save some seeds and press **Find similar creators**.")
    st.stop()
table = pd.DataFrame([m.to_json() for m in members])
digest = data.niche_digest(user, niche.id, settings)
if digest is not None:
    table = table.merge(
        digest.metrics[
            [
                "handle",
                "videos",
                "profile_videos",
                "coverage",
                "median_views",
                "engagement_rate",
                "videos_per_week",
                "days_since_post",
                "percentile",
            ]
        ],
        on="handle",
        how="left",
    )
else:
    table = table.assign(
        videos=pd.NA,
        profile_videos=pd.NA,
        coverage=pd.NA,
        median_views=pd.NA,
        engagement_rate=pd.NA,
        videos_per_week=pd.NA,
        days_since_post=pd.NA,
        percentile=pd.NA,
    )
table["collected"] = [
    collected_of(n, of) for n, of in zip(table["videos"], table["profile_videos"], strict=True)
]

with st.sidebar:
    st.markdown("**Filters**")
    top = int(max(table["followers"].fillna(0).max(), 1))
    fmin = int(number_param("fmin", 0, 0, top))
    low, high = st.slider("Followers", 0, top, (fmin, int(number_param("fmax", top, fmin, top))))
    min_er = st.number_input(
        "Engagement at least (%)", 0.0, 100.0, float(number_param("er", 0, 0, 100)), step=0.5
    )
    min_cadence = st.number_input(
        "Videos per week at least", 0.0, 50.0, float(number_param("vpw", 0, 0, 50)), step=0.5
    )
    active = st.number_input(
        "Posted in the last ... days",
        0,
        3650,
        int(number_param("active", 0, 0, 3650)),
        step=7,
        help="0 = any; counted from each creator's latest collection",
    )
    show_excluded = st.checkbox("Show excluded", value=query_param("excluded") == "1")
    st.query_params.update(
        {
            "fmin": str(low),
            "fmax": str(high),
            "er": str(min_er),
            "vpw": str(min_cadence),
            "active": str(active),
            "excluded": "1" if show_excluded else "0",
        }
    )

shown = table[
    table["followers"].fillna(0).between(low, high)
    & (table["engagement_rate"].fillna(0) * 100 >= min_er)
    & (table["videos_per_week"].fillna(0) >= min_cadence)
    & ((active == 0) | (pd.to_numeric(table["days_since_post"], errors="coerce") <= active))
]
if not show_excluded:
    shown = shown[~shown["excluded"]]
st.subheader(f"{len(shown)} creators")
if digest is not None and (note := coverage_note(digest.summary)):
    st.caption(md(note))
st.dataframe(
    shown[
        [
            "handle",
            "pinned",
            "excluded",
            "source",
            "followers",
            "collected",
            "median_views",
            "engagement_rate",
            "videos_per_week",
            "days_since_post",
            "percentile",
            "reason",
        ]
    ].sort_values(["pinned", "percentile"], ascending=False),
    hide_index=True,
    width="stretch",
    column_config={
        **metric_columns(
            "engagement_rate", "median_views", "videos_per_week", "days_since_post", "followers", "percentile"
        ),
        "collected": st.column_config.TextColumn(
            "videos collected", help="collected here, of the count the profile shows on TikTok"
        ),
        "reason": st.column_config.TextColumn("why suggested", width="large"),
    },
)
download(shown, f"niche-{niche.id}-creators")

with st.form("member-actions"):
    chosen = st.selectbox("Creator", shown["handle"].tolist())
    actions = st.columns(5)
    by_handle = {m.handle: m for m in members}
    if chosen and actions[0].form_submit_button("Pin"):
        pin_member(engine(), user, niche.id, by_handle[chosen].creator_id, not by_handle[chosen].pinned)
        st.rerun()
    if chosen and actions[1].form_submit_button("Exclude"):
        exclude_member(engine(), user, niche.id, by_handle[chosen].creator_id, not by_handle[chosen].excluded)
        st.rerun()
    if chosen and actions[2].form_submit_button("Remove"):
        remove_member(engine(), user, niche.id, by_handle[chosen].creator_id)
        st.rerun()
    if chosen and actions[3].form_submit_button("Open"):
        switch_page(CREATOR, query_params={"handle": chosen})
