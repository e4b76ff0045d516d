from __future__ import annotations

import pytest

from compass.tiktok import parse_page, parse_result_to_json
from compass.tiktok.saved_page import PageReadError, parse_file
from tests.tiktok.helpers import capture_path, wrap_universal

VID = "7526770564367748360"
PROFILE_KEYS = [
    "handle",
    "tiktok_id",
    "sec_uid",
    "nickname",
    "followers",
    "following",
    "likes",
    "video_count",
    "verified",
    "private",
]
VIDEO_KEYS = [
    "tiktok_id",
    "posted_at",
    "caption",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "duration_s",
    "hashtags",
    "sound",
]


def _video_page() -> str:
    item = {
        "id": VID,
        "createTime": 1752462842,
        "desc": "x",
        "video": {"duration": 34, "playAddr": "https://v"},
        "author": {"uniqueId": "alice", "id": "1", "verified": False},
        "authorStats": {"followerCount": 10},
        "music": {"id": "99", "title": "original sound", "authorName": "alice", "original": True},
        "stats": {"playCount": 100, "diggCount": 5, "commentCount": 1, "shareCount": 2},
        "challenges": [{"title": "Tag"}],
    }
    return wrap_universal({"webapp.video-detail": {"itemInfo": {"itemStruct": item}, "statusCode": 0}})


def test_parse_result_to_json_video_page_has_exactly_the_documented_shape():
    out = parse_result_to_json(parse_page(_video_page()))
    assert list(out) == ["status", "profile", "videos", "era"]
    assert out["status"] == {"kind": "ok", "code": 0, "message": ""}
    assert list(out["profile"]) == PROFILE_KEYS
    assert out["profile"]["handle"] == "alice" and out["profile"]["followers"] == 10
    assert out["profile"]["following"] is None
    [video] = out["videos"]
    assert list(video) == VIDEO_KEYS
    assert video["posted_at"] == "2025-07-14T03:14:02Z"
    assert video["saves"] is None
    assert video["hashtags"] == ["tag"]
    assert video["sound"] == {"id": "99", "title": "original sound", "author": "alice", "original": True}
    assert out["era"] == "universal"


def test_parse_result_to_json_error_status_has_null_profile_and_code():
    out = parse_result_to_json(parse_page(wrap_universal({"webapp.user-detail": {"statusCode": 10222}})))
    assert out == {
        "status": {"kind": "private", "code": 10222, "message": "the account is private"},
        "profile": None,
        "videos": [],
        "era": "universal",
    }


def test_parse_result_to_json_status_without_code_is_null():
    out = parse_result_to_json(parse_page("<html></html>"))
    assert out["status"] == {"kind": "unknown", "code": None, "message": "no TikTok page data in this HTML"}


def test_parse_result_to_json_tiles_present_adds_tiles():
    html = (
        f'<div data-e2e="user-post-item"><a href="/@a/video/{VID}">'
        '<b data-e2e="video-views">1.5K</b></a></div>'
    )
    out = parse_result_to_json(parse_page(html))
    assert out["tiles"] == [
        {"tiktok_id": VID, "url": f"https://www.tiktok.com/@a/video/{VID}", "views": 1500}
    ]


def test_parse_file_real_capture_returns_the_json_shape():
    out = parse_file(capture_path("ca74ca_2025-07_video_page_statusCode_10204.html"))
    assert out == {
        "status": {
            "kind": "not_found",
            "code": 10204,
            "message": "the video does not exist (TikTok: item doesn't exist)",
        },
        "profile": None,
        "videos": [],
        "era": "universal",
    }


def test_parse_file_text_file_with_bom_is_read(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"\xef\xbb\xbf" + _video_page().encode())
    assert parse_file(path)["videos"][0]["tiktok_id"] == VID


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(None, "no such file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"), (b"caf\xe9 <html>", "not UTF-8")],
)
def test_parse_file_unreadable_file_raises_page_read_error(tmp_path, content, fragment):
    path = tmp_path / "page.html"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PageReadError) as info:
        parse_file(path)
    message = str(info.value)
    assert fragment in message and "\n" not in message
    assert isinstance(info.value, ValueError)


def test_parse_file_directory_raises_page_read_error(tmp_path):
    with pytest.raises(PageReadError, match="directory"):
        parse_file(tmp_path)
