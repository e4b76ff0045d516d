"""Pure parsers of TikTok pages and API responses: text in, normalized records out.

No network and no browser here. ``parse_page`` is the entry point; ``parse_result_to_json`` is
the CLI's output shape.
"""

from compass.scraper.items import RecordError
from compass.scraper.output import parse_result_to_json
from compass.scraper.parse import parse_page
from compass.scraper.result import ParseResult
from compass.scraper.status import STATUS_TABLE, PageStatus, StatusKind, status_from_code
from compass.scraper.tiles import TileVideo, parse_display_count

__all__ = [
    "STATUS_TABLE",
    "PageStatus",
    "ParseResult",
    "RecordError",
    "StatusKind",
    "TileVideo",
    "parse_display_count",
    "parse_page",
    "parse_result_to_json",
    "status_from_code",
]
