"""Similarity and success scoring of candidate creators against the seeds, with reasons."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from compass.discovery.fingerprint import Fingerprint, fingerprint, merge, terms
from compass.discovery.scoring import rank, score, success_score
from compass.records import CreatorRecord, ProfileStats, SoundRecord, VideoRecord, VideoStats


def fp(
    handle: str,
    tags: dict[str, int],
    *,
    sounds: set[str] = frozenset(),
    views: float | None = 1000,
    followers: int | None = 10_000,
    words: dict[str, int] | None = None,
) -> Fingerprint:
    return Fingerprint(handle, Counter(tags), frozenset(sounds), Counter(words or {}), followers, views)


SEEDS = fp(
    "me",
    {"gymtok": 10, "homeworkout": 6, "legday": 3},
    sounds={"s1", "s2"},
    views=2000,
    followers=5000,
    words={"squat": 3, "workout": 5},
)


def test_score_shared_hashtags_rank_above_unrelated_creator() -> None:
    similar = score(fp("lifter", {"gymtok": 8, "legday": 5}), SEEDS)
    unrelated = score(fp("chef", {"pasta": 9, "recipe": 4}), SEEDS)
    assert similar.similarity > 0.3 > unrelated.similarity
    assert unrelated.similarity == 0


def test_score_reasons_name_shared_hashtags_sounds_and_level() -> None:
    suggestion = score(fp("lifter", {"gymtok": 8}, sounds={"s1"}, views=40_000), SEEDS)
    assert "#gymtok" in suggestion.reason
    assert "1 of the same sounds" in suggestion.reason
    assert "median views 20x the seeds'" in suggestion.reason


def test_success_score_is_half_at_the_seeds_level_and_grows_with_reach() -> None:
    same = success_score(fp("a", {}, views=2000, followers=5000), SEEDS)
    bigger = success_score(fp("b", {}, views=200_000, followers=500_000), SEEDS)
    smaller = success_score(fp("c", {}, views=20, followers=50), SEEDS)
    assert abs(same - 0.5) < 1e-9 and bigger > 0.9 and smaller < 0.1


def test_rank_orders_by_similarity_weighted_by_success_and_drops_excluded() -> None:
    big_similar = fp("big", {"gymtok": 8, "homeworkout": 4}, views=100_000)
    small_similar = fp("small", {"gymtok": 8, "homeworkout": 4}, views=100)
    chef = fp("chef", {"pasta": 9})
    ranked = rank(
        [(big_similar, ["#gymtok"]), (small_similar, []), (chef, []), (fp("me2", {"gymtok": 1}), [])],
        SEEDS,
        exclude={"me2"},
    )
    assert [s.handle for s in ranked] == ["big", "small"]
    assert ranked[0].found_via == ("#gymtok",)


def test_fingerprint_ignores_generic_hashtags_and_original_sounds() -> None:
    videos = [
        VideoRecord(
            "7000000000000000001",
            datetime(2025, 1, 1, tzinfo=UTC),
            caption="Squat day! #fyp #gymtok",
            stats=VideoStats(views=100, likes=10, comments=1, shares=1, saves=0),
            hashtags=("fyp", "gymtok"),
            sound=SoundRecord("1", "beat", original=False),
        ),
        VideoRecord(
            "7000000000000000002",
            datetime(2025, 1, 2, tzinfo=UTC),
            hashtags=("viral",),
            stats=VideoStats(views=300, likes=30, comments=3, shares=3, saves=3),
            sound=SoundRecord("2", "original sound", original=True),
        ),
    ]
    result = fingerprint(CreatorRecord("me", bio="Home workouts", stats=ProfileStats(followers=5)), videos)
    assert result.hashtags == Counter({"gymtok": 1})
    assert result.sounds == frozenset({"1"})
    assert result.median_views == 200 and result.engagement == 0.125  # median of 0.12 and 0.13
    assert {"squat", "home", "workouts"} <= set(result.words)


def test_terms_skip_hashtags_mentions_and_stopwords() -> None:
    assert terms("Try this with @coach #gymtok squats") == Counter({"try": 1, "squats": 1})


def test_merge_of_seeds_pools_hashtags_and_takes_the_median_level() -> None:
    merged = merge(
        [fp("a", {"x": 1}, views=100, followers=10), fp("b", {"x": 2, "y": 1}, views=300, followers=30)]
    )
    assert merged.hashtags == Counter({"x": 3, "y": 1})
    assert merged.median_views == 200 and merged.followers == 20
