"""`plan --niche NAME`: a plan for the next weeks in the niche owner's zone (or --tz's), whose calendar
file reads back with the zone's TZID, each post at its slot's local hour inside the weeks asked, and agrees
with the JSON; bad input is one line and exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from compass.db import make_engine_for_url
from compass.workspace import update_settings
from compass.workspace.users import local_user
from tests.cli.conftest import ROOT, CliResult

NICHE = "Demo: home fitness"
ZONE = "America/New_York"


class Workspace:
    """The demo workspace (12 creators) in a SQLite file made once for the module, the local user's zone
    set to ZONE; runs `python -m compass ...` in its own process as a user would."""

    def __init__(self, data: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPASS_", "DATABASE_URL"))}
        self.env |= {"COMPASS_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}

    def __call__(self, *args: str) -> CliResult:
        done = subprocess.run(
            [sys.executable, "-m", "compass", *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=300,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    data = tmp_path_factory.mktemp("plan") / "data"
    run = Workspace(data)
    made = run("demo", "--creators", "12")
    assert made.code == 0, made.err
    engine = make_engine_for_url(f"sqlite:///{data / 'compass.sqlite3'}", "test")
    update_settings(engine, local_user(engine), timezone=ZONE)
    engine.dispose()
    return run


def _events(path: Path) -> list[Event]:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


@pytest.mark.parametrize(("weeks", "tz"), [(1, None), (2, "Asia/Tokyo")])
def test_the_calendar_holds_the_plans_posts_in_the_zone_inside_the_weeks_asked(
    workspace: Workspace, tmp_path: Path, weeks: int, tz: str | None
) -> None:
    zone = tz or ZONE  # the owner's own unless --tz says otherwise
    ics = tmp_path / "plan.ics"
    before = datetime.now(UTC).replace(microsecond=0)  # DTSTAMP and the plan's start have whole seconds
    args = ["plan", "--niche", NICHE, "--weeks", str(weeks), "--ics", str(ics), "--json"]
    result = workspace(*args, *(["--tz", tz] if tz else []))
    after = datetime.now(UTC)
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["timezone"] == zone and plan["weeks"] == weeks

    events = _events(ics)
    items = plan["items"]
    assert len(events) == len(items) == weeks * plan["posts_per_week"]
    for event, item in zip(events, items, strict=True):
        start = event["DTSTART"]
        assert start.params["TZID"] == zone
        assert before <= start.dt < after + timedelta(weeks=weeks)
        assert start.dt.hour == item["local_hour"] == int(item["slot"].split()[1][:2])
        assert start.dt.strftime("%A") == item["weekday"]
        # the JSON and the calendar agree: same post, same instant, same reason
        assert str(event["UID"]) == item["uid"]
        assert start.dt == datetime.fromisoformat(item["start"])
        assert event["DTEND"].dt == datetime.fromisoformat(item["end"])
        assert str(event["SUMMARY"]) == item["title"]
        assert item["why"] in str(event["DESCRIPTION"])
        assert before <= event["DTSTAMP"].dt <= after


def test_text_output_lists_the_posts_and_says_where_the_calendar_went(
    workspace: Workspace, tmp_path: Path
) -> None:
    ics = tmp_path / "plan.ics"
    result = workspace("plan", "--niche", NICHE, "--ics", str(ics))
    assert result.code == 0, result.err
    assert f"times in {ZONE}" in result.out and "posts a week" in result.out
    assert f"Wrote {len(_events(ics))} posts to {ics}" in result.out
    assert "confidence" not in result.out.lower()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--weeks", "0"], "--weeks: 0 is not between 1 and 12"),
        (["--weeks", "13"], "--weeks: 13 is not between 1 and 12"),
        (["--weeks", "two"], "--weeks: 'two' is not a whole number"),
        (["--tz", "Mars/Base"], "--tz: 'Mars/Base' is not a time zone name"),
        (["--ics", "/no/such/folder/plan.ics"], "the folder /no/such/folder does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(workspace: Workspace, args: list[str], says: str) -> None:
    result = workspace("plan", "--niche", NICHE, *args)
    assert result.code == 1 and says in result.err
    assert len(result.err.strip().splitlines()) == 1 and result.out == ""


def test_a_niche_must_be_named_and_exist(workspace: Workspace) -> None:
    missing = workspace("plan")
    assert missing.code == 1 and "--niche" in missing.err and len(missing.err.strip().splitlines()) == 1
    unknown = workspace("plan", "--niche", "No such niche")
    assert unknown.code == 1 and unknown.err.strip() == "error: no niche named 'No such niche'"
