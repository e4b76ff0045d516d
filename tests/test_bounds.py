"""The bounds: equal to the schema's limits, and each checker's verdicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import BigInteger, Integer

from compass import bounds
from compass.models.tiktok import Creator, Hashtag, Sound, Video

COLUMNS = {
    "creator_id": Creator.tiktok_id,
    "sec_uid": Creator.sec_uid,
    "handle": Creator.handle,
    "nickname": Creator.nickname,
    "sound_id": Sound.tiktok_id,
    "sound_title": Sound.title,
    "sound_author": Sound.author,
    "hashtag": Hashtag.name,
}


@pytest.mark.parametrize("field", sorted(COLUMNS))
def test_length_bounds_are_the_schema_column_lengths(field: str) -> None:
    assert bounds.LENGTHS[field] == COLUMNS[field].type.length


def test_integer_bounds_fit_their_columns() -> None:
    assert isinstance(Video.views.type, BigInteger) and bounds.MAX_COUNT == 2**63 - 1
    assert isinstance(Video.duration_s.type, Integer) and bounds.MAX_DURATION_S < 2**31 - 1
    assert len(str(bounds.MAX_ID)) <= bounds.LENGTHS["creator_id"]


def test_text_loses_nul_and_lone_surrogates_only() -> None:
    assert bounds.clean_text("a\x00b\ud800c\n\td") == "ab?c\n\td"
    assert bounds.clean_text("plain 🎵 text") == "plain 🎵 text"


def test_text_longer_than_its_column_is_refused_with_the_limit() -> None:
    assert bounds.text("x" * 255, "nickname") == "x" * 255
    with pytest.raises(ValueError, match="longer than the 255 a nickname can have"):
        bounds.text("x" * 256, "nickname")


def test_ids_are_ascii_digits_of_at_most_64_bits() -> None:
    assert bounds.tiktok_id("７２０１２３４５６７８９０１２３４５６") == "7201234567890123456"
    assert bounds.tiktok_id(str(2**64 - 1)) == str(2**64 - 1)
    for bad, reason in ((str(2**64), "64 bits"), ("12a", "digits"), ("", "digits"), ("1²", "digits")):
        with pytest.raises(ValueError, match=reason):
            bounds.tiktok_id(bad)


def test_counts_and_durations() -> None:
    assert bounds.count(0) == 0 and bounds.count(2**63 - 1) == 2**63 - 1
    assert bounds.duration(bounds.MAX_DURATION_S) == bounds.MAX_DURATION_S
    for value in (-1, 2**63):
        with pytest.raises(ValueError):
            bounds.count(value)
    with pytest.raises(ValueError, match="no TikTok video's length"):
        bounds.duration(bounds.MAX_DURATION_S + 1)


def test_posted_times_lie_between_the_first_video_and_just_after_the_capture() -> None:
    captured = datetime(2025, 6, 1, tzinfo=UTC)
    assert bounds.posted_at(captured + timedelta(days=1), captured)
    with pytest.raises(ValueError, match="before TikTok's first video"):
        bounds.posted_at(datetime(1900, 1, 1, tzinfo=UTC), captured)
    with pytest.raises(ValueError, match="after the capture"):
        bounds.posted_at(captured + timedelta(days=3), captured)


def test_capture_times_are_not_in_the_future() -> None:
    with pytest.raises(ValueError, match="in the future"):
        bounds.captured_at(datetime.now(UTC) + timedelta(days=30))
