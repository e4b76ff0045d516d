"""Widgets every page shares: the niche picker, CSV downloads, empty states and the demo badge."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from compass.analytics.tables import COLUMN_DEFINITIONS
from compass.export import csv_bundle, definitions_csv, to_safe_csv
from compass.models import utcnow
from compass.web.navigation import DISCOVER, page_link
from compass.web.runtime import engine
from compass.workspace import NicheView, list_niches
from compass.workspace.owner import Owner


def query_param(name: str, default: str | None = None) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else default


def number_from_url(text: str | None, default: float, low: float, high: float) -> float:
    """A URL value as a number inside [low, high]: clamped when outside, ``default`` when it is not a
    finite number (a URL is typed, pasted and edited by hand: it never breaks the page)."""
    try:
        number = float(text) if text is not None else default
    except ValueError:
        return default
    if not math.isfinite(number):
        return default
    return min(high, max(low, number))


def number_param(name: str, default: float, low: float, high: float) -> float:
    return number_from_url(query_param(name), default, low, high)


def browser_zone(zones: list[str]) -> str:
    """The zone the browser reports, when it is one of ``zones``; else UTC."""
    reported = st.context.timezone
    return reported if reported in zones else "UTC"


NICHE_PICKED = "niche-picked"  # a sentence to confirm the niche just chosen for the user, shown once


def choose_niche(niche: NicheView, confirmation: str, *, key: str = "niche") -> None:
    """Makes ``niche`` the picker's choice on the next run, with ``confirmation`` shown under it once. Set
    through the widget's own state: the browser sends the old choice back with the rerun, over the URL."""
    st.session_state[key] = niche.id
    st.query_params["niche"] = str(niche.id)
    st.session_state[NICHE_PICKED] = confirmation


def niche_picker(user: Owner, *, key: str = "niche") -> NicheView | None:
    """The user's niches in a select box whose choice lives in the URL (?niche=ID)."""
    niches = {n.id: n for n in list_niches(engine(), user)}
    if not niches:
        return None
    ids = list(niches)
    wanted = query_param("niche")
    if st.session_state.get(key) not in niches:  # a deleted niche, or another user's in an old session
        st.session_state.pop(key, None)
    index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in niches else 0
    chosen = niches[
        st.selectbox(
            "Niche",
            ids,
            index=index,
            key=key,
            format_func=lambda i: (
                f"{niches[i].name}  ·  {niches[i].members} creators"
                + ("  ·  DEMO" if niches[i].is_demo else "")
            ),
        )
    ]
    st.query_params["niche"] = str(chosen.id)
    if confirmation := st.session_state.pop(NICHE_PICKED, None):
        st.success(confirmation, icon=":material/check_circle:")
    if chosen.is_demo:
        st.caption(":material/science: **DEMO** — this niche holds generated data, not real TikTok creators.")
    return chosen


def opened(label: str, *, key: str) -> DeltaGenerator | None:
    """An expander whose content runs only while it is open: the container to draw into, or None while it
    is closed. A collapsed expander's content is otherwise drawn on every visit, and a file uploader with
    its options or a form in one cost a new tab 80 ms of the browser's time. Opening or closing it reruns
    the page; what its widgets held is dropped when it closes."""
    section = st.expander(label, key=key, on_change="rerun")
    return section if section.open else None


def tabbed(labels: Sequence[str], *, key: str) -> list[DeltaGenerator | None]:
    """Tabs whose content runs only while chosen: per label, the container to draw into, or None for every
    tab but the chosen one. Every chart drawn is compiled and laid out on the browser's one thread before
    the first one shows, hidden tab or not. The chosen tab is kept in the address (``?key=label``), so a
    link or a reload opens the same tab; choosing another reruns the page."""
    tabs = st.tabs(labels, key=key, on_change="rerun", bind="query-params")
    return [tab if tab.open else None for tab in tabs]


def no_niche_yet() -> None:
    st.info(
        "You have no niche yet. Create one on the **Discover** page, "
        "or load the demo workspace from **Home**."
    )
    page_link(DISCOVER, label="Go to Discover")


def column_definitions(frame: pd.DataFrame, definitions: Mapping[str, str] | None = None) -> dict[str, str]:
    """What each column of ``frame`` means: ``definitions`` first (a page's own sense of a name), else the
    one registry (``analytics.tables.COLUMN_DEFINITIONS``); columns defined nowhere are left out."""
    known = {**COLUMN_DEFINITIONS, **(definitions or {})}
    return {column: known[column] for column in frame.columns if column in known}


def download(
    frame: pd.DataFrame,
    name: str,
    *,
    label: str = "Download CSV",
    definitions: Mapping[str, str] | None = None,
    context: Mapping[str, str] | None = None,
    key: str | None = None,
) -> None:
    """Exactly what the table or chart shows: a CSV with its header on line 1 (what
    ``pandas.read_csv`` and spreadsheets open), and beside it a zip holding the CSV and
    NAME.definitions.csv (what each column means, the selection that made the rows, the export time).

    The files are written when a button is pressed, not on every rerun of the page."""
    used = column_definitions(frame, definitions)

    def table() -> bytes:
        return to_safe_csv(frame)

    def bundle() -> bytes:
        companion = definitions_csv(used, context=context, exported_at=utcnow())
        return csv_bundle(name, to_safe_csv(frame), companion)

    base = key or f"download-{name}"
    row = st.container(horizontal=True)  # side by side at their own width, also in a narrow column
    # on_click="ignore": a download leaves the page as it is, without running it again.
    row.download_button(
        label,
        table,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=base,
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        "With definitions (.zip)",
        bundle,
        file_name=f"{name}.zip",
        mime="application/zip",
        key=f"{base}-zip",
        icon=":material/folder_zip:",
        on_click="ignore",
    )
