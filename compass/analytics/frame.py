"""A niche's data as compact pandas frames: loaded from the database with one query per table, or built
from observations (the synthetic generator, tests) without a database (``load.load_frame`` reads the
database). Both give the same frame.

Captions are reduced to their features (length, hooks) while loading; the text is not kept.
Codes, not ids, link the tables: ``videos.creator`` is a row of ``creators``, ``videos.sound`` a row of
``sounds`` (-1 = none), ``hashtags.video`` a row of ``videos`` and ``hashtags.tag`` an entry of ``tag_names``.
Creators are ordered by handle, videos by (creator, posted time, TikTok id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from compass.analytics.captions import CAPTION_COLUMNS, caption_features
from compass.errors import CompassError
from compass.records import Observation, SoundRecord, normalize_handle

STAT_COLUMNS = ("views", "likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class NicheFrame:
    """videos: video_id, tiktok_id, creator, posted_s (unix seconds, UTC), captured_s, views, likes,
    comments, shares, saves (float, NaN = unknown), duration_s (float, NaN = unknown or photo), is_photo,
    sound (code, -1 = none), sound_original (1, 0, -1 = unknown), and the caption features.
    creators: creator_id, handle, followers (NaN = unknown), captured_s, video_count (the count the
    profile shows; NaN = unknown). sounds: sound_id, title, original.
    hashtags: video, tag. snapshots: creator, captured_s, followers."""

    videos: pd.DataFrame
    creators: pd.DataFrame
    sounds: pd.DataFrame
    hashtags: pd.DataFrame
    tag_names: np.ndarray
    snapshots: pd.DataFrame

    @property
    def n_videos(self) -> int:
        return len(self.videos)

    @property
    def n_creators(self) -> int:
        return len(self.creators)

    def creator_code(self, handle: str) -> int:
        """The row of ``creators`` for a handle (with or without @); raises CompassError if absent."""
        wanted = normalize_handle(handle)
        found = np.flatnonzero(self.creators["handle"].to_numpy() == wanted)
        if not len(found):
            raise CompassError(f"@{wanted} is not among the {self.n_creators} creators analysed")
        return int(found[0])


# --- Assembly shared by both sources -------------------------------------------------------------


def sorted_rows(frame: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    """The row order that sorts ``frame`` by ``keys``, ascending and stable: Arrow's sort, which orders text
    columns in C++ where pandas would first factorize them."""
    columns = {
        key: pa.array(frame[key].array if frame[key].dtype.kind == "O" else frame[key]) for key in keys
    }
    table = pa.table(columns)
    return pc.sort_indices(table, sort_keys=[(key, "ascending") for key in keys]).to_numpy()


def unique_pairs(first: np.ndarray, second: np.ndarray, n_second: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (first, second) pairs of non-negative codes, ordered by first then second."""
    width = max(n_second, 1)
    # Values, not rows, are sorted: equal keys are the same pair, so the sort need not be stable, and
    # numpy's default sort (vectorized) is several times faster than its stable one here.
    keys = np.sort(first.astype(np.int64) * width + second.astype(np.int64))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    return keys // width, keys % width


def assemble_frame(
    creators: pd.DataFrame,
    videos: pd.DataFrame,
    sounds: pd.DataFrame,
    links: pd.DataFrame,
    tags: pd.DataFrame,
    snapshots: pd.DataFrame,
) -> NicheFrame:
    """Inputs keyed by ids (creator_id, sound_id, video_id, hashtag_id); output keyed by codes."""
    creators = creators.sort_values(["handle", "creator_id"], kind="stable").reset_index(drop=True)
    creator_index = pd.Index(creators["creator_id"].to_numpy())
    videos = videos.assign(
        creator=creator_index.get_indexer(videos["creator_id"].to_numpy()).astype(np.int32)
    )
    videos = videos[videos["creator"] >= 0]
    videos = videos.take(sorted_rows(videos, ["creator", "posted_s", "tiktok_id"])).reset_index(drop=True)

    if not sounds["sound_id"].is_monotonic_increasing:
        # Sounds come in id order, or as sorted runs (kept ones, then newly read ones) that timsort merges.
        sounds = sounds.sort_values("sound_id", kind="stable")
    sounds = sounds.reset_index(drop=True)
    # Whether a sound is the creator's own: as the source says, else from its title ("original sound - x").
    original = sounds["original"].astype("Int8")
    unknown = original.isna().to_numpy()
    if unknown.any():
        title = sounds["title"][unknown].astype("string").str.lower().fillna("")
        original[unknown] = np.where(title.str.startswith("original sound").to_numpy(dtype=bool), 1, -1)
    sounds = pd.DataFrame(
        {
            "sound_id": sounds["sound_id"].to_numpy(np.int64),
            "title": sounds["title"],
            "original": original.to_numpy(np.int8),
        }
    )
    sound_ids = videos["sound_id"].to_numpy(dtype=float)
    sound_code = pd.Index(sounds["sound_id"].to_numpy()).get_indexer(
        np.nan_to_num(sound_ids, nan=-1).astype(np.int64)
    )
    sound_code = np.where(np.isnan(sound_ids), -1, sound_code).astype(np.int32)
    flags = np.append(sounds["original"].to_numpy(np.int8), np.int8(-1))  # code -1 reads the last: unknown
    video_original = flags[sound_code]

    tags = tags.sort_values(["name", "hashtag_id"]).reset_index(drop=True)
    video_row = pd.Index(videos["video_id"].to_numpy()).get_indexer(links["video_id"].to_numpy())
    tag_code = pd.Index(tags["hashtag_id"].to_numpy()).get_indexer(links["hashtag_id"].to_numpy())
    keep = (video_row >= 0) & (tag_code >= 0)
    video_of_link, tag_of_link = unique_pairs(video_row[keep], tag_code[keep], len(tags))
    hashtags = pd.DataFrame({"video": video_of_link.astype(np.int32), "tag": tag_of_link.astype(np.int32)})

    out = pd.DataFrame(
        {
            "video_id": videos["video_id"].to_numpy(np.int64),
            "tiktok_id": videos["tiktok_id"].astype("str"),
            "creator": videos["creator"].to_numpy(np.int32),
            "posted_s": videos["posted_s"].to_numpy(np.int64),
            "captured_s": videos["captured_s"].to_numpy(dtype=float),
            **{name: videos[name].to_numpy(dtype=float) for name in STAT_COLUMNS},
            "is_photo": videos["is_photo"].fillna(False).to_numpy(dtype=bool),
            "sound": sound_code,
            "sound_original": video_original.astype(np.int8),
        }
    )
    duration = videos["duration_s"].to_numpy(dtype=float)
    out["duration_s"] = np.where(out["is_photo"].to_numpy(), np.nan, duration)
    for name in CAPTION_COLUMNS:
        out[name] = videos[name].to_numpy()

    snapshot_creator = creator_index.get_indexer(snapshots["creator_id"].to_numpy())
    snaps = (
        pd.DataFrame(
            {
                "creator": snapshot_creator.astype(np.int32),
                "captured_s": snapshots["captured_s"].to_numpy(np.int64),
                "followers": snapshots["followers"].to_numpy(dtype=float),
            }
        )[snapshot_creator >= 0]
        .sort_values(["creator", "captured_s"])
        .reset_index(drop=True)
    )
    creators = pd.DataFrame(
        {
            "creator_id": creators["creator_id"].to_numpy(np.int64),
            "handle": creators["handle"].astype("str"),
            "followers": creators["followers"].to_numpy(dtype=float),
            "captured_s": creators["captured_s"].to_numpy(dtype=float),
            "video_count": creators["video_count"].to_numpy(dtype=float),
        }
    )
    return NicheFrame(out, creators, sounds, hashtags, tags["name"].to_numpy(dtype=object), snaps)


def with_caption_features(videos: pd.DataFrame, captions: pa.Array | Sequence[str | None]) -> pd.DataFrame:
    return videos.assign(**caption_features(captions))


# --- From observations -------------------------------------------------------------------------


def _sound_key(sound: SoundRecord) -> tuple[str | None, str | None, str | None]:
    return (sound.tiktok_id, None, None) if sound.tiktok_id else (None, sound.title, sound.author)


def frame_from_observations(observations: Iterable[Observation]) -> NicheFrame:
    """The frame the database would give after ingesting these observations: a video seen twice keeps its
    latest stats, a creator its latest profile stats; creators are matched by TikTok id, else handle."""
    creator_ids: dict[tuple[str, str], int] = {}
    creator_rows: dict[int, list[Any]] = {}
    snapshots: dict[tuple[int, int], float] = {}
    sound_ids: dict[tuple[str | None, str | None, str | None], int] = {}
    sound_rows: list[tuple[int, str | None, bool | None]] = []
    tag_ids: dict[str, int] = {}
    videos: dict[str, list[Any]] = {}
    video_tags: dict[str, list[int]] = {}
    for obs in observations:
        record = obs.creator
        key = ("id", record.tiktok_id) if record.tiktok_id else ("handle", record.handle)
        cid = creator_ids.setdefault(key, len(creator_ids) + 1)
        captured = int(obs.captured_at.timestamp())
        row = creator_rows.setdefault(cid, [cid, record.handle, np.nan, np.nan, np.nan])
        if not record.stats.is_empty:
            if not captured < row[3]:  # the latest profile stats win (NaN compares False)
                row[1] = record.handle
                row[2] = np.nan if record.stats.followers is None else float(record.stats.followers)
                row[3] = captured
                if record.stats.video_count is not None:
                    row[4] = float(record.stats.video_count)
            snapshots.setdefault(
                (cid, captured), np.nan if record.stats.followers is None else float(record.stats.followers)
            )
        for video in obs.videos:
            previous = videos.get(video.tiktok_id)
            if previous is not None and previous[-1] > captured:  # of equal times, the later source wins
                continue
            sid = None
            if video.sound is not None and not video.sound.is_empty:
                skey = _sound_key(video.sound)
                if skey not in sound_ids:
                    sound_ids[skey] = len(sound_ids) + 1
                    sound_rows.append((sound_ids[skey], video.sound.title, video.sound.original))
                sid = sound_ids[skey]
            stats = video.stats.as_tuple()
            videos[video.tiktok_id] = [
                previous[0] if previous else len(videos) + 1,
                video.tiktok_id,
                cid,
                int(video.posted_at.timestamp()),
                video.caption,
                video.duration_s,
                video.is_photo,
                sid,
                *(np.nan if s is None else float(s) for s in stats),
                captured,
            ]
            video_tags[video.tiktok_id] = [
                tag_ids.setdefault(tag, len(tag_ids) + 1) for tag in video.hashtags
            ]
    columns = [
        "video_id",
        "tiktok_id",
        "creator_id",
        "posted_s",
        "caption",
        "duration_s",
        "is_photo",
        "sound_id",
        *STAT_COLUMNS,
        "captured_s",
    ]
    frame = pd.DataFrame(list(videos.values()), columns=columns)
    frame["duration_s"] = frame["duration_s"].astype(float)
    frame["sound_id"] = frame["sound_id"].astype(float)
    frame["is_photo"] = frame["is_photo"].astype("boolean")
    frame = with_caption_features(frame.drop(columns="caption"), frame["caption"].tolist())
    counts = np.fromiter((len(t) for t in video_tags.values()), dtype=np.int64, count=len(video_tags))
    links = pd.DataFrame(
        {
            "video_id": np.repeat(
                np.fromiter((videos[tid][0] for tid in video_tags), dtype=np.int64, count=len(video_tags)),
                counts,
            ),
            "hashtag_id": np.fromiter(
                (t for tags in video_tags.values() for t in tags), dtype=np.int64, count=int(counts.sum())
            ),
        }
    )
    return assemble_frame(
        pd.DataFrame(
            list(creator_rows.values()),
            columns=["creator_id", "handle", "followers", "captured_s", "video_count"],
        ),
        frame,
        pd.DataFrame(sound_rows, columns=["sound_id", "title", "original"]),
        links,
        pd.DataFrame(list(tag_ids.items()), columns=["name", "hashtag_id"]),
        pd.DataFrame(
            [(c, t, f) for (c, t), f in snapshots.items()], columns=["creator_id", "captured_s", "followers"]
        ),
    )
