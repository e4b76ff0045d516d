"""Column recognition: the vocabulary of names real exports use, and --map."""

from __future__ import annotations

import pytest

from compass.importers import FIELDS, ImportFileError
from compass.importers.columns import make_plan, recognize


@pytest.mark.parametrize(
    ("column", "field"),
    [
        # datares / TikTok-Api CSVs
        ("id", "video_id"),
        ("create_time", "posted_at"),
        ("user_name", "handle"),
        ("hashtags", "hashtags"),
        ("song", "sound_title"),
        ("video_length", "duration"),
        ("n_likes", "likes"),
        ("n_shares", "shares"),
        ("n_comments", "comments"),
        ("n_plays", "views"),
        ("n_followers", "followers"),
        ("n_total_likes", "total_likes"),
        ("n_total_vids", "video_count"),
        # prefixed forms: the prefix decides the entity
        ("author_id", "creator_id"),
        ("music_id", "sound_id"),
        ("video_id", "video_id"),
        ("vid_id", "video_id"),
        ("author_uniqueId", "handle"),
        ("author_followerCount", "followers"),
        ("author_heart", "total_likes"),
        ("author_videoCount", "video_count"),
        ("author_verification", "verified"),
        ("author_privateAccount", "private"),
        ("music_authorName", "sound_author"),
        ("music_originality", "sound_original"),
        ("video_playCount", "views"),
        ("video_time", "posted_at"),
        ("video_link", "video_url"),
        ("video_desc", "caption"),
        ("video_isAd", "ad"),
        # Apify / drawrowfly flattened, both separators
        ("authorMeta.fans", "followers"),
        ("authorMeta/fans", "followers"),
        ("authorMeta.name", "handle"),
        ("authorMeta/nickName", "nickname"),
        ("authorMeta.heart", "total_likes"),
        ("authorMeta/video", "video_count"),
        ("musicMeta.musicName", "sound_title"),
        ("musicMeta/musicId", "sound_id"),
        ("videoMeta.duration", "duration"),
        ("videoMeta/coverUrl", "cover_url"),
        ("diggCount", "likes"),
        ("playCount", "views"),
        ("collectCount", "saves"),
        ("webVideoUrl", "video_url"),
        ("createTimeISO", "posted_at"),
        ("hashtags/0/name", "hashtags"),
        ("hashtags.3.name", "hashtags"),
        ("isSlideshow", "photo"),
        # TikTok web JSON keys
        ("stats.playCount", "views"),
        ("statsV2.playCount", "views"),
        ("authorStats.followerCount", "followers"),
        ("authorStatsV2.heartCount", "total_likes"),
        ("author.uniqueId", "handle"),
        ("author.secUid", "sec_uid"),
        ("music.title", "sound_title"),
        ("music.original", "sound_original"),
        ("challenges.0.title", "hashtags"),
        ("textExtra.1.hashtagName", "hashtags"),
        ("contents.0.textExtra.2.hashtagName", "hashtags"),
        ("isPinnedItem", "pinned"),
        ("desc", "caption"),
        # other spellings
        ("Username", "handle"),
        ("Followers", "followers"),
        ("views", "views"),
        ("likes", "likes"),
        ("duration", "duration"),
        ("Author Unique ID", "handle"),
        ("Verified?", "verified"),
        ("Private Account?", "private"),
        ("Signature", "bio"),
        ("Avatar Thumbnail", "avatar_url"),
        ("like_count", "likes"),
        ("view_count", "views"),
        ("videoCount", "video_count"),
    ],
)
def test_recognize_real_column_names_map_to_fields(column, field):
    assert recognize(column).field == field


@pytest.mark.parametrize(
    "column",
    [
        "",
        "Unnamed: 0",
        "mentions/0",
        "mediaUrls.0",
        "hashtags/0/title",
        "musicMeta/playUrl",
        "authorMeta.digg",
        "videoMeta.height",
        "downloaded",
        "authorMeta/commerceUserInfo/commerceUser",
        "videoUrlNoWaterMark",
    ],
)
def test_recognize_known_unused_columns_ignored_not_reported(column):
    found = recognize(column)
    assert found.field == "ignore"


def test_recognize_stats_v2_outranks_rounded_stats():
    plan = make_plan(["stats.playCount", "statsV2.playCount"])
    assert plan.fields["views"] == ("statsV2.playCount", "stats.playCount")


def test_make_plan_unknown_columns_listed_once_per_list():
    plan = make_plan(["id", "Rank", "Country", "gizmos/0", "gizmos/1"])
    assert plan.unknown == ["Rank", "Country", "gizmos/*"]


def test_make_plan_ambiguous_column_reported_not_guessed():
    plan = make_plan(["video_id", "video_stats", "name"])
    assert [column for column, _ in plan.ambiguous] == ["video_stats", "name"]
    assert set(plan.fields) == {"video_id"}


def test_make_plan_map_settles_an_ambiguous_column():
    plan = make_plan(["video_id", "video_stats"], {"video_stats": "likes"})
    assert plan.fields["likes"] == ("video_stats",)
    assert plan.ambiguous == []


def test_make_plan_map_overrides_recognition_of_that_field():
    plan = make_plan(["id", "n_likes", "likes_exact"], {"likes_exact": "likes"})
    assert plan.fields["likes"] == ("likes_exact",)


def test_make_plan_map_ignore_drops_a_column():
    plan = make_plan(["id", "n_plays"], {"n_plays": "ignore"})
    assert "views" not in plan.fields


def test_make_plan_map_matches_column_case_insensitively():
    plan = make_plan(["ID", "Stats"], {"stats": "views"})
    assert plan.fields["views"] == ("Stats",)


def test_make_plan_map_missing_column_noted_and_recognition_kept():
    plan = make_plan(["id", "n_plays"], {"nope": "views"})
    assert plan.unmatched_map == ["nope"]
    assert plan.fields["views"] == ("n_plays",)


def test_make_plan_map_unknown_field_raises():
    with pytest.raises(ImportFileError, match="'viewz' is not a field"):
        make_plan(["id"], {"n_plays": "viewz"})


def test_fields_every_field_described():
    assert all(isinstance(d, str) and d for d in FIELDS.values())
    assert {"video_id", "views", "likes", "handle", "followers", "total_likes", "ignore"} <= set(FIELDS)
