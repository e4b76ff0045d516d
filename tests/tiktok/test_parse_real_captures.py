"""Every real capture parses to the values it holds, read independently here (regex + json.loads),
or to the right status."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from compass.records import posted_at_from_video_id
from compass.tiktok import StatusKind, parse_page, parse_result_to_json
from tests.tiktok.helpers import CAPTURES, all_capture_names, read_capture, require_captures, script_json

SIGI_PROFILE = "aladynjr_2023-02_profile_dylanlemay_SIGI_STATE.html"
UNIVERSAL_JSON = "alphavn_2026-07_universal_data_profile_khanhiattm2.json"
VIDEO_10204 = "ca74ca_2025-07_video_page_statusCode_10204.html"
NEXT_PROFILE = "drawrowfly_2020_userMeta_tiktok.html"
NEXT_VIDEO = "drawrowfly_2020_videoMeta_tiktok_6881450806688664838.html"
MOBILE_PHOTO = "iqshift_2026-02_mobile_reflow_video_photo_post.html"
API_ITEM_LIST = "neovolkov_2025-10_api_post_item_list.json"
API_USER_DETAIL = "neovolkov_2025-10_api_user_detail.json"
API_POPULAR = "neovolkov_2025-10_api_user_popular_posts.json"
HASHTAG = "rainerhamal_2025-07_hashtag_page_tiktokmademebuyit.html"
VIDEO_PAGE = "rimineuit_2025-07_video_page_dangthuhaf_7526770564367748360.html"
RENDERED_PROFILE = "tuzx0033_2025-04_profile_rapvietvevo_rendered.html"
EXPORTS = (
    "pochyn_2023-09_apify_clockworks_profile_taylorswift.json",
    "scrapfly_2026-01_channel.json",
    "scrapfly_2026-01_comments.json",
    "scrapfly_2026-01_posts.json",
    "scrapfly_2026-01_profiles.json",
)


def _utc(seconds: int | str) -> datetime:
    return datetime.fromtimestamp(int(seconds), tz=UTC)


def _exact(stats_v2: dict, stats: dict, key: str) -> int | None:
    """Independent reading of one count: statsV2 (exact string) first, else stats."""
    for source in (stats_v2 or {}, stats or {}):
        if key in source:
            return int(source[key])
    return None


def _tags(item: dict) -> list[str]:
    found: list[str] = []
    extras = list(item.get("textExtra") or [])
    for content in item.get("contents") or []:
        extras += content.get("textExtra") or []
    names = [e.get("hashtagName") for e in extras] + [c.get("title") for c in item.get("challenges") or []]
    for name in names:
        tag = (name or "").strip().lstrip("#").lower()
        if tag and tag not in found:
            found.append(tag)
    return found


def _assert_video_matches(video, item: dict) -> None:
    assert video.tiktok_id == item["id"]
    assert video.posted_at == _utc(item["createTime"])
    assert video.caption == item["desc"]
    stats, stats_v2 = item.get("stats") or {}, item.get("statsV2") or {}
    assert video.stats.views == _exact(stats_v2, stats, "playCount")
    assert video.stats.likes == _exact(stats_v2, stats, "diggCount")
    assert video.stats.comments == _exact(stats_v2, stats, "commentCount")
    assert video.stats.shares == _exact(stats_v2, stats, "shareCount")
    assert video.stats.saves == _exact(stats_v2, stats, "collectCount")
    assert list(video.hashtags) == _tags(item)
    assert video.sound is not None
    assert video.sound.tiktok_id == item["music"]["id"]
    assert video.sound.title == item["music"]["title"]
    assert video.is_ad == item.get("isAd")
    assert video.is_pinned == item.get("isPinnedItem")


# ---- every capture ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", all_capture_names())
def test_parse_page_any_real_capture_returns_a_result_and_serializable_json(name):
    result = parse_page(read_capture(name))
    assert result.status.kind in set(StatusKind)
    out = parse_result_to_json(result)
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
    if result.status.ok:
        assert result.era in {"universal", "sigi", "next_data", "api", "tiles"}


def test_captures_directory_holds_every_capture_named_here():
    names = set(all_capture_names())
    if not names:
        require_captures(f"no captures in {CAPTURES}")
    named = {
        SIGI_PROFILE,
        UNIVERSAL_JSON,
        VIDEO_10204,
        NEXT_PROFILE,
        NEXT_VIDEO,
        MOBILE_PHOTO,
        API_ITEM_LIST,
        API_USER_DETAIL,
        API_POPULAR,
        HASHTAG,
        VIDEO_PAGE,
        RENDERED_PROFILE,
        *EXPORTS,
    }
    assert named <= names


# ---- universal (2024-26) ---------------------------------------------------------------------


def test_parse_page_rendered_profile_reads_user_stats_and_36_tiles():
    html = read_capture(RENDERED_PROFILE)
    info = script_json(html, "__UNIVERSAL_DATA_FOR_REHYDRATION__")["__DEFAULT_SCOPE__"]["webapp.user-detail"][
        "userInfo"
    ]
    result = parse_page(html, url="https://www.tiktok.com/@rapvietvevo")

    assert result.status.kind is StatusKind.OK and result.status.code == 0
    assert result.era == "universal"
    assert "statsV2" not in info  # this capture has rounded stats only: they are used
    profile = result.profile
    assert profile.handle == info["user"]["uniqueId"].lower()
    assert profile.tiktok_id == info["user"]["id"]
    assert profile.sec_uid == info["user"]["secUid"]
    assert profile.nickname == info["user"]["nickname"]
    assert profile.stats.followers == info["stats"]["followerCount"]
    assert profile.stats.following == info["stats"]["followingCount"]
    assert profile.stats.likes == info["stats"]["heartCount"]
    assert profile.stats.video_count == info["stats"]["videoCount"]
    assert profile.private is info["user"]["privateAccount"]
    assert result.videos == []  # itemList is empty: the grid is only in the DOM

    # Independent reading of the grid: links and view texts in page order.
    ids = re.findall(
        r'data-e2e="user-post-item".*?href="https://www\.tiktok\.com/@rapvietvevo/video/(\d+)"', html
    )
    views = re.findall(r'data-e2e="video-views"[^>]*>([^<]+)<', html)
    assert len(ids) == len(views) == 36
    assert [t.tiktok_id for t in result.tile_videos] == ids
    assert [t.views for t in result.tile_videos] == [_display(v) for v in views]
    assert all(
        t.url == f"https://www.tiktok.com/@rapvietvevo/video/{t.tiktok_id}" for t in result.tile_videos
    )
    assert all(t.posted_at == posted_at_from_video_id(t.tiktok_id) for t in result.tile_videos)
    assert [t.badge for t in result.tile_videos[:2]] == ["Pinned", "Pinned"]


def _display(text: str) -> int:
    """Independent reading of a tile's view text."""
    multiplier = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}.get(text[-1], 1)
    digits = text[:-1] if multiplier != 1 else text
    return round(float(digits) * multiplier)


def test_parse_page_universal_json_alone_prefers_exact_stats_v2():
    text = read_capture(UNIVERSAL_JSON)
    info = json.loads(text)["__DEFAULT_SCOPE__"]["webapp.user-detail"]["userInfo"]
    result = parse_page(text)

    assert result.status.ok and result.era == "universal"
    stats = result.profile.stats
    assert stats.followers == int(info["statsV2"]["followerCount"]) == 40398
    assert stats.followers != info["stats"]["followerCount"]  # the rounded 40400 is not used
    assert stats.likes == int(info["statsV2"]["heartCount"])
    assert stats.following == int(info["statsV2"]["followingCount"])
    assert stats.video_count == int(info["statsV2"]["videoCount"])
    assert result.profile.handle == info["user"]["uniqueId"]
    assert result.videos == [] and result.tile_videos == []


def test_parse_page_desktop_video_page_reads_item_and_author():
    html = read_capture(VIDEO_PAGE)
    item = script_json(html, "__UNIVERSAL_DATA_FOR_REHYDRATION__")["__DEFAULT_SCOPE__"][
        "webapp.video-detail"
    ]["itemInfo"]["itemStruct"]
    result = parse_page(html, url="https://www.tiktok.com/@dangthuhaf/video/7526770564367748360")

    assert result.status.ok and result.era == "universal"
    assert len(result.videos) == 1
    video = result.videos[0]
    _assert_video_matches(video, item)
    assert video.duration_s == item["video"]["duration"]
    assert video.is_photo is False
    assert video.cover_url == item["video"]["cover"]
    assert video.sound.author == item["music"]["authorName"]
    assert video.sound.original is item["music"]["original"]
    assert list(video.hashtags) == ["dangthuha", "dangthuhaf", "schannel"]

    author = result.profile
    assert author.handle == item["author"]["uniqueId"]
    assert author.tiktok_id == item["author"]["id"]
    assert author.verified is item["author"]["verified"]
    assert author.stats.followers == int(item["authorStatsV2"]["followerCount"])
    assert author.stats.likes == int(item["authorStatsV2"]["heartCount"])
    assert author.stats.video_count == int(item["authorStatsV2"]["videoCount"])


def test_parse_page_video_scope_status_10204_is_not_found():
    html = read_capture(VIDEO_10204)
    detail = script_json(html, "__UNIVERSAL_DATA_FOR_REHYDRATION__")["__DEFAULT_SCOPE__"][
        "webapp.video-detail"
    ]
    result = parse_page(html)

    assert detail["statusCode"] == 10204
    assert result.status.kind is StatusKind.NOT_FOUND
    assert result.status.code == 10204
    assert detail["statusMsg"] in result.status.message
    assert result.era == "universal"
    assert result.profile is None and result.videos == []


def test_parse_page_mobile_reflow_photo_post_is_photo_without_duration():
    html = read_capture(MOBILE_PHOTO)
    item = script_json(html, "__UNIVERSAL_DATA_FOR_REHYDRATION__")["__DEFAULT_SCOPE__"][
        "webapp.reflow.video.detail"
    ]["itemInfo"]["itemStruct"]
    result = parse_page(html)

    assert result.status.ok and result.era == "universal"
    [video] = result.videos
    _assert_video_matches(video, item)
    assert item["video"]["duration"] == 0 and "imagePost" in item
    assert video.is_photo is True
    assert video.duration_s is None
    assert video.cover_url == item["video"]["cover"]
    assert video.sound.original is None  # the reflow music dict has no "original"
    assert result.profile.handle == item["author"]["uniqueId"]
    assert result.profile.stats.followers == item["authorStats"]["followerCount"]
    assert result.profile.stats.video_count == item["authorStats"]["videoCount"]


def test_parse_page_hashtag_page_without_data_is_ok_and_empty():
    html = read_capture(HASHTAG)
    scope = script_json(html, "__UNIVERSAL_DATA_FOR_REHYDRATION__")["__DEFAULT_SCOPE__"]
    assert not any(k.startswith("webapp.") and ("detail" in k or "challenge" in k) for k in scope)
    for url in (None, "https://www.tiktok.com/tag/tiktokmademebuyit"):
        result = parse_page(html, url=url)
        assert result.status.kind is StatusKind.OK
        assert result.era == "universal"
        assert result.profile is None and result.videos == [] and result.tile_videos == []


# ---- SIGI_STATE (2022-24) --------------------------------------------------------------------


def test_parse_page_sigi_profile_reads_30_videos_in_list_order():
    html = read_capture(SIGI_PROFILE)
    state = script_json(html, "SIGI_STATE")
    handle = state["UserPage"]["uniqueId"]
    user, stats = state["UserModule"]["users"][handle], state["UserModule"]["stats"][handle]
    post_list = state["ItemList"]["user-post"]
    result = parse_page(html)

    assert result.status.ok and result.era == "sigi"
    assert result.profile.handle == handle
    assert result.profile.tiktok_id == user["id"]
    assert result.profile.stats.followers == stats["followerCount"]
    assert result.profile.stats.likes == stats["heartCount"]
    assert result.profile.stats.video_count == stats["videoCount"]
    assert result.profile.verified is user["verified"]

    assert len(result.videos) == len(state["ItemModule"]) == 30
    assert [v.tiktok_id for v in result.videos] == post_list["list"]
    for video in result.videos:
        _assert_video_matches(video, state["ItemModule"][video.tiktok_id])
        assert video.stats.saves is None  # 2023 items have no collectCount: unknown, not 0
    assert result.cursor == post_list["cursor"]
    assert result.has_more is post_list["hasMore"]

    # The server HTML of that era also rendered part of the grid: tiles agree with the items.
    assert result.tile_videos
    for tile in result.tile_videos:
        views = state["ItemModule"][tile.tiktok_id]["stats"]["playCount"]
        assert abs(tile.views - views) <= max(views * 0.01, 1)


# ---- __NEXT_DATA__ (2020-21) -----------------------------------------------------------------


def test_parse_page_next_data_profile_reads_user_and_items():
    html = read_capture(NEXT_PROFILE)
    page = script_json(html, "__NEXT_DATA__")["props"]["pageProps"]
    result = parse_page(html)

    assert result.status.ok and result.era == "next_data"
    info = page["userInfo"]
    assert result.profile.handle == info["user"]["uniqueId"]
    assert result.profile.handle != page.get("$user", {}).get("uniqueId")
    assert result.profile.stats.followers == info["stats"]["followerCount"]
    assert result.profile.stats.video_count == info["stats"]["videoCount"]
    assert [v.tiktok_id for v in result.videos] == [i["id"] for i in page["items"]]
    for video, item in zip(result.videos, page["items"], strict=True):
        _assert_video_matches(video, item)
    assert [v.is_ad for v in result.videos] == [i["isAd"] for i in page["items"]]
    assert result.cursor == str(page["videoListMaxCursor"])
    assert result.has_more is page["videoListHasMore"]


def test_parse_page_next_data_video_reads_item_and_author_stats():
    html = read_capture(NEXT_VIDEO)
    item = script_json(html, "__NEXT_DATA__")["props"]["pageProps"]["itemInfo"]["itemStruct"]
    result = parse_page(html, url="https://www.tiktok.com/@tiktok/video/6881450806688664838")

    assert result.status.ok and result.era == "next_data"
    [video] = result.videos
    _assert_video_matches(video, item)
    assert video.hashtags == ()  # its textExtra holds mentions only
    assert result.profile.handle == item["author"]["uniqueId"]
    assert result.profile.stats.followers == item["authorStats"]["followerCount"]


# ---- API responses ---------------------------------------------------------------------------


def test_parse_page_api_item_list_reads_items_cursor_and_has_more():
    data = json.loads(read_capture(API_ITEM_LIST))["data"]
    result = parse_page(read_capture(API_ITEM_LIST))

    assert result.status.ok and result.status.code == data["statusCode"] and result.era == "api"
    assert [v.tiktok_id for v in result.videos] == [i["id"] for i in data["itemList"]]
    for video, item in zip(result.videos, data["itemList"], strict=True):
        _assert_video_matches(video, item)
    assert result.videos[0].is_pinned is True
    assert result.cursor == data["cursor"]
    assert result.has_more is data["hasMore"]
    assert result.profile.handle == data["itemList"][0]["author"]["uniqueId"]


def test_parse_page_api_popular_posts_prefers_exact_saves():
    data = json.loads(read_capture(API_POPULAR))["data"]
    item = data["itemList"][0]
    [video] = parse_page(read_capture(API_POPULAR)).videos
    assert video.stats.saves == int(item["statsV2"]["collectCount"])
    assert video.stats.saves != item["stats"]["collectCount"]


def test_parse_page_api_user_detail_reads_exact_stats():
    info = json.loads(read_capture(API_USER_DETAIL))["data"]["userInfo"]
    result = parse_page(read_capture(API_USER_DETAIL))

    assert result.status.ok and result.era == "api"
    assert result.profile.handle == info["user"]["uniqueId"]
    assert result.profile.stats.followers == int(info["statsV2"]["followerCount"])
    assert result.profile.stats.likes == int(info["statsV2"]["heartCount"])
    assert result.profile.private is info["user"]["privateAccount"]
    assert result.videos == []


# ---- third-party exports ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
def test_parse_page_third_party_export_is_unknown_not_an_exception(name):
    result = parse_page(read_capture(name))
    assert result.status.kind is StatusKind.UNKNOWN
    assert result.era == "none"
    assert result.profile is None and result.videos == []
