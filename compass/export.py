"""CSV downloads that a spreadsheet cannot turn into formulas.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before looking) is read as a formula by Excel, LibreOffice and Google Sheets;
scraped captions and bios are attacker-written, so such text cells get a leading apostrophe, which
spreadsheets show as plain text (OWASP, "CSV Injection"). So does every line of a cell that starts
so after a line break, in case a reader splits the cell there. Numbers stay numbers: a negative
count is not text. Rows end in CRLF (RFC 4180), so that a field holding a lone CR or LF is quoted
and stays one cell. Every CSV download of the app goes through :func:`to_safe_csv`.

A table's file holds its header on line 1 and its rows, nothing else, so that ``pandas.read_csv(path)``
and a spreadsheet open it as it is. What the columns mean, the filters that chose the rows and when the
data was collected go in a companion file, ``NAME.definitions.csv`` (:func:`definitions_csv`); the app
offers both in one zip (:func:`csv_bundle`).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A line break followed by what would start a formula on a line of its own.
_TRIGGER_AFTER_BREAK = re.compile(r"(\r\n|\r|\n)([ \t]*[=+\-@])")


def neutralize(value: Any) -> Any:
    """A text cell made inert for spreadsheets; any other value unchanged."""
    if not isinstance(value, str) or not value:
        return value
    value = _TRIGGER_AFTER_BREAK.sub(r"\1'\2", value)
    if value.startswith(FORMULA_TRIGGERS) or value.lstrip().startswith(FORMULA_TRIGGERS[:4]):
        return "'" + value
    return value


def to_safe_csv(dataframe: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV bytes, header on line 1, cells neutralized. A BOM leads, so that Excel reads
    accents and emoji; ``pandas.read_csv`` and other UTF-8 readers skip it."""
    frame = dataframe.copy()
    frame.columns = [str(neutralize(str(column))) for column in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralize)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def records_to_safe_csv(records: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    """Convenience for lists of dicts (nested values are written as their JSON-ish text)."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    return to_safe_csv(frame)


DEFINITIONS_COLUMNS = ("about", "name", "value")


def definitions_csv(
    definitions: Mapping[str, str],
    *,
    context: Mapping[str, str] | None = None,
    collected: tuple[datetime, datetime] | None = None,
    exported_at: datetime,
) -> bytes:
    """The companion of a table's CSV, one fact a row: ``column`` (what a column means), ``selection``
    (a filter or choice that made the rows), ``collected`` (first and last collection of the data, UTC)
    and ``exported`` (when the file was written, UTC)."""
    rows = [("column", name, " ".join(text.split())) for name, text in definitions.items()]
    rows += [("selection", name, value) for name, value in (context or {}).items()]
    if collected is not None:
        rows += [("collected", "first", f"{collected[0]:%Y-%m-%d %H:%M} UTC")]
        rows += [("collected", "last", f"{collected[1]:%Y-%m-%d %H:%M} UTC")]
    rows += [("exported", "at", f"{exported_at:%Y-%m-%d %H:%M} UTC")]
    return to_safe_csv(pd.DataFrame(rows, columns=list(DEFINITIONS_COLUMNS)))


def csv_bundle(name: str, table: bytes, definitions: bytes) -> bytes:
    """One zip of ``NAME.csv`` and ``NAME.definitions.csv``, for a single download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", table)
        archive.writestr(f"{name}.definitions.csv", definitions)
    return buffer.getvalue()
