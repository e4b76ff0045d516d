"""`export TABLE`: files an analyst opens directly (header on line 1), definitions beside them, in the
niche owner's time zone unless --tz says otherwise."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from compass.analytics.tables import TABLES
from compass.db import make_engine_for_url
from compass.models import Video
from compass.workspace import list_niches, update_settings
from compass.workspace.users import local_user
from tests.cli.conftest import CliRunner

NICHE = "Demo: home fitness"


@pytest.fixture
def demo(cli: CliRunner, cli_env: dict[str, str]) -> Path:
    """The demo workspace (8 creators) in a fresh SQLite file; returns the data folder."""
    result = cli("demo", "--creators", "8")
    assert result.code == 0, result.err
    return Path(cli_env["COMPASS_DATA_DIR"])


def _engine(data: Path):  # type: ignore[no-untyped-def]
    return make_engine_for_url(f"sqlite:///{data / 'compass.sqlite3'}", "test")


@pytest.mark.parametrize("table", TABLES)
def test_every_table_opens_with_pandas_and_has_each_column_defined(
    cli: CliRunner, demo: Path, tmp_path: Path, table: str
) -> None:
    out = tmp_path / f"{table}.csv"
    result = cli("export", table, "--niche", NICHE, "--out", str(out))
    assert result.code == 0, result.err
    rows = pd.read_csv(out)
    # A small niche may have no insight: the file is then its header alone, still a table.
    assert len(rows.columns) > 1 and not any(str(c).startswith(("#", "Unnamed")) for c in rows.columns)
    definitions = pd.read_csv(tmp_path / f"{table}.definitions.csv")
    assert list(definitions.columns) == ["about", "name", "value"]
    defined = set(definitions.loc[definitions["about"] == "column", "name"])
    assert set(rows.columns) - {"hashtags"} <= defined
    selection = dict(definitions.loc[definitions["about"] == "selection", ["name", "value"]].to_numpy())
    assert selection["niche"] == f"niche {NICHE!r}" and selection["table"] == table
    assert set(definitions.loc[definitions["about"] == "collected", "name"]) == {"first", "last"}


def test_videos_table_holds_every_video_of_the_niche_with_its_stored_views(
    cli: CliRunner, demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "videos.csv"
    assert cli("export", "videos", "--niche", NICHE, "--out", str(out)).code == 0
    rows = pd.read_csv(out, dtype={"video_id": str})
    engine = _engine(demo)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Video)).scalar_one()
        first = connection.execute(select(Video.tiktok_id).order_by(Video.id).limit(1)).scalar_one()
    assert len(rows) == stored and rows["video_id"].is_unique
    assert str(first) in set(rows["video_id"])


def test_times_are_in_the_owners_zone_and_tz_overrides_it(cli: CliRunner, demo: Path, tmp_path: Path) -> None:
    engine = _engine(demo)
    owner = local_user(engine)
    assert [n.name for n in list_niches(engine, owner)] == [NICHE]
    update_settings(engine, owner, timezone="America/New_York")

    own = tmp_path / "own.csv"
    assert cli("export", "videos", "--niche", NICHE, "--out", str(own)).code == 0
    offsets = {text[-6:] for text in pd.read_csv(own)["posted"]}
    assert offsets <= {"-05:00", "-04:00"} and offsets
    definitions = pd.read_csv(tmp_path / "own.definitions.csv")
    assert "America/New_York" in set(definitions["value"])

    tokyo = tmp_path / "tokyo.csv"
    assert cli("export", "videos", "--niche", NICHE, "--out", str(tokyo), "--tz", "Asia/Tokyo").code == 0
    assert {text[-6:] for text in pd.read_csv(tokyo)["posted"]} == {"+09:00"}


def test_posting_times_follow_the_zone(cli: CliRunner, demo: Path, tmp_path: Path) -> None:
    """The same videos, counted in two zones nine hours apart, fall in hours nine apart."""
    utc, tokyo = tmp_path / "utc.csv", tmp_path / "tokyo.csv"
    assert cli("export", "videos", "--niche", NICHE, "--out", str(utc), "--tz", "UTC").code == 0
    assert cli("export", "videos", "--niche", NICHE, "--out", str(tokyo), "--tz", "Asia/Tokyo").code == 0
    utc_hours = pd.to_datetime(pd.read_csv(utc)["posted"], utc=True)
    tokyo_local = pd.read_csv(tokyo)["posted"].str.slice(11, 13).astype(int)
    assert (tokyo_local.to_numpy() == ((utc_hours.dt.hour + 9) % 24).to_numpy()).all()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("export", "followers", "--niche", NICHE, "--out", "x.csv"), "invalid choice"),
        (("export", "videos", "--niche", "No such niche", "--out", "x.csv"), "no niche named"),
        (("export", "videos", "--niche", NICHE, "--out", "/no/such/folder/x.csv"), "does not exist"),
        (("export", "videos", "@someone", "--niche", NICHE, "--out", "x.csv"), "not both"),
        (("export", "videos", "--niche", NICHE), "--out"),
    ],
)
def test_bad_export_requests_are_one_line_and_write_nothing(
    cli: CliRunner, demo: Path, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    result = cli(*args)
    assert result.code == 1 and expected in result.err
    assert result.err.strip().count("\n") == 0 and "Traceback" not in result.err
    assert not list(tmp_path.glob("*.csv"))
