"""Jobs: what is queued and running for you, with live progress, errors in words, retry and cancel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compass.errors import CompassError
from compass.scraper.refresh import SCRAPE_KIND
from compass.web.gate import require_user
from compass.web.navigation import JOBS
from compass.web.runtime import engine, start_page
from compass.web.safe_text import md
from compass.web.widgets import download
from compass.workspace import cancel_job, list_jobs, request_job, retry_job

start_page(JOBS)
user = require_user()

st.title("Jobs")
st.caption("Scraping runs in the background; this page follows it live.")

with st.form("scrape"):
    columns = st.columns([3, 1, 1])
    handle = columns[0].text_input("Scrape a profile", placeholder="@handle")
    videos = columns[1].number_input("Videos (0 = all)", min_value=0, value=0, step=50)
    if columns[2].form_submit_button("Queue it", type="primary") and handle.strip():
        try:
            job = request_job(
                engine(),
                user,
                SCRAPE_KIND,
                {"handle": handle.strip().lstrip("@"), **({"videos": int(videos)} if videos else {})},
                idempotency_key=f"scrape:{handle.strip().lstrip('@').lower()}:{int(videos)}",
            )
            st.toast(f"Queued job #{job.id}")
        except CompassError as exc:
            st.error(str(exc))


@st.fragment(run_every=2)
def job_list() -> None:
    jobs = list_jobs(engine(), user)
    if not jobs:
        st.info("No jobs yet. Queue a scrape above, or find similar creators on the **Discover** page.")
        return
    active = [j for j in jobs if j.status in ("queued", "running")]
    finished = [j for j in jobs if j.status not in ("queued", "running")]
    st.subheader(f"Running and queued ({len(active)})")
    if not active:
        st.caption("Nothing is waiting.")
    for job in active:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**#{job.id} · {md(job.description)}** — {job.status}")
            if job.fraction is not None:
                left.progress(job.fraction, text=f"{job.done}/{job.total} · {job.step or ''}")
            else:
                left.caption(job.step or "Waiting for a free browser")
            if job.error:
                left.caption(f"Last attempt: {job.error}")
            if right.button("Cancel", key=f"cancel-{job.id}"):
                cancel_job(engine(), user, job.id)
                st.rerun(scope="fragment")
    st.subheader("History")
    for job in finished[:30]:
        icon = {
            "succeeded": ":material/check_circle:",
            "failed": ":material/error:",
            "cancelled": ":material/cancel:",
        }.get(job.status, "")
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(
                f"{icon} **#{job.id} · {md(job.description)}** — {job.status}, "
                f"{job.attempts} attempt{'s' if job.attempts != 1 else ''}"
            )
            left.caption(md(job.error if job.status == "failed" else job.step or ""))
            if job.status in ("failed", "cancelled") and right.button("Retry", key=f"retry-{job.id}"):
                retry_job(engine(), user, job.id)
                st.rerun(scope="fragment")
    table = pd.DataFrame([j.to_json() | {"progress": f"{j.done}/{j.total or '?'}"} for j in jobs])
    download(table.drop(columns=["params"]), "jobs")


job_list()
