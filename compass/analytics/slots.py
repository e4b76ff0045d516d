"""Best time to post: each weekly slot (a weekday x a block of hours, in the analysis' time zone) and each
length band against the same creators' other videos, with the insights' estimator and evidence bar.

A slot is one of the 7 x 8 cells of weekday and 3-hour band (``HOUR_BAND_HOURS``): "Tuesday 18-21h". Its
effect is the within-creator estimate (``effects.group_stats`` + ``within_creator``) of videos posted in
it against the same creators' videos posted in any other slot, with the 95% interval, n and creators. A
slot passes the evidence bar as an insight does: n >= ``min_n`` in the slot and outside it, at least
``min_creators`` creators, q <= ``alpha`` with Benjamini-Hochberg over the slots tested (the interval then
excludes 0) and |effect| >= ``min_effect``. Every slot is returned, passing or not (the app fades those that
do not); ``best`` holds only passing slots with more views, best first. Each weekday and each hour band
is tested on its own too: with a 56th of the videos each, slots need a strong effect to pass, and the
day or the hour often shows what its slots cannot.

    report = posting_slots(analysis.features)
    report.best            # e.g. (Tuesday 18-21h, Thursday 18-21h): passing, best first; may be empty
    report.note            # a sentence saying why, when ``best`` is empty
    length_effects(analysis.features)   # the length bands, the same way
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from compass.analytics.config import InsightConfig
from compass.analytics.definitions import HOUR_BAND_HOURS
from compass.analytics.effects import GroupStats, benjamini_hochberg, level_stats, within_creator
from compass.analytics.features import DURATION_LABELS, HOUR_BAND_LABELS, WEEKDAY_LABELS, Features
from compass.analytics.jsonable import json_safe
from compass.analytics.wording import evidence_bar

BANDS_PER_DAY = 24 // HOUR_BAND_HOURS
N_SLOTS = len(WEEKDAY_LABELS) * BANDS_PER_DAY
BEST_SLOTS = 3
BAR_SETTINGS = ("min_n", "min_creators", "alpha", "min_effect", "confidence")  # what a stored report keeps

# Statuses, as the insights word them.
PASSES = "shown"
TOO_FEW = "too few videos"
NO_ESTIMATE = "no estimate"
NOT_SIGNIFICANT = "not significant"
TOO_SMALL = "effect too small"


@dataclass(frozen=True)
class Evidence:
    """One group against the same creators' other videos. ``q`` is NaN for a group not tested."""

    effect: float
    ci_low: float
    ci_high: float
    n: int  # videos in the group, from creators with videos on both sides
    n_other: int  # the same creators' other videos it is compared with
    creators: int
    p: float
    q: float
    status: str

    @property
    def passes(self) -> bool:
        return self.status == PASSES

    @property
    def favoured(self) -> bool:
        """Passes the evidence bar with more views."""
        return self.passes and self.effect > 0

    @property
    def avoided(self) -> bool:
        """Passes the evidence bar with fewer views."""
        return self.passes and self.effect < 0

    def to_json(self) -> dict[str, Any]:
        return json_safe(
            {
                "effect": self.effect,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "n": self.n,
                "n_other": self.n_other,
                "creators": self.creators,
                "p": self.p,
                "q": self.q,
                "status": self.status,
                "passes": self.passes,
            }
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evidence:
        def number(key: str) -> float:
            return float("nan") if data[key] is None else float(data[key])

        return cls(
            effect=number("effect"),
            ci_low=number("ci_low"),
            ci_high=number("ci_high"),
            n=int(data["n"]),
            n_other=int(data["n_other"]),
            creators=int(data["creators"]),
            p=number("p"),
            q=number("q"),
            status=str(data["status"]),
        )


@dataclass(frozen=True)
class Slot:
    """A weekly slot: ``weekday`` (0 = Monday) and hours [start_hour, end_hour) in the analysis' zone."""

    weekday: int
    band: int  # the hour band: hours [band * HOUR_BAND_HOURS, (band + 1) * HOUR_BAND_HOURS)
    evidence: Evidence

    @property
    def start_hour(self) -> int:
        return self.band * HOUR_BAND_HOURS

    @property
    def end_hour(self) -> int:
        return self.start_hour + HOUR_BAND_HOURS

    @property
    def day(self) -> str:
        return WEEKDAY_LABELS[self.weekday]

    @property
    def hours(self) -> str:
        return HOUR_BAND_LABELS[self.band]

    @property
    def label(self) -> str:
        return f"{self.day} {self.hours}"

    def to_json(self) -> dict[str, Any]:
        return {
            "slot": self.label,
            "weekday": self.day,
            "start_hour": self.start_hour,
            "end_hour": self.end_hour,
            **self.evidence.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(
            WEEKDAY_LABELS.index(data["weekday"]),
            int(data["start_hour"]) // HOUR_BAND_HOURS,
            Evidence.from_json(data),
        )


@dataclass(frozen=True)
class SlotReport:
    """``slots``: all ``N_SLOTS`` slots, Monday 00-03h first; ``best``: the passing ones with more views,
    largest effect first, at most ``BEST_SLOTS`` (empty when none passes). ``days`` (Monday first) and
    ``hours`` (00-03h first): each weekday and each hour band on its own, the same way; a slot holds a
    56th of the videos, so a day or an hour often shows what its slots are too few to show."""

    timezone: str
    slots: tuple[Slot, ...]
    best: tuple[Slot, ...]
    days: tuple[Evidence, ...]
    hours: tuple[Evidence, ...]
    config: InsightConfig

    @property
    def tested(self) -> int:
        return sum(np.isfinite(s.evidence.q) for s in self.slots)

    @property
    def note(self) -> str | None:
        """Why no slot is recommended, when none is."""
        if self.best:
            return None
        return (
            f"No weekly slot stands out ({self.timezone}): {self.tested} of {len(self.slots)} slots had "
            f"enough videos to test, and none gets more views with {evidence_bar(self.config)}."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "timezone": self.timezone,
            "slots": [s.to_json() for s in self.slots],
            "best": [s.label for s in self.best],
            "days": [
                {"weekday": day, **e.to_json()} for day, e in zip(WEEKDAY_LABELS, self.days, strict=True)
            ],
            "hours": [
                {"hours": band, **e.to_json()} for band, e in zip(HOUR_BAND_LABELS, self.hours, strict=True)
            ],
            "bar": {key: getattr(self.config, key) for key in BAR_SETTINGS},
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SlotReport:
        slots = tuple(Slot.from_json(s) for s in data["slots"])
        by_label = {s.label: s for s in slots}
        return cls(
            timezone=data["timezone"],
            slots=slots,
            best=tuple(by_label[b] for b in data["best"]),
            days=tuple(Evidence.from_json(e) for e in data["days"]),
            hours=tuple(Evidence.from_json(e) for e in data["hours"]),
            config=InsightConfig(**data["bar"]),
        )


@dataclass(frozen=True)
class LengthEffect:
    band: str  # one of ``DURATION_LABELS``
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        return {"band": self.band, **self.evidence.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LengthEffect:
        return cls(str(data["band"]), Evidence.from_json(data))


def level_evidence(stats: GroupStats, config: InsightConfig) -> list[Evidence]:
    """Each level against the same creators' videos of the other levels, judged by the evidence bar with
    Benjamini-Hochberg over the levels tested."""
    n_levels = stats.n_levels
    t = within_creator(stats, config.confidence)
    enough = (t.n_in >= config.min_n) & (t.n_out >= config.min_n) & (t.creators >= config.min_creators)
    tested = enough & np.isfinite(t.p)
    q = np.full(n_levels, np.nan)
    q[tested] = benjamini_hochberg(t.p[tested])
    passes = tested & (q <= config.alpha) & (np.abs(t.effect) >= config.min_effect)
    status = np.select(
        [~enough, ~tested, passes, q > config.alpha],
        [TOO_FEW, NO_ESTIMATE, PASSES, NOT_SIGNIFICANT],
        TOO_SMALL,
    )
    return [
        Evidence(
            float(t.effect[i]),
            float(t.ci_low[i]),
            float(t.ci_high[i]),
            int(t.n_in[i]),
            int(t.n_out[i]),
            int(t.creators[i]),
            float(t.p[i]),
            float(q[i]),
            str(status[i]),
        )
        for i in range(n_levels)
    ]


def code_stats(features: Features, codes: np.ndarray, n_levels: int) -> GroupStats:
    """The niche's statistics for one level per video (-1: the video takes no part)."""
    v = features.videos
    return level_stats(
        v["creator"].to_numpy(),
        v["log_views"].to_numpy(),
        features.n_creators,
        codes.astype(np.int64),
        n_levels,
    )


def video_slots(features: Features) -> np.ndarray:
    """Each video's slot index, weekday * BANDS_PER_DAY + hour band, in the zone the features were read in."""
    v = features.videos
    return v["weekday"].to_numpy().astype(np.int64) * BANDS_PER_DAY + v["hour_band"].to_numpy()


def best_first(candidates: Sequence[Slot], top: int) -> tuple[Slot, ...]:
    """The passing slots with more views, largest effect first."""
    favoured = [s for s in candidates if s.evidence.favoured]
    return tuple(sorted(favoured, key=lambda s: -s.evidence.effect)[:top])


def posting_slots(
    features: Features, config: InsightConfig | None = None, *, top: int = BEST_SLOTS
) -> SlotReport:
    """Every weekly slot of the niche with its evidence, the best ``top`` that pass the bar, and each
    weekday and hour band on its own (Benjamini-Hochberg over the slots, the days, the hours, each apart)."""
    config = config or InsightConfig()
    # Every video is in one slot, so the days' and the hours' statistics are the slots' added up.
    of_slots = code_stats(features, video_slots(features), N_SLOTS)
    evidence = level_evidence(of_slots, config)
    slots = tuple(Slot(i // BANDS_PER_DAY, i % BANDS_PER_DAY, e) for i, e in enumerate(evidence))
    slot = np.arange(N_SLOTS)
    days = level_evidence(of_slots.merged(slot // BANDS_PER_DAY, len(WEEKDAY_LABELS)), config)
    hours = level_evidence(of_slots.merged(slot % BANDS_PER_DAY, BANDS_PER_DAY), config)
    return SlotReport(features.tz, slots, best_first(slots, top), tuple(days), tuple(hours), config)


def length_effects(features: Features, config: InsightConfig | None = None) -> list[LengthEffect]:
    """Each length band (photo posts, 0-15 s ... over 60 s) against the same creators' videos of other
    lengths; videos of unknown length take no part."""
    config = config or InsightConfig()
    codes = features.videos["duration_band"].to_numpy()
    evidence = level_evidence(code_stats(features, codes, len(DURATION_LABELS)), config)
    return [LengthEffect(band, e) for band, e in zip(DURATION_LABELS, evidence, strict=True)]


def best_length(lengths: Sequence[LengthEffect]) -> LengthEffect | None:
    """The passing length band with the most extra views, if any."""
    favoured = [x for x in lengths if x.evidence.favoured]
    return max(favoured, key=lambda x: x.evidence.effect, default=None)
