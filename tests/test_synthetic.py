"""The synthetic niche generator: deterministic, realistic, valid records, and planted effects exact."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from compass.records import is_video_id, normalize_handle, posted_at_from_video_id
from compass.synthetic import NicheSpec, PlantedEffects, generate_niche, iter_niche, opens_with_question

SMALL = NicheSpec(name="fitness", n_creators=12, videos_per_creator=(5, 60), seed=7)
# Large niches for effect checks: many videos per creator, so each creator's own median is precise.
LARGE = NicheSpec(name="fitness", n_creators=250, videos_per_creator=(150, 300), seed=101)
TUESDAY = PlantedEffects(weekday={1: 1.40})
OTHERS = PlantedEffects(
    hour={18: 1.5},
    long_video=(60, 0.75),
    hashtag={"gymtok": 1.25, "fyp": 0.8},
    original_sound=1.2,
    question_hook=1.3,
)


def _frame(observations) -> pd.DataFrame:
    rows = [
        (
            o.creator.handle,
            v.posted_at,
            v.duration_s,
            v.stats.views,
            v.sound.original,
            opens_with_question(v.caption),
            "gymtok" in v.hashtags,
            "fyp" in v.hashtags,
        )
        for o in observations
        for v in o.videos
    ]
    df = pd.DataFrame(
        rows, columns=["creator", "posted_at", "duration", "views", "original", "question", "gymtok", "fyp"]
    )
    df["weekday"] = df.posted_at.dt.day_of_week
    df["hour"] = df.posted_at.dt.hour
    df["long"] = df.duration.fillna(0) > 60
    df["rel"] = df.views / df.groupby("creator").views.transform("median")
    df["log_views"] = np.log(df.views.clip(lower=1))
    return df


def _median_ratio(df: pd.DataFrame, mask: pd.Series) -> float:
    """Median of views relative to the creator's own median, in the group vs outside it."""
    return float(df.rel[mask].median() / df.rel[~mask].median())


def _within_creator_ratio(df: pd.DataFrame, mask: pd.Series) -> float:
    """Each creator's mean log-views in the group minus outside it, pooled: unbiased for a planted lift."""
    g = df.assign(m=mask).groupby(["creator", "m"]).log_views.agg(["mean", "size"]).unstack().dropna()
    n1, n0 = g["size"][True], g["size"][False]
    weight = n1 * n0 / (n1 + n0)
    return float(np.exp(((g["mean"][True] - g["mean"][False]) * weight).sum() / weight.sum()))


def _groups(df: pd.DataFrame) -> dict[str, pd.Series]:
    groups = {f"weekday={d}": df.weekday == d for d in range(7)}
    groups |= {f"hours {h}-{h + 5}": df.hour.between(h, h + 5) for h in range(0, 24, 6)}
    return groups | {
        "long": df.long,
        "original": df.original.astype(bool),
        "question": df.question,
        "gymtok": df.gymtok,
        "fyp": df.fyp,
    }


@pytest.fixture(scope="module")
def null_niche() -> pd.DataFrame:
    return _frame(iter_niche(LARGE, LARGE.end))


@pytest.fixture(scope="module")
def tuesday_niche() -> pd.DataFrame:
    return _frame(iter_niche(replace(LARGE, effects=TUESDAY), LARGE.end))


@pytest.fixture(scope="module")
def others_niche() -> pd.DataFrame:
    return _frame(iter_niche(replace(LARGE, effects=OTHERS), LARGE.end))


def test_generate_niche_same_seed_identical_output():
    assert generate_niche(SMALL, SMALL.end) == generate_niche(SMALL, SMALL.end)


def test_generate_niche_other_seed_or_name_differs_without_collisions():
    base = generate_niche(SMALL, SMALL.end)
    for other in (replace(SMALL, seed=8), replace(SMALL, name="cooking")):
        obs = generate_niche(other, other.end)
        assert obs != base
        for key in (
            lambda o: {o.creator.handle},
            lambda o: {o.creator.tiktok_id},
            lambda o: {o.creator.sec_uid},
            lambda o: {v.tiktok_id for v in o.videos},
        ):
            assert not set().union(*map(key, base)) & set().union(*map(key, obs))


def test_iter_niche_streamed_equals_generate_niche():
    assert list(iter_niche(SMALL, SMALL.end)) == generate_niche(SMALL, SMALL.end)


def test_iter_niche_more_creators_keeps_earlier_creators_unchanged():
    bigger = generate_niche(replace(SMALL, n_creators=20), SMALL.end)
    assert bigger[: SMALL.n_creators] == generate_niche(SMALL, SMALL.end)


def test_generate_niche_counts_match_spec():
    obs = generate_niche(SMALL, SMALL.end)
    assert len(obs) == SMALL.n_creators
    lo, hi = SMALL.videos_per_creator
    for o in obs:
        assert lo <= len(o.videos) <= hi
        assert o.creator.stats.video_count >= len(o.videos)
        assert all(SMALL.start <= v.posted_at < SMALL.end for v in o.videos)
        assert [v.posted_at for v in o.videos] == sorted((v.posted_at for v in o.videos), reverse=True)


def test_video_ids_decode_to_posted_at():
    for o in generate_niche(SMALL, SMALL.end):
        for v in o.videos:
            assert posted_at_from_video_id(v.tiktok_id) == v.posted_at
            if v.sound.original:
                assert posted_at_from_video_id(v.sound.tiktok_id) == v.posted_at


def test_creator_ids_match_tiktok_formats_and_are_unique():
    obs = generate_niche(replace(SMALL, n_creators=200, videos_per_creator=(1, 3)), SMALL.end)
    for o in obs:
        assert re.fullmatch(r"[67]\d{18}", o.creator.tiktok_id)
        assert re.fullmatch(r"MS4wLjABAAAA[A-Za-z0-9_-]{55}", o.creator.sec_uid)
    for key in (lambda o: o.creator.tiktok_id, lambda o: o.creator.sec_uid):
        assert len({key(o) for o in obs}) == len(obs)


def test_handles_large_niche_unique_and_valid():
    spec = replace(SMALL, n_creators=3000, videos_per_creator=(1, 1))
    handles = [o.creator.handle for o in iter_niche(spec, spec.end)]
    assert len(set(handles)) == len(handles)
    for h in handles:
        assert normalize_handle(h) == h and len(h) <= 24 and not h.endswith(".")


def test_video_records_every_value_valid():
    obs = generate_niche(replace(SMALL, n_creators=40), SMALL.end)
    video_ids = [v.tiktok_id for o in obs for v in o.videos]
    assert len(set(video_ids)) == len(video_ids)
    original_sound_ids = [v.sound.tiktok_id for o in obs for v in o.videos if v.sound.original]
    assert len(set(original_sound_ids)) == len(original_sound_ids)
    for o in obs:
        c = o.creator
        assert c.nickname and c.bio and c.private is False and isinstance(c.verified, bool)
        assert c.stats.followers >= 1000 and c.stats.following >= 0
        assert c.stats.likes >= sum(v.stats.likes for v in o.videos)
        assert o.source == "synthetic" and o.captured_at == SMALL.end
        assert sum(v.is_pinned for v in o.videos) <= 3
        for v in o.videos:
            assert is_video_id(v.tiktok_id) and v.posted_at.tzinfo is not None
            s = v.stats
            assert all(isinstance(x, int) and x >= 0 for x in s.as_tuple())
            assert max(s.likes, s.comments, s.shares, s.saves) <= s.views
            if v.is_photo:
                assert v.duration_s is None
            else:
                assert v.is_photo is False and 5 <= v.duration_s <= 180
            assert 0 <= len(v.hashtags) <= 11 and len(set(v.hashtags)) == len(v.hashtags)
            assert all(re.fullmatch(r"[a-z0-9_]+", t) for t in v.hashtags)
            assert isinstance(v.caption, str) and all(f"#{t}" in v.caption for t in v.hashtags)
            assert (
                v.sound.tiktok_id and v.sound.title and v.sound.author and v.sound.original in (True, False)
            )
            assert v.is_ad is False and isinstance(v.is_pinned, bool)


def test_sounds_trending_reused_across_creators():
    obs = generate_niche(replace(SMALL, n_creators=40), SMALL.end)
    users: dict[str, set[str]] = {}
    for o in obs:
        for v in o.videos:
            if not v.sound.original:
                users.setdefault(v.sound.tiktok_id, set()).add(o.creator.handle)
    assert max(map(len, users.values())) >= 5


def test_distributions_large_niche_heavy_tailed(null_niche):
    views = np.sort(null_niche.views.to_numpy())[::-1]
    assert views[: len(views) // 100].sum() / views.sum() > 0.3  # top 1% of videos hold > 30% of views
    log_rel = np.log(null_niche.rel.clip(lower=1e-3))
    assert 0.7 < log_rel.std() < 1.2
    assert 0.005 < (null_niche.rel > 10).mean() < 0.05  # viral outliers beyond 10x the creator's median
    followers = [
        o.creator.stats.followers
        for o in iter_niche(replace(LARGE, n_creators=400, videos_per_creator=(1, 1)), LARGE.end)
    ]
    assert min(followers) < 5_000 and max(followers) > 5_000_000


def test_engagement_rates_in_realistic_ranges(null_niche):
    obs = generate_niche(replace(SMALL, n_creators=60), SMALL.end)
    stats = np.array([v.stats.as_tuple() for o in obs for v in o.videos], dtype=float)
    rates = np.median(stats[:, 1:] / stats[:, :1].clip(min=1), axis=0)
    likes, comments, shares, saves = rates
    assert 0.05 < likes < 0.15 and 0.001 < comments < 0.01 and 0.001 < shares < 0.02 and 0.001 < saves < 0.02


def test_tuesday_effect_planted_ratio_near_1_4(tuesday_niche):
    tuesday = tuesday_niche.weekday == 1
    assert _median_ratio(tuesday_niche, tuesday) == pytest.approx(1.4, abs=0.06)
    assert _within_creator_ratio(tuesday_niche, tuesday) == pytest.approx(1.4, abs=0.06)


def test_null_niche_no_grouping_variable_related_to_views(null_niche):
    for name, mask in _groups(null_niche).items():
        n = min(mask.sum(), (~mask).sum())
        tol = 4 * 1.3 / np.sqrt(n)  # 4 standard errors of a log-median difference
        assert abs(np.log(_median_ratio(null_niche, mask))) < tol, name
        assert abs(np.log(_within_creator_ratio(null_niche, mask))) < tol, name


def test_other_effects_planted_recovered_within_creator(others_niche):
    expected = {"hour18": 1.5, "long": 0.75, "gymtok": 1.25, "fyp": 0.8, "original": 1.2, "question": 1.3}
    masks = {
        "hour18": others_niche.hour == 18,
        "long": others_niche.long,
        "gymtok": others_niche.gymtok,
        "fyp": others_niche.fyp,
        "original": others_niche.original.astype(bool),
        "question": others_niche.question,
    }
    for name, lift in expected.items():
        assert _within_creator_ratio(others_niche, masks[name]) == pytest.approx(lift, rel=0.06), name
    assert _within_creator_ratio(others_niche, others_niche.weekday == 1) == pytest.approx(1.0, abs=0.05)


def test_noise_scale_zero_views_proportional_to_planted_lift():
    effects = PlantedEffects(
        weekday={1: 1.4, 5: 0.7},
        hour={20: 1.3},
        long_video=(60, 0.5),
        hashtag={"newtag": 2.0},
        original_sound=1.2,
        question_hook=1.5,
    )
    spec = replace(SMALL, n_creators=20, effects=effects, noise_scale=0.0)
    lifted = 0
    for o in generate_niche(spec, spec.end):
        lifts = np.array([effects.lift_of(v) for v in o.videos])
        views = np.array([v.stats.views for v in o.videos])
        # One baseline explains every video up to integer rounding: views = round(baseline * lift).
        assert ((views - 1) / lifts).max() < ((views + 1) / lifts).min()
        lifted += (lifts != 1).sum()
    assert lifted > 100


def test_planted_hashtag_outside_vocabulary_occurs():
    spec = replace(SMALL, effects=PlantedEffects(hashtag={"#BrandNewTag": 1.3}))
    assert spec.effects.hashtag == {"brandnewtag": 1.3}
    videos = [v for o in generate_niche(spec, spec.end) for v in o.videos]
    assert 0.03 < np.mean(["brandnewtag" in v.hashtags for v in videos]) < 0.6


def test_captions_hooks_occur_naturally():
    captions = [v.caption for o in generate_niche(SMALL, SMALL.end) for v in o.videos]
    assert 0.1 < np.mean([opens_with_question(c) for c in captions]) < 0.4
    assert any(re.match(r"\d+ ", c) for c in captions)
    assert any(c.startswith(("Stop", "Try", "Watch", "Don't", "Never", "Save")) for c in captions)
    assert any(c.startswith("#") for c in captions)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Did you know this about creatine? 💪 #gym", True),
        ("Want to lose fat? Follow for more.", True),
        ("3 ways to lose fat. Want more?", False),
        ("My leg day routine 🔥 #gym #fyp", False),
        ("#fyp is this real?", False),
        ("", False),
        (None, False),
    ],
)
def test_opens_with_question_caption_classified(caption, expected):
    assert opens_with_question(caption) is expected


def test_unknown_niche_name_builds_own_vocabulary():
    spec = replace(SMALL, name="Rock climbing!")
    tags = {t for o in generate_niche(spec, spec.end) for v in o.videos for t in v.hashtags}
    assert "rockclimbing" in tags


@pytest.mark.parametrize(
    "kwargs",
    [
        {"videos_per_creator": (0, 5)},
        {"videos_per_creator": (9, 5)},
        {"n_creators": -1},
        {"seed": -1},
        {"start": datetime(2024, 7, 1, tzinfo=UTC), "end": datetime(2024, 1, 1, tzinfo=UTC)},
        {"start": datetime(2024, 1, 1)},
        {"noise_scale": -0.5},
    ],
)
def test_niche_spec_invalid_raises(kwargs):
    with pytest.raises(ValueError):
        NicheSpec(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekday": {7: 1.2}},
        {"hour": {24: 1.2}},
        {"original_sound": 0.0},
        {"long_video": (60, -1.0)},
        {"hashtag": {"#": 1.1}},
    ],
)
def test_planted_effects_invalid_raises(kwargs):
    with pytest.raises(ValueError):
        PlantedEffects(**kwargs)


def test_iter_niche_captured_before_end_raises():
    with pytest.raises(ValueError):
        next(iter_niche(SMALL, datetime(2024, 3, 1, tzinfo=UTC)))
