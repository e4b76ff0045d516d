"""CSV downloads that a spreadsheet cannot turn into formulas.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before looking) is read as a formula by Excel, LibreOffice and Google Sheets;
scraped captions and bios are attacker-written, so such text cells get a leading apostrophe, which
spreadsheets show as plain text (OWASP, "CSV Injection"). Numbers stay numbers: a negative count is
not text. Every CSV download of the app goes through :func:`to_safe_csv`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """A text cell made inert for spreadsheets; any other value unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_TRIGGERS) or value.lstrip().startswith(FORMULA_TRIGGERS[:4]):
        return "'" + value
    return value


def to_safe_csv(dataframe: pd.DataFrame, definitions: Mapping[str, str] | None = None) -> bytes:
    """The frame as UTF-8 CSV bytes (with a BOM, so that Excel reads accents and emoji), cells neutralized.

    ``definitions`` maps column names to what they mean; they come first as ``# column: definition``
    lines, which ``pandas.read_csv(..., comment="#")`` skips.
    """
    frame = dataframe.copy()
    frame.columns = [str(neutralize(str(column))) for column in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralize)
    buffer = io.StringIO()
    if definitions:
        for name, definition in definitions.items():
            line = " ".join(f"{name}: {definition}".split())
            buffer.write(f"# {line}\n")
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buffer.getvalue().encode("utf-8-sig")


def records_to_safe_csv(records: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    """Convenience for lists of dicts (nested values are written as their JSON-ish text)."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    return to_safe_csv(frame)
