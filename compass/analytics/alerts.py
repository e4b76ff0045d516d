"""What changed in a niche since a moment T (the user's last visit), as alerts with their numbers.

Frames in, alerts out (the database is read by ``compass.alerts``). Only what happened in [T, now)
counts, and only for the niche's members (excluded ones are left out by the loader). The rules:

- outlier_video: a video posted since T, or first collected since T from a creator already in the niche
  before T, whose views are at least ``OUTLIER_RATIO`` times its creator's median views (the one outlier
  definition, over all the creator's videos). A new member's older hits are not news: their new_member
  alert stands for them, where hundreds of old videos would otherwise bury what is new.
- rising_sound, rising_hashtag: used in at least ``RISING_MIN_USES`` videos posted since T, by at least
  ``RISING_MIN_CREATORS`` creators (one creator repeating their own tag is not a trend), and in at least
  ``RISING_FACTOR`` times as many videos as in the span of the same length just before T.
- follower_jump: the latest follower count collected since T is at least ``FOLLOWER_JUMP_SHARE`` above
  the last one collected before T, and at least ``FOLLOWER_JUMP_MIN`` followers more (so that 50 to 60
  followers is no news).
- new_member: a creator added to the niche since T.

Alerts come most important first: by kind in ``KIND_ORDER``, then the largest first within a kind
(outliers by their ratio, rising tags and sounds by the rise in uses, jumps by their growth, new members
by their followers).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from compass.analytics.definitions import RISING_MIN_USES, is_outlier

RISING_MIN_CREATORS = 2
RISING_FACTOR = 2.0  # at least doubled; a first appearance (none before) counts as rising
FOLLOWER_JUMP_SHARE = 0.20
FOLLOWER_JUMP_MIN = 1_000


class AlertKind(enum.StrEnum):
    OUTLIER_VIDEO = "outlier_video"
    RISING_SOUND = "rising_sound"
    RISING_HASHTAG = "rising_hashtag"
    FOLLOWER_JUMP = "follower_jump"
    NEW_MEMBER = "new_member"


KIND_ORDER = (
    AlertKind.OUTLIER_VIDEO,
    AlertKind.FOLLOWER_JUMP,
    AlertKind.RISING_SOUND,
    AlertKind.RISING_HASHTAG,
    AlertKind.NEW_MEMBER,
)

Figure = int | float | str | None


@dataclass(frozen=True)
class Alert:
    """One change. ``creator`` is "@handle": the video's creator, the member, or for a sound or hashtag the
    creator of its most viewed video since T (``video_id``, a TikTok id, is that video)."""

    kind: AlertKind
    creator: str
    video_id: str | None
    text: str
    figures: Mapping[str, Figure]  # the numbers in the text, by name, for scripts and pages
    size: float  # orders alerts of one kind: larger first

    def to_json(self) -> dict[str, Figure]:
        return {
            "kind": self.kind.value,
            "creator": self.creator,
            "video_id": self.video_id,
            "text": self.text,
            **self.figures,
        }


@dataclass(frozen=True)
class NicheActivity:
    """What the alerts are computed from, for the niche's members. Times are timezone-aware (UTC).

    members: creator_id, handle, followers, source, added_at.
    views: creator_id, views: every collected video of the members (the base of their medians).
    videos: video_id, tiktok_id, creator_id, posted_at, first_seen_at, views, sound_id: at least the
        videos posted or first collected since T, and those posted in the span of the same length before.
    sounds: sound_id, title, author. hashtags: video_id, name (the video's hashtags, without '#').
    snapshots: creator_id, captured_at, followers: at least the last one before T and those since.
    """

    members: pd.DataFrame
    views: pd.DataFrame
    videos: pd.DataFrame
    sounds: pd.DataFrame
    hashtags: pd.DataFrame
    snapshots: pd.DataFrame


def find_alerts(activity: NicheActivity, since: datetime, now: datetime) -> list[Alert]:
    """Every alert for changes in [since, now), most important first."""
    handles = dict(zip(activity.members["creator_id"], activity.members["handle"], strict=True))
    window = _Window(pd.Timestamp(since), pd.Timestamp(now))
    alerts = [
        *_outlier_videos(activity, window, handles),
        *_follower_jumps(activity.snapshots, window, handles),
        *_rising_sounds(activity, window, handles),
        *_rising_hashtags(activity, window, handles),
        *_new_members(activity.members, window),
    ]
    return sorted(alerts, key=lambda a: (KIND_ORDER.index(a.kind), -a.size, a.creator, a.video_id or ""))


@dataclass(frozen=True)
class _Window:
    since: pd.Timestamp
    now: pd.Timestamp

    @property
    def before(self) -> pd.Timestamp:
        """Start of the span of the same length before ``since``: what a rise is measured against."""
        return self.since - (self.now - self.since)

    def holds(self, times: pd.Series) -> pd.Series:
        return (times >= self.since) & (times < self.now)


def _duration_words(span: timedelta) -> str:
    """Whole days from a day up ("1 day", "3 days"), else whole hours, at least one ("5 hours")."""
    if span >= timedelta(days=1):
        days = round(span / timedelta(days=1))
        return "1 day" if days == 1 else f"{days} days"
    hours = max(1, round(span / timedelta(hours=1)))
    return "1 hour" if hours == 1 else f"{hours} hours"


def _at(creator_id: int, handles: Mapping[int, str]) -> str:
    return f"@{handles.get(creator_id, f'creator #{creator_id}')}"


def _count(value: float) -> int | None:
    return None if pd.isna(value) else int(value)


# --- Outlier videos --------------------------------------------------------------------------------


def _outlier_videos(activity: NicheActivity, window: _Window, handles: Mapping[int, str]) -> list[Alert]:
    medians = activity.views.groupby("creator_id")["views"].median()
    videos = activity.videos
    members = activity.members
    earlier_members = members.loc[members["added_at"] < window.since, "creator_id"]
    missed_before = window.holds(videos["first_seen_at"]) & videos["creator_id"].isin(earlier_members)
    new = videos[window.holds(videos["posted_at"]) | missed_before]
    median = new["creator_id"].map(medians).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = new["views"].astype(float) / median
    ratio = ratio.where(np.isfinite(ratio))
    outliers = new.assign(median=median, ratio=ratio)[is_outlier(ratio.to_numpy())]
    return [_outlier_alert(row, handles) for row in outliers.itertuples(index=False)]


def _outlier_alert(video: Any, handles: Mapping[int, str]) -> Alert:
    creator = _at(video.creator_id, handles)
    return Alert(
        AlertKind.OUTLIER_VIDEO,
        creator,
        str(video.tiktok_id),
        f"{creator}'s video of {video.posted_at:%Y-%m-%d} got {video.views:,.0f} views, "
        f"{video.ratio:.1f}x their median of {video.median:,.0f}",
        {
            "views": int(video.views),
            "median_views": round(float(video.median), 1),
            "ratio": round(float(video.ratio), 2),
            "posted_at": video.posted_at.isoformat(),
        },
        float(video.ratio),
    )


# --- Rising sounds and hashtags ----------------------------------------------------------------------


def _rising(uses: pd.DataFrame, key: str, window: _Window) -> pd.DataFrame:
    """Per ``key`` that rose: uses_since, creators, uses_before, and its most viewed video since T
    (creator_id, tiktok_id, views). ``uses``: one row per video and key, with the video's columns."""
    recent = uses[window.holds(uses["posted_at"])]
    earlier = uses[(uses["posted_at"] >= window.before) & (uses["posted_at"] < window.since)]
    counts = recent.groupby(key).agg(uses_since=("video_id", "size"), creators=("creator_id", "nunique"))
    counts["uses_before"] = earlier.groupby(key).size().reindex(counts.index, fill_value=0)
    rose = counts[
        (counts["uses_since"] >= RISING_MIN_USES)
        & (counts["creators"] >= RISING_MIN_CREATORS)
        & (counts["uses_since"] >= RISING_FACTOR * counts["uses_before"])
    ]
    top = recent.sort_values("views", ascending=False, na_position="last", kind="stable")
    top = top.drop_duplicates(key).set_index(key)[["creator_id", "tiktok_id", "views"]]
    return rose.join(top).reset_index()


def _rising_alert(
    kind: AlertKind,
    name: str,
    subject: Mapping[str, Figure],
    row: Any,
    window: _Window,
    handles: Mapping[int, str],
) -> Alert:
    """``name`` in words ("#yoga"), ``subject`` the figures naming it, first in the JSON."""
    creator = _at(row.creator_id, handles)
    views = _count(row.views)
    top = (
        f"the most viewed is {creator}'s, with {views:,} views"
        if views is not None
        else f"one is {creator}'s"
    )
    return Alert(
        kind,
        creator,
        str(row.tiktok_id),
        f"{name} is rising: {row.uses_since} videos by {row.creators} creators, against {row.uses_before} "
        f"in the {_duration_words(window.now - window.since)} before; {top}",
        {
            **subject,
            "uses_before": int(row.uses_before),
            "uses_since": int(row.uses_since),
            "creators": int(row.creators),
            "views": views,
        },
        float(row.uses_since - row.uses_before),
    )


def _rising_sounds(activity: NicheActivity, window: _Window, handles: Mapping[int, str]) -> list[Alert]:
    uses = activity.videos.dropna(subset=["sound_id"]).astype({"sound_id": "int64"})
    rose = _rising(uses, "sound_id", window).merge(activity.sounds, on="sound_id", how="left")
    return [
        _rising_alert(
            AlertKind.RISING_SOUND,
            _sound_name(row.title, row.author),
            {"sound": row.title if isinstance(row.title, str) else None},
            row,
            window,
            handles,
        )
        for row in rose.itertuples(index=False)
    ]


def _sound_name(title: object, author: object) -> str:
    named = f"the sound '{title}'" if isinstance(title, str) and title else "an untitled sound"
    return f"{named} by {author}" if isinstance(author, str) and author else named


def _rising_hashtags(activity: NicheActivity, window: _Window, handles: Mapping[int, str]) -> list[Alert]:
    uses = activity.hashtags.merge(activity.videos, on="video_id")
    rose = _rising(uses, "name", window)
    return [
        _rising_alert(AlertKind.RISING_HASHTAG, f"#{row.name}", {"hashtag": row.name}, row, window, handles)
        for row in rose.itertuples(index=False)
    ]


# --- Follower jumps ----------------------------------------------------------------------------------


def _follower_jumps(snapshots: pd.DataFrame, window: _Window, handles: Mapping[int, str]) -> list[Alert]:
    known = snapshots.dropna(subset=["followers"]).sort_values("captured_at", kind="stable")
    before = known[known["captured_at"] < window.since].groupby("creator_id").last()
    latest = known[window.holds(known["captured_at"])].groupby("creator_id").last()
    pairs = before.join(latest, how="inner", suffixes=("_before", "_now"))
    gain = pairs["followers_now"] - pairs["followers_before"]
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = gain / pairs["followers_before"].where(pairs["followers_before"] > 0)
    jumped = pairs.assign(growth=growth)[(growth >= FOLLOWER_JUMP_SHARE) & (gain >= FOLLOWER_JUMP_MIN)]
    return [_jump_alert(creator_id, row, handles) for creator_id, row in jumped.iterrows()]


def _jump_alert(creator_id: int, row: pd.Series, handles: Mapping[int, str]) -> Alert:
    creator = _at(creator_id, handles)
    between = _duration_words(row["captured_at_now"] - row["captured_at_before"])
    return Alert(
        AlertKind.FOLLOWER_JUMP,
        creator,
        None,
        f"{creator}'s followers rose {row['growth']:.0%} in {between}, from "
        f"{row['followers_before']:,.0f} to {row['followers_now']:,.0f}",
        {
            "followers_before": int(row["followers_before"]),
            "followers_now": int(row["followers_now"]),
            "growth": round(float(row["growth"]), 4),
            "captured_before": row["captured_at_before"].isoformat(),
            "captured_now": row["captured_at_now"].isoformat(),
        },
        float(row["growth"]),
    )


# --- New members -------------------------------------------------------------------------------------

_SOURCE_WORDS = {
    "seed": "one of your seeds",
    "discovered": "found by discovery",
    "manual": "added by hand",
    "import": "from an import",
    "demo": "demo data",
}


def _new_members(members: pd.DataFrame, window: _Window) -> list[Alert]:
    new = members[window.holds(members["added_at"])]
    return [_member_alert(row) for row in new.itertuples(index=False)]


def _member_alert(member: Any) -> Alert:
    creator = f"@{member.handle}"
    followers = _count(member.followers)
    how = _SOURCE_WORDS.get(member.source, member.source)
    audience = f", {followers:,} followers" if followers is not None else ""
    return Alert(
        AlertKind.NEW_MEMBER,
        creator,
        None,
        f"{creator} joined the niche ({how}){audience}",
        {"followers": followers, "source": member.source, "added_at": member.added_at.isoformat()},
        float(followers or 0),
    )
