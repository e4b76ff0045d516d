"""The dispatcher: any TikTok page or API response text -> one ParseResult.

``parse_page`` accepts server HTML, a browser's rendered page source, a page's JSON blob saved on
its own, or an API response's JSON text. It tries the era finders in order and records which one
matched in ``result.era``. It never raises for a page: a page without the data asked for, a
challenge page, malformed JSON (``broken``) or an unknown TikTok code all come back as a status.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlparse

from compass.tiktok.eras import PAGE_FINDERS, find_api
from compass.tiktok.page_json import (
    PageData,
    blobs_from_document,
    canonical_url,
    extract_page_json,
    has_challenge_markup,
    looks_like_json,
)
from compass.tiktok.result import ParseResult
from compass.tiktok.status import blocked, broken, no_data, ok, unknown
from compass.tiktok.tiles import extract_tiles

log = logging.getLogger(__name__)

_PROFILE_PATH = re.compile(r"^/@[^/]+/?$")
_VIDEO_PATH = re.compile(r"^/@[^/]*/(?:video|photo)/\d+/?$")


def parse_page(text: str, *, url: str | None = None) -> ParseResult:
    """Parse one page or API response. ``url`` (where the text came from) is optional: it
    resolves relative tile links, and when it (or, without it, the page's own canonical URL)
    names a profile or a video page, a page that holds no such data gets a ``no_data`` status
    instead of an empty ``ok``."""
    try:
        result = _parse(text, url)
    except Exception as exc:  # a defect in a finder must not take a crawl down: make it a status
        log.warning("parse_page failed on %s: %s: %s", url or "a page", type(exc).__name__, exc)
        log.debug("parse_page failure", exc_info=True)
        return ParseResult(unknown(f"parser error: {type(exc).__name__}: {exc}"), era="none")
    return _check_expected(result, url or result.canonical)


def _parse(text: str, url: str | None) -> ParseResult:
    if not isinstance(text, str):
        return ParseResult(unknown(f"not text: {type(text).__name__}"), era="none")
    if not text.strip():
        return ParseResult(unknown("empty page"), era="none")
    if looks_like_json(text):
        return _parse_json_text(text)
    return _parse_html(text, url)


def _parse_json_text(text: str) -> ParseResult:
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except RecursionError:
        return ParseResult(unknown("JSON nested too deeply to read"), era="none")
    except ValueError as exc:
        return ParseResult(broken(f"malformed JSON: {exc}"), era="none")
    page = blobs_from_document(document)
    if page is not None:
        result = _from_page_data(page)
        result.canonical = canonical_url(page)
        return result
    result = find_api(document)
    if result is None:
        kind = "list" if isinstance(document, list) else type(document).__name__
        return ParseResult(unknown(f"JSON {kind} that is not a TikTok page or API response"), era="none")
    return result


def _parse_html(html: str, url: str | None) -> ParseResult:
    page = extract_page_json(html)
    tiles = extract_tiles(html, base_url=url)
    result = _from_page_data(page, fallback_ok=False)
    if result is None and has_challenge_markup(html):
        # No page data, and a captcha / verify / WAF container: TikTok is challenging us.
        result = ParseResult(blocked("TikTok served a challenge (captcha / verify) page"), era="none")
    if result is None and tiles:
        result = ParseResult(ok("video tiles only: the page holds no page JSON"), era="tiles")
    if result is None:
        result = _from_page_data(page) if not page.empty else None
    if result is None:
        result = ParseResult(unknown("no TikTok page data in this HTML"), era="none")
    result.tile_videos = tiles
    result.canonical = canonical_url(page)
    # A malformed script next to one that parsed: the page parsed, but say what was skipped.
    result.problems.extend(e for e in page.errors.values() if e not in result.status.message)
    return result


def _from_page_data(page: PageData, *, fallback_ok: bool = True) -> ParseResult | None:
    """Run the era finders over the page's blobs; the first that finds data wins.

    With ``fallback_ok`` (the default), a page whose blobs hold no data of any era is ``ok`` and
    empty (e.g. a hashtag page whose videos load client-side), and a page whose only blob is
    malformed is ``broken``. Without it, such pages return None so the caller can look further
    (challenge markup, tiles) first."""
    for _era, script_id, finder in PAGE_FINDERS:
        blob = page.blobs.get(script_id)
        if blob is None:
            continue
        result = finder(blob)
        if result is not None:
            return result
    if not fallback_ok:
        return None
    if page.errors:
        era = next(era for era, script_id, _ in PAGE_FINDERS if script_id in page.errors)
        return ParseResult(broken("; ".join(page.errors.values())), era=era)
    era = next(era for era, script_id, _ in PAGE_FINDERS if script_id in page.blobs)
    return ParseResult(ok("the page JSON holds no account or video data"), era=era)


def _check_expected(result: ParseResult, url: str | None) -> ParseResult:
    """A page fetched for a profile (or a video) that holds none is not an empty success."""
    if not url or not result.status.ok:
        return result
    path = urlparse(url).path or "/"
    if _PROFILE_PATH.match(path) and result.profile is None and not result.tile_videos:
        result.status = no_data("the page holds no profile data")
    elif _VIDEO_PATH.match(path) and not result.videos:
        result.status = no_data("the page holds no video data")
    return result
