"""Creator: one creator's profile and growth, their videos, and charts of what worked for them."""

from __future__ import annotations

import streamlit as st

from compass.web import creator_charts, data
from compass.web.creator_view import (
    DEFINITIONS,
    chart_tables,
    filter_note,
    in_period,
    matching,
    selected_period,
    video_csv,
    video_table,
)
from compass.web.formats import video_columns
from compass.web.navigation import CREATOR
from compass.web.page import open_page
from compass.web.safe_text import md
from compass.web.widgets import download, query_param, tabbed

SECTIONS = ("Videos", "When they post", "Length against views", "Followers over time")

visit = open_page(CREATOR)
tz = visit.settings.timezone

st.title("Creator")
handle = st.text_input(
    "TikTok handle",
    value=query_param("handle", visit.settings.own_handle or ""),
    placeholder="@handle",
)
if not handle:
    st.info("Type a handle, or open a creator from the **Discover** page.")
    st.stop()
st.query_params["handle"] = handle.lstrip("@")
version = data.version()
profile = data.creator(handle, version)
if profile is None:
    st.warning(f"@{md(handle.lstrip('@'))} is not in the database yet. Queue a scrape on the **Jobs** page.")
    st.stop()

title = f"@{profile.handle}" + (f" · {profile.nickname}" if profile.nickname else "")
st.subheader(md(title) + ("  :material/science: DEMO" if profile.is_demo else ""))
if profile.bio:
    st.caption(md(profile.bio))
st.link_button("Open on TikTok", profile.url)
cols = st.columns(4)
cols[0].metric("Followers", f"{profile.followers:,}" if profile.followers is not None else "unknown")
cols[1].metric("Likes", f"{profile.likes:,}" if profile.likes is not None else "unknown")
cols[2].metric(
    "Videos collected",
    profile.collected_text,
    help="collected here, of the count the profile shows on TikTok" if profile.video_count else None,
)
cols[3].metric(
    "Last collected", f"{profile.stats_captured_at:%Y-%m-%d}" if profile.stats_captured_at else "never"
)

if profile.thinly_covered:
    rest = (
        "A demo creator: its older videos exist only as the profile's count."
        if profile.is_demo
        else "Queue a scrape of this creator on the **Jobs** page to collect the rest."
    )
    st.warning(
        f"Thinly covered: the figures below rest on {profile.collected_text} videos. {rest}",
        icon=":material/warning:",
    )
videos = data.videos_of(profile.id, version, tz)
if videos.empty:
    st.info("No videos stored for this creator yet. Queue a scrape of this creator on the **Jobs** page.")
    st.stop()

st.markdown(
    f"**Views over time** · outliers ({creator_charts.OUTLIER_RATIO:g}x the creator's median or more) in red "
    f"· times in {tz} · drag across the chart to list that period's videos"
)
event = st.altair_chart(
    creator_charts.views_over_time(videos), width="stretch", on_select="rerun", key="over-time"
)
charted = chart_tables(videos)
download(charted["views-over-time"], f"views-over-time-{profile.handle}", label="Download this chart's data")

listed, when, length, followers = tabbed(SECTIONS, key="section")
if listed:
    with listed:
        shown = videos
        if (period := selected_period(event)) is not None:
            shown = in_period(videos, period)
        search = st.text_input("Filter videos by caption or hashtag", value=query_param("q", "") or "")
        if search:
            st.query_params["q"] = search
        shown = matching(shown, search)
        if note := filter_note(len(shown), len(videos), period is not None, search):
            st.caption(md(note))
        table = video_table(shown, profile.handle)
        st.dataframe(table, hide_index=True, width="stretch", column_config=video_columns())
        download(video_csv(table, profile.handle), f"videos-{profile.handle}", definitions=DEFINITIONS)
if when:
    with when:
        st.markdown(f"**When they post** (videos per weekday and hour, {tz})")
        st.altair_chart(creator_charts.posting_heatmap(charted["when-they-post"]), width="stretch")
        download(charted["when-they-post"], f"when-they-post-{profile.handle}", label="Download")
if length:
    with length:
        st.markdown("**Length against views** (relative to the creator's median)")
        st.altair_chart(creator_charts.length_scatter(charted["length-vs-views"]), width="stretch")
        download(charted["length-vs-views"], f"length-vs-views-{profile.handle}", label="Download")
if followers:
    with followers:
        growth = data.growth_of(profile.id, version)
        if len(growth) > 1:
            st.altair_chart(creator_charts.followers_line(growth), width="stretch")
        else:
            st.info(
                "Followers are recorded each time this profile is collected: the line needs two collections. "
                "Queue a scrape on the **Jobs** page to add one."
            )
