"""One finder per page era: where each era keeps the account, the videos and the status.

Every finder is a pure function ``blob -> ParseResult | None``: None means "this blob holds no
data of my era" (the dispatcher then tries the next one); a result carries the era's status even
when it is an error. All knowledge of where TikTok puts things lives in this module (the dicts
themselves are mapped by ``items.py``, codes by ``status.py``).

* universal (2024-26): ``__DEFAULT_SCOPE__["webapp.user-detail"].userInfo{user,stats,statsV2,
  itemList}``; ``["webapp.video-detail"].itemInfo.itemStruct``; mobile user agents get
  ``["webapp.reflow.video.detail"]``. Each scope carries ``statusCode`` (+ ``statusMsg`` or
  ``statusMessage``).
* sigi (2022-24): ``UserModule.users/stats`` keyed by handle, ``ItemModule`` keyed by video id,
  ``ItemList["user-post"]{list,hasMore,cursor}``, ``UserPage``/``VideoPage.statusCode``.
* next_data (2020-21): ``props.pageProps{statusCode, userInfo{user,stats}, items,
  videoListHasMore, videoListMaxCursor}`` or ``props.pageProps.itemInfo.itemStruct``.
* api: TikTok's web API JSON: ``/api/post/item_list/`` ``{itemList, cursor, hasMore,
  statusCode}``, ``/api/creator/item_list/`` ``{itemList, hasMorePrevious, statusCode}`` (no
  cursor: the next is the last item's createTime in ms), ``/api/user/detail/`` ``{userInfo,
  statusCode}``; also wrapped as ``{"data": ...}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compass.records import CreatorRecord
from compass.tiktok.items import (
    RecordError,
    author_from_item,
    author_handle,
    creator_from_user,
    creator_from_user_info,
    video_from_item,
)
from compass.tiktok.result import ParseResult
from compass.tiktok.status import (
    PageStatus,
    StatusKind,
    is_error_code,
    no_data,
    ok,
    status_from_code,
    unknown,
)

Finder = Callable[[Any], ParseResult | None]

# Universal scopes, in the order they are looked at.
USER_SCOPE = "webapp.user-detail"
VIDEO_SCOPES = ("webapp.video-detail", "webapp.reflow.video.detail")
NOT_FOUND_SCOPE = "webapp.not-found"

_API_KEYS = (
    "userInfo",
    "itemList",
    "itemInfo",
    "statusCode",
    "status_code",
    "hasMore",
    "hasMorePrevious",
    "cursor",
)


# ---- helpers ---------------------------------------------------------------------------------


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _cursor(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str) and str(value).strip():
        return str(value)
    return None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def _status(holder: Mapping[str, Any]) -> PageStatus:
    code = holder.get("statusCode", holder.get("status_code"))
    message = holder.get("statusMsg") or holder.get("statusMessage") or holder.get("status_msg")
    return status_from_code(0 if code is None else code, message)


def _build(
    era: str,
    status: PageStatus,
    *,
    profile: Callable[[], CreatorRecord] | None = None,
    items: Sequence[Mapping[str, Any]] = (),
    single_item: bool = False,
    cursor: str | None = None,
    has_more: bool | None = None,
) -> ParseResult:
    """Map the era's dicts to records. A record missing a mandatory field is skipped and named in
    ``problems``; when it was the page's own record (its profile, or the video of a video page),
    an ok status becomes ``unknown``: the page did not give what it is for."""
    result = ParseResult(status=status, era=era, cursor=cursor, has_more=has_more)
    for item in items:
        try:
            result.videos.append(video_from_item(item))
        except RecordError as exc:
            result.problems.append(str(exc))
    try:
        result.profile = profile() if profile is not None else _common_author(items, required=single_item)
    except RecordError as exc:
        result.problems.append(str(exc))
        if status.ok and (profile is not None or single_item):
            result.status = unknown(f"the page's account is unreadable: {exc}", status.code)
    if single_item and status.ok and items and not result.videos:
        result.status = unknown(f"the page's video is unreadable: {result.problems[0]}", status.code)
    return result


def _common_author(items: Sequence[Mapping[str, Any]], *, required: bool) -> CreatorRecord | None:
    """The author of the items when they all share one (a video page, a user's item list).
    ``required`` (a video page): an item without an author raises RecordError."""
    if not items:
        return None
    handles = {author_handle(item) for item in items}
    if len(handles) != 1 or (None in handles and not required):
        return None
    return author_from_item(items[0])


# ---- universal (2024-26) ---------------------------------------------------------------------


def find_universal(blob: Any) -> ParseResult | None:
    scope = _dict(_dict(blob).get("__DEFAULT_SCOPE__"))
    if not scope:
        return None
    user_detail = scope.get(USER_SCOPE)
    if isinstance(user_detail, Mapping):
        return _universal_user(user_detail)
    for key in VIDEO_SCOPES:
        video_detail = scope.get(key)
        if isinstance(video_detail, Mapping):
            return _universal_video(key, video_detail)
    not_found = scope.get(NOT_FOUND_SCOPE)
    if isinstance(not_found, Mapping):
        status = _status(not_found)
        if status.ok:
            status = PageStatus(StatusKind.NOT_FOUND, None, "TikTok served its not-found page")
        return _build("universal", status)
    # A scope of a kind not named above that still holds an account or a video.
    for key, value in scope.items():
        if isinstance(value, Mapping):
            if isinstance(value.get("userInfo"), Mapping):
                return _universal_user(value)
            if isinstance(value.get("itemInfo"), Mapping):
                return _universal_video(key, value)
    return None


def _universal_user(detail: Mapping[str, Any]) -> ParseResult:
    status = _status(detail)
    info = detail.get("userInfo")
    if not isinstance(info, Mapping):
        if status.ok:
            status = no_data(f"{USER_SCOPE} holds no userInfo", status.code)
        return _build("universal", status)
    if "user" not in info and status.ok:
        return _build("universal", no_data(f"{USER_SCOPE}.userInfo holds no user", status.code))
    user = _dict(info.get("user"))
    profile = (lambda: creator_from_user_info(info)) if status.ok or user.get("uniqueId") else None
    return _build("universal", status, profile=profile, items=_items(info.get("itemList")))


def _universal_video(key: str, detail: Mapping[str, Any]) -> ParseResult:
    status = _status(detail)
    item = _dict(_dict(detail.get("itemInfo")).get("itemStruct"))
    if not item:
        if status.ok:
            status = no_data(f"{key} holds no itemInfo.itemStruct", status.code)
        return _build("universal", status)
    return _build("universal", status, items=[item], single_item=True)


# ---- SIGI_STATE (2022-24) --------------------------------------------------------------------


def find_sigi(blob: Any) -> ParseResult | None:
    state = _dict(blob)
    user_module = _dict(state.get("UserModule"))
    users = {str(k).lower(): v for k, v in _dict(user_module.get("users")).items()}
    user_stats = {str(k).lower(): v for k, v in _dict(user_module.get("stats")).items()}
    item_module = _dict(state.get("ItemModule"))
    user_page = _dict(state.get("UserPage"))
    video_page = _dict(state.get("VideoPage"))
    if not (users or item_module or user_page or video_page):
        return None
    status = _status(user_page or video_page) if (user_page or video_page) else ok()

    post_list = _dict(_dict(state.get("ItemList")).get("user-post"))
    raw_order = post_list.get("list") if isinstance(post_list.get("list"), list) else []
    order = list(dict.fromkeys(str(i) for i in raw_order if isinstance(i, str | int)))
    listed = set(order)
    ids = [i for i in order if i in item_module] + [i for i in item_module if i not in listed]
    items = [item_module[i] for i in ids if isinstance(item_module[i], Mapping)]

    handle = user_page.get("uniqueId") if user_page else None
    if not isinstance(handle, str) and len(users) == 1:
        handle = next(iter(users))
    if not isinstance(handle, str) and items:
        handle = author_handle(items[0]) if len({author_handle(i) for i in items}) == 1 else None

    profile: Callable[[], CreatorRecord] | None = None
    if isinstance(handle, str) and handle.lower() in users:
        user, stats = users[handle.lower()], _dict(user_stats.get(handle.lower()))
        profile = lambda: creator_from_user(user, stats)  # noqa: E731
        # The profile's own videos: ItemModule can also hold other lists' items.
        items = [i for i in items if author_handle(i) in (None, handle.lower())]
    return _build(
        "sigi",
        status,
        profile=profile,
        items=items,
        single_item=bool(video_page) and not user_page,
        cursor=_cursor(post_list.get("cursor")),
        has_more=_flag(post_list.get("hasMore")),
    )


# ---- __NEXT_DATA__ (2020-21) -----------------------------------------------------------------


def find_next_data(blob: Any) -> ParseResult | None:
    page = _dict(_dict(_dict(blob).get("props")).get("pageProps"))
    if not page:
        return None
    info = page.get("userInfo")
    item = _dict(_dict(page.get("itemInfo")).get("itemStruct"))
    if not isinstance(info, Mapping) and not item and not is_error_code(page.get("statusCode")):
        return None
    status = _status(page)
    if isinstance(info, Mapping):
        user = _dict(info.get("user"))
        profile = (lambda: creator_from_user_info(info)) if status.ok or user.get("uniqueId") else None
        items = _items(page.get("items")) or _items(info.get("itemList"))
        return _build(
            "next_data",
            status,
            profile=profile,
            items=items,
            cursor=_cursor(page.get("videoListMaxCursor")),
            has_more=_flag(page.get("videoListHasMore")),
        )
    if item:
        return _build("next_data", status, items=[item], single_item=True)
    return _build("next_data", status)


# ---- API responses ---------------------------------------------------------------------------


def find_api(document: Any) -> ParseResult | None:
    doc = _dict(document)
    if not any(key in doc for key in _API_KEYS) and isinstance(doc.get("data"), Mapping):
        doc = doc["data"]  # a relay's wrapper ({"data": <TikTok's JSON>})
    if not any(key in doc for key in _API_KEYS):
        return None
    status = _status(doc)
    info = doc.get("userInfo")
    item = _dict(_dict(doc.get("itemInfo")).get("itemStruct"))
    items = _items(doc.get("itemList")) or ([item] if item else [])
    profile = None
    if isinstance(info, Mapping) and (status.ok or _dict(info.get("user")).get("uniqueId")):
        profile = lambda: creator_from_user_info(info)  # noqa: E731
    return _build(
        "api",
        status,
        profile=profile,
        items=items,
        single_item=bool(item) and not doc.get("itemList"),
        cursor=_cursor(doc.get("cursor")),
        has_more=_flag(doc.get("hasMore", doc.get("hasMorePrevious"))),
    )


# The page finders in the order the dispatcher tries them, with the script each one reads.
PAGE_FINDERS: tuple[tuple[str, str, Finder], ...] = (
    ("universal", "__UNIVERSAL_DATA_FOR_REHYDRATION__", find_universal),
    ("sigi", "SIGI_STATE", find_sigi),
    ("next_data", "__NEXT_DATA__", find_next_data),
)
