"""Value parsers: what real exports write in a cell."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from compass.importers.values import (
    handle_from_url,
    hashtags_from_caption,
    is_float_notation,
    parse_bool,
    parse_count,
    parse_duration,
    parse_hashtags,
    parse_id,
    parse_time,
    parse_video_id,
    video_id_from_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234", 1234),
        (1234, 1234),
        (1200.0, 1200),
        ("1,234", 1234),
        ("1.234.567", 1234567),
        ("1 234", 1234),
        ("1.2M", 1_200_000),
        ("541.2K", 541_200),
        ("78.9m", 78_900_000),
        ("622.6k", 622_600),
        ("1.5B", 1_500_000_000),
        ("1,5K", 1_500),
        ("1.2 M", 1_200_000),
        ("10K+", 10_000),
        ("3 videos", 3),
        ("1.2e+06", 1_200_000),
        ("0", 0),
        ("", None),
        (None, None),
    ],
)
def test_parse_count_display_forms_read_exactly(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["16.60%", "abc", "1.5", "-3", True, "12 34 56 7"])
def test_parse_count_not_a_count_raises(raw):
    with pytest.raises(ValueError):
        parse_count(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (15, 15),
        ("15", 15),
        (15.4, 15),
        ("15.6", 16),
        ("15s", 15),
        ("00:15", 15),
        ("1:05", 65),
        ("1:02:03", 3723),
        (0, 0),
        ("", None),
    ],
)
def test_parse_duration_seconds_and_clock_forms_read(raw, expected):
    assert parse_duration(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1:2:3:4", -5])
def test_parse_duration_garbage_raises(raw):
    with pytest.raises(ValueError):
        parse_duration(raw)


def test_parse_time_unix_seconds_and_milliseconds_read_as_utc():
    expected = datetime(2020, 11, 7, 17, 2, 37, tzinfo=UTC)
    assert parse_time(1604768557) == (expected, False)
    assert parse_time("1604768557") == (expected, False)
    assert parse_time("1604768557000") == (expected, False)
    assert parse_time(1604768557000) == (expected, False)
    assert parse_time("1604768557.0") == (expected, False)


def test_parse_time_iso_with_zone_keeps_its_zone():
    assert parse_time("2023-08-31T12:18:43.000Z") == (datetime(2023, 8, 31, 12, 18, 43, tzinfo=UTC), False)
    assert parse_time("2023-08-31T14:18:43+02:00") == (datetime(2023, 8, 31, 12, 18, 43, tzinfo=UTC), False)
    assert parse_time("2020-11-07 17:02:37 UTC") == (datetime(2020, 11, 7, 17, 2, 37, tzinfo=UTC), False)
    rfc_2822 = "Sat, 07 Nov 2020 17:02:37 GMT"
    assert parse_time(rfc_2822) == (datetime(2020, 11, 7, 17, 2, 37, tzinfo=UTC), False)
    # a zone in the text wins over --tz
    assert parse_time("2023-08-31T12:18:43Z", ZoneInfo("Asia/Tokyo"))[0] == datetime(
        2023, 8, 31, 12, 18, 43, tzinfo=UTC
    )


def test_parse_time_without_zone_read_in_tz_and_flagged():
    assert parse_time("2020-11-07 17:02:37") == (datetime(2020, 11, 7, 17, 2, 37, tzinfo=UTC), True)
    paris = parse_time("2020-11-07 17:02:37", ZoneInfo("Europe/Paris"))
    assert paris == (datetime(2020, 11, 7, 16, 2, 37, tzinfo=UTC), True)
    assert parse_time("2020/11/07 17:02", ZoneInfo("America/New_York"))[0] == datetime(
        2020, 11, 7, 22, 2, tzinfo=UTC
    )


def test_parse_time_zero_or_empty_is_no_time():
    assert parse_time(0) == (None, False)
    assert parse_time("") == (None, False)
    assert parse_time(None) == (None, False)


@pytest.mark.parametrize("raw", ["yesterday", "2020-13-45", True])
def test_parse_time_garbage_raises(raw):
    with pytest.raises(ValueError):
        parse_time(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("True", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        ("yes", True),
        ("", None),
        (None, None),
    ],
)
def test_parse_bool_forms_read(raw, expected):
    assert parse_bool(raw) is expected


def test_parse_bool_garbage_raises():
    with pytest.raises(ValueError):
        parse_bool("maybe")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["FYP", "#love", "fyp"], ["fyp", "love"]),
        ([{"name": "tiktok", "title": "a challenge's description"}, {"name": "Viral"}], ["tiktok", "viral"]),
        ([{"title": "china"}, {"hashtagName": "中国高铁🚅"}], ["china", "中国高铁🚅"]),
        ("['johncena', 'love', 'Love']", ["johncena", "love"]),
        ("[\"it's\", 'b']", ["it's", "b"]),
        ('["a", "b"]', ["a", "b"]),
        ('[{"id": "1", "name": "dance", "title": "", "cover": ""}]', ["dance"]),
        ("#a #b #a", ["a", "b"]),
        ("a, b,c", ["a", "b", "c"]),
        ("#a#b", ["a", "b"]),
        ("fyp", ["fyp"]),
        ("[]", []),
        ("", []),
        (None, []),
    ],
)
def test_parse_hashtags_every_form_normalized_in_order(raw, expected):
    assert parse_hashtags(raw) == expected


def test_hashtags_from_caption_words_after_hash_lower_case():
    caption = "He really did the 🦗#happydog #Puppy. #fypシ #中国高铁🚅 and #puppy again"
    assert hashtags_from_caption(caption) == ["happydog", "puppy", "fypシ", "中国高铁🚅"]
    assert hashtags_from_caption("no tags here") == []
    assert hashtags_from_caption(None) == []


def test_parse_video_id_digits_accepted_others_raise():
    assert parse_video_id("6892428462015958273") == "6892428462015958273"
    assert parse_video_id(6892428462015958273) == "6892428462015958273"
    for bad in ("7.47e+18", "7,25E+18", "12345", "abc", "6892428462015958273.0"):
        with pytest.raises(ValueError):
            parse_video_id(bad)


def test_is_float_notation_excel_forms_detected():
    assert is_float_notation("7.47e+18")
    assert is_float_notation("7,25E+18")
    assert not is_float_notation("6892428462015958273")


def test_parse_id_digits_only():
    assert parse_id("107955") == "107955"
    assert parse_id(107955) == "107955"
    assert parse_id("") is None
    with pytest.raises(ValueError):
        parse_id("6.78e+18")


def test_video_id_and_handle_from_url_read():
    url = "https://www.tiktok.com/@ashleytisdale/video/6998948804456205574?lang=en"
    assert video_id_from_url(url) == "6998948804456205574"
    assert handle_from_url(url) == "ashleytisdale"
    assert video_id_from_url("https://v77.tiktokcdn.com/abc/video/tos/alisg/x/") is None
    assert video_id_from_url(None) is None


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), "1e400", "99999999999999999999"])
def test_parse_count_impossible_numbers_raise(raw):
    with pytest.raises(ValueError):
        parse_count(raw)


@pytest.mark.parametrize("raw", [float("inf"), 1e300, "1e300"])
def test_parse_time_impossible_numbers_raise(raw):
    with pytest.raises(ValueError):
        parse_time(raw)


def test_parse_duration_impossible_numbers_raise():
    for raw in (float("nan"), float("inf"), "1e300"):
        with pytest.raises(ValueError):
            parse_duration(raw)
