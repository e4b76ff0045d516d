"""The app's cached reads: thin ``st.cache_data`` wrappers over pure compass functions.

Each takes the data version (``compass.status.data_version``) so that a cached answer is dropped as
soon as new data lands, and the user's id where the answer is private.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from compass.analytics import Analysis, Selection, analyze, load_frame, niche_summary
from compass.app.runtime import engine
from compass.errors import CompassError
from compass.status import data_version
from compass.views.creator import CreatorProfile, creator_videos, find_creator, follower_history


def version() -> tuple[int, ...]:
    return data_version(engine())


@st.cache_data(show_spinner="Analyzing the niche…", max_entries=16)
def niche_analysis(niche_id: int, you: str | None, tz: str, data_key: tuple[int, ...]) -> Analysis | None:
    frame = load_frame(engine(), Selection(niche_id=niche_id))
    if frame.n_videos == 0:
        return None
    try:
        return analyze(frame, you=you, tz=tz)
    except CompassError:  # "you" are not in this niche yet: analyze the niche alone
        return analyze(frame, tz=tz)


def summary_of(analysis: Analysis) -> dict[str, Any]:
    return niche_summary(analysis.metrics)


@st.cache_data(show_spinner=False, max_entries=64)
def creator(handle: str, data_key: tuple[int, ...]) -> CreatorProfile | None:
    return find_creator(engine(), handle)


@st.cache_data(show_spinner="Loading videos…", max_entries=32)
def videos_of(creator_id: int, data_key: tuple[int, ...]) -> pd.DataFrame:
    return creator_videos(engine(), creator_id)


@st.cache_data(show_spinner=False, max_entries=32)
def growth_of(creator_id: int, data_key: tuple[int, ...]) -> pd.DataFrame:
    return follower_history(engine(), creator_id)
