"""TikTok's URL paths -> responses: one pure function of the request, no sockets, no faults.

=============================  =====================  =============================================
path                           kind                   answer
=============================  =====================  =============================================
``/@handle``                   profile                HTML, ``webapp.user-detail`` (0, 10222, 10202,
                                                      10221); the grid loads from the API
``/@handle/video/<id>``        video                  HTML, ``webapp.video-detail`` (0, 10222, 10204)
``/tag/<name>``                tag                    HTML, ``webapp.challenge-detail``
``/music/<slug>-<id>``         music                  HTML, ``webapp.music-detail``
``/search/user?q=``            search                 HTML; results load from the API
``/api/post/item_list/``       api_post_item_list     ``secUid``, ``cursor``, ``count`` (max 35)
``/api/challenge/item_list/``  api_challenge_items    ``challengeID``, ``cursor``, ``count`` (max 35)
``/api/music/item_list/``      api_music_items        ``musicID``, ``cursor``, ``count`` (max 35)
``/api/search/user/full/``     api_search_user        ``keyword``, ``cursor`` (10 a page)
``/api/user/detail/``          api_user_detail        ``uniqueId`` or ``secUid``
``/``                          home                   a few creators to start from
``/obj/...``, ``/favicon.ico``  asset                  a 1x1 image
anything else                  not_found              HTTP 404, TikTok's "Couldn't find this page"
=============================  =====================  =============================================

TikTok answers "no such account" and the like with HTTP 200 and a ``statusCode`` in the JSON;
so does the stand-in. A private account's item list is empty (``statusCode`` 0, ``hasMore``
false), as TikTok serves it to a visitor; an unknown ``secUid`` gets ``statusCode`` 10201.
"""

from __future__ import annotations

import base64
import bisect
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from tests.standin import pages, shapes
from tests.standin.feeds import Feeds
from tests.standin.population import Account, Member, Population, State

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
_VIDEO = re.compile(r"^/@([^/]+)/(video|photo)/(\d{1,20})/?$")
_PROFILE = re.compile(r"^/@([^/]+)/?$")
_MUSIC = re.compile(r"^/music/(.*)-(\d{1,20})/?$")
_TAG = re.compile(r"^/tag/([^/]+)/?$")
MAX_COUNT = 35
SEARCH_PAGE = 10


@dataclass(frozen=True)
class Response:
    """``page``: an HTML page of the site (a challenge fault replaces it by a captcha page);
    ``api``: a web API answer (a challenge fault answers ``statusCode`` 10000)."""

    kind: str
    status: int
    body: bytes
    content_type: str
    page: bool = False
    api: bool = False
    cache: str = "no-store"


def _html(kind: str, text: str, status: int = 200) -> Response:
    return Response(kind, status, text.encode(), HTML, page=True)


def _api(kind: str, payload: dict[str, Any], request_id: int) -> Response:
    logid = shapes.digits("logid", request_id, length=20)
    code = payload.get("statusCode", payload.get("status_code", 0))
    envelope = {
        "extra": {"fatal_item_ids": [], "logid": logid, "now": int(time.time() * 1000)},
        "log_pb": {"impr_id": logid},
        "statusCode": code,
        "status_code": code,
        "status_msg": payload.get("statusMsg", ""),
        **payload,
    }
    body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(kind, 200, body, JSON, api=True)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Site:
    def __init__(self, population: Population) -> None:
        self.population = population
        self.feeds = Feeds(population)

    def handle(self, path: str, query: dict[str, str], request_id: int = 0) -> Response:
        """The response to ``GET path?query`` (``query``: first value of each parameter)."""
        path = unquote(path)
        if path.startswith("/api/"):
            return self._api_route(path.rstrip("/") + "/", query, request_id)
        if path.startswith(("/obj/", "/video/tos/")) or path == "/favicon.ico":
            return Response("asset", 200, _GIF, "image/gif", cache="public, max-age=86400")
        if path == "/":
            top = sorted(self.population.with_state(State.OK), key=lambda m: -m.followers)[:20]
            return _html(
                "home",
                pages.home_page([(m.handle, m.nickname, m.followers) for m in top], request_id=request_id),
            )
        if m := _VIDEO.match(path):
            return self._video(m.group(1), m.group(3), path, request_id)
        if m := _PROFILE.match(path):
            return self._profile(m.group(1), request_id)
        if m := _TAG.match(path):
            return self._tag(m.group(1), request_id)
        if m := _MUSIC.match(path):
            return self._music(m.group(1), m.group(2), path, request_id)
        if path.rstrip("/") == "/search/user":
            return _html("search", pages.search_page(query.get("q", "").strip(), request_id=request_id))
        return _html("not_found", pages.not_found_page(path, request_id=request_id), status=404)

    # ---- shapes of one account ---------------------------------------------------------------

    def _user_info(self, account: Account) -> dict[str, Any]:
        return shapes.user_info(
            account.observation.creator, digg_count=account.digg_count, friend_count=account.friend_count
        )

    def _author(self, member: Member) -> tuple[dict[str, Any], tuple[dict, dict]]:
        account = self.population.account(member)
        creator = account.observation.creator
        stats = shapes.user_stats(
            creator.stats, digg_count=account.digg_count, friend_count=account.friend_count
        )
        return shapes.user_struct(creator), stats

    def _items(self, entries) -> list[dict[str, Any]]:
        authors: dict[str, tuple] = {}
        items = []
        for member, video in entries:
            if member.handle not in authors:
                authors[member.handle] = self._author(member)
            items.append(shapes.item_struct(video, *authors[member.handle]))
        return items

    def _user_detail(self, member: Member | None) -> dict[str, Any]:
        if member is None or member.state is State.MISSING:
            return {"statusCode": 10202, "statusMsg": "user not exist"}
        if member.state is State.BANNED:
            return {"statusCode": 10221, "statusMsg": "user banned"}
        account = self.population.account(member)
        code = 10222 if member.state is State.PRIVATE else 0
        return {
            "userInfo": self._user_info(account),
            "shareMeta": shapes.share_meta(account.observation.creator),
            "statusCode": code,
            "statusMsg": "",
        }

    # ---- pages -------------------------------------------------------------------------------

    def _profile(self, handle: str, request_id: int) -> Response:
        member = self.population.get(handle)
        detail = self._user_detail(member)
        if "userInfo" not in detail:
            return _html("profile", pages.no_account_page(detail, handle.lower(), request_id=request_id))
        return _html("profile", pages.profile_page(detail, request_id=request_id))

    def _video(self, handle: str, video_id: str, path: str, request_id: int) -> Response:
        member = self.population.get(handle)
        detail: dict[str, Any] = {"statusCode": 10204, "statusMsg": "item doesn't exist"}
        if member is not None and member.state is State.PRIVATE:
            detail = {"statusCode": 10222, "statusMsg": "author_secret"}
        elif member is not None and member.state is State.OK:
            video = self.population.account(member).by_id.get(video_id)
            if video is not None:
                item = self._items([(member, video)])[0]
                share = {"title": f"{item['author']['nickname']} on TikTok", "desc": item["desc"]}
                detail = {
                    "itemInfo": {"itemStruct": item},
                    "shareMeta": share,
                    "statusCode": 0,
                    "statusMsg": "",
                }
        return _html("video", pages.video_page(detail, path, request_id=request_id))

    def _tag(self, name: str, request_id: int) -> Response:
        tag = name.lower()
        feed = self.feeds.challenge(tag)
        if feed is None:
            detail: dict[str, Any] = {"statusCode": 10201, "statusMsg": "challenge not exist"}
        else:
            info = shapes.challenge_info(tag, video_count=len(feed.entries), view_count=feed.view_count)
            share = {
                "title": f"#{tag} on TikTok",
                "desc": f"{shapes.display_count(len(feed.entries))} videos",
            }
            detail = {"challengeInfo": info, "shareMeta": share, "statusCode": 0, "statusMsg": ""}
        return _html("tag", pages.challenge_page(tag, detail, request_id=request_id))

    def _music(self, slug: str, music_id: str, path: str, request_id: int) -> Response:
        feed = self.feeds.music(music_id, slug)
        if feed is None:
            detail: dict[str, Any] = {"statusCode": 10201, "statusMsg": "music not exist"}
        else:
            first = feed.entries[0][1] if feed.sound.original and feed.entries else None
            if feed.owner is not None:
                author, _ = self._author(feed.owner)
            else:
                author = {
                    "id": "",
                    "uniqueId": "",
                    "nickname": feed.sound.author or "",
                    "signature": "",
                    "verified": False,
                    "secUid": "",
                    "avatarLarger": "",
                    "avatarMedium": "",
                    "avatarThumb": "",
                }
            music = shapes.music_struct(
                feed.sound, first, author["avatarMedium"] if feed.sound.original else ""
            )
            info = {"music": music, "author": author, "stats": {"videoCount": len(feed.entries)}}
            detail = {
                "musicInfo": info,
                "shareMeta": {"title": music["title"], "desc": ""},
                "statusCode": 0,
                "statusMsg": "",
            }
        return _html("music", pages.music_page(path, detail, request_id=request_id))

    # ---- web API -----------------------------------------------------------------------------

    def _api_route(self, path: str, q: dict[str, str], request_id: int) -> Response:
        count = max(1, min(MAX_COUNT, _int(q.get("count"), 30)))
        cursor = max(0, _int(q.get("cursor")))
        if path == "/api/post/item_list/":
            return _api(
                "api_post_item_list", self._post_items(q.get("secUid", ""), cursor, count), request_id
            )
        if path == "/api/challenge/item_list/":
            tag = self.feeds.tag_of_id(q.get("challengeID", ""))
            feed = self.feeds.challenge(tag) if tag else None
            return _api("api_challenge_items", self._feed_page(feed, cursor, count), request_id)
        if path == "/api/music/item_list/":
            feed = self.feeds.music(q.get("musicID", ""))
            return _api("api_music_items", self._feed_page(feed, cursor, count), request_id)
        if path == "/api/search/user/full/":
            return _api("api_search_user", self._search(q.get("keyword", ""), cursor), request_id)
        if path == "/api/user/detail/":
            member = (
                self.population.get(q["uniqueId"])
                if q.get("uniqueId")
                else self.population.by_sec_uid(q.get("secUid", ""))
            )
            detail = self._user_detail(member)
            detail.setdefault("userInfo", {})
            return _api("api_user_detail", detail, request_id)
        return _html("not_found", pages.not_found_page(path, request_id=request_id), status=404)

    def _post_items(self, sec_uid: str, cursor: int, count: int) -> dict[str, Any]:
        """A creator's videos: the first page holds the pinned ones then the newest; ``cursor``
        is the position (ms) of the last video served, the next page starts below it."""
        member = self.population.by_sec_uid(sec_uid)
        if member is None or member.state not in (State.OK, State.PRIVATE):
            return {
                "statusCode": 10201,
                "statusMsg": "invalid secUid",
                "itemList": [],
                "hasMore": False,
                "cursor": "0",
            }
        account = self.population.account(member)
        if member.state is State.PRIVATE or not account.keys and not account.pinned:
            return {"statusCode": 0, "itemList": [], "hasMore": False, "cursor": "0"}
        if cursor == 0:
            head, start = list(account.pinned), 0
            take = max(0, count - len(head))
        else:
            head, take = [], count
            start = bisect.bisect_right(account.keys, -cursor, key=lambda k: -k)
        chunk = account.rest[start : start + take]
        if chunk:
            next_cursor = account.keys[start + len(chunk) - 1]
        else:
            next_cursor = cursor if cursor else (account.keys[0] + 1 if account.keys else 0)
        items = self._items([(member, v) for v in head + list(chunk)])
        has_more = start + len(chunk) < len(account.rest)
        return {"statusCode": 0, "itemList": items, "hasMore": has_more, "cursor": str(next_cursor)}

    def _feed_page(self, feed, cursor: int, count: int) -> dict[str, Any]:
        if feed is None:
            return {
                "statusCode": 10201,
                "statusMsg": "invalid id",
                "itemList": [],
                "hasMore": False,
                "cursor": "0",
            }
        chunk = feed.entries[cursor : cursor + count]
        return {
            "statusCode": 0,
            "itemList": self._items(chunk),
            "hasMore": cursor + len(chunk) < len(feed.entries),
            "cursor": str(cursor + len(chunk)),
        }

    def _search(self, keyword: str, cursor: int) -> dict[str, Any]:
        found = self.feeds.search_users(keyword)
        chunk = found[cursor : cursor + SEARCH_PAGE]
        users = []
        for position, member in enumerate(chunk, start=cursor):
            creator = self.population.account(member).observation.creator
            users.append(
                {
                    "user_info": shapes.search_user_info(creator),
                    "position": position,
                    "items": [],
                    "uniqueid_position": [],
                    "nickname_position": [],
                }
            )
        return {
            "status_code": 0,
            "user_list": users,
            "cursor": cursor + len(chunk),
            "has_more": int(cursor + len(chunk) < len(found)),
            "type": 1,
            "input_keyword": keyword,
            "rid": shapes.digits("search", keyword, cursor, length=20),
        }
