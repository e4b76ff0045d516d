"""Shared helpers for the TikTok page tests.

Real captures are read at run time from the shared fixtures directory (never copied into the
project): ``<project>/../shared/fixtures/tiktok`` or ``$COMPASS_TIKTOK_FIXTURES``. When they are
missing the tests skip, except under ``CI=true`` where they fail (as in ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CAPTURES = Path(
    os.environ.get("COMPASS_TIKTOK_FIXTURES", PROJECT_ROOT.parent / "shared" / "fixtures" / "tiktok")
)


IN_CI = os.environ.get("CI", "").lower() == "true"


def require_captures(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"real TikTok captures are required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"real TikTok captures unavailable: {reason}")


def capture_path(name: str) -> Path:
    path = CAPTURES / name
    if not path.is_file():
        require_captures(f"no {path}")
    return path


def read_capture(name: str) -> str:
    return capture_path(name).read_text(encoding="utf-8")


def all_capture_names() -> list[str]:
    if not CAPTURES.is_dir():
        return []
    return sorted(p.name for p in CAPTURES.iterdir() if p.suffix in (".html", ".json"))


def script_json(html: str, script_id: str) -> Any:
    """An independent reading of a page's JSON script: a plain regex and json.loads."""
    match = re.search(r'<script[^>]*id="' + re.escape(script_id) + r'"[^>]*>(.*?)</script>', html, re.S)
    assert match, f"no {script_id} script in the page"
    return json.loads(match.group(1))


def wrap_universal(scope: dict[str, Any], *, before: str = "", after: str = "") -> str:
    """A minimal modern page: the rehydration script holding ``__DEFAULT_SCOPE__ = scope``."""
    body = json.dumps({"__DEFAULT_SCOPE__": scope})
    return (
        "<!DOCTYPE html><html><head><title>TikTok</title></head><body>"
        f"{before}"
        f'<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">{body}</script>'
        f"{after}</body></html>"
    )
