"""compass.tiktok.parse_page reads the stand-in's pages to exactly the values it serves.

The stand-in's pages are shaped like TikTok's; this checks the shapes against the project's own
parsers (which the real captures check against TikTok): a profile page gives the creator's exact
counts (from statsV2), a video page the exact video, and the item-list pages every video of a
creator exactly once, with the same values as the profile and video pages.
"""

from __future__ import annotations

import pytest

from compass.tiktok import StatusKind, parse_display_count
from tests.standin.helpers import get, item_list_pages, parse
from tests.standin.population import State
from tests.standin.shapes import challenge_id, display_count, round_count


@pytest.fixture(scope="module")
def big(standin):
    member = standin.population.largest(1)[0]
    assert member.videos >= 500
    return member


def test_parse_page_profile_exact_creator(standin, big):
    result = parse(standin.url, f"/@{big.handle}")
    assert result.status.ok and result.era == "universal"
    assert result.profile == standin.creator(big.handle).creator
    assert result.profile.stats.followers == big.followers  # exact, not the rounded stats


def test_parse_page_item_list_every_video_exactly_once_500_plus(standin_2024, big):
    pages = item_list_pages(standin_2024.url, big.sec_uid)
    videos = [v for page in pages for v in page.videos]
    expected = standin_2024.creator(big.handle)
    assert len(pages) >= 500 // 35
    assert [v.tiktok_id for v in videos] == [v.tiktok_id for v in expected.videos]
    assert videos == list(expected.videos)
    assert all(page.profile == expected.creator for page in pages)
    assert all(not page.problems for page in pages)


@pytest.mark.parametrize("count", [1, 2, 7, 30])
def test_parse_page_item_list_small_pages_with_pinned_cover_all_once(standin_2024, count):
    """Pages smaller than the pinned videos still move the cursor on and miss nothing."""
    member = next(
        m
        for m in standin_2024.population.with_state(State.OK)
        if 40 <= m.videos <= 120 and sum(v.is_pinned for v in standin_2024.creator(m.handle).videos) >= 2
    )
    pages = item_list_pages(standin_2024.url, member.sec_uid, count=count)
    ids = [v.tiktok_id for page in pages for v in page.videos]
    assert len(ids) == len(set(ids)) == member.videos


def test_parse_page_item_list_every_creator_of_a_sample_exact(standin_2024):
    for member in standin_2024.population.with_state(State.OK)[::150]:
        videos = [v for page in item_list_pages(standin_2024.url, member.sec_uid) for v in page.videos]
        assert tuple(videos) == standin_2024.creator(member.handle).videos, member.handle


def test_parse_page_video_page_exact_video_and_author(standin, big):
    expected = standin.creator(big.handle)
    for video in expected.videos[:3] + expected.videos[-3:]:
        kind = "photo" if video.is_photo else "video"
        result = parse(standin.url, f"/@{big.handle}/{kind}/{video.tiktok_id}")
        assert result.status.ok
        assert result.videos == [video]
        assert result.profile == expected.creator


@pytest.mark.parametrize(
    ("state", "kind", "code"),
    [
        (State.PRIVATE, StatusKind.PRIVATE, 10222),
        (State.MISSING, StatusKind.NOT_FOUND, 10202),
        (State.BANNED, StatusKind.BANNED, 10221),
    ],
)
def test_parse_page_profile_states(standin, state, kind, code):
    member = standin.population.with_state(state)[0]
    result = parse(standin.url, f"/@{member.handle}")
    assert (result.status.kind, result.status.code) == (kind, code)
    if state is State.PRIVATE:
        assert result.profile == standin.creator(member.handle).creator
        assert result.profile.private is True


def test_parse_page_handle_outside_population_not_found(standin):
    result = parse(standin.url, "/@nobody.here.at.all")
    assert (result.status.kind, result.status.code) == (StatusKind.NOT_FOUND, 10202)


def test_parse_page_unknown_video_not_found(standin, big):
    result = parse(standin.url, f"/@{big.handle}/video/7000000000000000001")
    assert (result.status.kind, result.status.code) == (StatusKind.NOT_FOUND, 10204)


def test_parse_page_private_creators_video_is_private(standin):
    member = standin.population.with_state(State.PRIVATE)[0]
    result = parse(standin.url, f"/@{member.handle}/video/7000000000000000001")
    assert result.status.kind is StatusKind.PRIVATE


def test_parse_page_user_detail_api_exact_creator(standin, big):
    result = parse(standin.url, "/api/user/detail/", {"uniqueId": big.handle})
    assert result.status.ok and result.era == "api"
    assert result.profile == standin.creator(big.handle).creator


def test_parse_page_challenge_item_list_videos_equal_their_creators(standin_2024):
    assert parse(standin_2024.url, "/tag/gymtok").status.ok  # the page JSON holds no account or video
    params = {"challengeID": challenge_id("gymtok"), "cursor": 0, "count": 30}
    result = parse(standin_2024.url, "/api/challenge/item_list/", params)
    assert result.status.ok and result.profile is None  # many authors
    authors = [
        i["author"]["uniqueId"]
        for i in get(standin_2024.url, "/api/challenge/item_list/", params).json()["itemList"]
    ]
    assert len(result.videos) == len(authors) == 30
    for video, handle in zip(result.videos, authors, strict=True):
        assert "gymtok" in video.hashtags
        assert video in standin_2024.creator(handle).videos


def test_display_count_parses_back_to_rounded_count():
    for n in [
        0,
        7,
        999,
        9_999,
        10_000,
        10_049,
        10_050,
        40_398,
        999_949,
        999_950,
        1_049_999,
        6_764_096,
        999_949_999,
        999_950_000,
        1_234_567_890,
        90_000_000_000,
    ]:
        assert parse_display_count(display_count(n)) == round_count(n), n
