"""TikTok's URL paths -> responses: a function of the request and the rules, no sockets, no faults.

=============================  =====================  =============================================
path                           kind                   answer
=============================  =====================  =============================================
``/@handle``                   profile                HTML, ``webapp.user-detail`` (0, 10222, 10202,
                                                      10221); the grid loads from the API
``/@handle/video/<id>``        video                  HTML, ``webapp.video-detail`` (0, 10222, 10204)
``/@handle/live``              live                   HTML, SIGI_STATE ``LiveRoom`` (the secUid of
                                                      some creators whose profile hides it)
``/embed/@handle``             embed                  HTML, ``__FRONTITY_CONNECT_STATE__``: the
                                                      account and its latest videos
``/tag/<name>``                tag                    HTML, ``webapp.challenge-detail``
``/music/<slug>-<id>``         music                  HTML, ``webapp.music-detail``
``/search/user?q=``            search                 HTML; results load from the API (2026: only
                                                      with a session, else the login modal)
``/api/...``                   (see ``api.py``)       TikTok's web API
``/``                          home                   a few creators to start from
``/obj/...``, ``/favicon.ico``  asset                  a 1x1 image
anything else                  not_found              HTTP 404, TikTok's "Couldn't find this page"
=============================  =====================  =============================================

TikTok answers "no such account" and the like with HTTP 200 and a ``statusCode`` in the JSON;
so does the stand-in. Which rules apply is :class:`~tests.standin.rules.Rules`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any
from urllib.parse import unquote

from tests.standin import pages, shapes
from tests.standin.api import WebApi
from tests.standin.feeds import Feeds
from tests.standin.pages import Visitor
from tests.standin.population import Account, Member, Population, State, unit
from tests.standin.request import HTML, Request, Response
from tests.standin.rules import Rules
from tests.standin.signing import Signer
from tests.standin.throttle import Throttle

_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
_VIDEO = re.compile(r"^/@([^/]+)/(video|photo)/(\d{1,20})/?$")
_PROFILE = re.compile(r"^/@([^/]+)/?$")
_LIVE = re.compile(r"^/@([^/]+)/live/?$")
_EMBED = re.compile(r"^/embed/@([^/]+)/?$")
_MUSIC = re.compile(r"^/music/(.*)-(\d{1,20})/?$")
_TAG = re.compile(r"^/tag/([^/]+)/?$")
EMBED_VIDEOS = 11
SESSION_COOKIE = "sessionid"


def _html(kind: str, text: str, status: int = 200) -> Response:
    return Response(kind, status, text.encode(), HTML, page=True)


class Site:
    def __init__(self, population: Population, rules: Rules | None = None) -> None:
        self.population = population
        self.rules = rules or Rules()
        self.feeds = Feeds(population)
        key = hashlib.blake2b(f"standin-key\0{population.seed}".encode(), digest_size=16).hexdigest()
        self.signer = Signer(key)
        self.session_id = hashlib.blake2b(f"sessionid\0{key}".encode(), digest_size=16).hexdigest()
        self.throttle = Throttle(self.rules.api_calls_per_minute, self.rules.cooldown_seconds)
        self.api = WebApi(self)

    def signed_in(self, request: Request) -> bool:
        return request.cookies.get(SESSION_COOKIE) == self.session_id

    def hides_sec_uid(self, member: Member) -> bool:
        """Whether this creator's profile page comes without its secUid (``secuid_hidden_share``)."""
        return unit(self.population.seed, "secuid", member.handle) < self.rules.secuid_hidden_share

    def live_shows_user(self, member: Member) -> bool:
        """Half of the creators whose profile hides the secUid show it on their live page."""
        return unit(self.population.seed, "live", member.handle) < 0.5

    def visitor(self, request: Request, *, lists: bool) -> Visitor:
        """What the page script of this request knows: the visitor, the token and secret it signs with."""
        token = self.signer.token(request.request_id) if lists else ""
        return Visitor(
            signed_in=self.signed_in(request),
            sign=self.rules.signed_lists and lists,
            token=token,
            secret=self.signer.secret(token) if lists else "",
            wall_after=self.rules.wall_after,
            page_size=16 if self.rules.era == "2026" else 35,
        )

    def handle(self, request: Request) -> Response:
        path = unquote(request.path)
        if path.startswith("/api/"):
            return self.api.handle(request, path.rstrip("/") + "/")
        if path.startswith(("/obj/", "/video/tos/")) or path == "/favicon.ico":
            return Response("asset", 200, _GIF, "image/gif", cache="public, max-age=86400")
        request_id = request.request_id
        if path == "/":
            top = sorted(self.population.with_state(State.OK), key=lambda m: -m.followers)[:20]
            return _html(
                "home",
                pages.home_page([(m.handle, m.nickname, m.followers) for m in top], request_id=request_id),
            )
        if m := _VIDEO.match(path):
            return self._video(m.group(1), m.group(3), path, request_id)
        if m := _LIVE.match(path):
            return self._live(m.group(1), request_id)
        if m := _EMBED.match(path):
            return self._embed(m.group(1), request_id)
        if m := _PROFILE.match(path):
            return self._profile(m.group(1), request)
        if m := _TAG.match(path):
            return self._tag(m.group(1), request)
        if m := _MUSIC.match(path):
            return self._music(m.group(1), m.group(2), path, request)
        if path.rstrip("/") == "/search/user":
            keyword = request.query.get("q", "").strip()
            gated = self.rules.search_needs_session and not self.signed_in(request)
            return _html(
                "search",
                pages.search_page(
                    keyword, request_id=request_id, gated=gated, visitor=self.visitor(request, lists=True)
                ),
            )
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

    def items(self, entries) -> list[dict[str, Any]]:  # noqa: ANN001 - (member, video) pairs
        authors: dict[str, tuple] = {}
        items = []
        for member, video in entries:
            if member.handle not in authors:
                authors[member.handle] = self._author(member)
            items.append(shapes.item_struct(video, *authors[member.handle]))
        return items

    def user_detail(self, member: Member | None) -> dict[str, Any]:
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

    def _profile(self, handle: str, request: Request) -> Response:
        member = self.population.get(handle)
        detail = self.user_detail(member)
        if "userInfo" not in detail:
            page = pages.no_account_page(detail, handle.lower(), request_id=request.request_id)
            return _html("profile", page)
        if member is not None and self.hides_sec_uid(member):
            detail["userInfo"]["user"]["secUid"] = ""  # the page's script then lists nothing either
        return _html(
            "profile",
            pages.profile_page(
                detail, request_id=request.request_id, visitor=self.visitor(request, lists=True)
            ),
        )

    def _live(self, handle: str, request_id: int) -> Response:
        member = self.population.get(handle)
        user = None
        if (
            member is not None
            and member.state in (State.OK, State.PRIVATE)
            and (not self.hides_sec_uid(member) or self.live_shows_user(member))
        ):
            user = self._author(member)[0]
        return _html("live", pages.live_page(handle.lower(), user, request_id=request_id))

    def _embed(self, handle: str, request_id: int) -> Response:
        member = self.population.get(handle)
        if member is None or member.state is not State.OK:
            return _html("embed", pages.embed_page(handle.lower(), None, [], request_id=request_id))
        account = self.population.account(member)
        user, (stats, _) = self._author(member)
        latest = [shapes.embed_video(v) for v in account.timeline[:EMBED_VIDEOS]]
        return _html(
            "embed",
            pages.embed_page(handle.lower(), shapes.embed_user(user, stats), latest, request_id=request_id),
        )

    def _video(self, handle: str, video_id: str, path: str, request_id: int) -> Response:
        member = self.population.get(handle)
        detail: dict[str, Any] = {"statusCode": 10204, "statusMsg": "item doesn't exist"}
        if member is not None and member.state is State.PRIVATE:
            detail = {"statusCode": 10222, "statusMsg": "author_secret"}
        elif member is not None and member.state is State.OK:
            video = self.population.account(member).by_id.get(video_id)
            if video is not None:
                item = self.items([(member, video)])[0]
                share = {"title": f"{item['author']['nickname']} on TikTok", "desc": item["desc"]}
                detail = {
                    "itemInfo": {"itemStruct": item},
                    "shareMeta": share,
                    "statusCode": 0,
                    "statusMsg": "",
                }
        return _html("video", pages.video_page(detail, path, request_id=request_id))

    def _tag(self, name: str, request: Request) -> Response:
        request_id = request.request_id
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
        return _html(
            "tag",
            pages.challenge_page(
                tag, detail, request_id=request_id, visitor=self.visitor(request, lists=True)
            ),
        )

    def _music(self, slug: str, music_id: str, path: str, request: Request) -> Response:
        request_id = request.request_id
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
        return _html(
            "music",
            pages.music_page(path, detail, request_id=request_id, visitor=self.visitor(request, lists=True)),
        )
