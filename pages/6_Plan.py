"""Weekly plan: when to post in the coming weeks, in the creator's zone, at what length, with which hashtags,
sounds and captions, each line with its evidence; as a table, a CSV and a calendar (.ics)."""

from __future__ import annotations

import streamlit as st

from compass.web.navigation import INSIGHTS, PLAN, RECOMMENDATIONS, page_link
from compass.web.page import open_niche_page
from compass.web.plan_view import (
    MAX_WEEKS,
    PLAN_DEFINITIONS,
    calendar_name,
    plan_calendar,
    posts_table,
    weekly_plan,
)
from compass.web.safe_text import md
from compass.web.widgets import download, number_param

visit = open_niche_page(PLAN)
niche, digest = visit.niche, visit.digest

weeks = st.segmented_control(
    "Plan for",
    options=list(range(1, MAX_WEEKS + 1)),
    default=int(number_param("weeks", 1, 1, MAX_WEEKS)),
    format_func=lambda n: "1 week" if n == 1 else f"{n} weeks",
    key="weeks",
)
plan = weekly_plan(digest, niche.name, int(weeks or 1))
st.query_params["weeks"] = str(plan.weeks)
st.caption(
    f"{plan.cadence.posts_per_week} posts a week: {md(plan.cadence.source)}. From "
    f"{plan.now:%a %-d %b %H:%M} to {plan.until:%a %-d %b %H:%M}, times in {plan.timezone}."
)

st.subheader("When to post")
table = posts_table(plan)
st.dataframe(
    table.drop(columns=["uid"]),
    hide_index=True,
    width="stretch",
    column_config={"evidence": st.column_config.TextColumn("evidence", width="large")},
)
calendar, csv = st.columns([1, 3])
calendar.download_button(
    "Add to my calendar (.ics)",
    plan_calendar(plan),
    file_name=calendar_name(plan),
    mime="text/calendar",
    icon=":material/event:",
    type="primary",
    on_click="ignore",
)
with csv:
    download(
        table,
        f"plan-{niche.id}",
        label="Download the plan",
        definitions=PLAN_DEFINITIONS,
        context={"niche": niche.name, "time zone": plan.timezone, "weeks": str(plan.weeks)},
    )
for note in plan.notes:
    st.info(md(note), icon=":material/info:")
page_link(INSIGHTS, label="Every weekly slot, with its evidence")

st.subheader("In every post")
if not plan.advice:
    st.caption(
        "Nothing to change in what you post: no length, hashtag, sound or caption passes the evidence bar."
    )
for advice in plan.advice:
    with st.container(border=True):
        st.markdown(f"**{md(advice.what)}**")
        st.caption(md(advice.why))
page_link(RECOMMENDATIONS, label="All recommendations, with their evidence")
