"""Scores candidates for similarity to the seeds and for success, and says why each was suggested."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from compass.discovery.fingerprint import Fingerprint, weighted_overlap

# How much each kind of evidence counts toward similarity. Hashtags say most about a niche; a shared
# trending sound is weaker evidence (everyone uses them); words in captions and bios the weakest.
WEIGHTS = {"hashtags": 0.55, "sounds": 0.25, "words": 0.20}
# How a creator named in the niche's captions was found (``mentions.mentioned_in_captions``): said first.
CAPTION_VIA = ("duetted by", "stitched by", "mentioned by")


@dataclass(frozen=True)
class Suggestion:
    handle: str
    similarity: float  # 0..1
    success: float  # 0..1: how far above the seeds' level the candidate performs
    score: float  # what the ranking uses
    reasons: tuple[str, ...] = field(default_factory=tuple)
    found_via: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _ratio_score(candidate: float | None, reference: float | None) -> float | None:
    """0.5 at the seeds' level, towards 1 for ten times and more, towards 0 below."""
    if candidate is None or reference is None or candidate <= 0 or reference <= 0:
        return None
    return 1 / (1 + math.exp(-math.log10(candidate / reference) * 2.5))


def success_score(candidate: Fingerprint, seeds: Fingerprint) -> float:
    parts = [
        _ratio_score(candidate.followers, seeds.followers),
        _ratio_score(candidate.median_views, seeds.median_views),
    ]
    known = [p for p in parts if p is not None]
    if not known:  # nothing to compare with: rank by reach alone, on a log scale
        reach = candidate.median_views or candidate.followers or 0
        return min(1.0, math.log10(1 + reach) / 8)
    return sum(known) / len(known)


def _times(candidate: float | None, reference: float | None) -> str | None:
    if not candidate or not reference:
        return None
    ratio = candidate / reference
    return f"{ratio:.0f}x" if ratio >= 2 else f"{ratio:.1f}x"


def score(candidate: Fingerprint, seeds: Fingerprint, found_via: Iterable[str] = ()) -> Suggestion:
    hashtag_sim, shared_tags = weighted_overlap(candidate.hashtags, seeds.hashtags)
    word_sim, shared_words = weighted_overlap(candidate.words, seeds.words)
    shared_sounds = candidate.sounds & seeds.sounds
    sound_sim = (
        len(shared_sounds) / math.sqrt(len(candidate.sounds) * len(seeds.sounds)) if shared_sounds else 0.0
    )
    similarity = (
        WEIGHTS["hashtags"] * hashtag_sim + WEIGHTS["sounds"] * sound_sim + WEIGHTS["words"] * word_sim
    )
    success = success_score(candidate, seeds)
    found_via = tuple(found_via)
    reasons = [via for via in found_via if via.startswith(CAPTION_VIA)][:2]
    if shared_tags:
        reasons.append("shares " + ", ".join(f"#{t}" for t in shared_tags[:4]) + " with your seeds")
    if shared_sounds:
        reasons.append(f"uses {len(shared_sounds)} of the same sounds")
    if shared_words:
        reasons.append("talks about " + ", ".join(shared_words[:3]))
    level = _times(candidate.median_views, seeds.median_views)
    if level:
        reasons.append(f"median views {level} the seeds'")
    elif candidate.followers:
        reasons.append(f"{candidate.followers:,} followers")
    # Similar first, then successful: a big account outside the niche teaches little.
    return Suggestion(
        candidate.handle,
        round(similarity, 4),
        round(success, 4),
        round(similarity * (0.5 + success), 4),
        tuple(reasons),
        found_via,
    )


def rank(
    candidates: Iterable[tuple[Fingerprint, Iterable[str]]],
    seeds: Fingerprint,
    *,
    exclude: Iterable[str] = (),
    min_similarity: float = 0.02,
) -> list[Suggestion]:
    excluded = set(exclude)
    suggestions = [score(c, seeds, via) for c, via in candidates if c.handle not in excluded]
    return sorted((s for s in suggestions if s.similarity >= min_similarity), key=lambda s: -s.score)
