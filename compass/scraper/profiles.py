"""Scraping one profile: its exact stats from the page JSON, then its videos as the page lists them.

Modern profile pages carry no video list: the page fetches ``/api/post/item_list/`` pages as the
visitor scrolls. We scroll, and read those responses through DevTools. When the page's loader
stalls (a failed fetch it does not retry), the next page is fetched from inside the page with the
last cursor, retried with backoff; when even that fails, the rendered tiles fill in what they can.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from compass.models import utcnow
from compass.records import CreatorRecord, Observation, VideoRecord
from compass.scraper.outcomes import ScrapeError, TransientScrapeError, error_for
from compass.scraper.session import ScrapeSession
from compass.tiktok.parse import parse_page
from compass.tiktok.result import ParseResult
from compass.tiktok.status import PageStatus, StatusKind

ITEM_LIST_PATH = "/api/post/item_list/"
PAGE_SIZE = 35
NUDGES_BEFORE_FETCH = 2
SETTLE_SECONDS = 0.35

ProgressFn = Callable[[int, int | None, str], None]


@dataclass(frozen=True)
class ProfileScrape:
    handle: str
    status: PageStatus
    observation: Observation | None
    complete: bool  # every video asked for (or the whole list) was collected from exact data
    from_api: int
    from_tiles: int

    @property
    def videos(self) -> int:
        return len(self.observation.videos) if self.observation else 0


def _no_progress(done: int, total: int | None, step: str) -> None:
    return None


class _ItemListReader:
    """Collects one profile's item_list pages, whoever fetched them (the page, or us)."""

    def __init__(self, session: ScrapeSession, profile: CreatorRecord) -> None:
        self.session = session
        self.profile = profile
        self.videos: dict[str, VideoRecord] = {}
        self.cursor = "0"
        self.has_more = True

    def take_page_responses(self) -> int:
        """Reads what the page itself fetched since the last call; returns how many pages were new."""
        pages = 0
        for response in self.session.browser.take_responses(contains=ITEM_LIST_PATH):
            if response.status >= 400 or response.body is None:
                self.session.stats.record("item_list", f"http_{response.status}" if response.status >= 400 else "failed")
                continue
            if self._accept(parse_page(response.body)):
                pages += 1
        return pages

    def _accept(self, parsed: ParseResult) -> bool:
        if not parsed.status.ok:
            self.session.stats.record("item_list", parsed.status.kind.value)
            return False
        self.session.stats.record("item_list", "ok")
        for video in parsed.videos:
            self.videos[video.tiktok_id] = video
        # Pages can arrive out of order (a retried fetch); keep the furthest cursor we were given.
        if parsed.cursor is not None:
            self.cursor = parsed.cursor
        if parsed.has_more is not None:
            self.has_more = parsed.has_more
        return True

    def fetch_next_page(self) -> None:
        """The page's loader is stuck: fetch the next page from inside the page, with retries."""
        query = urlencode({"secUid": self.profile.sec_uid or "", "cursor": self.cursor, "count": PAGE_SIZE})
        path = f"{ITEM_LIST_PATH}?{query}"

        def attempt() -> None:
            self.session.limiter.wait(self.session.url(path))
            status, body = self.session.browser.fetch_in_page(path)
            if status != 200:
                self.session.stats.record("item_list", f"http_{status}")
                raise TransientScrapeError(f"item list page at cursor {self.cursor}: HTTP {status}")
            parsed = parse_page(body)
            if not self._accept(parsed):
                raise error_for(parsed.status, f"item list page at cursor {self.cursor}")

        self.session.retrying(f"@{self.profile.handle} item list", attempt)


def scrape_profile(
    session: ScrapeSession,
    handle: str,
    *,
    max_videos: int | None = None,
    progress: ProgressFn = _no_progress,
    captured_at: datetime | None = None,
    stall_limit_seconds: float = 120.0,
) -> ProfileScrape:
    """Scrapes @handle: its profile and up to ``max_videos`` videos (all of them when None)."""
    progress(0, None, f"Opening @{handle}")
    _, result = session.retrying(f"@{handle}", lambda: session.load_page(f"/@{handle}", "profile"))
    captured = captured_at or utcnow()
    profile = result.profile
    if profile is None:
        raise TransientScrapeError(f"@{handle}: the profile page holds no profile", result.status)
    if result.status.kind is StatusKind.PRIVATE or profile.private:
        observation = Observation(profile, captured, (), source="scrape")
        return ProfileScrape(handle, PageStatus(StatusKind.PRIVATE, result.status.code), observation, True, 0, 0)

    expected = profile.stats.video_count
    target = expected if max_videos is None else min(max_videos, expected if expected is not None else max_videos)
    reader = _ItemListReader(session, profile)
    for video in result.videos:  # older page eras embed the first videos
        reader.videos[video.tiktok_id] = video

    complete = True
    nudges = 0
    last_progress = time.monotonic()
    while reader.has_more and (target is None or len(reader.videos) < target):
        new_pages = reader.take_page_responses()
        progress(len(reader.videos), target, f"Collecting videos of @{handle}")
        if new_pages:
            nudges, last_progress = 0, time.monotonic()
            session.browser.scroll_to_bottom()
            time.sleep(SETTLE_SECONDS)
            continue
        if nudges < NUDGES_BEFORE_FETCH:
            nudges += 1
            session.browser.scroll_by(-600)
            session.browser.scroll_to_bottom()
            time.sleep(SETTLE_SECONDS * nudges)
            continue
        try:
            reader.fetch_next_page()
            nudges, last_progress = 0, time.monotonic()
        except ScrapeError:
            complete = False
            break
        if time.monotonic() - last_progress > stall_limit_seconds:
            complete = False
            break

    videos = dict(reader.videos)
    from_api = len(videos)
    from_tiles = 0
    if not complete:
        for tile in parse_page(session.browser.page_source(), url=session.url(f"/@{handle}")).tile_videos:
            if tile.tiktok_id not in videos:
                videos[tile.tiktok_id] = tile.to_video_record()
                from_tiles += 1
    ordered = sorted(videos.values(), key=lambda v: v.posted_at, reverse=True)
    if max_videos is not None:
        ordered = ordered[:max_videos]
    observation = Observation(profile, captured, tuple(ordered), source="scrape" if complete else "scrape+tiles")
    progress(len(ordered), target, f"Collected {len(ordered)} videos of @{handle}")
    return ProfileScrape(handle, result.status, observation, complete, from_api, from_tiles)


def scrape_video(session: ScrapeSession, handle: str, video_id: str, *,
                 captured_at: datetime | None = None) -> Observation:
    """One video page: the video with its exact stats, and its author with the author's counts."""
    _, result = session.retrying(
        f"video {video_id}", lambda: session.load_page(f"/@{handle}/video/{video_id}", "video"))
    if result.profile is None or not result.videos:
        raise TransientScrapeError(f"video {video_id}: the page holds no video", result.status)
    return Observation(result.profile, captured_at or utcnow(), tuple(result.videos), source="scrape")
