"""The Insights page's chart specs carry exactly the digest's tables, and the cadence chart the selection
the table beside it reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from compass.analytics import analyze
from compass.analytics.digest import LEADERBOARD_KINDS, digest_of
from compass.synthetic import NicheSpec, PlantedEffects
from compass.web.charts import CREATOR_SELECTION, FADED, insight_specs
from tests.analytics.helpers import generated

END = datetime(2025, 6, 1, tzinfo=UTC)


def _data(spec: dict, name: str | None = None) -> pd.DataFrame:
    datasets = spec["datasets"]
    key = name or spec["data"]["name"]
    return pd.DataFrame(datasets[key])


def test_chart_specs_hold_the_digest_tables() -> None:
    frame = generated(
        NicheSpec(
            n_creators=40,
            videos_per_creator=(60, 100),
            start=END - timedelta(days=200),
            end=END,
            seed=11,
            effects=PlantedEffects(weekday={1: 1.5}, hour={18: 1.5, 19: 1.5, 20: 1.5}),
        )
    )
    you = str(frame.creators["handle"].iloc[4])
    digest = digest_of(analyze(frame, you=you, tz="UTC"), timezone="UTC")
    specs = insight_specs(digest, LEADERBOARD_KINDS)

    heat = _data(specs["posting_times"])
    estimated = digest.posting_times[digest.posting_times["effect"].notna()].reset_index(drop=True)
    pd.testing.assert_frame_equal(heat[list(estimated.columns)], estimated, check_dtype=False)
    assert heat["shown"].tolist() == (estimated["status"] == "shown").tolist()
    assert heat["shown"].any() and not heat["shown"].all()  # Tuesday evening passes, most slots do not
    assert specs["posting_times"]["encoding"]["x"]["title"] == "hours (UTC)"
    assert specs["posting_times"]["encoding"]["opacity"]["value"] == FADED  # below the bar: faded
    bands = _data(specs["lengths"])
    assert (
        bands["duration_band"].tolist() == digest.lengths.dropna(subset=["effect"])["duration_band"].tolist()
    )

    cadence = specs["cadence"]
    assert [p["name"] for p in cadence["params"]] == [CREATOR_SELECTION]
    points = _data(cadence)
    assert points.loc[points["you"], "handle"].tolist() == [you]
    assert set(points.loc[points["you"], "who"]) == {"you"}  # the legend names the pink point
    assert cadence["encoding"]["color"]["scale"]["domain"] == ["you", "the niche's other creators"]
    assert len(points) == digest.metrics[["videos_per_week", "median_views"]].notna().all(axis=1).sum()

    hashtags = _data(specs["hashtag"])
    expected = digest.leaderboard[digest.leaderboard["kind"] == "hashtag"].sort_values(
        "effect", ascending=False
    )
    assert hashtags["group"].tolist() == expected["group"].tolist()
    assert hashtags["shown"].tolist() == (expected["status"] == "shown").tolist()
