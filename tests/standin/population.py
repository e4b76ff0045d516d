"""The stand-in's creators: a cheap index at start-up, each creator generated on first request.

Eight niches of ``compass.synthetic`` (fitness, cooking, beauty, gaming, finance, travel, comedy,
pets). Each niche has a regular spec (``per_niche`` creators, 3-400 videos over a year) and a
prolific one (``prolific_per_niche`` creators, 500-800 videos over two years). A creator's state
is drawn from a hash of the seed and its handle: 3% private, 2% missing (the handle does not
exist), 2% banned; prolific creators are always ok.

Start-up builds only the index (:meth:`NicheGenerator.head`: handle, ids, followers, number of
videos). A creator's videos are generated on its first request and kept in a bounded LRU; they
are deterministic by seed, so an evicted creator comes back identical.

What the server serves for an ok creator is :meth:`Population.observation`: the generated
creator with the served avatar and cover URLs, and ``video_count`` equal to the number of videos
its item list serves. About 6% of an ok creator's captions name another creator of its niche, as
TikTok captions do: a mention ("... @handle"), a duet ("#duet with @handle ...") or a stitch
("#stitch with @handle ..."), so that discovery can follow them.

A private creator is served with ``privateAccount`` true, its counts, a video count of 0 (as
TikTok shows it to a visitor) and no videos.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from compass.records import Observation, VideoRecord
from compass.synthetic import NicheGenerator, NicheSpec
from tests.standin.shapes import avatar_url, cover_url

NICHES = ("fitness", "cooking", "beauty", "gaming", "finance", "travel", "comedy", "pets")
CAPTURED_AT = datetime(2025, 6, 1, tzinfo=UTC)
REGULAR = dict(videos_per_creator=(3, 400), start=datetime(2024, 6, 1, tzinfo=UTC), end=CAPTURED_AT)
PROLIFIC = dict(videos_per_creator=(500, 800), start=datetime(2023, 6, 1, tzinfo=UTC), end=CAPTURED_AT)
PROLIFIC_SEED_OFFSET = 1_000_003


class State(StrEnum):
    OK = "ok"
    PRIVATE = "private"
    MISSING = "missing"
    BANNED = "banned"


# Cumulative shares of the non-ok states, drawn from a hash of (seed, handle).
STATE_SHARES = ((State.PRIVATE, 0.03), (State.MISSING, 0.05), (State.BANNED, 0.07))


def unit(*parts: object) -> float:
    """A stable number in [0, 1) from ``parts``."""
    digest = hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True, slots=True)
class Member:
    """One creator of the index. ``videos``: how many videos its item list serves (0 unless ok)."""

    handle: str
    niche: str
    state: State
    followers: int
    videos: int
    nickname: str
    tiktok_id: str
    sec_uid: str
    slot: int  # which generator (niche spec) of the population
    index: int  # the creator's index in its niche spec
    prolific: bool

    def to_json(self) -> dict[str, Any]:
        exists = self.state in (State.OK, State.PRIVATE)
        return {
            "handle": self.handle,
            "state": self.state.value,
            "niche": self.niche,
            "videos": self.videos,
            "followers": self.followers if exists else None,
            "nickname": self.nickname if exists else None,
            "sec_uid": self.sec_uid if exists else None,
            "tiktok_id": self.tiktok_id if exists else None,
        }


@dataclass(frozen=True)
class Account:
    """A generated creator as the server serves it: pinned videos first, then the rest newest
    first; ``keys`` are the item-list cursor positions of ``rest`` (strictly decreasing);
    ``timeline`` is every video newest first, pinned ones at their own time (the creator list)."""

    member: Member
    observation: Observation
    pinned: tuple[VideoRecord, ...] = ()
    rest: tuple[VideoRecord, ...] = ()
    keys: tuple[int, ...] = ()
    by_id: dict[str, VideoRecord] = field(default_factory=dict)
    digg_count: int = 0
    friend_count: int = 0
    timeline: tuple[VideoRecord, ...] = ()


MENTION_SHARE = 0.06


class Lru:
    """A small thread-safe LRU cache; ``get(key, make)`` builds a missing value outside the lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._data.pop(key, None)

    def __len__(self) -> int:
        return len(self._data)


def _order_key(video: VideoRecord) -> tuple[float, int]:
    return (-video.posted_at.timestamp(), -int(video.tiktok_id))


def _cursor_keys(rest: tuple[VideoRecord, ...]) -> tuple[int, ...]:
    """Millisecond-like cursors, as TikTok's: the post time in ms, with a tie-break in the
    milliseconds for videos posted in the same second."""
    keys, last, rank = [], None, 0
    for video in rest:
        t = int(video.posted_at.timestamp())
        rank = rank + 1 if t == last else 0
        last = t
        keys.append(t * 1000 + 999 - rank)
    return tuple(keys)


class Population:
    """The index of every creator, and their accounts generated on demand."""

    def __init__(
        self, seed: int = 0, *, per_niche: int = 370, prolific_per_niche: int = 3, cache_size: int = 256
    ) -> None:
        started = time.perf_counter()
        self.seed = seed
        specs = []
        for name in NICHES:
            if prolific_per_niche:
                specs.append(
                    (NicheSpec(name, prolific_per_niche, seed=seed + PROLIFIC_SEED_OFFSET, **PROLIFIC), True)
                )
            specs.append((NicheSpec(name, per_niche, seed=seed, **REGULAR), False))
        self.generators = tuple(NicheGenerator(spec) for spec, _ in specs)
        members: list[Member] = []
        self._by_handle: dict[str, Member] = {}
        self._by_sec_uid: dict[str, Member] = {}
        for slot, (generator, (spec, prolific)) in enumerate(zip(self.generators, specs, strict=True)):
            for head in generator.heads():
                if head.handle in self._by_handle:
                    continue  # the rare handle drawn twice: the first one keeps it
                state = State.OK if prolific else self._state(head.handle)
                member = Member(
                    head.handle,
                    spec.name,
                    state,
                    head.followers,
                    head.n_videos if state is State.OK else 0,
                    head.nickname,
                    head.tiktok_id,
                    head.sec_uid,
                    slot,
                    head.index,
                    prolific,
                )
                members.append(member)
                self._by_handle[member.handle] = member
                if state in (State.OK, State.PRIVATE):
                    self._by_sec_uid[member.sec_uid] = member
        self.members = tuple(members)
        self._accounts = Lru(cache_size)
        self._sound_owners: dict[str, Member] = {}  # original sound id -> creator, of generated creators
        self._ok_by_niche: dict[str, list[str]] = {}
        for member in members:
            if member.state is State.OK:
                self._ok_by_niche.setdefault(member.niche, []).append(member.handle)
        self.build_seconds = time.perf_counter() - started

    def _state(self, handle: str) -> State:
        u = unit(self.seed, "state", handle)
        return next((state for state, share in STATE_SHARES if u < share), State.OK)

    # ---- lookups -----------------------------------------------------------------------------

    def get(self, handle: str) -> Member | None:
        return self._by_handle.get(handle.strip().lstrip("@").lower())

    def by_sec_uid(self, sec_uid: str) -> Member | None:
        return self._by_sec_uid.get(sec_uid)

    def with_state(self, state: State | str) -> list[Member]:
        return [m for m in self.members if m.state == state]

    def largest(self, n: int = 10) -> list[Member]:
        """The ok creators with the most videos."""
        return sorted(self.with_state(State.OK), key=lambda m: (-m.videos, m.handle))[:n]

    def to_json(self) -> list[dict[str, Any]]:
        return [m.to_json() for m in self.members]

    def tags_of(self, member: Member) -> tuple[str, ...]:
        return self.generators[member.slot].tags

    def sound_owner(self, music_id: str) -> Member | None:
        """The creator of an original sound, once that creator was generated in this process."""
        return self._sound_owners.get(music_id)

    @property
    def cached_accounts(self) -> int:
        return len(self._accounts)

    # ---- accounts ----------------------------------------------------------------------------

    def account(self, member: Member) -> Account:
        """The generated account of an ok or private creator (cached)."""
        if member.state not in (State.OK, State.PRIVATE):
            raise LookupError(f"@{member.handle} is {member.state.value}: the server serves no account")
        return self._accounts.get((member.slot, member.index), lambda: self._generate(member))

    def observation(self, handle: str) -> Observation | None:
        """The exact values served for ``handle``; None when the account does not exist or is banned."""
        member = self.get(handle)
        if member is None or member.state not in (State.OK, State.PRIVATE):
            return None
        return self.account(member).observation

    def _generate(self, member: Member) -> Account:
        generated = self.generators[member.slot].creator(member.index, CAPTURED_AT)
        source = generated.creator
        digg = int(unit(self.seed, "digg", member.handle) * 4000)
        friends = int(unit(self.seed, "friends", member.handle) * 60)
        avatar = avatar_url(source.tiktok_id or "", 1080)
        if member.state is State.PRIVATE:
            creator = replace(
                source, private=True, avatar_url=avatar, stats=replace(source.stats, video_count=0)
            )
            observation = replace(generated, creator=creator, videos=(), source="standin")
            return Account(member, observation, digg_count=digg, friend_count=friends)
        videos = [
            self._with_mention(member, replace(v, cover_url=cover_url(v.tiktok_id))) for v in generated.videos
        ]
        for video in videos:
            if video.sound is not None and video.sound.original and video.sound.tiktok_id:
                self._sound_owners[video.sound.tiktok_id] = member
        pinned = tuple(sorted((v for v in videos if v.is_pinned), key=_order_key))
        rest = tuple(sorted((v for v in videos if not v.is_pinned), key=_order_key))
        creator = replace(source, avatar_url=avatar, stats=replace(source.stats, video_count=len(videos)))
        observation = replace(generated, creator=creator, videos=pinned + rest, source="standin")
        return Account(
            member,
            observation,
            pinned,
            rest,
            _cursor_keys(rest),
            {v.tiktok_id: v for v in videos},
            digg,
            friends,
            tuple(sorted(videos, key=_order_key)),
        )

    def _with_mention(self, member: Member, video: VideoRecord) -> VideoRecord:
        """The video, its caption naming another creator of the niche for about 6% of videos."""
        u = unit(self.seed, "mention", video.tiktok_id)
        peers = self._ok_by_niche.get(member.niche, [])
        if u >= MENTION_SHARE or len(peers) < 2:
            return video
        other = peers[int(unit(self.seed, "mentioned", video.tiktok_id) * len(peers))]
        if other == member.handle:
            other = peers[(peers.index(other) + 1) % len(peers)]
        caption = video.caption or ""
        if u < MENTION_SHARE / 3:
            return replace(
                video,
                caption=f"#duet with @{other} {caption}".rstrip(),
                hashtags=tuple(dict.fromkeys(("duet", *video.hashtags))),
            )
        if u < MENTION_SHARE * 2 / 3:
            return replace(
                video,
                caption=f"#stitch with @{other} {caption}".rstrip(),
                hashtags=tuple(dict.fromkeys(("stitch", *video.hashtags))),
            )
        return replace(video, caption=f"{caption} @{other}".lstrip())
