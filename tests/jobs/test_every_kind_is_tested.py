"""Every job kind has a test: a kind that no test names is one whose handler nobody has seen run.

A test names a kind by its name ("scrape.profile") or by a constant its registering module binds to
that name (SCRAPE_KIND), as tests usually do.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

from compass.jobs.kinds import BUILTIN_KIND_MODULES, JobKind, load_builtin_kinds

TESTS = Path(__file__).resolve().parents[1]
THIS_FILE = Path(__file__).resolve()
TEST_FILES = sorted(path for path in TESTS.rglob("test_*.py") if path != THIS_FILE)

EXAMPLE_KIND = "example.untested"  # a kind of this file's own, to show the rule catches one


def names_in(path: Path) -> set[str]:
    """The identifiers, imported names, attributes and strings a test file mentions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.alias):
            found.update(name for name in (node.name, node.asname) if name)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found


def ways_to_name(kind: JobKind) -> set[str]:
    """The kind's name and the constants bound to it where its handler is defined (SCRAPE_KIND)."""
    module = vars(sys.modules[kind.handler.__module__])
    return {kind.name} | {
        name for name, value in module.items() if isinstance(value, str) and value == kind.name
    }


def untested(kinds: Iterable[JobKind], test_files: Iterable[Path]) -> list[str]:
    named = set().union(*(names_in(path) for path in test_files))
    return sorted(kind.name for kind in kinds if not ways_to_name(kind) & named)


def _example_handler(context: object, params: dict[str, object]) -> None:
    """Never run: the example kind only has to be registrable."""


def test_every_registered_job_kind_is_named_by_a_test() -> None:
    kinds = load_builtin_kinds(extra_modules=())
    builtin = [kind for kind in kinds.values() if kind.handler.__module__ in BUILTIN_KIND_MODULES]
    assert len(builtin) >= len(BUILTIN_KIND_MODULES)  # the rule is not met by finding no kinds
    assert untested(kinds.values(), TEST_FILES) == []


def test_a_kind_no_test_names_is_reported_and_one_named_by_its_constant_is_not(tmp_path: Path) -> None:
    example = JobKind(EXAMPLE_KIND, "An example", _example_handler)
    silent = tmp_path / "test_silent.py"
    silent.write_text("def test_nothing() -> None:\n    assert True\n", encoding="utf-8")
    by_constant = tmp_path / "test_by_constant.py"
    by_constant.write_text("from somewhere import EXAMPLE_KIND\n", encoding="utf-8")
    by_name = tmp_path / "test_by_name.py"
    by_name.write_text("KIND = 'example.untested'\n", encoding="utf-8")
    assert untested([example], [silent]) == [EXAMPLE_KIND]
    assert untested([example], [silent, by_constant]) == []
    assert untested([example], [by_name]) == []
