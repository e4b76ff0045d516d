"""Synthetic creators and their videos: heavy-tailed audiences, per-creator habits, planted effects.

Every creator is drawn from its own random stream (seed, niche name, creator index), so a niche is
deterministic, can be streamed one creator at a time, and creator ``i`` does not depend on how many
creators follow it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import gcd

import numpy as np

from compass.records import CreatorRecord, Observation, ProfileStats, SoundRecord, VideoRecord, VideoStats
from compass.synthetic import text
from compass.synthetic.effects import SECONDS_PER_DAY, PlantedEffects

_TZ_HOURS = np.array([-8, -7, -6, -5, -4, -3, 0, 1, 2, 3, 5.5, 7, 8, 9, 10])
_TZ_P = np.array([12, 4, 8, 14, 3, 4, 12, 10, 5, 3, 5, 4, 6, 3, 4], dtype=float) / 97
_LOCAL_HOURS = np.arange(6, 24)
_LOCAL_HOURS_P = np.array([2, 4, 5, 3, 2, 2, 5, 4, 3, 3, 4, 6, 7, 8, 8, 7, 5, 3], dtype=float)
_LOCAL_HOURS_P /= _LOCAL_HOURS_P.sum()
_URLSAFE = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
_HANDLE_SPACE = 36**4


@dataclass(frozen=True)
class NicheSpec:
    """What to generate. ``videos_per_creator`` is (min, max): each creator's count is drawn log-uniformly
    in it and spread over the creator's active part of [start, end), which sets its cadence."""

    name: str = "fitness"
    n_creators: int = 40
    videos_per_creator: tuple[int, int] = (10, 150)
    start: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    end: datetime = datetime(2024, 7, 1, tzinfo=UTC)
    effects: PlantedEffects = field(default_factory=PlantedEffects)
    seed: int = 0
    noise_scale: float = 1.0  # multiplies the per-video log-noise sigma; 0 = no noise and no viral outliers

    def __post_init__(self) -> None:
        lo, hi = self.videos_per_creator
        if not 1 <= lo <= hi:
            raise ValueError("videos_per_creator must be (min, max) with 1 <= min <= max")
        if not 0 <= self.n_creators <= _HANDLE_SPACE:
            raise ValueError(f"n_creators must be in [0, {_HANDLE_SPACE}]")
        if self.start.tzinfo is None or self.end.tzinfo is None or not self.start < self.end:
            raise ValueError("start and end must be timezone-aware with start < end")
        if self.start.year < 2000 or self.end.year > 2100:
            raise ValueError("start and end must lie in 2000-2100 (video ids hold 32-bit unix seconds)")
        if self.seed < 0 or self.noise_scale < 0 or not self.name.strip():
            raise ValueError("seed and noise_scale must be >= 0 and name non-empty")


@dataclass(frozen=True)
class _Niche:
    """What every creator of one niche shares: words, hashtag vocabulary, the trending-sound pool."""

    spec: NicheSpec
    key: int
    lex: text.Lexicon
    tags: tuple[str, ...]
    tag_logw: np.ndarray
    sounds: tuple[SoundRecord, ...]
    sound_cdf: np.ndarray  # flattened (day, sound) cumulative popularity, row d shifted by +d
    t0: int
    t1: int
    handle_a: int
    handle_b: int


def _niche(spec: NicheSpec) -> _Niche:
    key = int.from_bytes(hashlib.blake2b(f"{spec.name}\0{spec.seed}".encode(), digest_size=8).digest(), "big")
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, key], spawn_key=(0,)))
    lex = text.lexicon_for(spec.name)
    tags = [t for t in lex.tags if t not in text.GENERIC_TAGS]
    for tag in spec.effects.hashtag:  # a planted hashtag must occur: give it a popular rank
        if tag not in tags and tag not in text.GENERIC_TAGS:
            tags.insert(min(2, len(tags)), tag)
    t0, t1 = int(spec.start.timestamp()), int(spec.end.timestamp())
    n_days = -(-(t1 - t0) // SECONDS_PER_DAY)
    n_sounds = int(np.clip(n_days, 30, 400))  # about one new trending sound a day; not tied to n_creators
    peak = rng.uniform(-30, n_days + 30, n_sounds)
    width = np.exp(rng.normal(np.log(12), 0.5, n_sounds))
    base = 1 / rng.permutation(np.arange(1, n_sounds + 1)) ** 0.8
    days = np.arange(n_days)[:, None]
    pop = base * (np.exp(-0.5 * ((days - peak) / width) ** 2) + 0.02)
    cdf = np.cumsum(pop, axis=1) / pop.sum(axis=1, keepdims=True)
    cdf[:, -1] = 1.0
    created = t0 + ((peak - 3 * width).clip(-365, None) * SECONDS_PER_DAY).astype(np.int64)
    ids = (created.astype(np.uint64) << np.uint64(32)) | rng.integers(0, 2**32, n_sounds, dtype=np.uint64)
    sounds = tuple(SoundRecord(str(sid), *text.sound_title(rng), original=False) for sid in ids.tolist())
    a = int(rng.integers(1, _HANDLE_SPACE))
    while gcd(a, _HANDLE_SPACE) != 1:
        a += 1
    return _Niche(
        spec,
        key,
        lex,
        tuple(tags),
        -np.log(np.arange(1, len(tags) + 1)),
        sounds,
        (cdf + days).ravel(),
        t0,
        t1,
        a,
        int(rng.integers(_HANDLE_SPACE)),
    )


def _sround(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Stochastic rounding: an integer whose expectation is exactly x."""
    return np.floor(x + rng.random(len(x))).astype(np.int64)


def _post_times(rng: np.random.Generator, n: int, t0: int, t1: int) -> np.ndarray:
    """Unix seconds, newest first, following the creator's local weekday and hour habits."""
    start = t0 if rng.random() < 0.7 else t0 + int(rng.uniform(0, 0.8) * (t1 - t0))
    offset = int(rng.choice(_TZ_HOURS, p=_TZ_P) * 3600)
    weekday_p = rng.dirichlet(
        np.full(7, 25.0)
    )  # weekday shares vary ~0.025 between creators, as in real data
    n_peaks = int(rng.integers(1, 4))
    centers = rng.choice(_LOCAL_HOURS, n_peaks, p=_LOCAL_HOURS_P)
    spreads, peak_p = rng.uniform(1.0, 2.5, n_peaks), rng.dirichlet(np.ones(n_peaks))
    day0, day1 = (start + offset) // SECONDS_PER_DAY, (t1 - 1 + offset) // SECONDS_PER_DAY
    weekday = rng.choice(7, n, p=weekday_p)
    first = day0 + (weekday - (day0 + 3)) % 7
    weeks = (day1 - first) // 7 + 1
    day = np.where(
        weeks > 0,
        first + 7 * (rng.random(n) * np.maximum(weeks, 1)).astype(np.int64),
        rng.integers(day0, day1 + 1, n),
    )
    k = rng.choice(n_peaks, n, p=peak_p)
    hour = np.rint(centers[k] + spreads[k] * rng.standard_normal(n)).astype(np.int64) % 24
    anytime = rng.random(n) < 0.2
    hour[anytime] = rng.integers(0, 24, anytime.sum())
    ts = day * SECONDS_PER_DAY + hour * 3600 + rng.integers(0, 3600, n) - offset
    outside = (ts < start) | (ts >= t1)
    ts[outside] = rng.integers(start, t1, outside.sum())
    return np.sort(ts)[::-1]


def _durations(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds, NaN for photo posts: mostly 7-60 s around the creator's habit, some up to 180 s."""
    habit = np.exp(rng.normal(np.log(20), 0.35))
    dur = np.clip(np.rint(np.exp(rng.normal(np.log(habit), 0.5, n))), 5, 60)
    long = rng.random(n) < rng.beta(1.2, 12)
    dur[long] = np.minimum(180, 61 + np.rint(rng.exponential(35, long.sum())))
    photo = rng.random(n) < (rng.beta(1, 8) if rng.random() < 0.3 else 0.0)
    dur[photo] = np.nan
    return dur


def _hashtags(rng: np.random.Generator, nc: _Niche, n: int) -> tuple[list[tuple[str, ...]], dict]:
    """0-8 niche hashtags (Zipf popularity, personal taste), plus 0-3 generic ones; and planted-tag masks."""
    vocab = nc.tags
    taste = nc.tag_logw + rng.normal(0, 0.8, len(vocab))
    k = np.minimum(rng.poisson(rng.gamma(1.5, 1.4), n), min(8, len(vocab)))
    top = np.argsort(-(taste + rng.gumbel(size=(n, len(vocab)))), axis=1)[:, :8]
    generic_p = 1 / np.arange(1, len(text.GENERIC_TAGS) + 1)
    generic = [
        text.GENERIC_TAGS[j]
        for j in rng.choice(len(generic_p), len(generic_p), replace=False, p=generic_p / generic_p.sum())
    ]
    n_generic = np.where(rng.random(n) < rng.beta(1.2, 1.5), rng.integers(1, 4, n), 0)
    rows = [
        tuple(vocab[j] for j in row[:kk]) + tuple(generic[:g])
        for row, kk, g in zip(top.tolist(), k.tolist(), n_generic.tolist(), strict=True)
    ]
    has = {}
    for tag in nc.spec.effects.hashtag:
        if tag in vocab:
            j = vocab.index(tag)
            has[tag] = ((top == j) & (np.arange(top.shape[1]) < k[:, None])).any(axis=1)
        elif tag in generic:
            has[tag] = n_generic > generic.index(tag)
    return rows, has


def _creator(nc: _Niche, i: int, captured_at: datetime) -> Observation:
    spec = nc.spec
    rng = np.random.default_rng(np.random.SeedSequence([spec.seed, nc.key], spawn_key=(i + 1,)))
    # Audience: lognormal body with a Pareto tail (alpha 0.9 above 200k); baseline views follow loosely.
    if rng.random() < 0.15:
        followers = 200_000 * (1 - rng.random()) ** (-1 / 0.9)
    else:
        followers = 800 + np.exp(rng.normal(np.log(25_000), 1.5))
    followers = int(min(followers, 90e6))
    baseline = max(50.0, np.exp(-0.4 + 0.85 * np.log(followers) + rng.normal(0, 0.8)))
    sigma = rng.uniform(0.6, 0.95) * spec.noise_scale
    p_viral = min(0.08, 0.02 * np.exp(rng.normal(0, 0.5))) if spec.noise_scale > 0 else 0.0
    rates = [
        np.clip(np.exp(rng.normal(np.log(m), s)), lo, hi)
        for m, s, lo, hi in (
            (0.09, 0.35, 0.02, 0.35),
            (0.003, 0.6, 3e-4, 0.03),
            (0.004, 0.7, 3e-4, 0.05),
            (0.005, 0.6, 3e-4, 0.05),
        )
    ]
    lex = nc.lex
    handle = text.handle(rng, lex, (nc.handle_a * i + nc.handle_b) % _HANDLE_SPACE)
    nickname = text.nickname(rng, lex, handle)
    creator_id = f"{rng.integers(6, 8)}{rng.integers(0, 10**18):018d}"
    sec_uid = "MS4wLjABAAAA" + "".join(_URLSAFE[rng.integers(0, 64, 55)])
    lo, hi = spec.videos_per_creator
    n = min(hi, int(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))))

    # Videos. Each attribute comes from the creator's habits only; the view noise is drawn apart from them.
    ts = _post_times(rng, n, nc.t0, nc.t1)
    dur = _durations(rng, n)
    original = rng.random(n) < rng.beta(2.4, 1.7)  # creators' original-sound shares as in real data
    day = np.clip((ts - nc.t0) // SECONDS_PER_DAY, 0, len(nc.sound_cdf) // len(nc.sounds) - 1)
    trending = np.searchsorted(nc.sound_cdf, day + rng.random(n), side="right") - day * len(nc.sounds)
    trending = np.clip(trending, 0, len(nc.sounds) - 1)
    tags, has_tag = _hashtags(rng, nc, n)
    kinds = rng.choice(5, n, p=rng.dirichlet([1.2, 1.0, 1.0, 1.8, 0.4]))
    caps = text.captions(rng, lex, kinds, rng.beta(2, 2), tags)
    noise = np.exp(sigma * rng.standard_normal(n))
    viral = np.where(rng.random(n) < p_viral, np.exp(rng.uniform(np.log(10), np.log(100), n)), 1.0)
    question = np.array([text.opens_with_question(c) for c in caps], dtype=bool)
    lift = spec.effects.lifts(ts, dur, original, question, has_tag)
    views = _sround(rng, baseline * noise * viral * lift)
    counts = [
        np.minimum(views, _sround(rng, views * r * np.exp(rng.normal(0, s, n))))
        for r, s in zip(rates, (0.25, 0.5, 0.6, 0.5), strict=True)
    ]
    pinned = set(np.argsort(-views)[: rng.choice(4, p=[0.5, 0.2, 0.15, 0.15])].tolist())
    vid_ids = ((ts.astype(np.uint64) << np.uint64(32)) | rng.integers(0, 2**32, n, dtype=np.uint64)).tolist()
    snd_ids = ((ts.astype(np.uint64) << np.uint64(32)) | rng.integers(0, 2**32, n, dtype=np.uint64)).tolist()

    own_title = f"original sound - {nickname}"
    is_orig, trend = original.tolist(), trending.tolist()
    videos = []
    for j, (t, d, v, lk, cm, sh, sv) in enumerate(
        zip(ts.tolist(), dur.tolist(), views.tolist(), *(c.tolist() for c in counts), strict=True)
    ):
        photo = d != d  # NaN
        sound = (
            SoundRecord(str(snd_ids[j]), own_title, nickname, original=True)
            if is_orig[j]
            else nc.sounds[trend[j]]
        )
        videos.append(
            VideoRecord(
                tiktok_id=str(vid_ids[j]),
                posted_at=datetime.fromtimestamp(t, UTC),
                caption=caps[j],
                duration_s=None if photo else int(d),
                stats=VideoStats(v, lk, cm, sh, sv),
                hashtags=tags[j],
                sound=sound,
                is_pinned=j in pinned,
                is_ad=False,
                is_photo=photo,
            )
        )

    older = int(rng.poisson(n * rng.uniform(0, 3)))
    total_likes = int(counts[0].sum() * (1 + older / n * rng.uniform(0.3, 1.2)))
    verified = bool(rng.random() < 1 / (1 + np.exp(-2.2 * (np.log10(followers) - 6.3))))
    stats = ProfileStats(
        followers=followers,
        following=int(min(7500, np.exp(rng.normal(np.log(180), 1.1)))),
        likes=total_likes,
        video_count=n + older,
    )
    creator = CreatorRecord(
        handle=handle,
        tiktok_id=creator_id,
        sec_uid=sec_uid,
        nickname=nickname,
        bio=text.bio(rng, lex),
        verified=verified,
        private=False,
        stats=stats,
    )
    return Observation(creator=creator, captured_at=captured_at, videos=tuple(videos), source="synthetic")


def iter_niche(spec: NicheSpec, captured_at: datetime) -> Iterator[Observation]:
    """Yield one Observation per creator, one at a time (memory stays at one creator's videos)."""
    if captured_at.tzinfo is None or captured_at < spec.end:
        raise ValueError("captured_at must be timezone-aware and not before spec.end")
    nc = _niche(spec)
    for i in range(spec.n_creators):
        yield _creator(nc, i, captured_at)


def generate_niche(spec: NicheSpec, captured_at: datetime) -> list[Observation]:
    """All creators of the niche: one Observation each, with its videos newest first."""
    return list(iter_niche(spec, captured_at))
