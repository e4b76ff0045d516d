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
from compass.status import database_status

app = st.App(__file__, routes=session_routes())

if __name__ == "__main__":
    start_page("Home")
    user = require_user()

    st.title("🧭 Creator Compass")
    st.caption("See what makes the creators in your niche succeed, and what you could change.")

    status = database_status(engine())
    if status.is_empty:
        st.info("Your workspace is empty. Start with the demo, or import data you already have.")
        demo_column, import_column = st.columns(2)
        with demo_column:
            st.subheader("Explore the demo")
            st.write("A generated fitness niche of 40 creators with six months of videos, marked **DEMO** everywhere.")
            if st.button("Load the demo workspace", type="primary"):
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
                        st.success(f"Imported {report.videos_added:,} videos of {report.creators_added:,} creators.")
                        for path, note in summary.notes:
                            st.caption(f"{path.name}: {note}")
    else:
        columns = st.columns(4)
        columns[0].metric("Creators", f"{status.creators:,}")
        columns[1].metric("Videos", f"{status.videos:,}")
        columns[2].metric("Stat snapshots", f"{status.video_snapshots:,}")
        columns[3].metric("Jobs running", f"{status.jobs.get('running', 0):,}")
