"""The file import as a panel any page can draw: the uploader, its options, and the per-file result."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compass.errors import CompassError
from compass.web.imports import import_uploads, options_from_form
from compass.web.runtime import engine
from compass.web.safe_text import md
from compass.workspace.settings import time_zones


def import_panel(own_zone: str, *, key: str = "import") -> None:
    """Exports in (Apify, drawrowfly, TikTok's JSON, any CSV of videos), the format detected; what was
    imported, noted and skipped out, in words."""
    uploads = st.file_uploader(
        "Files to import", type=["csv", "json"], accept_multiple_files=True, key=f"{key}-files"
    )
    with st.expander("Import options"):
        zones = time_zones()
        zone = st.selectbox(
            "Time zone of times written without one",
            zones,
            index=zones.index(own_zone) if own_zone in zones else zones.index("UTC"),
            key=f"{key}-zone",
        )
        author = st.text_input("Author of rows that name none", placeholder="@handle", key=f"{key}-author")
        captured_on = st.date_input(
            "Collected on (default: the times the file holds; needed when it holds none)",
            value=None,
            key=f"{key}-captured",
        )
        columns = st.text_area(
            "Columns to read as fields, one COLUMN=FIELD per line",
            placeholder="Views=views\nPosted=posted_at",
            key=f"{key}-columns",
        )
    if not (uploads and st.button("Import", key=f"{key}-go")):
        return
    try:
        options = options_from_form(zone, author, columns, captured_on)
        bar = st.progress(0.0, text="Importing…")
        try:
            report = import_uploads(
                engine(),
                [(u.name, u.getvalue()) for u in uploads],
                options,
                lambda done, total, step: bar.progress(done / total if total else 0.0, text=f"{step}…"),
            )
        finally:
            bar.empty()
    except CompassError as exc:
        st.error(str(exc))
        return
    st.success(report.headline)
    for line in report.files:
        st.markdown(f"- {md(line)}")
    for note in report.notes:
        st.caption(md(note))
    if report.skipped:
        st.dataframe(pd.DataFrame(report.skipped), hide_index=True, width="stretch")
        if report.skipped_total > len(report.skipped):
            st.caption(f"The first {len(report.skipped):,} of {report.skipped_total:,} skipped rows.")
