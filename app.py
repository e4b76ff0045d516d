"""Creator Compass: the home page. Onboarding on an empty workspace, the overview otherwise.

`streamlit run app.py` finds the `st.App` below and serves this same file through it, which adds
the sign-in routes (the HttpOnly session cookie, the OAuth redirect page). Streamlit imports the
file as a module to find `app`, then runs it as the page, as `__main__`: hence the `if`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compass.analytics.metrics import against_niche
from compass.demo import load_demo
from compass.discovery.kind import request_discovery
from compass.errors import CompassError
from compass.web import data
from compass.web.gate import require_user
from compass.web.imports import import_uploads, options_from_form
from compass.web.navigation import DISCOVER, HOME, INSIGHTS, JOBS, RECOMMENDATIONS, page_link, switch_page
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.web.session_route import session_routes
from compass.web.widgets import download
from compass.workspace import (
    create_niche,
    get_settings,
    list_jobs,
    list_niches,
    parse_seed_list,
    set_seeds,
    update_settings,
)
from compass.workspace.settings import time_zones

app = st.App(__file__, routes=session_routes())


def onboarding(user) -> None:  # type: ignore[no-untyped-def]
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
            if st.form_submit_button("Find my niche", type="primary") and name:
                try:
                    entries = parse_seed_list(seeds)  # checked before anything is stored
                    if handle:
                        update_settings(engine(), user, own_handle=handle)
                    niche = create_niche(engine(), user, name)
                    set_seeds(engine(), user, niche.id, entries)
                    request_discovery(engine(), user, niche.id)
                except CompassError as exc:
                    st.error(str(exc))
                else:
                    switch_page(DISCOVER, query_params={"niche": str(niche.id)})
    with demo_column:
        st.subheader("Explore the demo")
        st.write(
            "A generated fitness niche of 40 creators with six months of videos, marked **DEMO** everywhere."
        )
        if st.button("Load the demo workspace"):
            with st.spinner("Generating the demo niche…"):
                summary = load_demo(engine(), user.id)
            st.success(f"Loaded {summary.creators} demo creators and {summary.videos:,} videos.")
            st.rerun()
    with import_column:
        st.subheader("Import your exports")
        st.write("Apify or drawrowfly exports, TikTok's JSON, or any CSV of videos. The format is detected.")
        uploads = st.file_uploader("Files to import", type=["csv", "json"], accept_multiple_files=True)
        with st.expander("Import options"):
            zones = time_zones()
            own_zone = get_settings(engine(), user).timezone
            zone = st.selectbox(
                "Time zone of times written without one",
                zones,
                index=zones.index(own_zone) if own_zone in zones else zones.index("UTC"),
            )
            author = st.text_input("Author of rows that name none", placeholder="@handle")
            captured_on = st.date_input("Captured on (default: the file's own date)", value=None)
            columns = st.text_area(
                "Columns to read as fields, one COLUMN=FIELD per line",
                placeholder="Views=views\nPosted=posted_at",
            )
        if uploads and st.button("Import"):
            try:
                options = options_from_form(zone, author, columns, captured_on)
                with st.spinner("Importing…"):
                    report = import_uploads(engine(), [(u.name, u.getvalue()) for u in uploads], options)
            except CompassError as exc:
                st.error(str(exc))
            else:
                st.success(f"{report.headline} Create a niche to analyze them.")
                for note in report.notes:
                    st.caption(md(note))
                if report.skipped:
                    st.dataframe(pd.DataFrame(report.skipped), hide_index=True, width="stretch")
                    if report.skipped_total > len(report.skipped):
                        st.caption(
                            f"The first {len(report.skipped):,} of {report.skipped_total:,} skipped rows."
                        )


FIGURE_FORMATS = {
    "median_views": "{:,.0f}",
    "engagement_rate": "{:.1%}",
    "videos_per_week": "{:.1f}",
    "consistency": "{:.0%}",
    "follower_growth": "{:+.1%}",
    "days_since_post": "{:.0f}",
}


def figure(metric: str, value: float) -> str:
    return FIGURE_FORMATS[metric].format(value) if pd.notna(value) else "–"


def you_against_niche(metrics: pd.DataFrame, handle: str, summary: dict) -> None:  # type: ignore[type-arg]
    me = metrics[metrics["handle"] == handle].iloc[0]
    cols = st.columns(4)
    cols[0].metric(
        "Your median views",
        figure("median_views", me["median_views"]),
        delta=f"{me['median_views'] / summary['median_views'] - 1:+.0%} vs niche"
        if summary["median_views"]
        else None,
    )
    cols[1].metric(
        "Your engagement",
        figure("engagement_rate", me["engagement_rate"]),
        delta=f"{(me['engagement_rate'] - summary['engagement_rate']) * 100:+.1f} pts vs niche"
        if summary["engagement_rate"]
        else None,
    )
    cols[2].metric(
        "Your videos per week",
        figure("videos_per_week", me["videos_per_week"]),
        delta=f"{me['videos_per_week'] - summary['videos_per_week']:+.1f} vs niche"
        if summary["videos_per_week"]
        else None,
    )
    table = against_niche(metrics, handle)
    views = table.set_index("metric").loc["median_views", "standing"]
    cols[3].metric(
        "Views: better than",
        f"{views:.0f}% of the niche" if pd.notna(views) else "–",
        help="share of the niche's other creators whose median views are lower than yours",
    )
    shown = pd.DataFrame(
        {
            "figure": table["label"],
            "you": [figure(m, v) for m, v in zip(table["metric"], table["you"], strict=True)],
            "niche middle half": [
                f"{figure(m, lo)} – {figure(m, hi)}" if pd.notna(lo) else "–"
                for m, lo, hi in zip(table["metric"], table["p25"], table["p75"], strict=True)
            ],
            "niche median": [figure(m, v) for m, v in zip(table["metric"], table["median"], strict=True)],
            "where you stand": table["standing"],
        }
    )
    st.markdown("**You against the niche**")
    st.dataframe(
        shown,
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
        table,
        "you-against-the-niche",
        label="Download this comparison",
        definitions={
            "standing": "share of the niche's other creators you do better than, in %",
            "p25": "25th percentile over the niche's other creators",
            "p75": "75th percentile over the niche's other creators",
        },
    )


def overview(user, niches) -> None:  # type: ignore[no-untyped-def]
    settings = get_settings(engine(), user)
    niche = niches[0]
    st.subheader(md(niche.name) + ("  :material/science: DEMO" if niche.is_demo else ""))
    digest = data.niche_digest(user, niche.id, settings)
    if digest is None:
        st.info("No videos in this niche yet: discovery or scrapes are still running (see **Jobs**).")
    else:
        summary = digest.summary
        metrics = digest.metrics
        if digest.you is not None:
            you_against_niche(metrics, digest.you, summary)
        else:
            cols = st.columns(4)
            cols[0].metric(
                "Niche median views", figure("median_views", summary["median_views"] or float("nan"))
            )
            cols[1].metric("Creators", f"{summary['creators']:,}")
            cols[2].metric("Videos", f"{summary['videos']:,}")
            if settings.own_handle:
                st.caption(
                    f"@{md(settings.own_handle)} is not among this niche's creators yet, so you are not "
                    "compared with it: run discovery on **Discover** (it reads your profile and adds it)."
                )
            else:
                st.caption(
                    "Set your handle on **Account** (and add it as a seed) to see yourself against the niche."
                )
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
            if digest.recommendations:
                best = max(digest.recommendations, key=lambda r: r.score)
                with st.container(border=True):
                    st.markdown(f"**{md(best.title)}**")
                    st.caption(f"Expected gain {best.expected_gain:+.0%} · confidence {best.confidence:.0%}")
                page_link(RECOMMENDATIONS, label="All recommendations")
            elif digest.you is None:
                st.caption(
                    "Recommendations compare your videos with the niche's leaders: they appear once your "
                    "profile is in the niche."
                )
            else:
                st.caption(
                    "No recommendation yet: you already do what the leaders do, or the evidence is thin."
                )
    running = [j for j in list_jobs(engine(), user, limit=50) if j.status in ("queued", "running")]
    if running:
        st.markdown(f"**Running jobs ({len(running)})**")
        for job in running[:5]:
            st.progress(job.fraction or 0.0, text=f"{md(job.description)} — {job.step or job.status}")
        page_link(JOBS, label="All jobs")


if __name__ == "__main__":
    start_page(HOME)
    user = require_user()
    st.title(":material/explore: Creator Compass")
    st.caption("See what makes the creators in your niche succeed, and what you could change.")
    niches = list_niches(engine(), user)
    if niches:
        overview(user, niches)
    else:
        onboarding(user)
