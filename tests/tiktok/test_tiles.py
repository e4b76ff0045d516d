from __future__ import annotations

import pytest

from compass.records import posted_at_from_video_id
from compass.tiktok.tiles import TileVideo, extract_tiles, parse_display_count

ID1, ID2 = "7056395515763625243", "7012976230991482138"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1444", 1444),
        ("2.9M", 2_900_000),
        ("13.6K", 13_600),
        ("13K", 13_000),
        ("294.1K", 294_100),
        ("1.2B", 1_200_000_000),
        ("2.3m", 2_300_000),
        ("1,234", 1234),
        ("1,2M", 1_200_000),
        (" 42 ", 42),
        ("", None),
        (None, None),
        ("views", None),
        ("1.5", None),
        ("1,234K", None),
    ],
)
def test_parse_display_count_display_text_to_int(text, expected):
    assert parse_display_count(text) == expected


def _tile(link: str, views: str | None, badge: str = "") -> str:
    views_html = (
        f'<strong data-e2e="video-views" class="video-count">{views}</strong>' if views is not None else ""
    )
    badge_html = f'<div data-e2e="video-card-badge">{badge}</div>' if badge else ""
    return (
        f'<div data-e2e="user-post-item" class="c"><div><a href="{link}" tabindex="-1">'
        f"<img alt=x>{views_html}{badge_html}</a></div></div>"
    )


def test_extract_tiles_reads_id_link_views_and_badge_in_order():
    html = (
        '<div data-e2e="user-post-item-list">'
        + _tile(f"https://www.tiktok.com/@a.b/video/{ID1}", "2.9M", "Pinned")
        + _tile(f"https://www.tiktok.com/@a.b/photo/{ID2}?x=1&amp;y=2", "1444")
        + "</div>"
    )
    tiles = extract_tiles(html)
    assert tiles == [
        TileVideo(ID1, f"https://www.tiktok.com/@a.b/video/{ID1}", 2_900_000, "Pinned"),
        TileVideo(ID2, f"https://www.tiktok.com/@a.b/photo/{ID2}?x=1&y=2", 1444, None),
    ]
    assert tiles[1].is_photo and not tiles[0].is_photo
    assert tiles[0].posted_at == posted_at_from_video_id(ID1)


def test_extract_tiles_relative_link_is_resolved_against_the_page_url():
    [tile] = extract_tiles(_tile(f"/@a/video/{ID1}", "5K"), base_url="https://www.tiktok.com/@a")
    assert tile.url == f"https://www.tiktok.com/@a/video/{ID1}"


def test_extract_tiles_tile_without_views_has_none_and_tile_without_link_is_skipped():
    html = _tile(f"/@a/video/{ID1}", None) + '<div data-e2e="user-post-item"><a href="/live">x</a></div>'
    assert extract_tiles(html) == [TileVideo(ID1, f"https://www.tiktok.com/@a/video/{ID1}", None)]


def test_extract_tiles_duplicate_ids_kept_once():
    html = _tile(f"/@a/video/{ID1}", "1K") + _tile(f"/@a/video/{ID1}", "1K")
    assert len(extract_tiles(html)) == 1


def test_tile_video_to_video_record_time_from_id_views_only():
    record = TileVideo(ID1, f"https://www.tiktok.com/@a/video/{ID1}", 13_600).to_video_record()
    assert record.tiktok_id == ID1
    assert record.posted_at == posted_at_from_video_id(ID1)
    assert record.stats.views == 13_600 and record.stats.likes is None
    assert record.caption is None and record.is_photo is False


def test_tiles_outside_the_bounds_are_not_videos():
    """A tile is the last resort of a scrape: a tile the database would refuse (or a video that
    cannot exist) must not end it."""
    wide = ID1.translate({ord(d): ord(d) - ord("0") + 0xFF10 for d in "0123456789"})
    html = "".join(
        [
            _tile(f"/@someone/video/{wide}", "1K"),
            _tile("/@someone/video/100000000000000001", "1K"),  # its time would be 1970
            _tile(f"/@someone/video/{ID2}", "9" * 25),
        ]
    )
    tiles = extract_tiles(html)
    assert [(t.tiktok_id, t.views) for t in tiles] == [(ID2, None)]
