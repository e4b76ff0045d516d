"""The command line reads weekdays and hours in the niche owner's zone, as the app does; --tz overrides it."""

from __future__ import annotations

from pathlib import Path

from compass.db import make_engine_for_url
from compass.workspace import update_settings
from compass.workspace.users import local_user
from tests.cli.conftest import CliRunner


def test_insights_use_the_owners_zone_unless_tz_is_given(cli: CliRunner, cli_env: dict[str, str]) -> None:
    assert cli("demo", "--creators", "8").code == 0
    engine = make_engine_for_url(f"sqlite:///{Path(cli_env['COMPASS_DATA_DIR']) / 'compass.sqlite3'}", "test")
    update_settings(engine, local_user(engine), timezone="America/New_York")

    own = cli("insights", "--niche", "Demo: home fitness")
    assert own.code == 0, own.err
    assert "times in America/New_York" in own.out

    chosen = cli("insights", "--niche", "Demo: home fitness", "--tz", "Asia/Tokyo")
    assert "times in Asia/Tokyo" in chosen.out
