"""Known effects planted into synthetic niches, and the lift each video receives from them.

A lift multiplies a video's expected views (and so its median, since the noise is multiplicative and
independent of every grouping variable). Several effects multiply together. With no effect planted,
no grouping variable (weekday, hour, duration band, hashtag, sound originality, question hook) is
related to views relative to the creator's own baseline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from compass.records import VideoRecord
from compass.synthetic.text import opens_with_question

SECONDS_PER_DAY = 86_400
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (0 = Monday)


@dataclass(frozen=True)
class PlantedEffects:
    """Multiplicative lifts on a video's expected views; every default means "no effect".

    weekday: UTC weekday (0 = Monday) -> lift, e.g. ``{1: 1.40}`` = +40% on Tuesdays.
    hour: UTC posting hour (0-23) -> lift.
    long_video: ``(threshold_s, lift)``: lift for videos strictly longer than threshold_s (photos excluded).
    hashtag: hashtag (lower-case, no ``#``) -> lift when the video carries it. A planted hashtag
        missing from the niche's vocabulary is added to it, so that it occurs.
    original_sound: lift for videos on their creator's original sound (vs a reused trending sound).
    question_hook: lift when the caption opens with a question (see ``opens_with_question``).
    """

    weekday: Mapping[int, float] = field(default_factory=dict)
    hour: Mapping[int, float] = field(default_factory=dict)
    long_video: tuple[int, float] | None = None
    hashtag: Mapping[str, float] = field(default_factory=dict)
    original_sound: float | None = None
    question_hook: float | None = None

    def __post_init__(self) -> None:
        tags = {t.strip().lstrip("#").lower(): v for t, v in self.hashtag.items()}
        object.__setattr__(self, "hashtag", tags)
        lifts = [
            *self.weekday.values(),
            *self.hour.values(),
            *tags.values(),
            *(x for x in (self.original_sound, self.question_hook) if x is not None),
        ]
        if self.long_video is not None:
            lifts.append(self.long_video[1])
        if any(not (v > 0 and np.isfinite(v)) for v in lifts):
            raise ValueError("every lift must be a positive finite number")
        if any(d not in range(7) for d in self.weekday) or any(h not in range(24) for h in self.hour):
            raise ValueError("weekday keys are 0-6 (0 = Monday), hour keys 0-23 (UTC)")
        if any(not t for t in tags):
            raise ValueError("empty hashtag")

    @property
    def is_null(self) -> bool:
        return not (
            self.weekday
            or self.hour
            or self.hashtag
            or self.long_video is not None
            or self.original_sound is not None
            or self.question_hook is not None
        )

    def lifts(
        self,
        posted_unix: np.ndarray,
        duration_s: np.ndarray,
        original: np.ndarray,
        question: np.ndarray,
        has_tag: Mapping[str, np.ndarray],
    ) -> np.ndarray:
        """Vectorized lift per video. ``duration_s`` is NaN for photo posts; ``has_tag`` maps each planted
        hashtag to a boolean array (missing = absent everywhere)."""
        n = len(posted_unix)
        lift = np.ones(n)
        if self.weekday:
            table = np.array([self.weekday.get(d, 1.0) for d in range(7)])
            lift *= table[(posted_unix // SECONDS_PER_DAY + _EPOCH_WEEKDAY) % 7]
        if self.hour:
            table = np.array([self.hour.get(h, 1.0) for h in range(24)])
            lift *= table[(posted_unix % SECONDS_PER_DAY) // 3600]
        if self.long_video is not None:
            threshold, factor = self.long_video
            with np.errstate(invalid="ignore"):
                lift[np.asarray(duration_s, dtype=float) > threshold] *= factor
        for tag, factor in self.hashtag.items():
            if tag in has_tag:
                lift[has_tag[tag]] *= factor
        if self.original_sound is not None:
            lift[np.asarray(original, dtype=bool)] *= self.original_sound
        if self.question_hook is not None:
            lift[np.asarray(question, dtype=bool)] *= self.question_hook
        return lift

    def lift_of(self, video: VideoRecord) -> float:
        """The lift this video received, recomputed from the record alone (for validating analytics)."""
        duration = np.nan if video.duration_s is None or video.is_photo else video.duration_s
        tags = set(video.hashtags)
        return float(
            self.lifts(
                np.array([int(video.posted_at.timestamp())]),
                np.array([duration]),
                np.array([bool(video.sound and video.sound.original)]),
                np.array([opens_with_question(video.caption)]),
                {t: np.array([t in tags]) for t in self.hashtag},
            )[0]
        )
