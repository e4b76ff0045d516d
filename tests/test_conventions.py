"""Conventions that test themselves: each would otherwise drift the first time someone is in a hurry."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = [
    *sorted((ROOT / "compass").rglob("*.py")),
    *sorted((ROOT / "pages").glob("*.py")),
    ROOT / "app.py",
    ROOT / "scheduler.py",
]
SETTINGS = ROOT / "compass" / "settings.py"
WEB_LAYER = ROOT / "compass" / "web"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_environment_is_read_only_by_the_settings_object() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for path in PRODUCT
        if path != SETTINGS and re.search(r"\bos\.environ\b|\bgetenv\(", path.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_every_setting_is_documented_in_the_readme() -> None:
    names = set(re.findall(r'"((?:COMPASS_[A-Z_]+)|DATABASE_URL)"', SETTINGS.read_text(encoding="utf-8")))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(names) > 10
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_streamlit_is_imported_only_by_the_web_layer_and_the_scripts() -> None:
    library = [path for path in sorted((ROOT / "compass").rglob("*.py")) if WEB_LAYER not in path.parents]
    users = [
        str(path.relative_to(ROOT))
        for path in library
        if any(name.split(".")[0] == "streamlit" for name in imported_modules(path))
    ]
    assert users == []


FEATURES = (
    "analytics",
    "catalog",
    "reanalysis",
    "discovery",
    "importers",
    "ingest",
    "scraper",
    "tiktok",
    "web",
    "workspace",
)


def test_the_generic_job_queue_imports_no_feature() -> None:
    """Kinds register their handlers and upkeep; the queue, worker and runner know none of them."""
    reaching = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in imported_modules(path)
            if name.split(".")[:2][-1] in FEATURES and name.startswith("compass.")
        )
        for path in sorted((ROOT / "compass" / "jobs").glob("*.py"))
    }
    assert {path: names for path, names in reaching.items() if names} == {}


def test_every_page_is_in_the_page_table_and_named_only_through_it() -> None:
    from compass.web.navigation import PAGES

    scripts = {"app.py", *(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))}
    assert {page.script for page in PAGES} == scripts
    spelled = [
        str(path.relative_to(ROOT))
        for path in PRODUCT
        if path.name != "navigation.py"
        and re.search(r"[\"']pages/\w+\.py[\"']", path.read_text(encoding="utf-8"))
    ]
    assert spelled == []


SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def test_pages_import_only_streamlit_and_the_web_layer() -> None:
    """A page is a screen of layout: what it shows comes from ``compass.web``, never from the library,
    pandas or the database directly."""
    allowed = ("streamlit", "compass.web", "__future__")
    reaching = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in imported_modules(path)
            if not any(name == root or name.startswith(f"{root}.") for root in allowed)
        )
        for path in SCRIPTS
    }
    assert {path: names for path, names in reaching.items() if names} == {}


def test_the_analytics_engine_imports_no_database() -> None:
    """Analytics is frames in, results out: loading and saving belong to reanalysis and the workspace."""
    database = ("sqlalchemy", "psycopg2", "adbc_driver_postgresql", "compass.db", "compass.models")
    database += ("compass.workspace", "compass.ingest", "compass.catalog", "compass.reanalysis")
    reaching = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in imported_modules(path)
            if any(name == root or name.startswith(f"{root}.") for root in database)
        )
        for path in sorted((ROOT / "compass" / "analytics").rglob("*.py"))
    }
    assert {path: names for path, names in reaching.items() if names} == {}
