"""The within-creator estimator, its interval and p-value, and Benjamini-Hochberg."""

from __future__ import annotations

import numpy as np
import pytest

from compass.analytics.effects import (
    benjamini_hochberg,
    bootstrap_intervals,
    creator_totals,
    group_stats,
    level_stats,
    within_creator,
)


def _binary(creator, y, in_group, n_creators=None):
    creator, y, in_group = np.asarray(creator), np.asarray(y, float), np.asarray(in_group, bool)
    rows = np.flatnonzero(in_group).astype(np.int32)
    n_creators = n_creators or int(creator.max()) + 1
    return group_stats(creator, y, n_creators, rows, np.zeros(len(rows), np.int64), 1, np.ones(len(y), bool))


def test_within_creator_exact_shift_recovered_whatever_creator_baselines():
    # Creator 0 (baseline log 5) and creator 1 (baseline log 12, much bigger), both +log(1.4) in group.
    creator = [0] * 4 + [1] * 6
    shift = np.log(1.4)
    y = [5, 5, 5 + shift, 5 + shift, 12, 12, 12, 12, 12 + shift, 12 + shift]
    group = [0, 0, 1, 1, 0, 0, 0, 0, 1, 1]
    table = within_creator(_binary(creator, y, group))
    assert table.effect[0] == pytest.approx(0.4)
    assert (table.n_in[0], table.n_out[0], table.creators[0]) == (4, 6, 2)


def test_within_creator_weights_are_harmonic_counts():
    rng = np.random.default_rng(0)
    creator = np.repeat([0, 1, 2], [10, 40, 25])
    group = rng.random(75) < 0.3
    y = rng.normal(0, 1, 75) + np.where(group, [0.1, 0.5, -0.2][0], 0)
    table = within_creator(_binary(creator, y, group))
    d, w = [], []
    for c in range(3):
        a, b = y[(creator == c) & group], y[(creator == c) & ~group]
        d.append(a.mean() - b.mean())
        w.append(len(a) * len(b) / (len(a) + len(b)))
    assert table.estimate[0] == pytest.approx(np.dot(w, d) / np.sum(w))


def test_within_creator_creator_with_one_arm_only_does_not_count():
    creator = [0, 0, 0, 1, 1]
    y = [1, 2, 3, 100, 200]
    group = [1, 0, 0, 1, 1]  # creator 1 never posts outside the group
    table = within_creator(_binary(creator, y, group))
    assert (table.n_in[0], table.n_out[0], table.creators[0]) == (1, 2, 1)
    assert table.estimate[0] == pytest.approx(1 - 2.5)


def test_within_creator_heterogeneous_effects_widen_interval():
    rng = np.random.default_rng(3)
    creator = np.repeat(np.arange(40), 60)
    group = rng.random(len(creator)) < 0.3
    noise = rng.normal(0, 0.3, len(creator))
    same = within_creator(_binary(creator, noise + 0.2 * group, group))
    varied_effect = rng.normal(0.2, 0.5, 40)[creator]
    varied = within_creator(_binary(creator, noise + varied_effect * group, group))
    assert varied.se[0] > 2 * same.se[0]


def test_within_creator_null_data_z_calibrated():
    rng = np.random.default_rng(5)
    z = []
    for _ in range(400):
        creator = np.repeat(np.arange(20), rng.integers(10, 60, 20))
        y = rng.normal(rng.normal(8, 2, 20)[creator], 0.9)
        y[rng.random(len(y)) < 0.02] += rng.uniform(2.3, 4.6)  # viral outliers, as in real data
        group = rng.random(len(y)) < rng.uniform(0.05, 0.4, 20)[creator]
        t = within_creator(_binary(creator, y, group))
        z.append(t.estimate[0] / t.se[0])
    false_alarms = np.mean(np.abs(z) > 1.96)
    assert 0.015 < false_alarms < 0.07


def test_within_creator_interval_contains_estimate_and_p_matches_z():
    rng = np.random.default_rng(8)
    creator = np.repeat(np.arange(30), 50)
    group = rng.random(1500) < 0.25
    t = within_creator(_binary(creator, rng.normal(0, 1, 1500) + 0.3 * group, group))
    assert t.ci_low[0] < t.effect[0] < t.ci_high[0]
    assert t.ci_low[0] == pytest.approx(np.expm1(t.estimate[0] - 1.959964 * t.se[0]))
    assert t.p[0] < 1e-3


def test_bootstrap_intervals_close_to_analytic():
    rng = np.random.default_rng(11)
    creator = np.repeat(np.arange(80), rng.integers(20, 120, 80))
    group = rng.random(len(creator)) < 0.2
    y = rng.normal(rng.normal(9, 2, 80)[creator], 0.8) + np.log(1.3) * group
    stats = _binary(creator, y, group)
    analytic = within_creator(stats)
    low, high, se = bootstrap_intervals(stats, n_boot=1000, seed=1)
    assert se[0] == pytest.approx(analytic.se[0], rel=0.25)
    assert low[0] == pytest.approx(analytic.ci_low[0], abs=0.04)
    assert high[0] == pytest.approx(analytic.ci_high[0], abs=0.04)


def test_group_stats_multi_level_pairs_each_level_against_rest():
    creator = np.array([0, 0, 0, 0])
    y = np.array([1.0, 2.0, 3.0, 4.0])
    video = np.array([0, 1, 1, 3], dtype=np.int32)  # video 1 carries both levels
    level = np.array([0, 0, 1, 1])
    stats = group_stats(creator, y, 1, video, level, 2, np.ones(4, bool))
    assert list(stats.n1[0]) == [2, 2] and list(stats.n0[0]) == [2, 2]
    assert list(stats.s1[0]) == [3, 6] and list(stats.s0[0]) == [7, 4]


@pytest.mark.parametrize("share", [1.0, 0.7])
def test_group_stats_count_only_the_base_videos_with_or_without_shared_totals(share: float):
    """The niche's groupings of one kind share their base: its per-creator totals are computed once and
    handed to each; a base of every video skips the masking. Both must give the counts by hand."""
    rng = np.random.default_rng(4)
    creator, y = rng.integers(0, 5, 200), rng.normal(0, 1, 200)
    base = rng.random(200) < share
    video = np.flatnonzero(rng.random(200) < 0.6)
    level = rng.integers(0, 3, len(video))
    alone = group_stats(creator, y, 5, video, level, 3, base)
    shared = group_stats(creator, y, 5, video, level, 3, base, creator_totals(creator, y, 5, base))
    for c in range(5):
        for lv in range(3):
            inside = np.zeros(200, bool)
            inside[video[level == lv]] = True
            chosen = (creator == c) & base
            for stats in (alone, shared):
                assert stats.n1[c, lv] == (chosen & inside).sum()
                assert stats.n0[c, lv] == (chosen & ~inside).sum()
                assert stats.s1[c, lv] == pytest.approx(y[chosen & inside].sum())
                assert stats.q0[c, lv] == pytest.approx((y[chosen & ~inside] ** 2).sum())


def _assert_same_stats(got, expected) -> None:  # type: ignore[no-untyped-def]
    for part in ("n1", "s1", "q1", "n0", "s0", "q0"):
        np.testing.assert_allclose(
            getattr(got, part), getattr(expected, part), rtol=1e-12, atol=1e-9, err_msg=part
        )


def test_level_stats_are_group_stats_of_one_level_per_video_and_merge_into_coarser_levels():
    """The posting slots' statistics come from one pass (each video in one slot), and the days' and the
    hours' are the slots' added up: both must equal the statistics computed from the videos."""
    rng = np.random.default_rng(9)
    creator, y = rng.integers(0, 6, 400), rng.normal(0, 1, 400)
    y[rng.random(400) < 0.1] = np.nan  # views unknown: no part
    slot = rng.integers(-1, 12, 400)  # -1: no slot, no part
    takes_part = (slot >= 0) & np.isfinite(y)
    rows = np.flatnonzero(slot >= 0)
    of_slots = level_stats(creator, y, 6, slot, 12)
    _assert_same_stats(of_slots, group_stats(creator, y, 6, rows, slot[rows], 12, takes_part))
    day = np.arange(12) // 4
    by_day = group_stats(creator, y, 6, rows, day[slot[rows]], 3, takes_part)
    _assert_same_stats(of_slots.merged(day, 3), by_day)


def test_benjamini_hochberg_matches_hand_computation():
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.005, np.nan]))
    assert list(q[:4]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert np.isnan(q[4])


def test_benjamini_hochberg_q_never_below_p_and_capped_at_one():
    p = np.random.default_rng(2).random(50)
    q = benjamini_hochberg(p)
    assert (q >= p - 1e-12).all() and (q <= 1).all()
