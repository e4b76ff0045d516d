"""Feeds of many creators, pure: hashtag, sound and search responses to (author, video) records.

Profile pages and a creator's item list belong to one author (``parse_page``). Hashtag and sound
item lists mix authors, and user search lists accounts; discovery needs each item's author.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compass.records import CreatorRecord, VideoRecord
from compass.tiktok.items import RecordError, author_from_item, creator_from_user, to_int, video_from_item
from compass.tiktok.status import PageStatus, ok, status_from_code, unknown


@dataclass(frozen=True)
class Feed:
    status: PageStatus
    items: list[tuple[CreatorRecord, VideoRecord]] = field(default_factory=list)
    users: list[CreatorRecord] = field(default_factory=list)
    cursor: str | None = None
    has_more: bool = False


def _document(text: str) -> Mapping[str, Any] | None:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, TypeError, RecursionError):
        return None
    if isinstance(document, Mapping) and isinstance(document.get("data"), Mapping):
        document = document["data"]
    return document if isinstance(document, Mapping) else None


def _status(document: Mapping[str, Any]) -> PageStatus:
    code = document.get("statusCode", document.get("status_code", 0))
    return ok() if to_int(code) in (0, None) else status_from_code(code, document.get("statusMsg"))


def _read(text: str) -> tuple[Mapping[str, Any] | None, PageStatus]:
    """The response's JSON document and the status it reports."""
    document = _document(text)
    if document is None:
        return None, unknown("not a JSON response")
    return document, _status(document)


def parse_item_feed(text: str) -> Feed:
    """An item list of many authors (``/api/challenge/item_list/``, ``/api/music/item_list/``)."""
    document, status = _read(text)
    if document is None or not status.ok:
        return Feed(status)
    items = []
    for item in document.get("itemList") or []:
        if not isinstance(item, Mapping):
            continue
        try:
            items.append((author_from_item(item), video_from_item(item)))
        except (RecordError, ValueError):
            continue
    cursor = document.get("cursor")
    return Feed(
        status,
        items=items,
        cursor=None if cursor is None else str(cursor),
        has_more=bool(document.get("hasMore")),
    )


def parse_user_search(text: str) -> Feed:
    """A user search response (``/api/search/user/full/``): accounts with their follower counts."""
    document, status = _read(text)
    if document is None or not status.ok:
        return Feed(status)
    users = []
    for entry in document.get("user_list") or []:
        info = entry.get("user_info") if isinstance(entry, Mapping) else None
        if not isinstance(info, Mapping) or not info.get("unique_id"):
            continue
        # The search API spells the web's user fields in snake case; read them as one, bounds and all.
        user = {
            "uniqueId": info.get("unique_id"),
            "id": info.get("uid"),
            "secUid": info.get("sec_uid"),
            "nickname": info.get("nickname"),
            "signature": info.get("signature"),
        }
        try:
            users.append(creator_from_user(user, {"followerCount": info.get("follower_count")}))
        except RecordError:
            continue
    cursor = document.get("cursor")
    return Feed(
        status,
        users=users,
        cursor=None if cursor is None else str(cursor),
        has_more=bool(to_int(document.get("has_more"))),
    )
