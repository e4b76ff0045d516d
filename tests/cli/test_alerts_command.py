"""`alerts --niche NAME`: the JSON shape scripts rely on, repeatable runs (reading does not move the last
visit; --mark-seen does), and a bad --since as one line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from compass.db import make_engine_for_url
from compass.migrations import upgrade
from compass.models import utcnow
from compass.workspace.owner import OwnerId
from compass.workspace.users import local_user
from compass.workspace.visits import last_visit, mark_visit
from tests.cli.conftest import CliRunner
from tests.test_alerts import YogaNiche, build_yoga_niche

ALERT_KINDS = {"outlier_video", "rising_sound", "rising_hashtag", "follower_jump", "new_member"}


def _engine(cli_env: dict[str, str]) -> Engine:
    """The CLI's own SQLite file, migrated."""
    data = Path(cli_env["COMPASS_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    engine = make_engine_for_url(f"sqlite:///{data / 'compass.sqlite3'}", "test")
    upgrade(engine)
    return engine


@pytest.fixture
def yoga(cli_env: dict[str, str]) -> YogaNiche:
    """The local user's niche 'Yoga' in the CLI's database, its changes in the last three days."""
    engine = _engine(cli_env)
    niche = build_yoga_niche(engine, local_user(engine).id, now=utcnow())
    engine.dispose()
    return niche


def test_json_has_the_exact_shape(cli: CliRunner, yoga: YogaNiche) -> None:
    result = cli("alerts", "--niche", "Yoga", "--since", yoga.since.isoformat(), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert isinstance(report, dict) and set(report) == {"since", "alerts"}
    assert report["since"] == yoga.since.isoformat()
    assert [a["kind"] for a in report["alerts"]] == [
        "outlier_video",
        "outlier_video",
        "follower_jump",
        "rising_sound",
        "rising_hashtag",
        "new_member",
    ]
    for alert in report["alerts"]:
        assert {"kind", "creator", "video_id", "text"} <= set(alert) and alert["kind"] in ALERT_KINDS
        assert alert["creator"].startswith("@") and alert["text"]
        names_a_video = alert["kind"] not in {"follower_jump", "new_member"}
        assert isinstance(alert["video_id"], str) if names_a_video else alert["video_id"] is None
    assert report["alerts"][1]["video_id"] == yoga.new_outlier and report["alerts"][1]["views"] == 73_000


def test_reading_is_repeatable_until_marked_seen(
    cli: CliRunner, cli_env: dict[str, str], yoga: YogaNiche
) -> None:
    engine = _engine(cli_env)
    mark_visit(engine, OwnerId(yoga.owner_id), yoga.niche_id, at=yoga.since)
    first = cli("alerts", "--niche", "Yoga", "--json")
    again = cli("alerts", "--niche", "Yoga", "--json")
    assert first.code == again.code == 0 and first.json() == again.json()
    assert first.json()["since"] == yoga.since.isoformat() and len(first.json()["alerts"]) == 6

    marked = cli("alerts", "--niche", "Yoga", "--json", "--mark-seen")
    assert marked.code == 0 and marked.json() == first.json()
    after = cli("alerts", "--niche", "Yoga", "--json").json()
    assert after["alerts"] == [] and last_visit(engine, OwnerId(yoga.owner_id), yoga.niche_id) > yoga.since
    assert after["since"] == last_visit(engine, OwnerId(yoga.owner_id), yoga.niche_id).isoformat()


def test_text_lists_each_alert_under_where_it_starts(cli: CliRunner, yoga: YogaNiche) -> None:
    result = cli("alerts", "--niche", "Yoga", "--since", yoga.since.date().isoformat())
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("What's new in niche 'Yoga' since ") and "(as asked): 6 alerts" in lines[0]
    assert "@ana's followers rose 34% in 3 days, from 10,000 to 13,400" in result.out


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", ""])
def test_a_bad_since_is_one_line_and_exit_1(cli: CliRunner, yoga: YogaNiche, since: str) -> None:
    result = cli("alerts", "--niche", "Yoga", "--since", since)
    assert result.code == 1 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1 and "--since" in result.err


def test_a_start_in_the_future_is_one_line_and_exit_1(cli: CliRunner, yoga: YogaNiche) -> None:
    tomorrow = (utcnow() + timedelta(days=1)).isoformat()
    result = cli("alerts", "--niche", "Yoga", "--since", tomorrow)
    assert (
        result.code == 1 and result.err.strip() == f"error: the alerts' start ({tomorrow}) is not in the past"
    )
