"""The COPY text PostgreSQL ingests are sent in: whatever a column holds, every field reads back as the
value it was (NULL as NULL, an empty text as empty text, quotes and line breaks inside text kept)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from compass.ingest.sql import _copy_column, _copy_field

COLUMNS = {
    "counts": [3, None, 0, 2**63 - 1],
    "floats and ints": [1.5, 2, None, -0.25],
    "texts": ["plain", "", None, 'say "hi",\nthen go'],
    "times": [datetime(2021, 3, 1, 12, 30, tzinfo=UTC), None],
    "flags": [True, None, False],
    "mixed": [True, 4, "x", None, datetime(2020, 1, 1, tzinfo=UTC)],
    "empty": [],
    "all unknown": [None, None],
}


@pytest.mark.parametrize("values", COLUMNS.values(), ids=COLUMNS.keys())
def test_a_column_converts_as_each_of_its_values_does(values: list) -> None:  # type: ignore[type-arg]
    assert _copy_column(values) == [_copy_field(value) for value in values]


def test_text_fields_read_back_as_written_and_unknowns_stay_unquoted() -> None:
    fields = _copy_column(COLUMNS["texts"])
    assert fields[2] == ""  # unquoted: COPY reads NULL
    assert fields[1] == '""'  # quoted: an empty text
    line = ",".join(fields)
    assert next(csv.reader(io.StringIO(line))) == ["plain", "", "", 'say "hi",\nthen go']
