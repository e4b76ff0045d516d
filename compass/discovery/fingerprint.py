"""What a creator is about and how well it does, from its videos: the input of similarity scoring."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from compass.analytics.definitions import engagement_rate
from compass.records import CreatorRecord, VideoRecord

GENERIC_HASHTAGS = frozenset(
    {
        "fyp",
        "foryou",
        "foryoupage",
        "fy",
        "fypシ",
        "viral",
        "trending",
        "tiktok",
        "xyzbca",
        "explore",
        "parati",
    }
)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOPWORD_TEXT = """
the and for you your with this that are was but not all can have from just what when how why who out get got
one our they them his her she him its into more like about some will would there their here than then also
very much make made want need know only over new now day time way use off too any each did does doing done
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def terms(text: str | None) -> Counter[str]:
    """Content words of a caption or bio, lower-case; hashtags and mentions excluded."""
    if not text:
        return Counter()
    cleaned = re.sub(r"[#@]\S+", " ", text.lower())
    return Counter(w for w in _WORD.findall(cleaned) if w not in _STOPWORDS)


@dataclass(frozen=True)
class Fingerprint:
    handle: str
    hashtags: Counter[str] = field(default_factory=Counter)
    sounds: frozenset[str] = frozenset()
    words: Counter[str] = field(default_factory=Counter)
    followers: int | None = None
    median_views: float | None = None
    engagement: float | None = None  # (likes + comments + shares + saves) / views, median over videos
    videos: int = 0


def fingerprint(creator: CreatorRecord, videos: Iterable[VideoRecord]) -> Fingerprint:
    hashtags: Counter[str] = Counter()
    sounds: set[str] = set()
    words = terms(creator.bio) + terms(creator.nickname)
    views: list[int] = []
    stats_rows: list[tuple[float, ...]] = []
    count = 0
    for video in videos:
        count += 1
        hashtags.update(tag for tag in set(video.hashtags) if tag not in GENERIC_HASHTAGS)
        if video.sound and not video.sound.original and (video.sound.tiktok_id or video.sound.title):
            sounds.add(video.sound.tiktok_id or f"title:{video.sound.title}")
        words.update(terms(video.caption))
        stats = video.stats
        if stats.views:
            views.append(stats.views)
        stats_rows.append(tuple(math.nan if c is None else float(c) for c in stats.as_tuple()))
    table = np.array(stats_rows, dtype=float).reshape(-1, 5)
    rates = engagement_rate(table[:, 0], table[:, 1:])
    rates = rates[~np.isnan(rates)]
    return Fingerprint(
        handle=creator.handle,
        hashtags=hashtags,
        sounds=frozenset(sounds),
        words=words,
        followers=creator.stats.followers,
        median_views=statistics.median(views) if views else None,
        engagement=float(np.median(rates)) if len(rates) else None,
        videos=count,
    )


def merge(prints: Iterable[Fingerprint], handle: str = "seeds") -> Fingerprint:
    """The seeds as one profile: what the user's niche is about, and the user's own level."""
    prints = list(prints)
    hashtags: Counter[str] = Counter()
    words: Counter[str] = Counter()
    sounds: set[str] = set()
    for print_ in prints:
        hashtags.update(print_.hashtags)
        words.update(print_.words)
        sounds |= print_.sounds
    views = [p.median_views for p in prints if p.median_views is not None]
    followers = [p.followers for p in prints if p.followers is not None]
    return Fingerprint(
        handle,
        hashtags,
        frozenset(sounds),
        words,
        followers=int(statistics.median(followers)) if followers else None,
        median_views=statistics.median(views) if views else None,
        videos=sum(p.videos for p in prints),
    )


def weighted_overlap(a: Counter[str], b: Counter[str]) -> tuple[float, list[str]]:
    """Cosine similarity of two term counts (log-damped), and the shared terms that weigh most."""
    if not a or not b:
        return 0.0, []
    wa = {k: 1 + math.log(v) for k, v in a.items()}
    wb = {k: 1 + math.log(v) for k, v in b.items()}
    shared = set(wa) & set(wb)
    dot = sum(wa[k] * wb[k] for k in shared)
    norm = math.sqrt(sum(v * v for v in wa.values())) * math.sqrt(sum(v * v for v in wb.values()))
    top = sorted(shared, key=lambda k: -(wa[k] * wb[k]))
    return (dot / norm if norm else 0.0), top
