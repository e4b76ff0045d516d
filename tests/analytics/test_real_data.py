"""Metrics on real data (datares/TikTok_Famous, read from ../shared/data at run time) match an independent
recomputation from the raw CSV files with pandas alone.

The raw files overlap (54,261 rows, 50,124 ids) and some repeated rows carry different numbers. Imported
together with one capture time, the latest source wins: a video keeps the numbers of its last row (files
in name order), a creator the followers of its last row. The recomputation below applies that rule.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from compass.analytics.engine import analyze
from compass.importers import ImportOptions
from compass.ingest.files import import_files
from compass.reanalysis.load import load_frame
from tests.conftest import shared_file

CAPTURED = datetime(2020, 12, 20, tzinfo=UTC)
WEEK = 7 * 86_400


def _raw_files():
    folder = shared_file("data/datares_TikTok_Famous")
    return sorted(folder.glob("*vids*.csv"))


def _expected_metrics(files) -> pd.DataFrame:
    frames = [pd.read_csv(f, dtype={"id": str, "user_name": str}) for f in files]
    rows = pd.concat(frames, ignore_index=True).drop_duplicates("id", keep="last")
    rows["handle"] = rows["user_name"].str.lower()
    followers = pd.concat(frames, ignore_index=True).drop_duplicates("user_name", keep="last")
    followers = followers.set_index("user_name")["n_followers"]
    rows["followers"] = rows["user_name"].map(followers).astype(float)
    plays = rows["n_plays"].astype(float)
    interactions = (rows["n_likes"] + rows["n_comments"] + rows["n_shares"]).astype(float)
    rows["er"] = np.where(plays > 0, interactions / plays.where(plays > 0), np.nan)
    rows["erf"] = np.where(
        rows["followers"] > 0, interactions / rows["followers"].where(rows["followers"] > 0), np.nan
    )
    out = []
    for handle, g in rows.groupby("handle"):
        t = g["create_time"].to_numpy(dtype=float)
        span = t.max() - t.min()
        median = g["n_plays"].median()
        weeks = np.floor((t - t.min()) / WEEK)
        out.append(
            {
                "handle": handle,
                "videos": len(g),
                "median_views": median,
                "engagement_rate": g["er"].median(),
                "engagement_rate_followers": g["erf"].median(),
                "videos_per_week": (len(g) - 1) / (span / WEEK) if len(g) > 1 and span > 0 else np.nan,
                "consistency": len(np.unique(weeks)) / (np.floor(span / WEEK) + 1) if len(g) > 1 else np.nan,
                "followers": g["followers"].iloc[0],
                "outliers": int((g["n_plays"] >= 5 * median).sum()),
            }
        )
    expected = pd.DataFrame(out).set_index("handle")
    expected["percentile"] = (expected["median_views"].rank(method="average") - 0.5) / len(expected) * 100
    expected.attrs["hashtags"] = sum(
        len({t.strip().lstrip("#").lower() for t in ast.literal_eval(h) if t.strip().lstrip("#")})
        for h in rows["hashtags"]
    )
    return expected


def test_real_dataset_metrics_match_independent_recomputation(engine: Engine):
    files = _raw_files()
    summary = import_files(engine, files, ImportOptions(captured_at=CAPTURED))
    assert not summary.report.skipped
    frame = load_frame(engine)
    analysis = analyze(frame)
    got = analysis.metrics.set_index("handle")
    expected = _expected_metrics(files)

    assert frame.n_videos == 50_124 and len(got) == len(expected) == 1_794
    assert sorted(got.index) == sorted(expected.index)
    got = got.loc[expected.index]
    for column in ("videos", "outliers"):
        assert (got[column].to_numpy() == expected[column].to_numpy()).all(), column
    for column in (
        "median_views",
        "engagement_rate",
        "engagement_rate_followers",
        "videos_per_week",
        "consistency",
        "followers",
        "percentile",
    ):
        np.testing.assert_allclose(
            got[column].to_numpy(float), expected[column].to_numpy(float), rtol=1e-9, err_msg=column
        )
    assert got["follower_growth"].isna().all()  # one profile snapshot per creator: no growth to measure
    assert len(frame.hashtags) == expected.attrs["hashtags"]

    for insight in analysis.report.insights:  # real data: whatever stands out carries its evidence
        assert insight.n >= 30 and insight.n_other >= 30 and insight.q <= 0.05
        assert insight.ci_low <= insight.effect <= insight.ci_high


def test_real_dataset_posting_hours_read_in_time_zone(engine: Engine):
    files = _raw_files()[-1:]  # top_users_vids.csv
    import_files(engine, files, ImportOptions(captured_at=CAPTURED))
    frame = load_frame(engine)
    raw = pd.read_csv(files[0], dtype={"id": str}).drop_duplicates("id", keep="last")
    for tz in ("UTC", "America/Los_Angeles"):
        features = analyze(frame, tz=tz).features
        local = pd.to_datetime(raw["create_time"], unit="s", utc=True).dt.tz_convert(tz)
        assert (
            np.bincount(features.videos["hour"], minlength=24) == np.bincount(local.dt.hour, minlength=24)
        ).all()
        assert (
            np.bincount(features.videos["weekday"], minlength=7)
            == np.bincount(local.dt.day_of_week, minlength=7)
        ).all()
