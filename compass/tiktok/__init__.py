"""What TikTok's pages and API responses hold: pure functions, text in, normalized records out.

All of one site's page knowledge lives here, and nothing else: page eras and their finders
(``eras``), the item and user dicts (``items``), the page JSON scripts (``page_json``), rendered
tiles (``tiles``), feeds of many creators (``feeds``), the status table with its words
(``status``). No network, no browser, no database: ``compass.scraper`` browses and hands text to
``parse_page``; ``parse_result_to_json`` is the CLI's output shape.
"""

from compass.tiktok.items import RecordError
from compass.tiktok.output import parse_result_to_json
from compass.tiktok.parse import parse_page
from compass.tiktok.result import ParseResult
from compass.tiktok.status import STATUS_TABLE, PageStatus, StatusKind, status_from_code
from compass.tiktok.tiles import TileVideo, parse_display_count

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
