"""The engagement rate and the outlier rule exist once: the niche analysis, the Creator page's
table and the discovery fingerprint give one answer for the same videos.

Before, Insights counted outliers at 5x and labelled them 3x, the Creator chart marked 3x, and
engagement was computed three ways: a video with no known counts had rate 0 on the Creator page,
and discovery ignored every video lacking a share count."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, select

from compass.analytics.definitions import METRICS, OUTLIER_RATIO
from compass.analytics.features import video_features
from compass.analytics.frame import frame_from_observations
from compass.analytics.metrics import creator_metrics
from compass.catalog import creator_videos
from compass.discovery.fingerprint import fingerprint
from compass.ingest import ingest
from compass.models import Creator
from compass.records import VideoRecord
from tests.analytics.helpers import T0, observation, video


def niche_videos() -> list[VideoRecord]:
    day = timedelta(days=1)
    return [
        video(
            T0, 1000, likes=50, comments=5, shares=None, saves=None
        ),  # shares unknown: not a reason to drop it
        video(T0 + day, 1000, likes=None, comments=None, shares=None, saves=None),  # nothing known: no rate
        video(T0 + 2 * day, 1000, likes=10, comments=0, shares=0, saves=0),
        video(T0 + 3 * day, int(1000 * OUTLIER_RATIO), likes=10),  # exactly at the ratio: an outlier
        video(T0 + 4 * day, int(1000 * OUTLIER_RATIO) - 1, likes=10),  # just under it: not one
        video(T0 + 5 * day, None, likes=10),  # no views: no rate
    ]


def test_engagement_and_outliers_agree_everywhere(engine: Engine) -> None:
    videos = niche_videos()
    obs = observation("someone", videos)
    frame = frame_from_observations([obs])
    features = video_features(frame)
    by_id = dict(zip(features.videos["tiktok_id"], features.videos["engagement_rate"], strict=True))
    metrics = creator_metrics(frame, features)

    ingest(engine, [obs])
    with engine.connect() as connection:
        creator_id = connection.execute(select(Creator.id)).scalar_one()
    table = creator_videos(engine, creator_id).set_index("tiktok_id")

    for record in videos:
        analysed, shown = by_id[record.tiktok_id], table.loc[record.tiktok_id, "engagement_rate"]
        assert (math.isnan(analysed) and shown is pd.NA) or analysed == pytest.approx(float(shown))
    assert table["outlier"].sum() == metrics["outliers"].iloc[0] == 1

    rates = [r for r in by_id.values() if not math.isnan(r)]
    assert fingerprint(obs.creator, videos).engagement == pytest.approx(float(np.median(rates)))


def test_the_outlier_label_is_the_ratio() -> None:
    assert f"{OUTLIER_RATIO:g} x" in METRICS["outliers"].formula
