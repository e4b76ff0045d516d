"""Per-process resources of the app: settings and one engine, created once and cached by Streamlit."""

from __future__ import annotations

import gc

import streamlit as st
from sqlalchemy import Engine
from streamlit import runtime

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


def freeze_startup_objects() -> bool:
    """In a served app, moves what the process holds after its first page's imports (modules, classes,
    the libraries' tables) out of the garbage collector's sight: Streamlit collects in full after every
    run (``runner.postScriptGC``), and walking those objects each time cost 0.3-0.45 s of CPU per new
    tab. Not without a runtime (AppTest): a test process keeps collecting everything it drops."""
    if not runtime.exists():
        return False
    gc.collect()
    gc.freeze()
    return True


@st.cache_resource(show_spinner=False)
def _startup_objects_frozen() -> bool:
    return freeze_startup_objects()


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
    _startup_objects_frozen()
