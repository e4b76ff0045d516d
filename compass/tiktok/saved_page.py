"""Saved pages: read a page or API response from a file and parse it (``python -m compass parse PATH``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compass.tiktok.output import parse_result_to_json
from compass.tiktok.parse import parse_page


class PageReadError(ValueError):
    """The file cannot be read as a text page (missing, unreadable, binary). One line."""


def read_page_text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PageReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PageReadError(f"{path}: is a directory, not a page") from None
    except OSError as exc:
        raise PageReadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data[:8192]:
        raise PageReadError(f"{path}: binary file, not an HTML page or JSON response")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PageReadError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def parse_file(path: Path) -> dict[str, Any]:
    """Read a saved page / API response and return :func:`parse_result_to_json` of its parse."""
    text = read_page_text(Path(path))
    return parse_result_to_json(parse_page(text))
