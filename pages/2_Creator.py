"""Creator: one creator's profile and growth, their videos, and charts of what worked for them."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from compass.analytics.definitions import ENGAGEMENT_RATE, OUTLIER_RATIO
from compass.web import data
from compass.web.gate import require_user
from compass.web.navigation import CREATOR
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.web.widgets import download, query_param
from compass.workspace import get_settings

start_page(CREATOR)
user = require_user()
tz = get_settings(engine(), user).timezone

st.title("Creator")
handle = st.text_input(
    "TikTok handle",
    value=query_param("handle", get_settings(engine(), user).own_handle or ""),
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
videos = data.videos_of(profile.id, version)
growth = data.growth_of(profile.id, version)
if len(growth) > 1:
    st.markdown("**Followers over time**")
    st.altair_chart(
        alt.Chart(growth)
        .mark_line(point=True)
        .encode(
            x=alt.X("captured_at:T", title="collected"),
            y=alt.Y("followers:Q", title="followers"),
            tooltip=["captured_at:T", alt.Tooltip("followers:Q", format=",")],
        ),
        width="stretch",
    )
if videos.empty:
    st.info("No videos stored for this creator yet.")
    st.stop()

local = videos.assign(posted=videos["posted_at"].dt.tz_convert(tz))
# Counts are whole numbers (nullable: a count TikTok did not show stays empty), in the table and the CSV.
for count in ("views", "likes", "comments", "shares", "saves"):
    local[count] = local[count].round().astype("Int64")
local["weekday"] = local["posted"].dt.day_name()
local["hour"] = local["posted"].dt.hour
st.markdown(
    f"**Views over time** · outliers ({OUTLIER_RATIO:g}x the creator's median or more) in red · times in {tz}"
)
pick = alt.selection_interval(encodings=["x"], name="period")
over_time = (
    alt.Chart(local)
    .mark_circle(size=45)
    .encode(
        x=alt.X("posted:T", title="posted"),
        y=alt.Y("views:Q", scale=alt.Scale(type="log"), title="views (log)"),
        color=alt.condition(alt.datum.outlier, alt.value("#FE2C55"), alt.value("#25F4EE")),
        tooltip=[
            "posted:T",
            alt.Tooltip("views:Q", format=","),
            alt.Tooltip("relative_views:Q", format=".2f"),
            "duration_s:Q",
            "hashtags:N",
        ],
    )
    .add_params(pick)
)
event = st.altair_chart(over_time, width="stretch", on_select="rerun", key="over-time")
left, right = st.columns(2)
with left:
    st.markdown("**When they post** (videos per weekday and hour)")
    heat = local.groupby(["weekday", "hour"]).size().reset_index(name="videos")
    st.altair_chart(
        alt.Chart(heat)
        .mark_rect()
        .encode(
            x=alt.X("hour:O", scale=alt.Scale(domain=list(range(24)))),
            y=alt.Y(
                "weekday:N",
                sort=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            ),
            color=alt.Color("videos:Q", scale=alt.Scale(scheme="reds")),
            tooltip=["weekday", "hour", "videos"],
        ),
        width="stretch",
    )
with right:
    st.markdown("**Length against views** (relative to the creator's median)")
    st.altair_chart(
        alt.Chart(local.dropna(subset=["duration_s"]))
        .mark_circle(opacity=0.6)
        .encode(
            x=alt.X("duration_s:Q", title="duration (s)"),
            y=alt.Y("relative_views:Q", scale=alt.Scale(type="log"), title="views / creator median"),
            tooltip=[
                "duration_s",
                alt.Tooltip("relative_views:Q", format=".2f"),
                alt.Tooltip("views:Q", format=","),
            ],
        ),
        width="stretch",
    )

shown = local
selected = (event.selection.get("period") or {}) if event and event.selection else {}
if selected.get("posted"):
    start, end = (
        pd.to_datetime(selected["posted"][0], unit="ms", utc=True),
        pd.to_datetime(selected["posted"][1], unit="ms", utc=True),
    )
    shown = local[(local["posted_at"] >= start) & (local["posted_at"] <= end)]
    st.caption(f"Showing the {len(shown)} videos of the selected period.")
search = st.text_input("Filter videos by caption or hashtag", value=query_param("q", "") or "")
if search:
    st.query_params["q"] = search
    needle = search.lower()
    shown = shown[
        shown["caption"].fillna("").str.lower().str.contains(needle, regex=False)
        | shown["hashtags"].str.lower().str.contains(needle, regex=False)
    ]
table = shown.assign(
    link=[f"https://www.tiktok.com/@{profile.handle}/video/{v}" for v in shown["tiktok_id"]]
)[
    [
        "cover_url",
        "posted",
        "caption",
        "views",
        "likes",
        "comments",
        "shares",
        "saves",
        "engagement_rate",
        "relative_views",
        "duration_s",
        "sound",
        "hashtags",
        "link",
    ]
]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "cover_url": st.column_config.ImageColumn("", width="small"),
        "link": st.column_config.LinkColumn("TikTok", display_text="open"),
        "engagement_rate": st.column_config.NumberColumn(
            "engagement", format="percent", help=ENGAGEMENT_RATE.formula
        ),
        "relative_views": st.column_config.NumberColumn("x median", format="%.2f"),
        "views": st.column_config.NumberColumn(format="localized"),
        "posted": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
    },
)
download(
    table.drop(columns=["cover_url"]).assign(creator=profile.handle),
    f"videos-{profile.handle}",
    definitions={
        "relative_views": "views / the creator's median views",
        "engagement_rate": ENGAGEMENT_RATE.formula,
    },
)
