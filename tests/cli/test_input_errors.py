"""Every command: bad input is exit 1 and one line that says what was wrong and where to look,
never "internal error" (kept for bugs), a traceback, or argparse's usage block."""

from __future__ import annotations

from pathlib import Path

import pytest

from compass.cli import main
from tests.support.hostile_files import hostile_files

BAD_INVOCATIONS = {
    "no command": ([], "the following arguments are required: COMMAND"),
    "unknown command": (["frobnicate"], "invalid choice"),
    "unknown option": (["metrics", "--handle", "x"], "unrecognized arguments: --handle"),
    "import without a path": (["import"], "the following arguments are required: PATH"),
    "import of a missing file": (["import", "/no/such/file.csv"], "no such file or folder"),
    "import with a bad zone": (
        ["import", "x.csv", "--tz", "Mars/Olympus"],
        "'Mars/Olympus' is not a time zone",
    ),
    "import with a bad map": (["import", "x.csv", "--map", "views"], "expected COLUMN=FIELD"),
    "import with a bad capture time": (["import", "x.csv", "--captured-at", "soon"], "expected ISO 8601"),
    "parse of a missing file": (["parse", "/no/such/page.html"], "no such file"),
    "parse of a folder": (["parse", "/"], "is a directory"),
    "scrape of a bad handle": (["scrape", "two words"], "'two words' is not a TikTok handle"),
    "scrape of no videos": (["scrape", "someone", "--videos", "0"], "0 is not 1 or more"),
    "metrics of a bad handle": (["metrics", "--all", "@@"], "'@@' is not a TikTok handle"),
    "metrics of a missing niche": (["metrics", "--niche", "nowhere"], "no niche named 'nowhere'"),
    "insights in a bad zone": (["insights", "--all", "--tz", "Nope"], "'Nope' is not a time zone"),
    "insights with alpha nan": (["insights", "--all", "--alpha", "nan"], "is not above 0 and at most 1"),
    "insights with alpha 7": (["insights", "--all", "--alpha", "7"], "is not above 0 and at most 1"),
    "insights with groups of one": (["insights", "--all", "--min-n", "1"], "1 is not 2 or more"),
    "insights with nothing to analyse": (["insights", "--all"], "no videos to analyse"),
    "demo of minus one creator": (["demo", "--creators", "-1"], "-1 is not between 1 and 10,000"),
    "demo of a hundred million": (["demo", "--creators", "100000000"], "is not between 1 and 10,000"),
    "discover from a bad handle": (
        ["discover", "--offline", "--handle", "@@"],
        "'@@' is not a TikTok handle",
    ),
    "discover none": (["discover", "--offline", "--handle", "x", "--limit", "0"], "0 is not 1 or more"),
    "jobs of an unknown kind": (["jobs", "enqueue", "no.such.kind"], "unknown job kind"),
    "jobs retry of a word": (["jobs", "retry", "abc"], "invalid int value: 'abc'"),
    "jobs retry of a missing job": (["jobs", "retry", "99999"], "no job #99999"),
    "jobs list of none": (["jobs", "list", "--limit", "0"], "0 is not 1 or more"),
}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`python -m compass ...` in this process, on a fresh SQLite workspace."""
    for name in ("DATABASE_URL", "COMPASS_DATABASE_URL", "COMPASS_TIKTOK_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.mark.parametrize("case", sorted(BAD_INVOCATIONS))
def test_bad_input_is_exit_1_and_one_line(run, case: str) -> None:  # type: ignore[no-untyped-def]
    args, words = BAD_INVOCATIONS[case]
    (Path.cwd() / "x.csv").write_text("id,user_name\n7300000000000000001,alice\n")
    code, _, err = run(*args)
    lines = err.strip().splitlines()
    assert code == 1, err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert words in lines[0]
    assert "internal error" not in err and "Traceback" not in err


def test_parse_answers_every_hostile_file_with_a_status_or_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for case in hostile_files():
        path = tmp_path / case.name
        path.write_bytes(case.content)
        code, out, err = run("parse", str(path))
        assert "Traceback" not in err and "internal error" not in err, (case.id, err)
        if code == 0:
            assert '"status"' in out, case.id
        else:
            assert code == 1 and len(err.strip().splitlines()) == 1, (case.id, err)
