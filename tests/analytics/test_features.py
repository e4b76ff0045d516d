"""Per-video features, each against a hand computation."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from compass.analytics.definitions import VIDEO_FEATURES
from compass.analytics.features import (
    CADENCE_LABELS,
    DURATION_LABELS,
    HASHTAG_COUNT_LABELS,
    _window_counts,
    video_features,
)
from compass.analytics.frame import frame_from_observations
from compass.errors import CompassError
from compass.records import SoundRecord
from tests.analytics.helpers import T0, observation, video


def _features(*observations, tz="UTC"):
    return video_features(frame_from_observations(observations), tz).videos


def test_video_features_every_defined_feature_is_a_column():
    v = _features(observation("a", [video(T0, 10)]))
    missing = [key for key in VIDEO_FEATURES if key not in v.columns and key not in ("hashtag_count",)]
    assert not missing and "hashtag_count" in v.columns


def test_engagement_rate_per_view_is_interactions_over_views():
    v = _features(
        observation("a", [video(T0, 1000, likes=50, comments=5, shares=3, saves=2)], followers=4000)
    )
    assert v["interactions"].iloc[0] == 60
    assert v["engagement_rate"].iloc[0] == pytest.approx(0.06)
    assert v["engagement_rate_followers"].iloc[0] == pytest.approx(0.015)


def test_engagement_rate_unreported_saves_add_nothing_and_zero_views_no_rate():
    v = _features(
        observation(
            "a",
            [
                video(T0, 1000, likes=50, saves=None, comments=None, shares=None),
                video(T0 + timedelta(hours=1), 0, likes=0),
            ],
            followers=None,
        )
    )
    assert v["engagement_rate"].iloc[0] == pytest.approx(0.05)
    assert np.isnan(v["engagement_rate"].iloc[1])
    assert v["engagement_rate_followers"].isna().all()


def test_rel_views_relative_to_creators_own_median():
    a = [video(T0 + timedelta(days=i), views) for i, views in enumerate((100, 200, 300))]
    b = [video(T0 + timedelta(days=i), views) for i, views in enumerate((10_000, 20_000))]
    v = _features(observation("a", a), observation("b", b))
    assert list(v["rel_views"]) == pytest.approx([0.5, 1.0, 1.5, 10_000 / 15_000, 20_000 / 15_000])


def test_hour_and_weekday_read_in_given_time_zone():
    monday_2300 = T0 + timedelta(hours=23)  # Monday 23:00 UTC = Tuesday 00:00 in Paris (winter)
    utc = _features(observation("a", [video(monday_2300, 1)]))
    paris = _features(observation("a", [video(monday_2300, 1)]), tz="Europe/Paris")
    assert (utc["weekday"].iloc[0], utc["hour"].iloc[0]) == (0, 23)
    assert (paris["weekday"].iloc[0], paris["hour"].iloc[0]) == (1, 0)
    assert paris["hour_band"].iloc[0] == 0


def test_time_zone_per_creator_mapping_applies_to_that_creator_only():
    v = _features(
        observation("a", [video(T0, 1)]), observation("b", [video(T0, 1)]), tz={"@A": "America/New_York"}
    )
    assert list(v["hour"]) == [19, 0] and list(v["weekday"]) == [6, 0]


def test_unknown_time_zone_raises():
    with pytest.raises(CompassError):
        _features(observation("a", [video(T0, 1)]), tz="Nowhere/Land")


@pytest.mark.parametrize(
    ("duration", "photo", "band"),
    [
        (5, False, 1),
        (15, False, 1),
        (16, False, 2),
        (30, False, 2),
        (31, False, 3),
        (60, False, 3),
        (61, False, 4),
        (None, False, -1),
        (None, True, 0),
    ],
)
def test_duration_band_edges(duration, photo, band):
    v = _features(observation("a", [video(T0, 1, duration=duration, is_photo=photo)]))
    assert v["duration_band"].iloc[0] == band
    assert len(DURATION_LABELS) == 5


@pytest.mark.parametrize(("count", "band"), [(0, 0), (1, 1), (3, 1), (4, 2), (6, 2), (7, 3)])
def test_hashtag_count_and_band(count, band):
    v = _features(observation("a", [video(T0, 1, hashtags=[f"t{i}" for i in range(count)])]))
    assert v["hashtag_count"].iloc[0] == count and v["hashtag_band"].iloc[0] == band
    assert len(HASHTAG_COUNT_LABELS) == 4


def test_cadence_gap_since_previous_video_and_band():
    times = [T0, T0 + timedelta(hours=5), T0 + timedelta(hours=5 + 48), T0 + timedelta(hours=5 + 48 + 100)]
    v = _features(observation("a", [video(t, 1) for t in times]))
    assert np.isnan(v["gap_before_h"].iloc[0])
    assert list(v["gap_before_h"].iloc[1:]) == pytest.approx([5, 48, 100])
    assert list(v["cadence_band"]) == [-1, 0, 1, 2]
    assert list(v["videos_prev_7d"]) == [0, 1, 2, 3]  # 153 h: all three within the week
    assert len(CADENCE_LABELS) == 3


def test_sound_rising_when_niche_uses_grow():
    hit = SoundRecord("7000000000000000001", "Golden Hearts", "DJ Mia", original=False)
    other = SoundRecord("7000000000000000002", "Slow Roads", "DJ Ben", original=False)
    start = T0 + timedelta(days=20)
    uses = [video(start - timedelta(days=d), 1, sound=hit) for d in (1, 2, 3)]  # 3 uses in the last week
    quiet = [
        video(start - timedelta(days=d), 1, sound=other) for d in (8, 9, 10, 2)
    ]  # 3 the week before, 1 last
    early = [video(T0, 1, sound=other)]  # the niche's first video: no two weeks of history, not judged
    probe = [
        video(start, 1, sound=hit),
        video(start, 1, sound=other),
        video(start, 1, sound=SoundRecord("7000000000000000003", "original sound - a", "a", original=True)),
    ]
    frame = frame_from_observations([observation("a", early + uses + quiet + probe)])
    v = video_features(frame).videos
    probes = v[v["posted_s"] == int(start.timestamp())].sort_values("sound")
    assert sorted(probes["sound_rising"]) == [-1, 0, 1]
    assert v[v["posted_s"] == int(T0.timestamp())]["sound_rising"].iloc[0] == -1


@pytest.mark.parametrize("in_order", [False, True], ids=["shuffled", "in (group, time) order"])
@pytest.mark.parametrize(
    ("span", "windows"),
    [
        (10**6, [(50_000, 10_000), (7_000, 0)]),
        # Many videos of a group at the same second, and windows that share a distance back (as the
        # rising sounds' do): each distance is searched once, and "nothing back" is where a run starts.
        (2_000, [(300, 0), (600, 300)]),
    ],
    ids=["sparse times", "equal times, shared bounds"],
)
def test_window_counts_match_brute_force(in_order: bool, span: int, windows: list[tuple[int, int]]) -> None:
    rng = np.random.default_rng(1)
    group, t = rng.integers(0, 5, 400), rng.integers(0, span, 400)
    if in_order:  # the videos' own order, where no sort is needed
        order = np.lexsort((t, group))
        group, t = group[order], t[order]
    member = rng.random(400) < 0.7
    for got, (back_from, back_to) in zip(_window_counts(group, t, member, windows), windows, strict=True):
        expected = [
            (
                (member & (group == group[i]) & (t >= t[i] - back_from) & (t < t[i] - back_to)).sum()
                if member[i]
                else 0
            )
            for i in range(400)
        ]
        assert list(got) == expected
