"""Replacing some creators' rows of an assembled niche frame with a frame of those creators read again,
giving the frame that assembling the whole niche's tables would give, without assembling it.

Every row of a frame depends on its own creator's data alone, but for its codes: a creator's code is its
rank by handle, a sound's by id, a hashtag's by name, a video's by (creator, posted time, TikTok id). So
the rows are copied once, in runs of whole creators, and only the codes are mapped to the merged tables.
A video's creator is its block: the creators' order is the videos' order, and each creator's videos
keep the order they had within their block.

    frame = splice(kept_frame, drop={changed and departed creator ids}, fresh=assembled frame of changed)
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from compass.analytics.frame import NicheFrame

KEPT, FRESH = 0, 1


@dataclass(frozen=True)
class _Run:
    """Consecutive video rows ``[start, stop)`` of one source frame, the videos of whole creators."""

    source: int
    start: int
    stop: int


def _runs(source: np.ndarray, old_code: np.ndarray, bounds: Sequence[np.ndarray]) -> list[_Run]:
    """The merged creators' video blocks, in the merged order, neighbouring blocks of one source joined."""
    runs: list[_Run] = []
    for frame_of, code in zip(source.tolist(), old_code.tolist(), strict=True):
        start, stop = int(bounds[frame_of][code]), int(bounds[frame_of][code + 1])
        if runs and runs[-1].source == frame_of and runs[-1].stop == start:
            runs[-1] = _Run(frame_of, runs[-1].start, stop)
        elif stop > start:
            runs.append(_Run(frame_of, start, stop))
    return runs


def _merged_keys(keys: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """The frames' keys (sound ids, hashtag names) merged: sorted and distinct, where each first appears
    in the frames' keys one after the other, and per frame, each of its codes' code among them (-1, no
    sound, reads the last entry and stays -1)."""
    merged, first = np.unique(np.concatenate(keys), return_index=True)
    return merged, first, [np.append(np.searchsorted(merged, k), -1) for k in keys]


def _used_codes(codes: np.ndarray, n: int) -> np.ndarray:
    """For each of ``n`` codes, its code among the used ones (-1 when unused); -1 maps to -1."""
    used = np.bincount(codes[codes >= 0], minlength=n) > 0
    mapping = np.cumsum(used) - 1
    return np.append(np.where(used, mapping, -1), -1)  # index -1 reads the last: none stays none


def _stack(parts: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """The parts one under the other. Empty ones are left out: pandas would let their columns' types
    widen the others' (an empty object column makes a float column object)."""
    filled = [part for part in parts if len(part)]
    return pd.concat(filled, ignore_index=True) if filled else empty.iloc[:0].reset_index(drop=True)


def _nobody(like: NicheFrame) -> NicheFrame:
    return NicheFrame(
        like.videos.iloc[:0],
        like.creators.iloc[:0],
        like.sounds.iloc[:0],
        like.hashtags.iloc[:0],
        like.tag_names[:0],
        like.snapshots.iloc[:0],
    )


def splice(kept: NicheFrame, drop: Collection[int], fresh: NicheFrame | None) -> NicheFrame:
    """``kept`` without the creators whose ids are in ``drop``, with ``fresh``'s creators in their place
    (a creator in both is taken from ``fresh``): as ``assemble_frame`` would give it for those tables."""
    fresh = fresh if fresh is not None else _nobody(kept)
    frames = (kept, fresh)
    replaced = np.concatenate(
        [np.fromiter(drop, dtype=np.int64, count=len(drop)), fresh.creators["creator_id"].to_numpy(np.int64)]
    )
    staying = np.flatnonzero(~np.isin(kept.creators["creator_id"].to_numpy(), replaced))

    creators = _stack(
        [
            kept.creators.iloc[staying].assign(_source=KEPT, _code=staying),
            fresh.creators.assign(_source=FRESH, _code=np.arange(fresh.n_creators)),
        ],
        kept.creators.assign(_source=KEPT, _code=0),
    ).sort_values(["handle", "creator_id"], kind="stable", ignore_index=True)
    source, old_code = creators.pop("_source").to_numpy(), creators.pop("_code").to_numpy()
    new_code = [np.full(f.n_creators, -1, dtype=np.int32) for f in frames]
    for frame_of in (KEPT, FRESH):
        chosen = source == frame_of
        new_code[frame_of][old_code[chosen]] = np.flatnonzero(chosen)
    bounds = [  # each creator's videos are rows bounds[c] to bounds[c + 1] of its frame
        np.searchsorted(f.videos["creator"].to_numpy(), np.arange(f.n_creators + 1), side="left")
        for f in frames
    ]
    runs = _runs(source, old_code, bounds)

    # Sounds and hashtags: the two frames' tables merged by key, then only those the videos still use.
    all_sound_ids, first, sound_to_all = _merged_keys([f.sounds["sound_id"].to_numpy() for f in frames])
    all_names, _, tag_to_all = _merged_keys([np.asarray(f.tag_names, dtype=object) for f in frames])

    video_parts, creator_parts, sound_parts, pair_video_parts, pair_tag_parts = [], [], [], [], []
    written = 0
    for run in runs:
        f = frames[run.source]
        video_parts.append(f.videos.iloc[run.start : run.stop])
        creator_parts.append(new_code[run.source][f.videos["creator"].to_numpy()[run.start : run.stop]])
        sound_parts.append(sound_to_all[run.source][f.videos["sound"].to_numpy()[run.start : run.stop]])
        pair_video = f.hashtags["video"].to_numpy()
        first_pair, last_pair = np.searchsorted(pair_video, [run.start, run.stop], side="left")
        pair_video_parts.append(pair_video[first_pair:last_pair].astype(np.int64) - run.start + written)
        pair_tag_parts.append(tag_to_all[run.source][f.hashtags["tag"].to_numpy()[first_pair:last_pair]])
        written += run.stop - run.start

    videos = _stack(video_parts, kept.videos)
    videos["creator"] = np.concatenate([*creator_parts, np.empty(0, np.int32)]).astype(np.int32)
    sound_in_all = np.concatenate([*sound_parts, np.empty(0, np.int64)])
    sound_code = _used_codes(sound_in_all, len(all_sound_ids))
    videos["sound"] = sound_code[sound_in_all].astype(np.int32)
    merged_sounds = _stack([f.sounds for f in frames], kept.sounds).iloc[first]
    sounds = merged_sounds[sound_code[:-1] >= 0].reset_index(drop=True)

    pair_tag_in_all = np.concatenate([*pair_tag_parts, np.empty(0, np.int64)])
    tag_code = _used_codes(pair_tag_in_all, len(all_names))
    hashtags = pd.DataFrame(
        {
            "video": np.concatenate([*pair_video_parts, np.empty(0, np.int64)]).astype(np.int32),
            "tag": tag_code[pair_tag_in_all].astype(np.int32),
        }
    )
    tag_names = all_names[tag_code[:-1] >= 0]

    snapshots = _stack(
        [
            f.snapshots.assign(creator=new_code[frame_of][f.snapshots["creator"].to_numpy()])
            for frame_of, f in enumerate(frames)
        ],
        kept.snapshots,
    )
    snapshots = (
        snapshots[snapshots["creator"].to_numpy() >= 0]
        .astype({"creator": np.int32})
        .sort_values(["creator", "captured_s"])
        .reset_index(drop=True)
    )
    return NicheFrame(videos, creators, sounds, hashtags, tag_names, snapshots)
