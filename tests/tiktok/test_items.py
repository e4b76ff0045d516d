from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from compass.tiktok.items import (
    RecordError,
    author_from_item,
    creator_from_user,
    creator_from_user_info,
    hashtags_of,
    profile_stats,
    sound_of,
    to_int,
    video_from_item,
)
from tests.tiktok.helpers import read_capture

VIDEO_ID = "7526770564367748360"


def _item(**extra) -> dict:
    item = {"id": VIDEO_ID, "createTime": 1752462842, "desc": "hi", "author": {"uniqueId": "Some.One"}}
    item.update(extra)
    return item


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        ("16630", 16630),
        (" 7 ", 7),
        (3.0, 3),
        (None, None),
        ("", None),
        ("1.2M", None),
        (True, None),
        (-1, None),
    ],
)
def test_to_int_counts_as_tiktok_writes_them(value, expected):
    assert to_int(value) == expected


def test_profile_stats_stats_v2_present_is_preferred_over_rounded_stats():
    stats = profile_stats(
        {"followerCount": "40398", "heartCount": "234997"}, {"followerCount": 40400, "heart": 235000}
    )
    assert stats.followers == 40398
    assert stats.likes == 234997


def test_profile_stats_stats_v2_missing_uses_stats():
    stats = profile_stats(
        {}, {"followerCount": 303800, "followingCount": 24, "heart": 9600000, "videoCount": 842}
    )
    assert (stats.followers, stats.following, stats.likes, stats.video_count) == (303800, 24, 9600000, 842)


def test_profile_stats_absent_counts_are_none_not_zero():
    stats = profile_stats({}, {"followerCount": 0})
    assert stats.followers == 0
    assert stats.following is None and stats.likes is None and stats.video_count is None


def test_creator_from_user_without_unique_id_raises():
    with pytest.raises(RecordError):
        creator_from_user({"id": "1", "nickname": "x"})


def test_creator_from_user_handle_is_normalized_and_fields_mapped():
    creator = creator_from_user(
        {
            "uniqueId": "Some.One",
            "id": "42",
            "secUid": "MS4w",
            "nickname": "S",
            "signature": "",
            "verified": True,
            "privateAccount": False,
            "avatarMedium": "https://a/m.jpg",
        }
    )
    assert creator.handle == "some.one"
    assert creator.tiktok_id == "42" and creator.sec_uid == "MS4w"
    assert creator.bio == "" and creator.verified is True and creator.private is False
    assert creator.avatar_url == "https://a/m.jpg"
    assert creator.stats.followers is None


def test_video_from_item_minimal_item_has_unknowns_as_none():
    video = video_from_item(_item())
    assert video.tiktok_id == VIDEO_ID
    assert video.posted_at == datetime(2025, 7, 14, 3, 14, 2, tzinfo=UTC)
    assert video.stats.views is None and video.stats.saves is None
    assert video.duration_s is None and video.sound is None
    assert video.is_photo is None and video.is_pinned is None and video.is_ad is None


def test_video_from_item_string_create_time_and_string_stats_are_read():
    video = video_from_item(_item(createTime="1752462842", stats={"playCount": 10, "collectCount": "16630"}))
    assert video.posted_at.year == 2025
    assert video.stats.views == 10 and video.stats.saves == 16630


def test_video_from_item_stats_v2_preferred_then_stats():
    video = video_from_item(
        _item(stats={"playCount": 18500000, "diggCount": 5}, statsV2={"playCount": "18512345"})
    )
    assert video.stats.views == 18512345
    assert video.stats.likes == 5


@pytest.mark.parametrize(
    "item",
    [
        {"createTime": 1752462842},
        {"id": "", "createTime": 1752462842},
        {"id": "abc", "createTime": 1752462842},
        {"id": VIDEO_ID},
        {"id": VIDEO_ID, "createTime": 0},
        {"id": VIDEO_ID, "createTime": "soon"},
        "not a dict",
    ],
)
def test_video_from_item_missing_mandatory_field_raises(item):
    with pytest.raises(RecordError):
        video_from_item(item)


def test_video_from_item_photo_post_has_no_duration_and_is_photo():
    item = _item(
        video={"duration": 0, "playAddr": "", "cover": ""},
        imagePost={"images": [], "cover": {"imageURL": {"urlList": ["https://img/c.jpg"]}}},
    )
    video = video_from_item(item)
    assert video.is_photo is True
    assert video.duration_s is None
    assert video.cover_url == "https://img/c.jpg"


def test_video_from_item_real_video_is_not_photo():
    video = video_from_item(
        _item(video={"duration": 34, "playAddr": "https://v/x.mp4", "cover": "https://c"})
    )
    assert video.is_photo is False and video.duration_s == 34 and video.cover_url == "https://c"


def test_hashtags_of_caption_order_then_challenges_lowercase_deduplicated():
    item = {
        "textExtra": [{"hashtagName": "Bye2020"}, {"hashtagName": ""}, {"userUniqueId": "someone"}],
        "contents": [{"textExtra": [{"hashtagName": "#Welcome2021"}, {"hashtagName": "bye2020"}]}],
        "challenges": [{"title": "BYE2020"}, {"title": "hidden"}],
    }
    assert hashtags_of(item) == ("bye2020", "welcome2021", "hidden")


def test_sound_of_empty_music_is_none():
    assert sound_of({"music": {"id": "", "title": ""}}) is None
    assert sound_of({}) is None
    sound = sound_of({"music": {"id": 7, "title": "original sound", "authorName": "A", "original": True}})
    assert (sound.tiktok_id, sound.title, sound.author, sound.original) == ("7", "original sound", "A", True)


def test_author_from_item_sigi_author_handle_uses_item_fields():
    item = _item(
        author="DylanLemay",
        authorId="679",
        authorSecId="MS4w",
        nickname="Dylan",
        authorStats={"followerCount": 11200000},
    )
    author = author_from_item(item)
    assert author.handle == "dylanlemay" and author.tiktok_id == "679" and author.sec_uid == "MS4w"
    assert author.nickname == "Dylan" and author.stats.followers == 11200000


def test_author_from_item_reflow_counts_on_author_are_the_last_resort():
    author = author_from_item(_item(author={"uniqueId": "a", "followerCount": 5478, "videoCount": 50}))
    assert author.stats.followers == 5478 and author.stats.video_count == 50


def test_author_from_item_without_author_raises():
    with pytest.raises(RecordError):
        author_from_item({"id": VIDEO_ID, "createTime": 1})


# Scrapfly's results keep TikTok's own dicts, reduced: the mappers must read them as they are.


def test_creator_from_user_info_scrapfly_profile_reads_exact_stats():
    [info] = json.loads(read_capture("scrapfly_2026-01_profiles.json"))
    creator = creator_from_user_info(info)
    assert creator.handle == info["user"]["uniqueId"]
    assert creator.stats.followers == int(info["statsV2"]["followerCount"])
    assert creator.stats.likes == int(info["statsV2"]["heartCount"])


def test_video_from_item_scrapfly_reduced_items_keep_unknowns_none():
    posts = json.loads(read_capture("scrapfly_2026-01_posts.json"))
    channel = json.loads(read_capture("scrapfly_2026-01_channel.json"))
    for item in posts + channel:
        video = video_from_item(item)
        assert video.tiktok_id == item["id"]
        assert video.posted_at == datetime.fromtimestamp(int(item["createTime"]), tz=UTC)
        assert video.stats.views == int(item["stats"]["playCount"])
        assert video.stats.saves == int(item["stats"]["collectCount"])
        if "music" not in item:
            assert video.sound is None
        if "video" not in item:
            assert video.duration_s is None and video.is_photo is None
