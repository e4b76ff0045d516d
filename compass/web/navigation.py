"""The page table: every page's script, title and icon, in one place; and the sidebar's page list,
drawn by the app itself so that the home page is called "Home".

Streamlit's own list names the entry script by its file name ("app"); it is turned off in
``.streamlit/config.toml`` (``showSidebarNavigation = false``) and replaced by this one, which every
page draws once the user is signed in. Pages name each other by these entries, never by a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx


@dataclass(frozen=True)
class Page:
    script: str  # relative to the project's root, as Streamlit names pages
    title: str
    icon: str


HOME = Page("app.py", "Home", ":material/explore:")
DISCOVER = Page("pages/1_Discover.py", "Discover", ":material/travel_explore:")
CREATOR = Page("pages/2_Creator.py", "Creator", ":material/person_search:")
INSIGHTS = Page("pages/3_Insights.py", "Niche insights", ":material/insights:")
RECOMMENDATIONS = Page("pages/4_Recommendations.py", "Recommendations", ":material/lightbulb:")
PLAN = Page("pages/6_Plan.py", "Weekly plan", ":material/calendar_month:")
JOBS = Page("pages/5_Jobs.py", "Jobs", ":material/schedule:")
ACCOUNT = Page("pages/9_Account.py", "Account", ":material/manage_accounts:")
PAGES = (HOME, DISCOVER, CREATOR, INSIGHTS, RECOMMENDATIONS, PLAN, JOBS, ACCOUNT)


def _served_by_the_app() -> bool:
    """Page links resolve against the entry script: ``app.py`` when served, but a page file itself when a
    test runs that page alone (AppTest), where the links have nothing to point at."""
    context = get_script_run_ctx()
    return context is not None and Path(context.main_script_path).name == "app.py"


def navigation() -> None:
    if not _served_by_the_app():
        return
    with st.sidebar:
        for page in PAGES:
            st.page_link(page.script, label=page.title, icon=page.icon)
        st.divider()


def page_link(page: Page, label: str | None = None, query_params: dict[str, str] | None = None) -> None:
    """A link to another page of the app. A page run alone, outside the app, has no other pages to link
    to (Streamlit raises); it then shows the link's label, so the page still draws whole."""
    if _served_by_the_app():
        st.page_link(page.script, label=label or page.title, icon=page.icon, query_params=query_params)
    else:
        st.caption(f"{page.icon} {label or page.title}")


def switch_page(page: Page, query_params: dict[str, str] | None = None) -> None:
    st.switch_page(page.script, query_params=query_params)
