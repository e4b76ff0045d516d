"""TikTok's own user and item dicts -> normalized records.

One shape per concept holds across every era: ``user`` + ``stats`` (+ ``statsV2`` since 2025)
for an account, and the "item struct" for a video (``id``, ``createTime``, ``desc``, ``video``,
``author``, ``music``, ``stats``/``statsV2``, ``challenges``, ``textExtra``, ``contents``...).
The eras differ in where these dicts sit (see ``eras.py``), and in a few details handled here:

* ``statsV2`` holds exact counts as strings; ``stats`` holds rounded numbers (and sometimes a
  string, e.g. ``collectCount``). Each count is read from statsV2 first, then stats.
* ``createTime`` is an int or a numeric string.
* SIGI_STATE items name their author by handle (``"author": "dylanlemay"``) and put the author's
  id/secUid/nickname on the item (``authorId``, ``authorSecId``, ``nickname``).
* Mobile "reflow" items carry the author's counts on the author dict itself.
* A photo post (``imagePost``) has ``video.duration`` 0 and an empty ``playAddr``: it has no
  video duration, so ``duration_s`` is None and ``is_photo`` True.

Mandatory fields (a video's id and time, an account's handle) raise :class:`RecordError`;
every optional field the dict does not hold is None, never 0. Values are held to
:mod:`compass.bounds`, as an import's are: an optional value outside them (a count past 2^63, a
duration of days, a 600-character sound title) is unknown; a post time outside them skips the video.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from compass import bounds
from compass.records import (
    CreatorRecord,
    ProfileStats,
    SoundRecord,
    VideoRecord,
    VideoStats,
    normalize_handle,
)


class RecordError(ValueError):
    """A mandatory field of a record is missing or malformed."""


# ---- scalar coercion -------------------------------------------------------------------------


def to_int(value: Any) -> int | None:
    """A count as TikTok writes it (int, float or numeric string) -> int, at most 2^63-1;
    anything else -> None."""
    if isinstance(value, bool) or value is None:
        return None
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if math.isfinite(value) else None
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            number = int(text)
    return _bounded(bounds.count, number)


def _bounded(check: Callable[[int], int], number: int | None) -> int | None:
    """``number`` if ``check`` takes it, else unknown."""
    if number is None:
        return None
    try:
        return check(number)
    except ValueError:
        return None


def _str(value: Any, field: str) -> str | None:
    """A name / URL: a non-empty string (ints become strings) that ``field`` can hold; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _text(value, field) if isinstance(value, str) and value.strip() else None


def _id(value: Any) -> str | None:
    """An account or sound id: ASCII digits of at most 64 bits; else None."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return bounds.tiktok_id(str(value))
    except ValueError:
        return None


def _text(value: Any, field: str) -> str | None:
    """Free text (caption, bio): kept as the page holds it, including "", without NUL;
    non-strings and text longer than ``field`` holds -> None."""
    if not isinstance(value, str):
        return None
    try:
        return bounds.text(value, field)
    except ValueError:
        return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _dicts(value: Any) -> Iterable[Mapping[str, Any]]:
    if isinstance(value, list):
        return (v for v in value if isinstance(v, Mapping))
    return ()


def _count(sources: Iterable[Mapping[str, Any] | None], *keys: str) -> int | None:
    """The first readable count among ``keys``, trying each source in order (statsV2 first)."""
    for source in sources:
        if not source:
            continue
        for key in keys:
            number = to_int(source.get(key))
            if number is not None:
                return number
    return None


# ---- accounts --------------------------------------------------------------------------------


def profile_stats(*sources: Mapping[str, Any] | None) -> ProfileStats:
    """Account counts from stats dicts given best first (``statsV2``, then ``stats``)."""
    dicts = [s for s in sources if isinstance(s, Mapping)]
    return ProfileStats(
        followers=_count(dicts, "followerCount"),
        following=_count(dicts, "followingCount"),
        likes=_count(dicts, "heartCount", "heart"),
        video_count=_count(dicts, "videoCount"),
    )


def creator_from_user(user: Any, *stats_sources: Mapping[str, Any] | None) -> CreatorRecord:
    """A TikTok ``user`` dict and its stats dicts (best first) -> CreatorRecord."""
    if not isinstance(user, Mapping):
        raise RecordError("the account is not an object")
    raw = user.get("uniqueId")
    if not isinstance(raw, str) or not raw.strip():
        raise RecordError(f"account {user.get('id')!r} has no uniqueId (handle)")
    try:
        handle = normalize_handle(raw)
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    return CreatorRecord(
        handle=handle,
        tiktok_id=_id(user.get("id")),
        sec_uid=_str(user.get("secUid"), "sec_uid"),
        nickname=_str(user.get("nickname"), "nickname"),
        bio=_text(user.get("signature"), "bio"),
        verified=_bool(user.get("verified")),
        private=_bool(user.get("privateAccount")),
        avatar_url=_str(user.get("avatarLarger"), "avatar_url")
        or _str(user.get("avatarMedium"), "avatar_url")
        or _str(user.get("avatarThumb"), "avatar_url"),
        stats=profile_stats(*stats_sources),
    )


def creator_from_user_info(user_info: Any) -> CreatorRecord:
    """``userInfo`` = ``{user, stats, statsV2?}`` (profile pages, ``/api/user/detail/``)."""
    info = _dict(user_info)
    return creator_from_user(info.get("user"), _dict(info.get("statsV2")), _dict(info.get("stats")))


def author_handle(item: Mapping[str, Any]) -> str | None:
    """The item author's handle, lower-cased, or None when the item does not name one."""
    author = item.get("author")
    raw = author.get("uniqueId") if isinstance(author, Mapping) else author
    if isinstance(raw, str) and raw.strip():
        return raw.strip().lstrip("@").lower()
    return None


def author_from_item(item: Mapping[str, Any]) -> CreatorRecord:
    """The account that posted ``item``, with the author stats the item carries."""
    author = item.get("author")
    if isinstance(author, Mapping):
        user: Mapping[str, Any] = author
    elif isinstance(author, str):
        # SIGI_STATE: the author is a handle; its other fields sit on the item itself.
        user = {
            "uniqueId": author,
            "id": item.get("authorId"),
            "secUid": item.get("authorSecId"),
            "nickname": item.get("nickname"),
            "avatarThumb": item.get("avatarThumb"),
            "privateAccount": item.get("authorPrivate"),
        }
    else:
        raise RecordError(f"video {item.get('id')!r} has no author")
    # Mobile reflow pages also put the counts on the author dict: the last resort.
    return creator_from_user(user, _dict(item.get("authorStatsV2")), _dict(item.get("authorStats")), user)


# ---- videos ----------------------------------------------------------------------------------


def video_stats(item: Mapping[str, Any]) -> VideoStats:
    sources = [_dict(item.get("statsV2")), _dict(item.get("stats"))]
    return VideoStats(
        views=_count(sources, "playCount"),
        likes=_count(sources, "diggCount"),
        comments=_count(sources, "commentCount"),
        shares=_count(sources, "shareCount"),
        saves=_count(sources, "collectCount"),
    )


def hashtags_of(item: Mapping[str, Any]) -> tuple[str, ...]:
    """Hashtags in caption order (``textExtra``, ``contents[].textExtra``), then ``challenges``:
    lower-case, without '#', each once."""
    names: list[Any] = [extra.get("hashtagName") for extra in _dicts(item.get("textExtra"))]
    for content in _dicts(item.get("contents")):
        names.extend(extra.get("hashtagName") for extra in _dicts(content.get("textExtra")))
    names.extend(challenge.get("title") for challenge in _dicts(item.get("challenges")))
    seen: dict[str, None] = {}
    for name in names:
        if isinstance(name, str):
            tag = bounds.clean_text(name).strip().lstrip("#").strip().lower()
            if tag and len(tag) <= bounds.LENGTHS["hashtag"]:
                seen.setdefault(tag, None)
    return tuple(seen)


def sound_of(item: Mapping[str, Any]) -> SoundRecord | None:
    music = item.get("music")
    if not isinstance(music, Mapping):
        return None
    sound = SoundRecord(
        tiktok_id=_id(music.get("id")),
        title=_str(music.get("title"), "sound_title"),
        author=_str(music.get("authorName"), "sound_author"),
        original=_bool(music.get("original")),
    )
    return None if sound.is_empty else sound


def _first_url(image: Mapping[str, Any]) -> str | None:
    urls = _dict(image.get("imageURL")).get("urlList")
    if isinstance(urls, list):
        return next((url for url in map(lambda u: _str(u, "cover_url"), urls) if url), None)
    return None


def posted_at_of(item: Mapping[str, Any], video_id: str) -> datetime:
    seconds = to_int(item.get("createTime"))
    if not seconds:
        raise RecordError(f"video {video_id} has no createTime")
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"video {video_id} has an impossible createTime {seconds}") from None
    try:
        return bounds.posted_at(moment)
    except ValueError as exc:
        raise RecordError(f"video {video_id}: createTime {exc}") from None


def video_from_item(item: Any) -> VideoRecord:
    """A TikTok item struct -> VideoRecord. Raises RecordError without an id or a time."""
    if not isinstance(item, Mapping):
        raise RecordError("the video is not an object")
    raw_id = item.get("id")
    if raw_id is None or raw_id == "":
        raise RecordError("a video has no id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int | str):
        raise RecordError(f"{raw_id!r} is not a TikTok video id")
    try:
        video_id = bounds.video_id(str(raw_id))
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    posted_at = posted_at_of(item, video_id)

    video = _dict(item.get("video"))
    image_post = item.get("imagePost")
    duration = _bounded(bounds.duration, to_int(video.get("duration")))
    if isinstance(image_post, Mapping):
        is_photo: bool | None = True
        duration = None  # a photo post has no video duration (TikTok writes 0)
    elif (duration or 0) > 0 or _text(video.get("playAddr"), "cover_url"):
        is_photo = False
    else:
        is_photo = None  # a reduced item: nothing says which it is
    cover = _str(video.get("cover"), "cover_url") or _str(video.get("originCover"), "cover_url")
    if cover is None and isinstance(image_post, Mapping):
        cover = _first_url(_dict(image_post.get("cover")))

    return VideoRecord(
        tiktok_id=video_id,
        posted_at=posted_at,
        caption=_text(item.get("desc"), "caption"),
        duration_s=duration if duration else None,
        stats=video_stats(item),
        hashtags=hashtags_of(item),
        sound=sound_of(item),
        is_pinned=_bool(item.get("isPinnedItem")),
        is_ad=_bool(item.get("isAd")),
        is_photo=is_photo,
        cover_url=cover,
    )
