"""The stand-in's HTML pages, shaped like TikTok's 2024-26 web app.

Every page carries ``<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">``
with ``{"__DEFAULT_SCOPE__": {"webapp.app-context": ..., <the page's scope>}}`` (JSON with "/"
written ``\\u002F`` as TikTok does), a server-rendered header with TikTok's ``data-e2e``
attributes, and, on list pages, the page script (``grid.js``, inlined) that fills the list from
the web API as the visitor scrolls, signing its calls and stopping at the login wall as the
rules say. The live page carries SIGI_STATE and the embed page ``__FRONTITY_CONNECT_STATE__``, as
TikTok's do. No page loads anything from another origin.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tests.standin.shapes import digits, display_count, music_path

_CSS = """
*,*::before,*::after{box-sizing:border-box}body{margin:0;font-family:Arial,sans-serif;font-size:14px;
color:#161823;background:#fff}a{color:inherit;text-decoration:none}
.css-header{display:flex;gap:24px;align-items:center;height:60px;padding:0 24px;border-bottom:1px solid #eee}
.css-main{max-width:1200px;margin:0 auto;padding:24px}
.css-counts{display:flex;gap:20px;margin:12px 0}.css-counts strong{margin-right:4px}
[data-e2e$="item-list"],[data-e2e="search-user-list"]{display:grid;grid-template-columns:repeat(auto-fill,
minmax(180px,1fr));gap:16px;margin-top:16px}
.css-1j167yi-DivWrapper{position:absolute;inset:0;background:#222;border-radius:4px;overflow:hidden}
.css-8dx572-DivContainer-StyledDivContainerV2 > div{position:relative}
.css-pth5ka-DivPlayerContainer img{width:100%;height:100%;object-fit:cover}
.css-11u47i-DivCardFooter{position:absolute;left:8px;bottom:8px;color:#fff}
.css-1xwoghb-DivHeaderContainer{position:absolute;left:8px;top:8px}
.css-3on00d-DivBadge{background:#fe2c55;color:#fff;padding:2px 4px;border-radius:2px}
.captcha-verify-container{position:fixed;inset:30% 30%;background:#fff;border:1px solid #ccc;padding:24px}
"""


@cache
def _grid_js() -> str:
    return (Path(__file__).with_name("grid.js")).read_text(encoding="utf-8")


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` body, escaped like TikTok's."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("/", "\\u002F").replace("<", "\\u003C")


@dataclass(frozen=True)
class Visitor:
    """Who asks, as a page's script knows it: signed in or not, the token and secret it signs its
    list calls with (the stand-in's own scheme, :mod:`tests.standin.signing`), the wall."""

    signed_in: bool = False
    sign: bool = False
    token: str = ""
    secret: str = ""
    wall_after: int | None = None
    page_size: int = 35

    def script_config(self) -> str:
        config = {
            "t": self.token,
            "k": self.secret,
            "sign": self.sign,
            "signedIn": self.signed_in,
            "wall": self.wall_after,
            "size": self.page_size,
        }
        return f"<script>window.__ttConf={script_json(config)};</script>"


LOGIN_MODAL = (
    '<div id="loginContainer" data-e2e="login-modal" class="TUXModal css-login-modal" role="dialog"'
    ' aria-modal="true"><h2 data-e2e="login-title">Log in to TikTok</h2>'
    "<p>Manage your account, check notifications, comment on videos, and more.</p>"
    '<a data-e2e="channel-item" href="/login">Use phone / email / username</a></div>'
)


def app_context(request_id: int, signed_in: bool = False) -> dict[str, Any]:
    context = {
        "language": "en",
        "region": "US",
        "appId": 1233,
        "appType": "m",
        "wid": digits("wid", request_id),
        "webIdCreatedTime": "1748736000",
        "nonce": digits("nonce", request_id, length=12),
        "botType": "others",
        "requestId": digits("request", request_id, length=20),
        "clusterRegion": "ALL_SG",
        "abTestVersion": {"versionName": "", "parameters": {}},
        "csrfToken": "",
        "userAgent": "",
        "encryptedWebid": "",
        "host": "www.tiktok.com",
    }
    if signed_in:
        context["user"] = {"uid": digits("viewer", request_id), "nickName": "Signed-in visitor"}
    return context


def document(
    title: str,
    body: str,
    scope: dict[str, Any],
    *,
    request_id: int,
    grid: bool = False,
    description: str = "",
    visitor: Visitor | None = None,
    extra_scripts: str = "",
) -> str:
    """A whole page: head, TikTok's header, ``body``, the rehydration JSON, the page script."""
    full_scope = {
        "webapp.app-context": app_context(request_id, bool(visitor and visitor.signed_in)),
        "webapp.biz-context": {"isSearchEngineBot": False},
        **scope,
        "webapp.a-b": {"parameters": {}},
    }
    return (
        '<!DOCTYPE html><html lang="en" dir="ltr" data-tux-color-scheme="light"><head><meta charset="UTF-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title>"
        f'<meta name="description" content="{esc(description)}">'
        '<link rel="icon" href="/favicon.ico">'
        f"<style>{_CSS}</style></head><body>"
        '<div id="app"><div class="css-header" data-e2e="top-bar">'
        '<a href="/" data-e2e="tiktok-logo">TikTok</a>'
        '<form action="/search/user" method="get" data-e2e="search-box">'
        '<input type="search" name="q" placeholder="Search" data-e2e="search-user-input">'
        '<button type="submit" data-e2e="search-box-button">Search</button></form></div>'
        f'<div id="main-content" class="css-main">{body}</div></div>'
        '<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">'
        f"{script_json({'__DEFAULT_SCOPE__': full_scope})}</script>"
        + extra_scripts
        + ((visitor or Visitor()).script_config() + f"<script>{_grid_js()}</script>" if grid else "")
        + "</body></html>"
    )


def _counts(pairs: list[tuple[str, str, int]]) -> str:
    cells = "".join(
        f'<div class="css-mgke3u-DivNumber"><strong title="{esc(label)}" data-e2e="{key}-count">'
        f"{display_count(n)}"
        f'</strong><span data-e2e="{key}" class="css-1ubs7lq-SpanUnit">{esc(label)}</span></div>'
        for key, label, n in pairs
    )
    return f'<h3 class="css-counts">{cells}</h3>'


def profile_page(user_detail: dict[str, Any], *, request_id: int, visitor: Visitor | None = None) -> str:
    """A profile: header from ``userInfo``; the grid is empty and filled by the page script
    (``itemList`` is empty, as on TikTok); a private account shows TikTok's notice instead."""
    info = user_detail["userInfo"]
    user, stats = info["user"], info["stats"]
    private = user["privateAccount"]
    header = (
        '<div data-e2e="user-page" class="css-user-page">'
        f'<div data-e2e="user-avatar"><img loading="lazy" alt="" src="{esc(user["avatarMedium"])}"'
        ' width="116"></div>'
        f'<h1 data-e2e="user-title">{esc(user["uniqueId"])}</h1>'
        f'<h2 data-e2e="user-subtitle">{esc(user["nickname"])}</h2>'
        + ('<span data-e2e="verify-badge" title="Verified account">✔</span>' if user["verified"] else "")
        + _counts(
            [
                ("following", "Following", stats["followingCount"]),
                ("followers", "Followers", stats["followerCount"]),
                ("likes", "Likes", stats["heartCount"]),
            ]
        )
        + '<h2 data-e2e="user-bio" style="white-space:pre-line">'
        + f"{esc(user['signature'] or 'No bio yet.')}</h2>"
    )
    if private:
        grid = (
            '<div class="css-private" data-e2e="user-private">'
            '<p class="css-1ovqurc-PTitle">This account is private</p>'
            '<p class="css-1ynw6x2-PDesc">Follow this account to see their contents and likes</p></div>'
        )
    else:
        grid = (
            '<div class="css-feed-tab">'
            '<p data-e2e="videos-tab" role="tab" aria-selected="true">Videos</p></div>'
            '<div data-e2e="user-post-item-list" mode="compact"'
            ' class="css-gamknx-DivVideoFeedV2 ecyq5ls0"></div>'
        )
    body = header + grid + "</div>"
    title = f"{user['nickname']} (@{user['uniqueId']}) | TikTok"
    return document(
        title,
        body,
        {"webapp.user-detail": user_detail, "seo.abtest": _seo(f"/@{user['uniqueId']}")},
        request_id=request_id,
        grid=not private,
        visitor=visitor,
        description=user_detail.get("shareMeta", {}).get("desc", ""),
    )


def no_account_page(user_detail: dict[str, Any], handle: str, *, request_id: int) -> str:
    """A handle that does not exist (10202) or a banned account (10221): TikTok's notice."""
    body = (
        '<div data-e2e="user-page" class="css-user-page"><div class="css-error" data-e2e="user-not-found">'
        '<p class="css-1osbocj-PTitle">Couldn\'t find this account</p>'
        '<p class="css-1ynw6x2-PDesc">Looking for videos? '
        "Try browsing our trending creators, hashtags, and sounds."
        "</p></div></div>"
    )
    return document(
        f"@{handle} | TikTok",
        body,
        {"webapp.user-detail": user_detail, "seo.abtest": _seo(f"/@{handle}")},
        request_id=request_id,
    )


def video_page(video_detail: dict[str, Any], path: str, *, request_id: int) -> str:
    item = video_detail.get("itemInfo", {}).get("itemStruct")
    if item is None:
        body = (
            '<div class="css-error" data-e2e="video-unavailable">'
            '<p class="css-1osbocj-PTitle">Video currently unavailable</p></div>'
        )
        return document(
            "TikTok - Make Your Day",
            body,
            {"webapp.video-detail": video_detail, "seo.abtest": _seo(path)},
            request_id=request_id,
        )
    author, stats, music = item["author"], item["stats"], item["music"]
    tags = "".join(
        f' <a href="/tag/{esc(c["title"])}" data-e2e="search-common-link">'
        f"<strong>#{esc(c['title'])}</strong></a>"
        for c in item["challenges"]
    )
    sound_path = music_path(music["title"], music["id"])
    body = (
        '<div data-e2e="browse-video" class="css-browse">'
        f'<img alt="{esc(item["desc"])}" src="{esc(item["video"]["cover"])}" width="288">'
        f'<a href="/@{esc(author["uniqueId"])}" data-e2e="browse-user-avatar">'
        f'<span data-e2e="browse-username">{esc(author["uniqueId"])}</span> '
        f'<span data-e2e="browser-nickname">{esc(author["nickname"])}</span></a>'
        f'<h1 data-e2e="browse-video-desc">{esc(item["desc"])}{tags}</h1>'
        f'<h4 data-e2e="browse-music"><a href="{esc(sound_path)}">{esc(music["title"])}</a></h4>'
        f'<strong data-e2e="like-count">{display_count(stats["diggCount"])}</strong> '
        f'<strong data-e2e="comment-count">{display_count(stats["commentCount"])}</strong> '
        f'<strong data-e2e="undefined-count">{display_count(stats["collectCount"])}</strong> '
        f'<strong data-e2e="share-count">{display_count(stats["shareCount"])}</strong></div>'
    )
    title = f"{item['desc'][:80] or 'TikTok video'} | TikTok"
    return document(
        title,
        body,
        {"webapp.video-detail": video_detail, "seo.abtest": _seo(path)},
        request_id=request_id,
        description=item["desc"],
    )


def challenge_page(
    name: str, detail: dict[str, Any], *, request_id: int, visitor: Visitor | None = None
) -> str:
    info = detail.get("challengeInfo")
    if info is None:
        body = '<div class="css-error"><p class="css-1osbocj-PTitle">Couldn\'t find this hashtag</p></div>'
        return document(
            f"#{name} | TikTok",
            body,
            {"webapp.challenge-detail": detail, "seo.abtest": _seo(f"/tag/{name}")},
            request_id=request_id,
        )
    stats = info["stats"]
    body = (
        f'<div class="css-challenge"><h1 data-e2e="challenge-title">#{esc(info["challenge"]["title"])}</h1>'
        f'<h2 data-e2e="challenge-vvcount"><strong>{display_count(stats["videoCount"])}</strong> videos</h2>'
        f'<h2 data-e2e="challenge-desc">{esc(info["challenge"]["desc"])}</h2>'
        '<div data-e2e="challenge-item-list" class="css-DivChallengeFeed"></div></div>'
    )
    return document(
        f"#{name} | TikTok",
        body,
        {"webapp.challenge-detail": detail, "seo.abtest": _seo(f"/tag/{name}")},
        request_id=request_id,
        grid=True,
        visitor=visitor,
    )


def music_page(path: str, detail: dict[str, Any], *, request_id: int, visitor: Visitor | None = None) -> str:
    info = detail.get("musicInfo")
    if info is None:
        body = '<div class="css-error"><p class="css-1osbocj-PTitle">Couldn\'t find this sound</p></div>'
        return document(
            "TikTok - Make Your Day",
            body,
            {"webapp.music-detail": detail, "seo.abtest": _seo(path)},
            request_id=request_id,
        )
    music = info["music"]
    body = (
        f'<div class="css-music"><h1 data-e2e="music-title">{esc(music["title"])}</h1>'
        f'<h2 data-e2e="music-creator">{esc(music["authorName"])}</h2>'
        '<h2 data-e2e="music-video-count">'
        f"<strong>{display_count(info['stats']['videoCount'])}</strong> videos</h2>"
        '<div data-e2e="music-item-list" class="css-DivMusicFeed"></div></div>'
    )
    title = f"{music['title']} created by {music['authorName']} | Popular songs on TikTok"
    return document(
        title,
        body,
        {"webapp.music-detail": detail, "seo.abtest": _seo(path)},
        request_id=request_id,
        grid=True,
        visitor=visitor,
    )


def search_page(keyword: str, *, request_id: int, gated: bool = False, visitor: Visitor | None = None) -> str:
    """User search; ``gated`` (a signed-out visitor under the 2026 rules): the login modal, no list."""
    body = (
        f'<div class="css-search"><h1 data-e2e="search-title">Accounts matching “{esc(keyword)}”</h1>'
        + (LOGIN_MODAL if gated else '<div data-e2e="search-user-list" class="css-DivSearchUserList"></div>')
        + "</div>"
    )
    return document(
        f"Find '{keyword}' on TikTok | TikTok Search",
        body,
        {"seo.abtest": _seo(f"/search/user?q={keyword}")},
        request_id=request_id,
        grid=bool(keyword) and not gated,
        visitor=visitor,
    )


def live_page(handle: str, user: dict[str, Any] | None, *, request_id: int) -> str:
    """``/@handle/live``: TikTok's live room keeps SIGI_STATE; ``LiveRoom.liveRoomUserInfo`` names
    the account (with its secUid) when the room shows it, and is empty otherwise."""
    room: dict[str, Any] = {"liveRoomStatus": 4, "liveRoomUserInfo": {}}
    if user is not None:
        room["liveRoomUserInfo"] = {"user": user, "liveRoom": {"status": 4, "title": ""}}
    state = {"LiveRoom": room, "AppContext": {"appContext": app_context(request_id)}}
    body = (
        f'<div data-e2e="live-page"><h1>@{esc(handle)}</h1>'
        '<p class="css-live-offline">LIVE has ended</p></div>'
    )
    sigi = f'<script id="SIGI_STATE" type="application/json">{script_json(state)}</script>'
    return document(
        f"@{handle} LIVE | TikTok",
        body,
        {"seo.abtest": _seo(f"/@{handle}/live")},
        request_id=request_id,
        extra_scripts=sigi,
    )


def embed_page(
    handle: str, user: dict[str, Any] | None, videos: list[dict[str, Any]], *, request_id: int
) -> str:
    """``/embed/@handle``: the creator embed, ``__FRONTITY_CONNECT_STATE__`` with the account (rounded
    counts, no secUid) and its latest videos (id, caption, views; no time)."""
    route = f"/embed/@{handle}"
    found = {"userInfo": user, "videoList": videos} if user is not None else {"statusCode": 10202}
    data = {route: found}
    state = {"router": {"link": route}, "source": {"data": data}}
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">'
        f"<title>@{esc(handle)} | TikTok</title></head><body>"
        f'<div data-e2e="embed-creator">@{esc(handle)}</div>'
        f'<script id="__FRONTITY_CONNECT_STATE__" type="application/json">{script_json(state)}</script>'
        "</body></html>"
    )


def home_page(members: list[tuple[str, str, int]], *, request_id: int) -> str:
    """``members``: (handle, nickname, followers) of a few creators to start browsing from."""
    links = "".join(
        f'<li><a href="/@{esc(h)}" data-e2e="home-creator">@{esc(h)}</a> {esc(n)} · '
        f"{display_count(f)} followers</li>"
        for h, n, f in members
    )
    return document(
        "TikTok - Make Your Day",
        f'<h1>For You</h1><ul data-e2e="home-creators">{links}</ul>',
        {"seo.abtest": _seo("/")},
        request_id=request_id,
    )


def not_found_page(path: str, *, request_id: int) -> str:
    body = (
        '<div class="css-error" data-e2e="page-not-found">'
        '<p class="css-1osbocj-PTitle">Couldn\'t find this page'
        '</p><p class="css-1ynw6x2-PDesc">Check out more trending videos on TikTok</p>'
        '<a href="/" data-e2e="watch-now">Watch now</a></div>'
    )
    return document(
        "TikTok - Make Your Day",
        body,
        {"webapp.not-found": {"statusCode": 0}, "seo.abtest": _seo(path)},
        request_id=request_id,
    )


def captcha_page() -> str:
    """TikTok's challenge: no page JSON, a captcha container (what the parser reads as blocked)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Security Check</title>'
        f"<style>{_CSS}</style></head><body>"
        '<div id="captcha-verify-container-main-page" class="TUXModal captcha-verify-container">'
        '<div class="captcha_verify_bar"><div class="captcha_verify_bar--title">Verify to continue:</div>'
        '<div class="captcha_verify_bar--title">Drag the slider to fit the puzzle</div></div>'
        '<div class="captcha_verify_img--wrapper">'
        '<div id="captcha-verify-image" class="cap-h-full"></div></div>'
        '<div class="captcha_verify_slide--slidebar">'
        '<div class="secsdk-captcha-drag-icon" role="slider"></div>'
        "</div></div></body></html>"
    )


def error_page(status: int, reason: str) -> str:
    return (
        f"<html><head><title>{status} {esc(reason)}</title></head>"
        f"<body><center><h1>{status} {esc(reason)}</h1>"
        "</center><hr><center>Tengine</center></body></html>"
    )


def _seo(path: str) -> dict[str, Any]:
    return {"canonical": path, "pageId": digits("page", path, length=18), "vidList": [], "parameters": {}}
