"""TikTok's JSON shapes, built from the normalized records the stand-in serves.

The shapes follow the real captures in ``../shared/fixtures/tiktok`` (the 2025 video page's
``itemStruct``, the 2026 profile's ``userInfo``, the 2025 ``/api/post/item_list/`` response):

* an account is ``user`` + ``stats`` (counts rounded like TikTok: 40398 -> 40400, 6764096 ->
  6800000) + ``statsV2`` (the exact counts, as strings);
* an item's ``stats`` and ``statsV2`` both hold the exact counts (ints, then strings), so that a
  scraper can check it stored exact values; ``authorStats`` is rounded, ``authorStatsV2`` exact;
* a photo post has ``imagePost`` and ``video.duration`` 0 with an empty ``playAddr``.

Every URL is relative to the stand-in (``/obj/...``): a browser loads them from the same server.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from compass.records import CreatorRecord, ProfileStats, SoundRecord, VideoRecord

_STEPS = ((100, 1_000_000), (100_000, 1_000_000_000))


def round_count(n: int) -> int:
    """A count as TikTok rounds it in ``stats``: exact below 10,000, then to the 0.1K / 0.1M /
    0.1B that the page displays (half up)."""
    if n < 10_000:
        return n
    for step, limit in _STEPS:
        rounded = (n + step // 2) // step * step
        if rounded < limit:
            return rounded
    return (n + 50_000_000) // 100_000_000 * 100_000_000


def display_count(n: int) -> str:
    """A count as TikTok displays it ("2182", "40.4K", "6.8M", "1.2B"); the page script
    (``grid.js``) formats tiles the same way."""
    r = round_count(n)
    if r < 10_000:
        return str(r)
    for unit, scale in (("K", 1_000), ("M", 1_000_000)):
        if r < scale * 1_000:
            return f"{r / scale:.1f}{unit}"
    return f"{r / 1_000_000_000:.1f}B"


def digits(*parts: object, length: int = 19) -> str:
    """A stable numeric id of ``length`` digits (not starting with 0) derived from ``parts``."""
    h = int.from_bytes(hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=8).digest(), "big")
    low = 10 ** (length - 1)
    return str(low + h % (9 * low))


# ---- URLs (relative: the stand-in serves them) ----------------------------------------------


def avatar_url(user_id: str, size: int = 1080) -> str:
    return f"/obj/tos-avt-0068/{user_id}~tplv-tiktokx-cropcenter:{size}:{size}.jpeg"


def cover_url(video_id: str) -> str:
    return f"/obj/tos-p-0037/{video_id}~tplv-tiktokx-origin.image.jpeg"


def play_url(video_id: str) -> str:
    return f"/video/tos/{video_id}/play.mp4"


def music_slug(title: str) -> str:
    """The title part of a sound's URL: ``/music/<slug>-<id>`` ("original-sound-Ana-Lopez")."""
    return re.sub(r"[^\w]+", "-", title).strip("-_") or "original-sound"


def music_path(title: str, music_id: str) -> str:
    return f"/music/{music_slug(title)}-{music_id}"


def challenge_id(name: str) -> str:
    return digits("challenge", name.lower(), length=16)


# ---- accounts --------------------------------------------------------------------------------


def user_struct(creator: CreatorRecord) -> dict[str, Any]:
    """TikTok's ``user`` dict (profile ``userInfo.user``, item ``author``)."""
    uid = creator.tiktok_id or ""
    return {
        "id": uid,
        "shortId": "",
        "uniqueId": creator.handle,
        "nickname": creator.nickname or creator.handle,
        "avatarLarger": avatar_url(uid, 1080),
        "avatarMedium": avatar_url(uid, 720),
        "avatarThumb": avatar_url(uid, 100),
        "signature": creator.bio or "",
        "createTime": int(digits("created", uid, length=10)) % 200_000_000 + 1_400_000_000,
        "verified": bool(creator.verified),
        "secUid": creator.sec_uid or "",
        "ftc": False,
        "relation": 0,
        "openFavorite": False,
        "commentSetting": 0,
        "duetSetting": 0,
        "stitchSetting": 0,
        "privateAccount": bool(creator.private),
        "secret": bool(creator.private),
        "isADVirtual": False,
        "roomId": "",
        "uniqueIdModifyTime": 0,
        "ttSeller": False,
        "downloadSetting": 0,
        "followingVisibility": 1,
        "isEmbedBanned": False,
        "canExpPlaylist": True,
        "profileEmbedPermission": 1,
        "language": "en",
        "UserStoryStatus": 0,
    }


def user_stats(stats: ProfileStats, *, digg_count: int, friend_count: int) -> tuple[dict, dict]:
    """(``stats`` rounded like TikTok, ``statsV2`` exact as strings)."""
    exact = {
        "followerCount": stats.followers or 0,
        "followingCount": stats.following or 0,
        "heart": stats.likes or 0,
        "heartCount": stats.likes or 0,
        "videoCount": stats.video_count or 0,
        "diggCount": digg_count,
        "friendCount": friend_count,
    }
    return {k: round_count(v) for k, v in exact.items()}, {k: str(v) for k, v in exact.items()}


def user_info(creator: CreatorRecord, *, digg_count: int, friend_count: int) -> dict[str, Any]:
    """``userInfo`` of a profile page and of ``/api/user/detail/``."""
    stats, stats_v2 = user_stats(creator.stats, digg_count=digg_count, friend_count=friend_count)
    return {"user": user_struct(creator), "stats": stats, "statsV2": stats_v2, "itemList": []}


def share_meta(creator: CreatorRecord) -> dict[str, str]:
    s = creator.stats
    name = creator.nickname or creator.handle
    return {
        "title": f"{name} on TikTok",
        "desc": f"@{creator.handle} {display_count(s.followers or 0).lower()} Followers, "
        f"{display_count(s.following or 0).lower()} Following, {display_count(s.likes or 0).lower()} Likes"
        f" - Watch awesome short videos created by {name}",
    }


# ---- items -----------------------------------------------------------------------------------


def sound_duration(sound: SoundRecord, video: VideoRecord | None) -> int:
    """An original sound lasts as long as its video; a track, a stable 15-60 s."""
    if sound.original and video is not None and video.duration_s:
        return video.duration_s
    return 15 + int(digits("sound", sound.tiktok_id, length=6)) % 46


def music_struct(sound: SoundRecord, video: VideoRecord | None, author_avatar: str = "") -> dict[str, Any]:
    cover = author_avatar or avatar_url(digits("artist", sound.author or "", length=19), 720)
    duration = sound_duration(sound, video)
    return {
        "id": sound.tiktok_id,
        "title": sound.title or "",
        "playUrl": f"/obj/music/{sound.tiktok_id}.mp3",
        "coverLarge": cover,
        "coverMedium": cover,
        "coverThumb": cover,
        "authorName": sound.author or "",
        "original": bool(sound.original),
        "duration": duration,
        "album": "",
        "isCopyrighted": not sound.original,
        "private": False,
        "collected": False,
        "preciseDuration": {"preciseDuration": float(duration), "preciseShootDuration": float(duration)},
    }


def _challenges_and_extras(video: VideoRecord) -> tuple[list[dict], list[dict]]:
    caption = video.caption or ""
    challenges, extras, pos = [], [], 0
    for tag in video.hashtags:
        cid = challenge_id(tag)
        challenges.append(
            {
                "id": cid,
                "title": tag,
                "desc": "",
                "profileLarger": "",
                "profileMedium": "",
                "profileThumb": "",
                "coverLarger": "",
                "coverMedium": "",
                "coverThumb": "",
            }
        )
        start = caption.find("#" + tag, pos)
        if start >= 0:
            pos = start + len(tag) + 1
            extras.append(
                {
                    "awemeId": "",
                    "start": start,
                    "end": pos,
                    "hashtagId": cid,
                    "hashtagName": tag,
                    "type": 1,
                    "subType": 0,
                    "isCommerce": False,
                }
            )
    for match in _MENTION.finditer(caption):
        extras.append(
            {
                "awemeId": "",
                "start": match.start(),
                "end": match.end(),
                "hashtagName": "",
                "type": 0,
                "subType": 0,
                "isCommerce": False,
                "userId": "",
                "secUid": "",
                "userUniqueId": match.group(1),
            }
        )
    extras.sort(key=lambda extra: extra["start"])
    return challenges, extras


_MENTION = re.compile(r"@([a-z0-9._]+)")


def _video_struct(video: VideoRecord) -> dict[str, Any]:
    cover = video.cover_url or cover_url(video.tiktok_id)
    photo = bool(video.is_photo)
    return {
        "id": video.tiktok_id,
        "height": 1024,
        "width": 576,
        "duration": 0 if photo else (video.duration_s or 0),
        "ratio": "540p",
        "cover": cover,
        "originCover": cover,
        "dynamicCover": cover,
        "playAddr": "" if photo else play_url(video.tiktok_id),
        "downloadAddr": "",
        "shareCover": [""],
        "reflowCover": "",
        "bitrate": 0 if photo else 400_000 + int(video.tiktok_id[-5:]) % 600_000,
        "encodedType": "normal",
        "format": "mp4",
        "videoQuality": "normal",
        "codecType": "h264",
        "definition": "540p",
    }


def _image_post(video: VideoRecord) -> dict[str, Any]:
    n = 2 + int(video.tiktok_id[-3:]) % 7
    images = [
        {
            "imageURL": {"urlList": [f"/obj/tos-photomode/{video.tiktok_id}-{k}.jpeg"]},
            "imageWidth": 1080,
            "imageHeight": 1440,
        }
        for k in range(n)
    ]
    cover = {
        "imageURL": {"urlList": [video.cover_url or cover_url(video.tiktok_id)]},
        "imageWidth": 1080,
        "imageHeight": 1440,
    }
    return {"images": images, "cover": cover, "shareCover": cover, "title": ""}


def item_struct(
    video: VideoRecord, author: dict[str, Any], author_stats: tuple[dict, dict]
) -> dict[str, Any]:
    """TikTok's ``itemStruct`` of one video; ``author`` is a :func:`user_struct`, ``author_stats``
    the pair from :func:`user_stats`."""
    s = video.stats
    exact = {
        "diggCount": s.likes or 0,
        "shareCount": s.shares or 0,
        "commentCount": s.comments or 0,
        "playCount": s.views or 0,
        "collectCount": s.saves or 0,
    }
    challenges, extras = _challenges_and_extras(video)
    sound = video.sound or SoundRecord(
        digits("sound", video.tiktok_id), "original sound", author["nickname"], True
    )
    item: dict[str, Any] = {
        "id": video.tiktok_id,
        "desc": video.caption or "",
        "createTime": int(video.posted_at.timestamp()),
        "scheduleTime": 0,
        "video": _video_struct(video),
        "author": author,
        "music": music_struct(sound, video, author["avatarMedium"] if sound.original else ""),
        "challenges": challenges,
        "stats": exact,
        "statsV2": {**{k: str(v) for k, v in exact.items()}, "repostCount": "0"},
        "warnInfo": [],
        "originalItem": False,
        "officalItem": False,
        "textExtra": extras,
        "secret": False,
        "forFriend": False,
        "digged": False,
        "itemCommentStatus": 0,
        "takeDown": 0,
        "effectStickers": [],
        "authorStats": author_stats[0],
        "authorStatsV2": author_stats[1],
        "privateItem": False,
        "duetEnabled": True,
        "stitchEnabled": True,
        "stickersOnItem": [],
        "isAd": bool(video.is_ad),
        "isPinnedItem": bool(video.is_pinned),
        "shareEnabled": True,
        "comments": [],
        "duetDisplay": 0,
        "stitchDisplay": 0,
        "indexEnabled": True,
        "locationCreated": "US",
        "contents": [{"desc": video.caption or "", "textExtra": extras}],
        "collected": False,
        "channelTags": [],
        "item_control": {"can_repost": True},
        "textLanguage": "en",
        "textTranslatable": True,
        "isReviewing": False,
    }
    if video.is_photo:
        item["imagePost"] = _image_post(video)
    return item


# ---- hashtags, sounds, search ----------------------------------------------------------------


def challenge_info(name: str, *, video_count: int, view_count: int) -> dict[str, Any]:
    challenge = {
        "id": challenge_id(name),
        "title": name,
        "desc": f"Watch the latest #{name} videos on TikTok.",
        "profileLarger": "",
        "profileMedium": "",
        "profileThumb": "",
        "coverLarger": "",
        "coverMedium": "",
        "coverThumb": "",
        "isCommerce": False,
    }
    return {
        "challenge": challenge,
        "stats": {"videoCount": video_count, "viewCount": view_count},
        "statsV2": {"videoCount": str(video_count), "viewCount": str(view_count)},
    }


def search_user_info(creator: CreatorRecord) -> dict[str, Any]:
    """One ``user_list[].user_info`` of ``/api/search/user/full/`` (snake case, exact counts)."""
    uid = creator.tiktok_id or ""
    return {
        "uid": uid,
        "unique_id": creator.handle,
        "nickname": creator.nickname or creator.handle,
        "signature": creator.bio or "",
        "follower_count": creator.stats.followers or 0,
        "following_count": creator.stats.following or 0,
        "total_favorited": creator.stats.likes or 0,
        "aweme_count": creator.stats.video_count or 0,
        "sec_uid": creator.sec_uid or "",
        "secret": 1 if creator.private else 0,
        "custom_verify": "verified account" if creator.verified else "",
        "enterprise_verify_reason": "",
        "avatar_thumb": {
            "uri": f"tos-avt-0068/{uid}",
            "url_list": [avatar_url(uid, 100)],
            "width": 720,
            "height": 720,
        },
        "avatar_medium": {
            "uri": f"tos-avt-0068/{uid}",
            "url_list": [avatar_url(uid, 720)],
            "width": 720,
            "height": 720,
        },
    }


# ---- the creator embed ------------------------------------------------------------------------


def embed_user(user: dict[str, Any], rounded_stats: dict[str, Any]) -> dict[str, Any]:
    """``userInfo`` of ``/embed/@handle``: names and rounded counts, no secUid (as TikTok's)."""
    return {
        "id": user["id"],
        "uniqueId": user["uniqueId"],
        "nickname": user["nickname"],
        "signature": user["signature"],
        "verified": user["verified"],
        "avatarThumbUrl": user["avatarThumb"],
        "followerCount": rounded_stats["followerCount"],
        "followingCount": rounded_stats["followingCount"],
        "heartCount": rounded_stats["heartCount"],
        "videoCount": rounded_stats["videoCount"],
    }


def embed_video(video: VideoRecord) -> dict[str, Any]:
    """One ``videoList`` entry of the creator embed: id, caption, views and cover; no time."""
    cover = video.cover_url or cover_url(video.tiktok_id)
    return {
        "id": video.tiktok_id,
        "desc": video.caption or "",
        "playCount": video.stats.views or 0,
        "coverUrl": cover,
        "originCoverUrl": cover,
        "width": 576,
        "height": 1024,
    }
