"""The sidebar's page list, drawn by the app itself so that the home page is called "Home".

Streamlit's own list names the entry script by its file name ("app"); it is turned off in
``.streamlit/config.toml`` (``showSidebarNavigation = false``) and replaced by this one, which every
page draws once the user is signed in.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

PAGES = (
    ("app.py", "Home", ":material/explore:"),
    ("pages/1_Discover.py", "Discover", ":material/travel_explore:"),
    ("pages/2_Creator.py", "Creator", ":material/person_search:"),
    ("pages/3_Insights.py", "Niche insights", ":material/insights:"),
    ("pages/4_Recommendations.py", "Recommendations", ":material/lightbulb:"),
    ("pages/5_Jobs.py", "Jobs", ":material/schedule:"),
    ("pages/9_Account.py", "Account", ":material/manage_accounts:"),
)


def _served_by_the_app() -> bool:
    """Page links resolve against the entry script: ``app.py`` when served, but a page file itself when a
    test runs that page alone (AppTest), where the links have nothing to point at."""
    context = get_script_run_ctx()
    return context is not None and Path(context.main_script_path).name == "app.py"


def navigation() -> None:
    if not _served_by_the_app():
        return
    with st.sidebar:
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon)
        st.divider()


def page_link(path: str, label: str, icon: str, query_params: dict[str, str] | None = None) -> None:
    """A link to another page of the app. A page run alone, outside the app, has no other pages to link
    to (Streamlit raises); it then shows the link's label, so the page still draws whole."""
    if _served_by_the_app():
        st.page_link(path, label=label, icon=icon, query_params=query_params)
    else:
        st.caption(f"{icon} {label}")
