"""Creator Compass: the home page. Onboarding on an empty workspace, the overview otherwise.

`streamlit run app.py` finds the `st.App` below and serves this same file through it, which adds
the sign-in routes (the HttpOnly session cookie, the OAuth redirect page). Streamlit imports the
file as a module to find `app`, then runs it as the page, as `__main__`: hence the `if`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from compass.app.gate import require_user
from compass.app.runtime import engine, start_page
from compass.app.session_route import session_routes
from compass.demo import load_demo
from compass.errors import CompassError
from compass.importers import ImportOptions
from compass.importing import import_files
from compass.app import data
from compass.app.safe_text import md
from compass.discovery.jobs import DISCOVER_KIND
from compass.jobs.kinds import load_builtin_kinds
from compass.workspace import create_niche, get_settings, list_jobs, list_niches, request_job, set_seeds, update_settings

app = st.App(__file__, routes=session_routes())


def onboarding(user) -> None:  # type: ignore[no-untyped-def]
    st.info("Welcome! Tell us who you are and what your niche is about, or start with the demo.")
    start, demo_column, import_column = st.columns(3)
    with start:
        st.subheader("Start with your niche")
        with st.form("onboarding"):
            handle = st.text_input("Your TikTok handle", placeholder="@you")
            name = st.text_input("Name your niche", placeholder="Home workouts")
            seeds = st.text_area("Seeds: competitors' handles, hashtags, keywords", placeholder="@rival\n#homeworkout\nresistance bands")
            if st.form_submit_button("Find my niche", type="primary") and name:
                try:
                    if handle:
                        update_settings(engine(), user, own_handle=handle)
                    niche = create_niche(engine(), user, name)
                    entries = [("handle", v) if v.startswith("@") else ("hashtag", v) if v.startswith("#") else ("keyword", v)
                               for v in (line.strip() for line in seeds.splitlines()) if v]
                    set_seeds(engine(), user, niche.id, entries)
                    load_builtin_kinds()
                    request_job(engine(), user, DISCOVER_KIND, {"niche_id": niche.id}, idempotency_key=f"discover:{niche.id}")
                except CompassError as exc:
                    st.error(str(exc))
                else:
                    st.switch_page("pages/1_Discover.py", query_params={"niche": str(niche.id)})
    with demo_column:
        st.subheader("Explore the demo")
        st.write("A generated fitness niche of 40 creators with six months of videos, marked **DEMO** everywhere.")
        if st.button("Load the demo workspace"):
            with st.spinner("Generating the demo niche…"):
                summary = load_demo(engine(), user.id)
            st.success(f"Loaded {summary.creators} demo creators and {summary.videos:,} videos.")
            st.rerun()
    with import_column:
        st.subheader("Import your exports")
        st.write("Apify or drawrowfly exports, TikTok's JSON, or any CSV of videos. The format is detected.")
        uploads = st.file_uploader("Files to import", type=["csv", "json"], accept_multiple_files=True)
        if uploads and st.button("Import"):
            with tempfile.TemporaryDirectory() as folder:
                paths = []
                for upload in uploads:
                    path = Path(folder) / Path(upload.name).name
                    path.write_bytes(upload.getvalue())
                    paths.append(path)
                try:
                    with st.spinner("Importing…"):
                        summary = import_files(engine(), paths, ImportOptions())
                except CompassError as exc:
                    st.error(str(exc))
                else:
                    report = summary.report
                    st.success(f"Imported {report.videos_added:,} videos of {report.creators_added:,} creators. "
                               "Create a niche to analyze them.")
                    for path, note in summary.notes:
                        st.caption(f"{path.name}: {md(note)}")


def overview(user, niches) -> None:  # type: ignore[no-untyped-def]
    settings = get_settings(engine(), user)
    niche = niches[0]
    st.subheader(md(niche.name) + ("  🧪 DEMO" if niche.is_demo else ""))
    digest = data.niche_digest(user, niche.id, settings)
    if digest is None:
        st.info("No videos in this niche yet: discovery or scrapes are still running (see **Jobs**).")
    else:
        summary = digest.summary
        metrics = digest.metrics
        mine = metrics[metrics["handle"] == (settings.own_handle or "")]
        cols = st.columns(4)
        if not mine.empty:
            me = mine.iloc[0]
            cols[0].metric("Your median views", f"{me['median_views']:,.0f}",
                           delta=f"{me['median_views'] / summary['median_views'] - 1:+.0%} vs niche" if summary["median_views"] else None)
            cols[1].metric("Your engagement", f"{me['engagement_rate']:.1%}",
                           delta=f"{(me['engagement_rate'] - summary['engagement_rate']) * 100:+.1f} pts vs niche")
            cols[2].metric("Your videos per week", f"{me['videos_per_week']:.1f}",
                           delta=f"{me['videos_per_week'] - summary['videos_per_week']:+.1f} vs niche")
            cols[3].metric("Your niche percentile", f"{me['percentile']:.0f}", help="by median views, within the niche")
        else:
            cols[0].metric("Niche median views", f"{summary['median_views']:,.0f}" if summary["median_views"] else "–")
            cols[1].metric("Creators", f"{summary['creators']:,}")
            cols[2].metric("Videos", f"{summary['videos']:,}")
            if settings.own_handle:
                st.caption(f"@{md(settings.own_handle)} is not among this niche's creators yet, so you are not "
                           "compared with it: run discovery on **Discover** (it reads your profile and adds it).")
            else:
                st.caption("Set your handle on **Account** (and add it as a seed) to see yourself against the niche.")
        st.markdown("**Latest insights**")
        if digest.insights:
            for insight in digest.insights[:3]:
                st.markdown(f"- {md(insight['text'])}")
            st.page_link("pages/3_Insights.py", label="All insights", icon="📊")
        else:
            st.caption("Nothing stands out with enough evidence yet.")
    running = [j for j in list_jobs(engine(), user, limit=50) if j.status in ("queued", "running")]
    if running:
        st.markdown(f"**Running jobs ({len(running)})**")
        for job in running[:5]:
            st.progress(job.fraction or 0.0, text=f"{md(job.description)} — {job.step or job.status}")
        st.page_link("pages/5_Jobs.py", label="All jobs", icon="⏱️")


if __name__ == "__main__":
    start_page("Home")
    user = require_user()
    st.title("🧭 Creator Compass")
    st.caption("See what makes the creators in your niche succeed, and what you could change.")
    niches = list_niches(engine(), user)
    if niches:
        overview(user, niches)
    else:
        onboarding(user)
