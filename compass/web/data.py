"""The app's reads: thin ``st.cache_data`` wrappers over pure compass functions.

A niche's analysis is never computed while a page draws, unless the niche is small: the scheduler
stores each niche's digest when its data changes (``compass.reanalysis``) and the pages read it, cached
by the time it was computed. Creator reads are keyed by the data version
(``compass.catalog.data_version``), so a cached answer is dropped as soon as new data lands.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from compass.analytics.digest import LEADERBOARD_KINDS, Digest
from compass.catalog import CreatorProfile, creator_videos, data_version, find_creator, follower_history
from compass.errors import CompassError
from compass.reanalysis.basis import is_current
from compass.reanalysis.compute import compute_digest, niche_video_count
from compass.reanalysis.kind import request_analysis
from compass.web.charts import Spec, insight_specs
from compass.web.creator_view import in_zone
from compass.web.runtime import engine
from compass.workspace import UserSettings, get_job
from compass.workspace.digests import digest_status, read_digest
from compass.workspace.owner import Owner, OwnerId

# A niche up to this size is analysed on the spot when its digest is out of date (about a second on
# PostgreSQL); a larger one in the background while the page shows the previous digest.
INLINE_VIDEOS = 50_000


def version() -> tuple[int, ...]:
    return data_version(engine())


def niche_digest(user: Owner, niche_id: int, settings: UserSettings) -> Digest | None:
    """The niche's analysis for a page; None when the niche has no videos yet.

    Out of date, a small niche is analysed now; a large one keeps its last digest on screen, with a
    note, while the scheduler analyses the new data. A large niche never analysed shows the job's
    progress and stops the page until it is done.
    """
    status = digest_status(engine(), user, niche_id)
    if status is None or not is_current(engine(), status.basis, niche_id, settings):
        size = status.videos if status is not None else niche_video_count(engine(), niche_id)
        if size <= INLINE_VIDEOS:
            with st.spinner(f"Analyzing {size:,} videos…"):
                compute_digest(engine(), user, niche_id)
            status = digest_status(engine(), user, niche_id)
        else:
            _analyze_in_background(user, niche_id, status is not None)
            if status is None:
                st.stop()
            else:
                st.caption(
                    f"Showing the analysis of {status.computed_at:%Y-%m-%d %H:%M} UTC: newer data is being "
                    f"analyzed in the background (it took {status.seconds:.0f} s last time)."
                )
    if status is None or status.videos == 0:
        return None
    return _stored_digest(user.id, niche_id, status.computed_at)


def _analyze_in_background(user: Owner, niche_id: int, have_previous: bool) -> None:
    try:
        job = request_analysis(engine(), user, niche_id)
    except CompassError as exc:
        st.warning(f"The niche's newest data cannot be analyzed yet: {exc}")
        return
    if not have_previous:
        _analysis_progress(user, job.id)


@st.fragment(run_every=2)
def _analysis_progress(user: Owner, job_id: int) -> None:
    job = get_job(engine(), user, job_id)
    if job.status in ("queued", "running"):
        st.progress(
            job.fraction or 0.0, text=f"Analyzing this niche for the first time: {job.step or job.status}"
        )
    elif job.status == "failed":
        st.error(f"The analysis failed: {job.error}. Retry it on the **Jobs** page.")
    else:
        st.rerun()


@st.cache_data(show_spinner="Reading the analysis…", max_entries=16)
def _stored_digest(user_id: int, niche_id: int, computed_at: datetime) -> Digest | None:
    return read_digest(engine(), OwnerId(user_id), niche_id)


@st.cache_data(show_spinner=False, max_entries=16)
def insight_charts(niche_id: int, computed_at: datetime, _digest: Digest) -> dict[str, Spec]:
    """The Insights page's chart specs of this analysis (named by its niche and time), built once."""
    return insight_specs(_digest, LEADERBOARD_KINDS)


@st.cache_data(show_spinner=False, max_entries=64)
def creator(handle: str, data_key: tuple[int, ...]) -> CreatorProfile | None:
    return find_creator(engine(), handle)


@st.cache_data(show_spinner="Loading videos…", max_entries=32)
def videos_of(creator_id: int, data_key: tuple[int, ...], timezone: str) -> pd.DataFrame:
    """The creator's videos, newest first, timed in the user's zone (``creator_view.in_zone``)."""
    return in_zone(creator_videos(engine(), creator_id), timezone)


@st.cache_data(show_spinner=False, max_entries=32)
def growth_of(creator_id: int, data_key: tuple[int, ...]) -> pd.DataFrame:
    return follower_history(engine(), creator_id)
