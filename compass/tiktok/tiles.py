"""The video tiles of a rendered profile page (a browser's page source).

Modern profile pages ship an empty ``itemList`` in their JSON: the grid is filled client-side
from ``/api/post/item_list/`` and rendered as ``data-e2e="user-post-item"`` tiles, each with a
``/@handle/video/<id>`` (or ``/photo/<id>``) link and the view count as display text
(``data-e2e="video-views"``: "2.9M", "13.6K", "1444"). A tile is a partial video: its id, link
and a rounded view count. Its time comes only from the id (:func:`posted_at_from_video_id`).

Extraction is regex over the text between one tile marker and the next: no DOM is built.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

from compass import bounds
from compass.records import VideoRecord, VideoStats, is_video_id, posted_at_from_video_id

TIKTOK_ROOT = "https://www.tiktok.com/"

_TILE = re.compile(r"""data-e2e\s*=\s*["']user-post-item["']""")
_LINK = re.compile(r"""href\s*=\s*["']([^"']*?/@[\w.-]+/(?:video|photo)/([0-9]{15,20})[^"']*)["']""")
_VIEWS = re.compile(r"""data-e2e\s*=\s*["']video-views["'][^>]*>\s*([^<]*?)\s*<""")
_BADGE = re.compile(r"""data-e2e\s*=\s*["']video-card-badge["'][^>]*>\s*([^<]*?)\s*<""")
# The last tile's text runs to the end of the page; a tile is a few KB, so look no further.
_LAST_TILE_SPAN = 20_000

_COUNT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)*)\s*([KMB]?)\s*$", re.IGNORECASE)
_MULTIPLIER = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}


@dataclass(frozen=True, slots=True)
class TileVideo:
    """One tile of a profile grid: the video id, its link, the view count the tile shows."""

    tiktok_id: str
    url: str
    views: int | None
    badge: str | None = None  # the tile's badge text as shown (e.g. "Pinned"), localized

    @property
    def posted_at(self) -> datetime:
        return posted_at_from_video_id(self.tiktok_id)

    @property
    def is_photo(self) -> bool:
        return "/photo/" in self.url

    def to_video_record(self) -> VideoRecord:
        """The partial VideoRecord a tile supports (time from the id; views rounded as shown)."""
        return VideoRecord(
            tiktok_id=self.tiktok_id,
            posted_at=self.posted_at,
            stats=VideoStats(views=self.views),
            is_photo=self.is_photo,
        )


def parse_display_count(text: str | None) -> int | None:
    """A count as TikTok displays it ("1.2M", "13.6K", "1444", "1,234") -> int; else None."""
    if not text:
        return None
    match = _COUNT.match(text)
    if match is None:
        return None
    number, suffix = match.group(1), match.group(2).upper()
    if suffix:
        # "1.2M"; some locales write "1,2M": one separator before 1-2 digits is the decimal mark.
        parts = re.split(r"[.,]", number)
        if len(parts) == 2 and len(parts[1]) <= 2:
            number = f"{parts[0]}.{parts[1]}"
        elif len(parts) > 1:
            return None
    else:
        # "1,234" / "1.234": a separator before exactly three digits groups thousands.
        if not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*|\d+", number):
            return None
        number = re.sub(r"[.,]", "", number)
    try:
        count = int(Decimal(number) * _MULTIPLIER[suffix])
    except InvalidOperation:
        return None
    return count if count <= bounds.MAX_COUNT else None


def _is_tile_id(video_id: str) -> bool:
    """A video id whose time (the tile's only time) lies inside the bounds."""
    if not is_video_id(video_id):
        return False
    try:
        bounds.posted_at(posted_at_from_video_id(video_id))
    except ValueError:
        return False
    return True


def extract_tiles(html: str, *, base_url: str | None = None) -> list[TileVideo]:
    """Every ``user-post-item`` tile that links to a video, in page order, each id once."""
    starts = [m.end() for m in _TILE.finditer(html)]
    tiles: list[TileVideo] = []
    seen: set[str] = set()
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else min(len(html), start + _LAST_TILE_SPAN)
        segment = html[start:end]
        link = _LINK.search(segment)
        if link is None:
            continue
        video_id = link.group(2)
        if video_id in seen or not _is_tile_id(video_id):
            continue
        seen.add(video_id)
        views = _VIEWS.search(segment)
        badge = _BADGE.search(segment)
        href = html_lib.unescape(link.group(1))
        tiles.append(
            TileVideo(
                tiktok_id=video_id,
                url=urljoin(base_url or TIKTOK_ROOT, href),
                views=parse_display_count(html_lib.unescape(views.group(1))) if views else None,
                badge=(html_lib.unescape(badge.group(1)) or None) if badge else None,
            )
        )
    return tiles
