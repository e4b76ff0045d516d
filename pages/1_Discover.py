"""Discover: seeds in, a discovery job with live progress, and the ranked similar creators, with why."""

from __future__ import annotations

import streamlit as st

from compass.web import actions, data
from compass.web.discover_view import (
    MEMBER_DEFINITIONS,
    SORTS,
    MemberFilters,
    compact,
    coverage_of,
    follower_ceiling,
    follower_steps,
    latest_discovery,
    member_named,
    member_rows,
    members_table,
    nearest_step,
    plural,
    seed_text,
    sorted_members,
)
from compass.web.formats import member_columns
from compass.web.import_panel import import_panel
from compass.web.navigation import CREATOR, DISCOVER, switch_page
from compass.web.page import open_page
from compass.web.safe_text import md
from compass.web.widgets import choose_niche, download, niche_picker, number_param, opened, query_param

visit = open_page(DISCOVER)
user, settings = visit.user, visit.settings

st.title("Discover your niche")
if section := opened("New niche", key="new-niche-open"):
    with section, st.form("new-niche", clear_on_submit=True):
        name = st.text_input("Name", placeholder="e.g. Home workouts")
        if st.form_submit_button("Create"):
            with actions.errors_shown():
                created = actions.new_niche(user, name)
                choose_niche(created, f"Created the niche {md(created.name)}: now give it a few seeds.")
                st.rerun()

niche = niche_picker(user)
if niche is None:
    st.info("Create your first niche above: name it, then give it a few seeds (handles, hashtags, keywords).")
    st.stop()

with st.form("seeds"):
    st.markdown(
        "**Seeds**: who and what your niche is about. Your own handle is added automatically"
        + (f" (@{md(settings.own_handle)})." if settings.own_handle else "; set it on the **Account** page.")
    )
    columns = st.columns(3)
    handles = columns[0].text_area("Handles", seed_text(niche, "handle"), placeholder="@competitor\n@another")
    hashtags = columns[1].text_area("Hashtags", seed_text(niche, "hashtag"), placeholder="#homeworkout")
    keywords = columns[2].text_area("Keywords", seed_text(niche, "keyword"), placeholder="resistance bands")
    save, run = st.columns([1, 4])
    # Both buttons are drawn on every run, whichever was pressed.
    saved = save.form_submit_button("Save seeds")
    find = run.form_submit_button("Save and find similar creators", type="primary")
    if saved or find:
        with actions.errors_shown():
            actions.set_niche_seeds(user, niche.id, actions.parse_seed_fields(handles, hashtags, keywords))
            if find:
                actions.discover(user, niche.id)
                st.toast("Discovery queued: it runs in the background; progress shows below.")


@st.fragment(run_every=2)
def discovery_progress() -> None:
    job = latest_discovery(actions.jobs(user, limit=50), niche.id)
    if job is None:
        return
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
if section := opened("Import exports you collected", key="discover-import-open"):
    with section:
        st.caption(
            "Creators and videos you import join the database; discovery then finds those similar to your "
            "seeds among them, also without a connection to TikTok."
        )
        import_panel(settings.timezone, key="discover-import")

members = actions.members(user, niche.id)
if not members:
    st.info("No creators in this niche yet: give it a few seeds, then **Save and find similar creators**.")
    st.stop()
digest = data.niche_digest(user, niche.id, settings)
table = members_table(members, digest)

with st.sidebar:
    st.markdown("**Filters**")
    steps = follower_steps(follower_ceiling(table))
    low = nearest_step(steps, number_param("fmin", 0, 0, steps[-1]))
    high = max(low, nearest_step(steps, number_param("fmax", steps[-1], 0, steps[-1])))
    followers = st.select_slider("Followers", steps, value=(low, high), format_func=compact)
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
    filters = MemberFilters(followers, min_er, min_cadence, active, show_excluded)
    st.query_params.update(filters.query())
    sorts = list(SORTS)
    wanted = query_param("sort")
    sort = st.selectbox(
        "Sort",
        sorts,
        index=sorts.index(wanted) if wanted in sorts else 0,
        format_func=lambda key: SORTS[key][0],
        help="Pinned creators stay on top; the CSV comes in the same order.",
    )
    st.query_params["sort"] = sort

shown = sorted_members(filters.apply(table), sort)
st.subheader(plural(len(shown), "creator"))
if note := coverage_of(digest):
    st.caption(md(note))
st.dataframe(member_rows(shown), hide_index=True, width="stretch", column_config=member_columns())
download(
    shown,
    f"niche-{niche.id}-creators",
    definitions=MEMBER_DEFINITIONS,
    context={"niche": niche.name, **filters.query(), "sort": SORTS[sort][0]},
)

# Outside a form, so that the buttons name what they would do to the creator chosen; the key keeps the
# choice on the creator acted on when pinning reorders the list.
chosen = st.selectbox("Creator", shown["handle"].tolist(), key="member")
if chosen is not None:
    member = member_named(members, chosen)
    buttons = st.columns(5)
    if buttons[0].button("Unpin" if member.pinned else "Pin"):
        actions.pin(user, niche.id, member.creator_id, not member.pinned)
        st.rerun()
    if buttons[1].button("Include" if member.excluded else "Exclude"):
        actions.exclude(user, niche.id, member.creator_id, not member.excluded)
        st.rerun()
    if buttons[2].button("Remove"):
        actions.remove(user, niche.id, member.creator_id)
        st.rerun()
    if buttons[3].button("Open"):
        switch_page(CREATOR, query_params={"handle": chosen})
