"""Creator and niche metrics: one test per registered metric, on a niche small enough to check by hand."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from compass.analytics.definitions import METRICS
from compass.analytics.features import video_features
from compass.analytics.frame import frame_from_observations
from compass.analytics.metrics import (
    METRIC_COLUMNS,
    _active_weeks,
    creator_metrics,
    metrics_json,
    niche_summary,
    select_leaders,
)
from tests.analytics.helpers import T0, observation, video

C1 = T0 + timedelta(days=20)
C2 = C1 + timedelta(days=30)


def _niche():
    a = [
        video(T0, 100, likes=10, comments=0),
        video(T0 + timedelta(days=1), 300, likes=15, comments=15),
        video(T0 + timedelta(days=15), 2000, likes=100, comments=100, saves=None),
    ]
    b = [video(T0 + timedelta(days=d), 50, likes=5) for d in (0, 7, 14, 21)]
    c = [video(T0 + timedelta(hours=h), 1000, likes=10) for h in (0, 12)]
    return frame_from_observations(
        [
            observation("a", a, followers=1000, captured=C1),
            observation("a", [], followers=1100, captured=C2, video_count=6),
            observation("b", b, followers=500, captured=C1),
            observation("c", c, followers=None, captured=C1),
        ]
    )


@pytest.fixture(scope="module")
def metrics():
    frame = _niche()
    return creator_metrics(frame, video_features(frame)).set_index("handle")


EXPECTED_A = {
    "videos": 3,
    "profile_videos": 6,  # the latest profile shows 6
    "coverage": 0.5,  # 3 collected of the 6
    "median_views": 300,
    "engagement_rate": 0.1,  # median of 10/100, 30/300, 200/2000
    "engagement_rate_followers": 30
    / 1100,  # median of 10, 30, 200 interactions over the latest 1,100 followers
    "videos_per_week": 2 / (15 / 7),
    "consistency": 2 / 3,  # weeks 0 and 2 of weeks 0-2
    "days_since_post": 35.0,  # last video on day 15, profile last collected on day 50 (C2)
    "followers": 1100,
    "follower_growth": 0.1,  # +10% over 30 days
    "outliers": 1,  # 2000 >= 5 x 300
    "percentile": 50.0,  # medians 300, 50, 1000: a is in the middle of three
}


def test_metric_registry_every_metric_has_a_column_and_a_test():
    assert set(METRICS) == set(EXPECTED_A)
    assert list(METRIC_COLUMNS) == ["handle", *METRICS]
    for definition in METRICS.values():
        assert definition.formula and definition.label


@pytest.mark.parametrize("key", list(EXPECTED_A))
def test_metric_value_matches_hand_computation(metrics, key):
    assert metrics.loc["a", key] == pytest.approx(EXPECTED_A[key])


def test_metrics_undefined_cases_are_nan(metrics):
    assert np.isnan(metrics.loc["b", "follower_growth"])  # a single snapshot
    assert np.isnan(metrics.loc["c", "followers"]) and np.isnan(metrics.loc["c", "engagement_rate_followers"])
    assert metrics.loc["b", "videos_per_week"] == pytest.approx(1.0)
    assert metrics.loc["b", "consistency"] == 1.0
    assert metrics.loc["c", "videos_per_week"] == pytest.approx(14.0)
    assert list(metrics["percentile"]) == pytest.approx([50, 100 / 6, 500 / 6])


def test_metrics_json_nan_is_null_and_counts_are_ints(metrics):
    rows = metrics_json(metrics.reset_index())
    assert rows[0]["handle"] == "a" and rows[0]["followers"] == 1100 and isinstance(rows[0]["videos"], int)
    assert rows[1]["follower_growth"] is None


def test_metrics_coverage_is_unknown_without_a_profile_count(metrics):
    assert np.isnan(metrics.loc["b", "coverage"]) and np.isnan(metrics.loc["b", "profile_videos"])


def test_niche_summary_names_the_thinly_covered_creators():
    frame = frame_from_observations(
        [
            observation("thin", [video(T0, 100)], video_count=10),
            observation("whole", [video(T0, 100), video(T0 + timedelta(days=1), 100)], video_count=2),
            observation("unknown", [video(T0, 100)]),
        ]
    )
    summary = niche_summary(creator_metrics(frame, video_features(frame)))
    assert summary["thinly_covered"] == ["thin"]


def test_niche_summary_medians_over_creators(metrics):
    summary = niche_summary(metrics.reset_index())
    assert summary["creators"] == 3 and summary["videos"] == 9
    assert summary["median_views"] == 300 and summary["outliers"] == 1


def test_select_leaders_top_share_by_median_views_without_the_user(metrics):
    m = metrics.reset_index()
    assert list(select_leaders(m, share=0.25, min_videos=2, minimum=1)) == [2]
    assert list(select_leaders(m, share=0.25, min_videos=2, minimum=2, exclude=2)) == [0, 1]
    assert list(select_leaders(m, min_videos=4, minimum=3)) == [1]


def test_against_niche_places_the_creator_among_the_others():
    import pandas as pd

    from compass.analytics.metrics import KEY_FIGURES, against_niche

    rows = {key: [1.0, 2.0, 3.0, 4.0, 5.0] for key, _ in KEY_FIGURES}
    rows["days_since_post"] = [1.0, 2.0, 3.0, 4.0, 5.0]
    metrics = pd.DataFrame({"handle": ["me", "b", "c", "d", "e"], **rows})
    table = against_niche(metrics, "me").set_index("metric")
    views = table.loc["median_views"]
    assert (views["you"], views["p25"], views["median"], views["p75"]) == (1.0, 2.75, 3.5, 4.25)
    assert views["standing"] == 0.0  # below every other creator
    assert table.loc["days_since_post", "standing"] == 100.0  # posted most recently: less is better
    assert against_niche(metrics, "nobody").empty


@pytest.mark.parametrize("order", ["frame order", "shuffled"])
def test_active_weeks_count_each_creators_distinct_weeks_in_any_row_order(order: str) -> None:
    creator = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
    week = np.array([0, 0, 3, 1, 1, 0, 1, 2, 2])
    if order == "shuffled":
        shuffle = np.random.default_rng(3).permutation(len(creator))
        creator, week = creator[shuffle], week[shuffle]
    assert _active_weeks(creator, week, 4).tolist() == [2, 1, 3, 0]
