"""CSV exports: cells a spreadsheet would run as formulas are neutralized; the data reads back intact."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pandas as pd
import pytest

from compass.export import csv_bundle, definitions_csv, neutralize, to_safe_csv


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r1",
        " =1+1",
        '=HYPERLINK("http://evil","x")',
        "=cmd|' /C calc'!A0",
    ],
)
def test_neutralize_formula_cells_get_a_leading_apostrophe(cell: str) -> None:
    assert neutralize(cell) == "'" + cell


def test_neutralize_a_formula_after_a_leading_break_is_neutralized_too() -> None:
    assert neutralize("\r=1") == "'\r'=1"


@pytest.mark.parametrize("cell", ["hello", "a=b", "#fitness", "", "café ☕", "1,5"])
def test_neutralize_plain_text_is_unchanged(cell: str) -> None:
    assert neutralize(cell) == cell


@pytest.mark.parametrize("value", [-5, -2.5, 3, None])
def test_neutralize_numbers_and_empty_are_unchanged(value: object) -> None:
    assert neutralize(value) == value


def test_to_safe_csv_neutralizes_text_cells_and_headers_and_keeps_numbers() -> None:
    frame = pd.DataFrame({"caption": ["=1+1", "fine", "@me"], "views": [-1, 10, 20], "=evil": list("abc")})
    back = pd.read_csv(io.BytesIO(to_safe_csv(frame)))
    assert list(back.columns) == ["caption", "views", "'=evil"]
    assert back["caption"].tolist() == ["'=1+1", "fine", "'@me"]
    assert back["views"].tolist() == [-1, 10, 20]


def test_to_safe_csv_is_utf8_with_bom_and_reads_back_emoji() -> None:
    data = to_safe_csv(pd.DataFrame({"caption": ["café ☕ 🔥"]}))
    assert data.startswith("\ufeff".encode())
    assert pd.read_csv(io.BytesIO(data))["caption"][0] == "café ☕ 🔥"


def test_to_safe_csv_has_its_header_on_line_one_and_definitions_go_beside_it() -> None:
    data = to_safe_csv(pd.DataFrame({"er": [0.1]}))
    assert data.decode("utf-8-sig").startswith("er\r\n")
    assert pd.read_csv(io.BytesIO(data))["er"].tolist() == [0.1]
    companion = definitions_csv(
        {"er": "engagement rate:\nlikes / views"},
        context={"niche": "=cmd"},
        exported_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    facts = pd.read_csv(io.BytesIO(companion))
    assert list(facts.columns) == ["about", "name", "value"]
    assert facts.values.tolist() == [
        ["column", "er", "engagement rate: likes / views"],
        ["selection", "niche", "'=cmd"],
        ["exported", "at", "2026-01-02 00:00 UTC"],
    ]
    with zipfile.ZipFile(io.BytesIO(csv_bundle("rates", data, companion))) as archive:
        assert sorted(archive.namelist()) == ["rates.csv", "rates.definitions.csv"]


def test_to_safe_csv_string_dtype_columns_are_neutralized_too() -> None:
    frame = pd.DataFrame({"bio": pd.array(["-rm", None], dtype="string")})
    assert "'-rm" in to_safe_csv(frame).decode("utf-8-sig")


HOSTILE_CAPTIONS = [
    "nice\r=cmd|' /C calc'!A0",
    "line one\n@SUM(A1:A9)",
    "a\r\n  +1+1",
    "tab\n\t=1",
    'quote " and, comma\nnew line',
]


def test_to_safe_csv_keeps_each_hostile_caption_in_one_quoted_cell() -> None:
    import csv as csv_module

    frame = pd.DataFrame({"caption": HOSTILE_CAPTIONS, "views": range(len(HOSTILE_CAPTIONS))})
    text = to_safe_csv(frame).decode("utf-8-sig")
    rows = list(csv_module.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(HOSTILE_CAPTIONS) and all(len(row) == 2 for row in rows)
    assert [row[1] for row in rows[1:]] == [str(n) for n in range(len(HOSTILE_CAPTIONS))]
    back = pd.read_csv(io.StringIO(text))
    assert back["views"].tolist() == list(range(len(HOSTILE_CAPTIONS)))


@pytest.mark.parametrize("caption", HOSTILE_CAPTIONS[:4])
def test_neutralize_applies_after_every_line_break(caption: str) -> None:
    import re

    safe = neutralize(caption)
    for line in re.split(r"\r\n|\r|\n", safe):
        assert not line.lstrip(" \t").startswith(("=", "+", "-", "@")), line
