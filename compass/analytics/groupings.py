"""Groupings: how each insight kind splits a niche's videos into groups, each compared with the rest.

A grouping lists (video, level) pairs and the videos it applies to; the builders below make one or
more per kind from the features. Labels name the groups (``Tuesday``, ``over 60 s``, ``#gymtok``...),
phrases fit "Videos {phrase} get ...", and ``more``/``less`` are the advice to do a group more or less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from compass.analytics import definitions as defs
from compass.analytics.config import InsightConfig
from compass.analytics.features import (
    CADENCE_LABELS,
    DURATION_LABELS,
    HASHTAG_COUNT_LABELS,
    HOUR_BAND_LABELS,
    WEEKDAY_LABELS,
    Features,
)


@dataclass(frozen=True)
class Grouping:
    """Levels of one grouping as (video, level) pairs; ``valid`` marks the videos it applies to (those
    in no pair form the comparison arm). ``phrases`` fit "Videos {phrase} get ..."; ``more``/``less``
    are the advice to do a level more or less often."""

    kind: str
    labels: tuple[str, ...]
    phrases: tuple[str, ...]
    more: tuple[str, ...]
    less: tuple[str, ...]
    video: np.ndarray
    level: np.ndarray
    valid: np.ndarray

    @classmethod
    def from_codes(
        cls,
        kind: str,
        labels: Sequence[str],
        phrases: Sequence[str],
        more: Sequence[str],
        less: Sequence[str],
        codes: np.ndarray,
        valid: np.ndarray | None = None,
    ) -> Grouping:
        valid = codes >= 0 if valid is None else valid
        rows = np.flatnonzero(valid & (codes >= 0)).astype(np.int32)
        return cls(
            kind,
            tuple(labels),
            tuple(phrases),
            tuple(more),
            tuple(less),
            rows,
            codes[rows].astype(np.int64),
            valid,
        )

    @classmethod
    def from_flags(
        cls,
        kind: str,
        labels: Sequence[str],
        phrases: Sequence[str],
        more: Sequence[str],
        less: Sequence[str],
        flags: Sequence[np.ndarray],
        valid: np.ndarray,
    ) -> Grouping:
        videos = [np.flatnonzero(f & valid).astype(np.int32) for f in flags]
        level = np.concatenate([np.full(len(v), i, dtype=np.int64) for i, v in enumerate(videos)])
        return cls(
            kind,
            tuple(labels),
            tuple(phrases),
            tuple(more),
            tuple(less),
            np.concatenate(videos) if videos else np.empty(0, np.int32),
            level,
            valid,
        )

    def mask(self, label: str) -> np.ndarray:
        """Videos in the level named ``label``."""
        out = np.zeros(len(self.valid), dtype=bool)
        out[self.video[self.level == self.labels.index(label)]] = True
        return out


def weekday_groupings(f: Features, _: InsightConfig) -> list[Grouping]:
    tz = f" ({f.tz})"
    return [
        Grouping.from_codes(
            "weekday",
            WEEKDAY_LABELS,
            [f"posted on a {d}{tz}" for d in WEEKDAY_LABELS],
            [f"Post more on {d}s{tz}" for d in WEEKDAY_LABELS],
            [f"Post less on {d}s{tz}" for d in WEEKDAY_LABELS],
            f.videos["weekday"].to_numpy(),
        )
    ]


def hour_groupings(f: Features, _: InsightConfig) -> list[Grouping]:
    spans = [(lab[:2], lab[3:5]) for lab in HOUR_BAND_LABELS]
    text = [f"between {a}:00 and {b}:00 ({f.tz})" for a, b in spans]
    return [
        Grouping.from_codes(
            "hour",
            HOUR_BAND_LABELS,
            [f"posted {t}" for t in text],
            [f"Post more {t}" for t in text],
            [f"Post less {t}" for t in text],
            f.videos["hour_band"].to_numpy(),
        )
    ]


def duration_groupings(f: Features, _: InsightConfig) -> list[Grouping]:
    phrases = (
        ["that are photo posts"]
        + [f"of {d}" for d in DURATION_LABELS[1:-1]]
        + [f"{DURATION_LABELS[-1]} long"]
    )
    more = (
        ["Post more photo posts"]
        + [f"Make more videos of {d}" for d in DURATION_LABELS[1:-1]]
        + [f"Make more videos {DURATION_LABELS[-1]} long"]
    )
    less = (
        ["Post fewer photo posts"]
        + [f"Make fewer videos of {d}" for d in DURATION_LABELS[1:-1]]
        + [f"Make fewer videos {DURATION_LABELS[-1]} long"]
    )
    return [
        Grouping.from_codes(
            "duration", DURATION_LABELS, phrases, more, less, f.videos["duration_band"].to_numpy()
        )
    ]


def hashtag_groupings(f: Features, config: InsightConfig) -> list[Grouping]:
    n = len(f.videos)
    counts = np.bincount(f.hashtags["tag"].to_numpy(), minlength=len(f.tag_names))
    top = np.argsort(-counts, kind="stable")[: config.max_hashtags]
    top = top[counts[top] >= config.min_n]
    rank = np.full(len(f.tag_names), -1)
    rank[top] = np.arange(len(top))
    pair_level = rank[f.hashtags["tag"].to_numpy()]
    keep = pair_level >= 0
    names = [f"#{f.tag_names[t]}" for t in top]
    tags = Grouping(
        "hashtag",
        tuple(names),
        tuple(f"tagged {t}" for t in names),
        tuple(f"Use {t} more often" for t in names),
        tuple(f"Use {t} less often" for t in names),
        f.hashtags["video"].to_numpy()[keep].astype(np.int32),
        pair_level[keep].astype(np.int64),
        np.ones(n, dtype=bool),
    )
    counted = Grouping.from_codes(
        "hashtag",
        HASHTAG_COUNT_LABELS,
        [f"with {b}" for b in HASHTAG_COUNT_LABELS],
        [f"Post more videos with {b}" for b in HASHTAG_COUNT_LABELS],
        [f"Post fewer videos with {b}" for b in HASHTAG_COUNT_LABELS],
        f.videos["hashtag_band"].to_numpy(),
    )
    return [tags, counted]


def sound_groupings(f: Features, _: InsightConfig) -> list[Grouping]:
    original = f.videos["sound_original"].to_numpy()
    rising = f.videos["sound_rising"].to_numpy()
    return [
        Grouping.from_codes(
            "sound",
            ("original sound",),
            ("on their creator's original sound",),
            ("Use your own original sound more often",),
            ("Use reused (trending) sounds more often than your own",),
            np.where(original == 1, 0, -1),
            original >= 0,
        ),
        Grouping.from_codes(
            "sound",
            ("rising sound",),
            ("on a sound rising in the niche (compared with other reused sounds)",),
            ("Pick sounds that are rising in the niche",),
            ("Avoid sounds that are already rising in the niche",),
            np.where(rising == 1, 0, -1),
            rising >= 0,
        ),
    ]


def cadence_groupings(f: Features, _: InsightConfig) -> list[Grouping]:
    return [
        Grouping.from_codes(
            "cadence",
            CADENCE_LABELS,
            [f"posted {c}" for c in CADENCE_LABELS],
            [
                "Post again within 24 h more often",
                "Post every 1-3 days more often",
                "Leave longer breaks between videos",
            ],
            [
                "Avoid posting again within 24 h",
                "Post less often at 1-3 day intervals",
                "Avoid breaks of over 3 days",
            ],
            f.videos["cadence_band"].to_numpy(),
        )
    ]


HOOKS: tuple[tuple[str, str, str, str, str], ...] = (
    # column, label, phrase, more, less
    (
        "hook_question",
        "question",
        "whose caption opens with a question",
        "Open more captions with a question",
        "Open fewer captions with a question",
    ),
    (
        "hook_number",
        "number",
        "whose caption starts with a number",
        "Start more captions with a number ('3 ways to ...')",
        "Start fewer captions with a number",
    ),
    (
        "hook_imperative",
        "imperative",
        "whose caption starts with a command ('Stop ...', 'Try ...')",
        "Start more captions with a command ('Stop ...', 'Try ...')",
        "Start fewer captions with a command",
    ),
    (
        "hook_emoji",
        "emoji",
        "with an emoji in the caption",
        "Put an emoji in more captions",
        "Use fewer emoji",
    ),
    (
        "hook_pov",
        "POV",
        "whose caption starts with 'POV'",
        "Start more captions with 'POV'",
        "Start fewer captions with 'POV'",
    ),
    (
        "hashtags_only",
        "hashtags only",
        "whose caption is only hashtags",
        "Leave more captions to hashtags only",
        "Write a caption, not only hashtags",
    ),
    (
        "long_caption",
        "long caption",
        f"with a caption over {defs.LONG_CAPTION_CHARS} characters",
        f"Write more captions over {defs.LONG_CAPTION_CHARS} characters",
        f"Keep captions under {defs.LONG_CAPTION_CHARS} characters",
    ),
)


def hook_groupings(f: Features, _: InsightConfig) -> list[Grouping]:
    v = f.videos
    return [
        Grouping.from_flags(
            "hook",
            [h[1] for h in HOOKS],
            [h[2] for h in HOOKS],
            [h[3] for h in HOOKS],
            [h[4] for h in HOOKS],
            [v[h[0]].to_numpy() for h in HOOKS],
            v["caption_known"].to_numpy(),
        )
    ]
