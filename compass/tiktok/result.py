"""The one shape every era finder returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from compass.records import CreatorRecord, VideoRecord
from compass.tiktok.status import PageStatus
from compass.tiktok.tiles import TileVideo


@dataclass(slots=True)
class ParseResult:
    """What one page (or API response) holds.

    ``era`` names the finder that matched ("universal", "sigi", "next_data", "api", "tiles"; or
    "none" when no finder found page data). ``profile`` is the page's account:
    the profile of a profile page, the author of a video page (with its author stats), the common
    author of an item list. ``tile_videos`` are the rendered grid's tiles (partial videos).
    ``problems`` lists records that were skipped because a mandatory field was missing: the page
    still parsed, but these records did not. ``canonical`` is the page's own URL as its JSON
    names it (``seo.abtest.canonical``), when it does.
    """

    status: PageStatus
    profile: CreatorRecord | None = None
    videos: list[VideoRecord] = field(default_factory=list)
    era: str = "none"
    cursor: str | None = None
    has_more: bool | None = None
    tile_videos: list[TileVideo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    canonical: str | None = None
