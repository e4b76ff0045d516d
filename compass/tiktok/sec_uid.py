"""Where else an account's secUid is written, when its profile page leaves it out.

A creator's video list is asked for by secUid, which the profile page's ``webapp.user-detail``
usually names. When it does not, yt-dlp's ``tiktok:user`` looks at the live page, then the
creator embed; so do we:

* ``/@handle/live`` keeps SIGI_STATE: ``LiveRoom.liveRoomUserInfo.user.secUid`` (or a
  ``webapp.user-detail`` scope like the profile's);
* ``/embed/@handle`` keeps ``__FRONTITY_CONNECT_STATE__``: ``source.data["/embed/@handle"]`` with
  ``userInfo`` (no secUid) and ``videoList`` (the latest videos' ids); a video's own page names
  its author, secUid included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compass.tiktok.page_json import SIGI, UNIVERSAL, script_blob

EMBED_STATE = "__FRONTITY_CONNECT_STATE__"


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def sec_uid_from_live_page(html: str) -> str | None:
    state = _dict(script_blob(html, SIGI))
    user = _dict(_dict(_dict(state.get("LiveRoom")).get("liveRoomUserInfo")).get("user"))
    found = _text(user.get("secUid"))
    if found:
        return found
    scope = _dict(_dict(script_blob(html, UNIVERSAL)).get("__DEFAULT_SCOPE__"))
    detail = _dict(_dict(_dict(scope.get("webapp.user-detail")).get("userInfo")).get("user"))
    return _text(detail.get("secUid"))


def video_ids_from_embed_page(html: str, handle: str) -> list[str]:
    """The ids of the latest videos the creator embed of @handle lists (newest first)."""
    data = _dict(_dict(_dict(script_blob(html, EMBED_STATE)).get("source")).get("data"))
    route = _dict(data.get(f"/embed/@{handle}"))
    videos = route.get("videoList")
    if not isinstance(videos, list):
        return []
    return [str(v["id"]) for v in videos if isinstance(v, Mapping) and str(v.get("id", "")).isdigit()]
