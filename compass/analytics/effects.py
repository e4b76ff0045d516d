"""The within-creator estimator: how much more (or fewer) views videos in a group get than the same
creators' other videos, with its interval and p-value, from per-creator sufficient statistics.

For creator c with n1 videos in the group and n0 outside, d_c = mean log(1 + views) in - out. The pooled
estimate is D = sum(w_c d_c) / sum(w_c) with w_c = n1 n0 / (n1 + n0) (the inverse of the variance factor
1/n1 + 1/n0, so creators with many videos in both arms count more). The effect is exp(D) - 1.

Its variance is the larger of two estimates (Angrist & Pischke's rule against the small-cluster bias of
the robust one):
  model-based   sum(w_c s2_c) / W^2, with s2_c the creator's pooled within-arm variance of log views;
  cluster-robust K/(K-1) sum(w_c^2 (d_c - D)^2) / W^2, creators as clusters (K contributing creators),
which also covers effects that differ between creators. A creator-level bootstrap over the same
statistics (``bootstrap_intervals``) gives the same intervals within a few percent; it resamples
creators, never videos, so it stays cheap at a million videos.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np


@dataclass(frozen=True)
class GroupStats:
    """Per-creator sums for one grouping, each of shape (creators, levels): counts, sums and sums of squares
    of log views, in each level (1) and outside it among the grouping's valid videos (0)."""

    n1: np.ndarray
    s1: np.ndarray
    q1: np.ndarray
    n0: np.ndarray
    s0: np.ndarray
    q0: np.ndarray

    @property
    def n_levels(self) -> int:
        return self.n1.shape[1]

    def merged(self, group_of_level: np.ndarray, n_groups: int) -> GroupStats:
        """Levels counted together, level l into group ``group_of_level[l]``: for statistics where each
        video is in one level (``level_stats``), the same as computing the groups from the videos."""
        into = np.zeros((self.n_levels, n_groups))
        into[np.arange(self.n_levels), group_of_level] = 1.0
        return _one_level_each(self.n1 @ into, self.s1 @ into, self.q1 @ into)

    def of_creators(self, chosen: np.ndarray) -> GroupStats:
        """The statistics of the ``chosen`` creators' videos alone (a boolean per creator): the others'
        rows are zero, exactly as ``group_stats`` gives them when its base holds only the chosen ones."""
        keep = chosen[:, None]
        return GroupStats(
            *(np.where(keep, part, 0.0) for part in (self.n1, self.s1, self.q1, self.n0, self.s0, self.q0))
        )


Totals = tuple[np.ndarray, np.ndarray, np.ndarray]


def _cell_sums(cell: np.ndarray, y: np.ndarray, cells: int, shape: tuple[int, int]) -> Totals:
    """The count, sum and sum of squares of ``y`` in each of ``cells`` cells, each shaped ``shape``."""
    return (
        np.bincount(cell, minlength=cells).astype(float).reshape(shape),
        np.bincount(cell, weights=y, minlength=cells).reshape(shape),
        np.bincount(cell, weights=y * y, minlength=cells).reshape(shape),
    )


def creator_totals(creator: np.ndarray, y: np.ndarray, n_creators: int, base: np.ndarray) -> Totals:
    """Each creator's count, sum and sum of squares of ``y`` over the ``base`` videos, as columns."""
    return _cell_sums(creator[base], y[base], n_creators, (n_creators, 1))


def group_stats(
    creator: np.ndarray,
    y: np.ndarray,
    n_creators: int,
    pair_video: np.ndarray,
    pair_level: np.ndarray,
    n_levels: int,
    base: np.ndarray,
    totals: Totals | None = None,
) -> GroupStats:
    """``base``: videos that take part (valid for this grouping, in scope, views known). A video is in
    level l when (video, l) is one of the pairs; outside it otherwise. Pairs must be unique. ``totals``:
    ``creator_totals`` of the same base, when the caller has them (groupings often share a base)."""
    n_all, s_all, q_all = totals if totals is not None else creator_totals(creator, y, n_creators, base)
    keep = base[pair_video]
    pv, levels = (pair_video, pair_level) if keep.all() else (pair_video[keep], pair_level[keep])
    cell = creator[pv].astype(np.int64, copy=False) * n_levels + levels
    n1, s1, q1 = _cell_sums(cell, y[pv], n_creators * n_levels, (n_creators, n_levels))
    return GroupStats(n1, s1, q1, n_all - n1, s_all - s1, q_all - q1)


def level_stats(
    creator: np.ndarray, y: np.ndarray, n_creators: int, codes: np.ndarray, n_levels: int
) -> GroupStats:
    """``group_stats`` where each video has one level, its code (-1: it takes no part, as do videos of
    unknown ``y``). Each video taking part is then in one level, so a creator's totals are the sums over
    its levels, and no second pass over the videos is needed."""
    takes_part = (codes >= 0) & np.isfinite(y)
    cell = creator[takes_part].astype(np.int64) * n_levels + codes[takes_part]
    return _one_level_each(*_cell_sums(cell, y[takes_part], n_creators * n_levels, (n_creators, n_levels)))


def _one_level_each(n1: np.ndarray, s1: np.ndarray, q1: np.ndarray) -> GroupStats:
    n_all, s_all, q_all = (part.sum(axis=1, keepdims=True) for part in (n1, s1, q1))
    return GroupStats(n1, s1, q1, n_all - n1, s_all - s1, q_all - q1)


@dataclass(frozen=True)
class EffectTable:
    """One entry per level. ``estimate`` and ``se`` are on the log scale; ``effect`` = exp(estimate) - 1."""

    estimate: np.ndarray
    se: np.ndarray
    effect: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    p: np.ndarray
    n_in: np.ndarray
    n_out: np.ndarray
    creators: np.ndarray


def z_value(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def two_sided_p(z: np.ndarray) -> np.ndarray:
    return np.array([math.erfc(abs(x) / math.sqrt(2)) if np.isfinite(x) else np.nan for x in np.ravel(z)])


def _contributions(stats: GroupStats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    both = (stats.n1 > 0) & (stats.n0 > 0)
    n1 = np.where(both, stats.n1, 1.0)
    n0 = np.where(both, stats.n0, 1.0)
    d = np.where(both, stats.s1 / n1 - stats.s0 / n0, 0.0)
    w = np.where(both, n1 * n0 / (n1 + n0), 0.0)
    return both, d, w


def within_creator(stats: GroupStats, confidence: float = 0.95) -> EffectTable:
    both, d, w = _contributions(stats)
    big_w = w.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = (w * d).sum(axis=0) / big_w
        n1 = np.where(both, stats.n1, 1.0)
        n0 = np.where(both, stats.n0, 1.0)
        ss = np.clip(stats.q1 - stats.s1**2 / n1, 0, None) + np.clip(stats.q0 - stats.s0**2 / n0, 0, None)
        ss = np.where(both, ss, 0.0)
        df = np.where(both, stats.n1 + stats.n0 - 2, 0.0)
        pooled = ss.sum(axis=0) / df.sum(axis=0)  # fallback for creators with one video per arm
        s2 = np.where(df > 0, ss / np.where(df > 0, df, 1.0), pooled)
        v_model = (w * s2).sum(axis=0) / big_w**2
        k = both.sum(axis=0)
        v_robust = np.where(
            k >= 2, k / np.maximum(k - 1, 1) * (w**2 * (d - est) ** 2).sum(axis=0) / big_w**2, 0.0
        )
        se = np.sqrt(np.maximum(v_model, v_robust))
        z = est / se
    zc = z_value(confidence)
    return EffectTable(
        estimate=est,
        se=se,
        effect=np.expm1(est),
        ci_low=np.expm1(est - zc * se),
        ci_high=np.expm1(est + zc * se),
        p=two_sided_p(z),
        n_in=np.where(both, stats.n1, 0).sum(axis=0).astype(np.int64),
        n_out=np.where(both, stats.n0, 0).sum(axis=0).astype(np.int64),
        creators=k.astype(np.int64),
    )


def bootstrap_intervals(
    stats: GroupStats, n_boot: int = 999, seed: int = 0, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Percentile interval of the effect and bootstrap standard error of the log estimate, resampling
    creators with replacement (each draw reweights the per-creator statistics; no video is touched)."""
    _, d, w = _contributions(stats)
    rng = np.random.default_rng(seed)
    n_creators = w.shape[0]
    draws = rng.multinomial(n_creators, np.full(n_creators, 1 / n_creators), size=n_boot).astype(float)
    tail = (1 - confidence) / 2
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # levels no creator informs stay NaN
        est = (draws @ (w * d)) / (draws @ w)
        low, high = np.nanquantile(est, [tail, 1 - tail], axis=0)
        se = np.nanstd(est, axis=0, ddof=1)
    return np.expm1(low), np.expm1(high), se


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """q-values: the smallest false discovery rate at which each test would be rejected (NaN stays NaN)."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if not len(ok):
        return q
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    ranked = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return q
