"""Lists that cross creators: a hashtag's videos, a sound's videos, a user search.

All are deterministic by seed and independent of which creators happen to be cached: a
hashtag's (or a trending sound's) feed is built from a fixed sample of the creators who may
use it (the ``FEED_CREATORS`` ok creators with the smallest hash of seed, name and handle,
among those of the niches whose vocabulary holds the tag; every niche for a generic tag such as
#fyp), keeping their videos that carry it, most viewed first. The counts on the hashtag and sound
pages are those of the feed served, so a page and its item list agree.

An original sound belongs to one video. Its id does not name its creator: its page is found from
the URL's slug, which TikTok builds from the title ("original sound - <nickname>"), or from the
creators generated so far in this process (the API call, which carries only the id, comes after
its page or one of the creator's items was served).
"""

from __future__ import annotations

from dataclasses import dataclass

from compass.records import SoundRecord, VideoRecord
from compass.synthetic.text import GENERIC_TAGS
from tests.standin.population import Lru, Member, Population, State, unit
from tests.standin.shapes import challenge_id, music_slug

FEED_CREATORS = 24
SEARCH_LIMIT = 300


@dataclass(frozen=True)
class Feed:
    """Videos from many creators, most viewed first: ``entries`` are (author, video)."""

    entries: tuple[tuple[Member, VideoRecord], ...]

    @property
    def view_count(self) -> int:
        return sum(v.stats.views or 0 for _, v in self.entries)


@dataclass(frozen=True)
class MusicFeed(Feed):
    sound: SoundRecord = SoundRecord()
    owner: Member | None = None  # the creator of an original sound


class Feeds:
    def __init__(self, population: Population) -> None:
        self.population = population
        self._tag_slots: dict[str, set[int]] = {}
        all_slots = set(range(len(population.generators)))
        for slot, generator in enumerate(population.generators):
            for tag in generator.tags:
                self._tag_slots.setdefault(tag, set()).add(slot)
        for tag in GENERIC_TAGS:
            self._tag_slots[tag] = all_slots
        self._tag_by_id = {challenge_id(tag): tag for tag in self._tag_slots}
        self._sounds: dict[str, tuple[int, SoundRecord]] = {
            s.tiktok_id: (slot, s)
            for slot, generator in enumerate(population.generators)
            for s in generator.sounds
            if s.tiktok_id
        }
        self._cache = Lru(128)

    # ---- hashtags ----------------------------------------------------------------------------

    def tag_exists(self, name: str) -> bool:
        return name.lower() in self._tag_slots

    def tag_of_id(self, cid: str) -> str | None:
        return self._tag_by_id.get(cid)

    def challenge(self, name: str) -> Feed | None:
        """The feed of hashtag ``name`` (without '#'), or None for a hashtag nobody uses."""
        tag = name.lower().lstrip("#")
        if tag not in self._tag_slots:
            return None
        return self._cache.get(("tag", tag), lambda: self._challenge(tag))

    def _challenge(self, tag: str) -> Feed:
        chosen = self._sample(("tag", tag), self._tag_slots[tag])
        entries = [
            (m, v) for m in chosen for v in self.population.account(m).observation.videos if tag in v.hashtags
        ]
        return Feed(_most_viewed(entries))

    # ---- sounds ------------------------------------------------------------------------------

    def music(self, music_id: str, slug: str | None = None) -> MusicFeed | None:
        """The feed of a sound: a trending one, or an original one found by its URL's ``slug``
        (or, without a slug (the API), among the creators generated so far)."""
        key = ("music", music_id, (slug or "").lower())
        found = self._cache.get(key, lambda: self._music(music_id, slug))
        if found is None:
            self._cache.discard(key)  # its owner may be generated later
        return found

    def _music(self, music_id: str, slug: str | None) -> MusicFeed | None:
        if music_id in self._sounds:
            slot, sound = self._sounds[music_id]
            chosen = self._sample(("music", music_id), {slot})
            entries = [
                (m, v)
                for m in chosen
                for v in self.population.account(m).observation.videos
                if v.sound is not None and v.sound.tiktok_id == music_id
            ]
            return MusicFeed(_most_viewed(entries), sound=sound)
        owner = self.population.sound_owner(music_id)
        if owner is not None:
            candidates = [owner]
        else:  # an original sound: its owner's nickname is in the URL's slug
            wanted = (slug or "").lower()
            candidates = [
                m
                for m in self.population.members
                if wanted
                and m.state is State.OK
                and music_slug(f"original sound - {m.nickname}").lower() == wanted
            ]
        for member in candidates:
            for video in self.population.account(member).observation.videos:
                if video.sound is not None and video.sound.tiktok_id == music_id:
                    return MusicFeed(((member, video),), sound=video.sound, owner=member)
        return None

    # ---- user search -------------------------------------------------------------------------

    def search_users(self, keyword: str) -> tuple[Member, ...]:
        """Existing creators (ok or private) whose handle or nickname contains ``keyword``, or
        whose niche (or one of its hashtags) is ``keyword``: the handle itself first, then handle
        matches, nickname matches and niche matches, each by followers."""
        key = keyword.strip().lstrip("#@").lower()
        if not key:
            return ()
        return self._cache.get(("search", key), lambda: self._search(key))

    def _search(self, key: str) -> tuple[Member, ...]:
        ranked = []
        for m in self.population.members:
            if m.state not in (State.OK, State.PRIVATE):
                continue
            if m.handle == key:
                rank = 0
            elif key in m.handle:
                rank = 1
            elif key in m.nickname.lower():
                rank = 2
            elif key == m.niche or key in self.population.tags_of(m):
                rank = 3
            else:
                continue
            ranked.append((rank, -m.followers, m.handle, m))
        ranked.sort(key=lambda r: r[:3])
        return tuple(r[3] for r in ranked[:SEARCH_LIMIT])

    # ---- helpers -----------------------------------------------------------------------------

    def _sample(self, what: tuple[str, str], slots: set[int]) -> list[Member]:
        seed = self.population.seed
        eligible = [m for m in self.population.members if m.state is State.OK and m.slot in slots]
        eligible.sort(key=lambda m: unit(seed, *what, m.handle))
        return eligible[:FEED_CREATORS]


def _most_viewed(entries: list[tuple[Member, VideoRecord]]) -> tuple[tuple[Member, VideoRecord], ...]:
    return tuple(sorted(entries, key=lambda e: (-(e[1].stats.views or 0), e[1].tiktok_id)))
