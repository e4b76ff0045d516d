"""Jobs: what is queued and running for you, with live progress, errors in words, retry and cancel."""

from __future__ import annotations

import streamlit as st

from compass.web import actions
from compass.web.jobs_view import JOB_DEFINITIONS, STATUS_ICONS, attempts_text, jobs_table, split_jobs
from compass.web.navigation import JOBS
from compass.web.page import open_page
from compass.web.safe_text import md
from compass.web.widgets import download

user = open_page(JOBS).user

st.title("Jobs")
st.caption("Scraping runs in the background; this page follows it live.")

with st.form("scrape"):
    columns = st.columns([3, 1, 1])
    handle = columns[0].text_input("Scrape a profile", placeholder="@handle")
    videos = columns[1].number_input("Videos (0 = all)", min_value=0, value=0, step=50)
    if columns[2].form_submit_button("Queue it", type="primary") and handle.strip():
        with actions.errors_shown():
            job = actions.scrape_profile(user, handle, int(videos))
            st.toast(f"Queued job #{job.id}")


@st.fragment(run_every=2)
def job_list() -> None:
    jobs = actions.jobs(user)
    if not jobs:
        st.info("No jobs yet. Queue a scrape above, or find similar creators on the **Discover** page.")
        return
    active, finished = split_jobs(jobs)
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
                with actions.errors_shown():
                    actions.cancel(user, job.id)
                    st.rerun(scope="fragment")
    st.subheader("History")
    for job in finished[:30]:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(
                f"{STATUS_ICONS.get(job.status, '')} **#{job.id} · {md(job.description)}** — {job.status}, "
                f"{attempts_text(job)}"
            )
            left.caption(md(job.error if job.status == "failed" else job.step or ""))
            if job.status in ("failed", "cancelled") and right.button("Retry", key=f"retry-{job.id}"):
                with actions.errors_shown():
                    actions.retry(user, job.id)
                    st.rerun(scope="fragment")
    download(jobs_table(jobs), "jobs", definitions=JOB_DEFINITIONS)


job_list()
