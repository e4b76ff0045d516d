"""One creator of a niche on its own: its cheap head (handle, audience, video count) or all of it.

``generate_niche`` draws creator ``i`` from its own random stream, so any creator can be generated
alone and equals what ``generate_niche`` gives at that index. :class:`NicheGenerator` builds what
the creators of a niche share (words, hashtags, trending sounds) once, for many such calls:

    niche = NicheGenerator(NicheSpec("pets", n_creators=3000, seed=1))
    niche.head(17).handle          # cheap: no video is generated
    niche.creator(17, captured_at)  # == generate_niche(spec, captured_at)[17]

:meth:`NicheGenerator.head` replays only the first draws of the creator's stream (audience,
handle, ids, video count): 0.1 ms, 10 to 70 times cheaper than generating the creator, so an
index of thousands of creators builds in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from compass.records import Observation, SoundRecord
from compass.synthetic import text
from compass.synthetic.population import _HANDLE_SPACE, _URLSAFE, NicheSpec, _creator, _niche

# The engagement-rate priors drawn before the handle (one scalar normal each), as in population._creator.
_RATE_PRIORS = ((0.09, 0.35), (0.003, 0.6), (0.004, 0.7), (0.005, 0.6))


@dataclass(frozen=True, slots=True)
class CreatorHead:
    """What a creator's first draws fix: equal to the generated creator's fields of the same name.

    ``n_videos`` is the number of videos the creator gets (``len(observation.videos)``); the
    profile's ``video_count`` also counts older videos drawn later in the stream."""

    index: int
    handle: str
    nickname: str
    tiktok_id: str
    sec_uid: str
    followers: int
    n_videos: int


class NicheGenerator:
    """A niche's shared state, built once; then any of its creators, alone."""

    def __init__(self, spec: NicheSpec) -> None:
        self.spec = spec
        self._nc = _niche(spec)

    @property
    def tags(self) -> tuple[str, ...]:
        """The niche's own hashtags, most popular first (videos also carry generic ones)."""
        return self._nc.tags

    @property
    def sounds(self) -> tuple[SoundRecord, ...]:
        """The niche's trending (non-original) sounds."""
        return self._nc.sounds

    def _check(self, index: int) -> None:
        if not 0 <= index < self.spec.n_creators:
            raise IndexError(f"creator index {index} outside [0, {self.spec.n_creators})")

    def _stream(self, index: int) -> np.random.Generator:
        return np.random.default_rng(
            np.random.SeedSequence([self.spec.seed, self._nc.key], spawn_key=(index + 1,))
        )

    def head(self, index: int) -> CreatorHead:
        """The creator's handle, nickname, ids, followers and number of videos, without its videos.

        Replays ``population._creator`` draw for draw up to the video count; a test checks that
        both agree for every creator of several niches."""
        self._check(index)
        spec, nc = self.spec, self._nc
        rng = self._stream(index)
        if rng.random() < 0.15:
            followers = 200_000 * (1 - rng.random()) ** (-1 / 0.9)
        else:
            followers = 800 + np.exp(rng.normal(np.log(25_000), 1.5))
        followers = int(min(followers, 90e6))
        rng.normal(0, 0.8)  # baseline views
        rng.uniform(0.6, 0.95)  # noise sigma
        if spec.noise_scale > 0:
            rng.normal(0, 0.5)  # viral probability
        for m, s in _RATE_PRIORS:
            rng.normal(np.log(m), s)  # engagement rates
        handle = text.handle(rng, nc.lex, (nc.handle_a * index + nc.handle_b) % _HANDLE_SPACE)
        nickname = text.nickname(rng, nc.lex, handle)
        creator_id = f"{rng.integers(6, 8)}{rng.integers(0, 10**18):018d}"
        sec_uid = "MS4wLjABAAAA" + "".join(_URLSAFE[rng.integers(0, 64, 55)])
        lo, hi = spec.videos_per_creator
        n = min(hi, int(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))))
        return CreatorHead(index, handle, nickname, creator_id, sec_uid, followers, n)

    def heads(self) -> Iterator[CreatorHead]:
        for index in range(self.spec.n_creators):
            yield self.head(index)

    def creator(self, index: int, captured_at: datetime) -> Observation:
        """Creator ``index`` with its videos, equal to ``generate_niche(spec, captured_at)[index]``."""
        self._check(index)
        if captured_at.tzinfo is None or captured_at < self.spec.end:
            raise ValueError("captured_at must be timezone-aware and not before spec.end")
        return _creator(self._nc, index, captured_at)


def generate_creator(spec: NicheSpec, index: int, captured_at: datetime) -> Observation:
    """One creator of the niche alone: equal to ``generate_niche(spec, captured_at)[index]``.
    Builds the niche's shared state each call: use :class:`NicheGenerator` for many creators."""
    return NicheGenerator(spec).creator(index, captured_at)
