"""The stand-in's web API: TikTok's ``/api/...`` answers, under the rules of the era served.

=============================  =====================  =============================================
path                           kind                   answer
=============================  =====================  =============================================
``/api/post/item_list/``       api_post_item_list     ``secUid``, ``cursor``, ``count`` (max 35);
                                                      2026: signed, first page only signed out
``/api/creator/item_list/``    api_creator_items      ``secUid``, ``cursor`` (ms), ``count``
                                                      (max 15), ``type=1``; unsigned (2026 only)
``/api/challenge/item_list/``  api_challenge_items    ``challengeID``, ``cursor``, ``count`` (max 35)
``/api/music/item_list/``      api_music_items        ``musicID``, ``cursor``, ``count`` (max 35)
``/api/search/user/full/``     api_search_user        ``keyword``, ``cursor`` (10 a page); 2026:
                                                      signed and only with a session
``/api/user/detail/``          api_user_detail        ``uniqueId`` or ``secUid``
=============================  =====================  =============================================

A call the rules refuse (unsigned, forged or stale where a signature is needed; a later page
for a signed-out visitor; a search without a session) gets HTTP 200 and an empty body, as
TikTok answers it. A private account's item list is empty (``statusCode`` 0); an unknown
``secUid`` gets ``statusCode`` 10201.
"""

from __future__ import annotations

import bisect
import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from compass.records import VideoRecord
from tests.standin import pages, shapes
from tests.standin.population import CAPTURED_AT, Account, Member, State
from tests.standin.request import HTML, JSON, Request, Response
from tests.standin.signing import TOKEN_PARAM

if TYPE_CHECKING:
    from tests.standin.routes import Site

MAX_COUNT = 35
SEARCH_PAGE = 10
SIGNED = frozenset(
    {"/api/post/item_list/", "/api/challenge/item_list/", "/api/music/item_list/", "/api/search/user/full/"}
)
FIRST_PAGE_ONLY = frozenset({"/api/post/item_list/", "/api/challenge/item_list/", "/api/music/item_list/"})


def api_response(kind: str, payload: dict[str, Any], request_id: int) -> Response:
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


def empty_response(kind: str) -> Response:
    """What TikTok answers a request it will not serve: HTTP 200, nothing in the body."""
    return Response(kind, 200, b"", JSON, api=True, refused=True)


def throttled_response(kind: str, request_id: int) -> Response:
    """A client over the rate: HTTP 403 or the verify (captcha) answer, alternately."""
    if request_id % 2:
        return Response(kind, 403, pages.error_page(403, "Forbidden").encode(), HTML, api=True, refused=True)
    verify = {
        "code": 10000,
        "type": "verify",
        "subtype": "slide",
        "region": "va",
        "fp": f"verify_{shapes.digits('fp', request_id, length=12)}",
    }
    body = json.dumps({"statusCode": 10000, "status_code": 10000, "statusMsg": "", "verifyConfig": verify})
    return Response(kind, 200, body.encode(), JSON, api=True, refused=True)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _refused(message: str) -> dict[str, Any]:
    """A list TikTok will not give for these parameters: ``statusCode`` 10201 and no items."""
    return {"statusCode": 10201, "statusMsg": message, "itemList": []}


def created_ms(video: VideoRecord) -> int:
    return int(video.posted_at.timestamp()) * 1000


class WebApi:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.population = site.population
        self.rules = site.rules
        kinds: dict[str, tuple[str, Callable[[Request], dict[str, Any]]]] = {
            "/api/post/item_list/": ("api_post_item_list", self._post_items),
            "/api/challenge/item_list/": ("api_challenge_items", self._challenge_items),
            "/api/music/item_list/": ("api_music_items", self._music_items),
            "/api/search/user/full/": ("api_search_user", self._search),
            "/api/user/detail/": ("api_user_detail", self._user_detail),
        }
        if self.rules.creator_item_list:
            kinds["/api/creator/item_list/"] = ("api_creator_items", self._creator_items)
        self.routes = kinds

    def handle(self, request: Request, path: str) -> Response:
        route = self.routes.get(path)
        if route is None:
            return Response(
                "not_found",
                404,
                pages.not_found_page(path, request_id=request.request_id).encode(),
                HTML,
                page=True,
            )
        kind, answer = route
        if not self.site.throttle.allow(request.client):
            return throttled_response(kind, request.request_id)
        if self._refused(request, path):
            return empty_response(kind)
        return api_response(kind, answer(request), request.request_id)

    def _refused(self, request: Request, path: str) -> bool:
        rules, signed_in = self.rules, self.site.signed_in(request)
        if (
            path in SIGNED
            and rules.signed_lists
            and not self.site.signer.verify(
                path, request.raw_query, request.query.get(TOKEN_PARAM, ""), request.now, rules.signature_ttl
            )
        ):
            return True
        if path == "/api/search/user/full/" and rules.search_needs_session and not signed_in:
            return True
        first = _int(request.query.get("cursor")) == 0
        return path in FIRST_PAGE_ONLY and rules.wall_after is not None and not signed_in and not first

    # ---- lists of one creator ----------------------------------------------------------------

    def _account(self, sec_uid: str) -> tuple[Member | None, Account | None]:
        member = self.population.by_sec_uid(sec_uid)
        if member is None or member.state not in (State.OK, State.PRIVATE):
            return None, None
        return member, self.population.account(member)

    def _post_items(self, request: Request) -> dict[str, Any]:
        """A creator's videos: the first page holds the pinned ones then the newest; ``cursor``
        is the position (ms) of the last video served, the next page starts below it. Signed out
        under a wall, the first page holds at most ``wall_after`` videos."""
        q = request.query
        count = max(1, min(MAX_COUNT, _int(q.get("count"), 30)))
        cursor = max(0, _int(q.get("cursor")))
        if self.rules.wall_after is not None and not self.site.signed_in(request):
            count = min(count, self.rules.wall_after)
        member, account = self._account(q.get("secUid", ""))
        if account is None:
            return {**_refused("invalid secUid"), "hasMore": False, "cursor": "0"}
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
        items = self.site.items([(member, v) for v in head + list(chunk)])
        has_more = start + len(chunk) < len(account.rest)
        return {"statusCode": 0, "itemList": items, "hasMore": has_more, "cursor": str(next_cursor)}

    def _creator_items(self, request: Request) -> dict[str, Any]:
        """Unsigned, newest first: up to ``count`` (at most 15) videos posted before ``cursor`` ms
        (0: the newest). History older than ``old_history_days`` is read ``lookback_days`` at a
        time: a longer gap there answers an empty page, ``hasMorePrevious`` still true."""
        q, rules = request.query, self.rules
        count = _int(q.get("count"), 15)
        if count > rules.creator_max_count or count < 1:
            return {**_refused("invalid count"), "hasMorePrevious": False}
        member, account = self._account(q.get("secUid", ""))
        if account is None:
            return {**_refused("invalid secUid"), "hasMorePrevious": False}
        if member.state is State.PRIVATE:
            return {"statusCode": 0, "itemList": [], "hasMorePrevious": False, "hasMoreLatest": False}
        cursor = _int(q.get("cursor")) or 2**62
        timeline = account.timeline
        start = bisect.bisect_right(timeline, -cursor, key=lambda video: -created_ms(video))
        old = int((CAPTURED_AT - timedelta(days=rules.old_history_days)).timestamp()) * 1000
        lookback = rules.lookback_days * 86_400_000
        chosen, previous = [], cursor
        for video in timeline[start:]:
            moment = created_ms(video)
            if len(chosen) == count or (moment < old and previous - moment > lookback):
                break
            chosen.append(video)
            previous = moment
        has_more = start + len(chosen) < len(timeline)
        return {
            "statusCode": 0,
            "itemList": self.site.items([(member, v) for v in chosen]),
            "hasMorePrevious": has_more,
            "hasMoreLatest": start > 0,
        }

    # ---- lists of many creators --------------------------------------------------------------

    def _feed_page(self, feed: Any, request: Request) -> dict[str, Any]:
        count = max(1, min(MAX_COUNT, _int(request.query.get("count"), 30)))
        cursor = max(0, _int(request.query.get("cursor")))
        if feed is None:
            return {**_refused("invalid id"), "hasMore": False, "cursor": "0"}
        chunk = feed.entries[cursor : cursor + count]
        return {
            "statusCode": 0,
            "itemList": self.site.items(chunk),
            "hasMore": cursor + len(chunk) < len(feed.entries),
            "cursor": str(cursor + len(chunk)),
        }

    def _challenge_items(self, request: Request) -> dict[str, Any]:
        tag = self.site.feeds.tag_of_id(request.query.get("challengeID", ""))
        return self._feed_page(self.site.feeds.challenge(tag) if tag else None, request)

    def _music_items(self, request: Request) -> dict[str, Any]:
        return self._feed_page(self.site.feeds.music(request.query.get("musicID", "")), request)

    def _search(self, request: Request) -> dict[str, Any]:
        keyword = request.query.get("keyword", "")
        cursor = max(0, _int(request.query.get("cursor")))
        found = self.site.feeds.search_users(keyword)
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

    def _user_detail(self, request: Request) -> dict[str, Any]:
        q = request.query
        member = (
            self.population.get(q["uniqueId"])
            if q.get("uniqueId")
            else self.population.by_sec_uid(q.get("secUid", ""))
        )
        detail = self.site.user_detail(member)
        detail.setdefault("userInfo", {})
        return detail
