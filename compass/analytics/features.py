"""Per-video features, vectorized over the whole niche: no Python loop over videos.

Every feature is defined in ``definitions.VIDEO_FEATURES``. Codes of banded features are small
integers (-1 = unknown); their labels are the ``*_LABELS`` tuples below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from compass.analytics.captions import CAPTION_COLUMNS
from compass.analytics.definitions import (
    CADENCE_EDGES_H,
    DURATION_EDGES,
    HASHTAG_COUNT_EDGES,
    HOUR_BAND_HOURS,
    RISING_MIN_USES,
    RISING_WINDOW_DAYS,
    interactions,
    rate_of_interactions,
)
from compass.analytics.frame import NicheFrame
from compass.errors import CompassError

DAY = 86_400
WEEKDAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOUR_BAND_LABELS = tuple(f"{h:02d}-{h + HOUR_BAND_HOURS:02d}h" for h in range(0, 24, HOUR_BAND_HOURS))
DURATION_LABELS = (
    "photo",
    f"0-{DURATION_EDGES[0]} s",
    f"{DURATION_EDGES[0] + 1}-{DURATION_EDGES[1]} s",
    f"{DURATION_EDGES[1] + 1}-{DURATION_EDGES[2]} s",
    f"over {DURATION_EDGES[2]} s",
)
HASHTAG_COUNT_LABELS = (
    "no hashtags",
    f"1-{HASHTAG_COUNT_EDGES[1]} hashtags",
    f"{HASHTAG_COUNT_EDGES[1] + 1}-{HASHTAG_COUNT_EDGES[2]} hashtags",
    f"{HASHTAG_COUNT_EDGES[2] + 1}+ hashtags",
)
CADENCE_LABELS = (
    "under 24 h after the previous video",
    "1-3 days after the previous video",
    "over 3 days after the previous video",
)

TimeZone = str | Mapping[str, str]


@dataclass(frozen=True)
class Features:
    """``videos``: one row per video of the frame, same order. ``hashtags``: (video, tag) pairs.
    ``creators``: the frame's creators with their median views. ``tz``: the zone timing is read in."""

    videos: pd.DataFrame
    hashtags: pd.DataFrame
    tag_names: np.ndarray
    creators: pd.DataFrame
    tz: str

    @property
    def n_creators(self) -> int:
        return len(self.creators)


def _local_clock(
    posted_s: np.ndarray, creator: np.ndarray, handles: np.ndarray, tz: TimeZone
) -> tuple[np.ndarray, np.ndarray, str]:
    """(hour, weekday, label). ``tz`` is one zone for everyone, or handle -> zone (others in UTC)."""
    if isinstance(tz, str):
        zone_of_creator = np.full(len(handles), tz, dtype=object)
        label = tz
    else:
        zones_by_handle = {k.strip().lstrip("@").lower(): v for k, v in tz.items()}
        zone_of_creator = np.array([zones_by_handle.get(h, "UTC") for h in handles], dtype=object)
        label = "each creator's own time zone"
    # Zones are per creator: the videos' rows of each are found by integer codes, not by text.
    codes, zones = pd.factorize(zone_of_creator)
    zone_of_row = codes[creator]
    hour = np.empty(len(posted_s), dtype=np.int8)
    weekday = np.empty(len(posted_s), dtype=np.int8)
    for code, zone in enumerate(zones):
        rows = np.flatnonzero(zone_of_row == code)
        if not len(rows):
            continue
        if zone == "UTC":
            seconds = posted_s[rows]
        else:
            try:
                stamps = pd.to_datetime(posted_s[rows], unit="s", utc=True).tz_convert(zone)
            except Exception as exc:  # noqa: BLE001 - zoneinfo raises several types
                raise CompassError(
                    f"unknown time zone {zone!r} (use an IANA name like Europe/Paris)"
                ) from exc
            seconds = stamps.tz_localize(None).as_unit("s").asi8  # local wall-clock seconds
        hour[rows] = (seconds % DAY) // 3600
        weekday[rows] = (seconds // DAY + 3) % 7  # 1970-01-01 was a Thursday
    return hour, weekday, label


def _window_counts(
    group: np.ndarray, t: np.ndarray, member: np.ndarray, windows: Sequence[tuple[int, int]]
) -> list[np.ndarray]:
    """For each window (back_from, back_to) and each member row, the members of the same ``group`` with a
    time in [t - back_from, t - back_to); 0 for other rows. Works in (group, time) order, where the searched
    keys are sorted too (fast); the order is found once for every window, and each distance back is
    searched once, however many windows share it."""
    outs = [np.zeros(len(t), dtype=np.int64) for _ in windows]
    rows = np.flatnonzero(member)
    if not len(rows):
        return outs
    t0 = int(t[rows].min()) - max(back_from for back_from, _ in windows) - 1
    key = (group[rows].astype(np.int64) << 34) | (t[rows] - t0)
    if not (key[1:] >= key[:-1]).all():  # videos come in (creator, time) order: no sort for creators
        # Not stable, and needs not be: a count depends on the keys alone, never on which of equal rows
        # comes first. numpy's default sort is vectorized, several times faster than the stable one.
        order = np.argsort(key)
        key, rows = key[order], rows[order]
    base = (key >> 34) << 34
    offset = key - base
    first = {back: _first_within(key, base, offset, back) for window in windows for back in window}
    for out, (back_from, back_to) in zip(outs, windows, strict=True):
        out[rows] = first[back_to] - first[back_from]
    return outs


def _first_within(key: np.ndarray, base: np.ndarray, offset: np.ndarray, back: int) -> np.ndarray:
    """For each row of the sorted ``key`` (its group's ``base`` plus its time ``offset``), the first position
    of its group holding a time at least ``back`` seconds before its own. Nothing back needs no search: it
    is where the row's run of equal keys starts."""
    if back == 0:
        run_starts = np.r_[True, key[1:] != key[:-1]]
        return np.flatnonzero(run_starts)[np.cumsum(run_starts) - 1]
    return np.searchsorted(key, base | (offset - back), side="left")


def _rising_sounds(sound: np.ndarray, original: np.ndarray, posted: np.ndarray) -> np.ndarray:
    """Per video, whether its sound was rising when it was posted (1, 0; -1 = not judged): the niche's uses
    of the sound in the window before against the window before that."""
    rising = np.full(len(sound), -1, dtype=np.int8)
    with_sound = sound >= 0
    if with_sound.any():
        w = RISING_WINDOW_DAYS * DAY
        recent, before = _window_counts(sound, posted, with_sound, [(w, 0), (2 * w, w)])
        judged = with_sound & (original == 0) & (posted >= posted.min() + 2 * w)
        rising[judged] = ((recent >= RISING_MIN_USES) & (recent > before))[judged]
    return rising


def video_features(frame: NicheFrame, tz: TimeZone = "UTC") -> Features:
    v = frame.videos
    with ThreadPoolExecutor(max_workers=1) as helper:
        # The sounds' windows sort and search the whole niche in numpy, which leaves the GIL: they run
        # beside the other features instead of after them.
        rising_ready = helper.submit(
            _rising_sounds, v["sound"].to_numpy(), v["sound_original"].to_numpy(), v["posted_s"].to_numpy()
        )
        return _features(frame, tz, rising_ready)


def _features(frame: NicheFrame, tz: TimeZone, rising_ready: Future[np.ndarray]) -> Features:
    v = frame.videos
    n = len(v)
    creator = v["creator"].to_numpy()
    posted = v["posted_s"].to_numpy()
    views = v["views"].to_numpy()
    counts = (
        np.column_stack([v[c].to_numpy() for c in ("likes", "comments", "shares", "saves")])
        if n
        else np.empty((0, 4))
    )
    followers = frame.creators["followers"].to_numpy()[creator] if n else np.empty(0)
    video_interactions = interactions(counts)
    er_view = rate_of_interactions(video_interactions, views)
    with np.errstate(divide="ignore", invalid="ignore"):
        er_follower = np.where(followers > 0, video_interactions / followers, np.nan)
    median_views = pd.Series(views).groupby(creator).median().reindex(range(frame.n_creators)).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = views / median_views[creator] if n else np.empty(0)
    rel = np.where(np.isfinite(rel), rel, np.nan)

    hour, weekday, tz_label = _local_clock(posted, creator, frame.creators["handle"].to_numpy(), tz)

    duration = v["duration_s"].to_numpy()
    band = np.searchsorted(np.array(DURATION_EDGES, dtype=float), duration, side="left") + 1
    duration_band = np.where(np.isnan(duration), -1, band).astype(np.int8)
    duration_band[v["is_photo"].to_numpy()] = 0

    hashtag_count = np.bincount(frame.hashtags["video"].to_numpy(), minlength=n).astype(np.int16)
    hashtag_band = np.searchsorted(np.array(HASHTAG_COUNT_EDGES), hashtag_count, side="left").astype(np.int8)

    # Cadence: rows are sorted by (creator, posted time).
    same = np.r_[False, creator[1:] == creator[:-1]] if n else np.zeros(0, bool)
    gap_h = np.where(same, np.r_[0, np.diff(posted)] / 3600.0, np.nan).astype(np.float32)
    cadence = np.searchsorted(np.array(CADENCE_EDGES_H, dtype=float), gap_h, side="right")
    cadence_band = np.where(np.isnan(gap_h), -1, cadence).astype(np.int8)
    everyone = np.ones(n, dtype=bool)
    (prev_7d,) = _window_counts(creator, posted, everyone, [(7 * DAY, 0)])
    prev_7d = prev_7d.astype(np.int16)

    rising = rising_ready.result()

    out = pd.DataFrame(
        {
            "creator": creator,
            "tiktok_id": v["tiktok_id"],
            "posted_s": posted,
            "views": views,
            "log_views": np.log1p(views),
            "interactions": video_interactions,
            "engagement_rate": er_view,
            "engagement_rate_followers": er_follower,
            "rel_views": rel,
            "hour": hour,
            "weekday": weekday,
            "hour_band": (hour // HOUR_BAND_HOURS).astype(np.int8),
            "duration_s": duration,
            "duration_band": duration_band,
            "hashtag_count": hashtag_count,
            "hashtag_band": hashtag_band,
            "sound": v["sound"].to_numpy(),
            "sound_original": v["sound_original"].to_numpy(),
            "sound_rising": rising,
            "gap_before_h": gap_h,
            "cadence_band": cadence_band,
            "videos_prev_7d": prev_7d,
            "captured_s": v["captured_s"].to_numpy(),
            **{name: v[name].to_numpy() for name in CAPTION_COLUMNS},
        }
    )
    creators = frame.creators.assign(median_views=median_views)
    return Features(out, frame.hashtags, frame.tag_names, creators, tz_label)
