"""The JSON shape of a parse (``python -m compass parse PATH``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compass.records import CreatorRecord, VideoRecord
from compass.tiktok.result import ParseResult
from compass.tiktok.tiles import TileVideo


def parse_result_to_json(result: ParseResult) -> dict[str, Any]:
    """``{"status", "profile", "videos", "era"}``, plus ``"tiles"`` when the page rendered video
    tiles and ``"problems"`` when some record was skipped for a missing mandatory field."""
    out: dict[str, Any] = {
        "status": {
            "kind": result.status.kind.value,
            "code": result.status.code,
            "message": result.status.message,
        },
        "profile": profile_to_json(result.profile) if result.profile is not None else None,
        "videos": [video_to_json(v) for v in result.videos],
        "era": result.era,
    }
    if result.tile_videos:
        out["tiles"] = [tile_to_json(t) for t in result.tile_videos]
    if result.problems:
        out["problems"] = list(result.problems)
    return out


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def profile_to_json(profile: CreatorRecord) -> dict[str, Any]:
    return {
        "handle": profile.handle,
        "tiktok_id": profile.tiktok_id,
        "sec_uid": profile.sec_uid,
        "nickname": profile.nickname,
        "followers": profile.stats.followers,
        "following": profile.stats.following,
        "likes": profile.stats.likes,
        "video_count": profile.stats.video_count,
        "verified": profile.verified,
        "private": profile.private,
    }


def video_to_json(video: VideoRecord) -> dict[str, Any]:
    sound = video.sound
    return {
        "tiktok_id": video.tiktok_id,
        "posted_at": iso_utc(video.posted_at),
        "caption": video.caption,
        "views": video.stats.views,
        "likes": video.stats.likes,
        "comments": video.stats.comments,
        "shares": video.stats.shares,
        "saves": video.stats.saves,
        "duration_s": video.duration_s,
        "hashtags": list(video.hashtags),
        "sound": (
            {"id": sound.tiktok_id, "title": sound.title, "author": sound.author, "original": sound.original}
            if sound is not None
            else None
        ),
    }


def tile_to_json(tile: TileVideo) -> dict[str, Any]:
    return {"tiktok_id": tile.tiktok_id, "url": tile.url, "views": tile.views}
