"""Per-process resources of the app: settings and one engine, created once and cached by Streamlit."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from compass.db import make_engine
from compass.jobs.kinds import load_builtin_kinds
from compass.migrations import upgrade
from compass.settings import Settings, SettingsError, load_settings
from compass.web.navigation import Page


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Opening the database…")
def engine() -> Engine:
    created = make_engine(settings(), "app")
    upgrade(created)
    return created


def start_page(page: Page) -> None:
    """Every page's first call: page config (its title and icon from the page table), the job kinds
    (so that any page can queue one), and a readable stop on a bad configuration."""
    st.set_page_config(page_title=f"{page.title} · Creator Compass", page_icon=page.icon, layout="wide")
    try:
        settings()
    except SettingsError as exc:
        st.error(
            f"Configuration problem: {exc}. Fix it in the environment or .streamlit/secrets.toml and reload."
        )
        st.stop()
    load_builtin_kinds(settings().job_modules)  # the cached settings: this runs on every rerun
