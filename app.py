"""Creator Compass: the home page. Onboarding on an empty workspace, the overview otherwise.

`streamlit run app.py` finds the `st.App` below and serves this same file through it, which adds
the sign-in routes (the HttpOnly session cookie, the OAuth redirect page). Streamlit imports the
file as a module to find `app`, then runs it as the page, as `__main__`: hence the `if`.
"""

from __future__ import annotations

import streamlit as st

from compass.web import actions, data
from compass.web.data import Digest
from compass.web.home_view import (
    ALERT_DEFINITIONS,
    COMPARISON_DEFINITIONS,
    alerts_heading,
    alerts_table,
    comparison,
    comparison_rows,
    niche_headline,
    your_headline,
)
from compass.web.import_panel import import_panel
from compass.web.jobs_view import split_jobs
from compass.web.navigation import DISCOVER, HOME, INSIGHTS, JOBS, RECOMMENDATIONS, page_link, switch_page
from compass.web.page import Visit, open_page
from compass.web.recommendations_view import gain_words, shelves
from compass.web.safe_text import md
from compass.web.session_route import session_routes
from compass.web.widgets import browser_zone, download, niche_picker, opened

app = st.App(__file__, routes=session_routes())


def onboarding(visit: Visit) -> None:
    st.info("Welcome! Tell us who you are and what your niche is about, or start with the demo.")
    start, demo_column, import_column = st.columns(3)
    with start:
        st.subheader("Start with your niche")
        with st.form("onboarding"):
            handle = st.text_input("Your TikTok handle", placeholder="@you")
            name = st.text_input("Name your niche", placeholder="Home workouts")
            seeds = st.text_area(
                "Seeds: competitors' handles, hashtags, keywords",
                placeholder="@rival\n#homeworkout\nresistance bands",
            )
            zones = actions.time_zones()
            zone = st.selectbox(
                "Your time zone",
                zones,
                index=zones.index(browser_zone(zones)),
                help="Best times to post, plans and files are in it; change it later on Account.",
            )
            if st.form_submit_button("Find my niche", type="primary"):
                with actions.errors_shown():
                    niche = actions.start_niche(
                        visit.user, handle=handle, name=name, seeds=seeds, timezone=zone
                    )
                    switch_page(DISCOVER, query_params={"niche": str(niche.id)})
    with demo_column:
        st.subheader("Explore the demo")
        st.write(
            "A generated fitness niche of 40 creators with six months of videos, marked **DEMO** everywhere."
        )
        if st.button("Load the demo workspace"):
            with st.spinner("Generating the demo niche…"):
                summary = actions.load_demo_workspace(visit.user)
            st.success(f"Loaded {summary.creators} demo creators and {summary.videos:,} videos.")
            st.rerun()
    with import_column:
        st.subheader("Import your exports")
        st.write("Apify or drawrowfly exports, TikTok's JSON, or any CSV of videos. The format is detected.")
        import_panel(visit.settings.timezone)


def you_against_niche(digest: Digest) -> None:
    for column, headline in zip(st.columns(4), your_headline(digest), strict=True):
        column.metric(
            headline.label,
            headline.value,
            delta=headline.delta,
            help=headline.help,
            delta_color="off" if headline.note else "normal",
            delta_arrow="off" if headline.note else "auto",
        )
    table = comparison(digest)
    st.markdown("**You against the niche**")
    st.dataframe(
        comparison_rows(table),
        hide_index=True,
        width="stretch",
        column_config={
            "where you stand": st.column_config.ProgressColumn(
                "where you stand",
                min_value=0,
                max_value=100,
                format="%.0f",
                help="better than this % of the niche's other creators "
                "(for days since the last video, fewer is better)",
            ),
        },
    )
    download(
        table, "you-against-the-niche", label="Download this comparison", definitions=COMPARISON_DEFINITIONS
    )


def whats_new(visit: Visit, niche_id: int) -> None:
    report = actions.whats_new(visit.user, niche_id)
    st.markdown(f"**{alerts_heading(report, visit.settings.timezone)}**")
    table = alerts_table(report)
    if table.empty:
        st.caption(
            "Nothing new: outlier videos, rising sounds and hashtags, follower jumps and new members show "
            "here once new data lands (refresh the niche on **Discover**)."
        )
        return
    shown = 5
    for row in table.head(shown).itertuples():
        st.markdown(f"- **{row.what}** · {md(row.alert)}")
    if len(table) > shown and (section := opened(f"All {len(table)} alerts", key="all-alerts-open")):
        with section:
            st.dataframe(table, hide_index=True, width="stretch")
    download(table, f"whats-new-{niche_id}", label="Download the alerts", definitions=ALERT_DEFINITIONS)


def overview(visit: Visit) -> None:
    user = visit.user
    niche = niche_picker(user)
    if niche is None:
        return
    digest = data.niche_digest(user, niche.id, visit.settings)
    if digest is None:
        st.info("No videos in this niche yet: discovery or scrapes are still running (see **Jobs**).")
    else:
        if digest.you is not None:
            you_against_niche(digest)
        else:
            for column, headline in zip(st.columns(4), niche_headline(digest), strict=False):
                column.metric(headline.label, headline.value)
            if visit.settings.own_handle:
                st.caption(
                    f"@{md(visit.settings.own_handle)} is not among this niche's creators yet, so you are "
                    "not compared with it: run discovery on **Discover** (it reads your profile and adds it)."
                )
            else:
                st.caption(
                    "Set your handle on **Account** (and add it as a seed) to see yourself against the niche."
                )
        whats_new(visit, niche.id)
        left, right = st.columns(2)
        with left:
            st.markdown("**Latest insights**")
            if digest.insights:
                for insight in digest.insights[:3]:
                    st.markdown(f"- {md(insight['text'])}")
                page_link(INSIGHTS, label="All insights")
            else:
                st.caption(
                    "Nothing stands out with enough evidence yet: insights need 30+ videos per group. "
                    "More creators in the niche (Discover) sharpen the picture."
                )
        with right:
            st.markdown("**Your best next step**")
            fresh = shelves(actions.recommendations(user, niche.id)).fresh
            if fresh:
                best = fresh[0]
                with st.container(border=True):
                    st.markdown(f"**{md(best.title)}**")
                    st.caption(f"Expected gain in your typical views: {gain_words(best)}")
                page_link(RECOMMENDATIONS, label="All recommendations")
            elif digest.you is None:
                st.caption(
                    "Recommendations compare your videos with the niche's leaders: they appear once your "
                    "profile is in the niche."
                )
            else:
                st.caption(
                    "No new recommendation: you already do what the leaders do, you are trying them, or the "
                    "evidence is thin."
                )
    running, _ = split_jobs(actions.jobs(user, limit=50))
    if running:
        st.markdown(f"**Running jobs ({len(running)})**")
        for job in running[:5]:
            st.progress(job.fraction or 0.0, text=f"{md(job.description)} — {job.step or job.status}")
        page_link(JOBS, label="All jobs")
    if section := opened("Import more exports", key="home-import-open"):
        with section:
            import_panel(visit.settings.timezone, key="home-import")


if __name__ == "__main__":
    visit = open_page(HOME)
    st.title(":material/explore: Creator Compass")
    st.caption("See what makes the creators in your niche succeed, and what you could change.")
    if actions.niches(visit.user):
        overview(visit)
    else:
        onboarding(visit)
