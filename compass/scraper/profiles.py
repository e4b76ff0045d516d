"""Scraping one profile: its exact stats from the page JSON, then every video, as TikTok lists them
to a visitor in 2026.

1. The profile page's own ``/api/post/item_list/`` responses, read over DevTools while it scrolls:
   TikTok's script signs those calls, we never do. Signed out, it stops at the login wall after
   the first page (without a wall, as on the 2024 site, it lists everything).
2. ``/api/creator/item_list/``, which needs no signature, fetched from inside the page (so with
   the visit's cookies): 15 a page, newest first, ``cursor`` the oldest item's ``createTime`` in
   ms, until ``hasMorePrevious`` is false or the history starts; an empty page in the middle of a
   long history is stepped over a week at a time. It needs the account's secUid: from the
   profile, else the items already read, else the live page, else the creator embed.
3. The rendered tiles, only when both fell short: they give ids and rounded views.

Coverage is measured, not assumed: ``collected`` against the profile's ``videoCount``; a scrape
that ends short (TikTok gone, throttled out, no secUid) says so in ``ended`` and keeps what it read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from compass.models import utcnow
from compass.progress import Progress
from compass.records import CreatorRecord, Observation, VideoRecord
from compass.scraper.browser import BrowserFailure
from compass.scraper.failures import Failure
from compass.scraper.outcomes import ScrapeError, error_for, scrape_error
from compass.scraper.session import ScrapeSession
from compass.tiktok.gates import LOGIN_WALL_SELECTOR
from compass.tiktok.page_json import SIGI, has_challenge_markup, script_blob
from compass.tiktok.parse import parse_page
from compass.tiktok.result import ParseResult
from compass.tiktok.sec_uid import EMBED_STATE, sec_uid_from_live_page, video_ids_from_embed_page
from compass.tiktok.status import PageStatus, StatusKind

ITEM_LIST_PATH = "/api/post/item_list/"
CREATOR_LIST_PATH = "/api/creator/item_list/"
CREATOR_PAGE_SIZE = 15
WEEK_MS = 7 * 86_400_000
# TikTok (then musical.ly's successor) opened in September 2016: no video is older.
HISTORY_START_MS = 1_472_688_000_000
POLL_SECONDS = 0.1
FIRST_PAGE_WAIT_SECONDS = 4.0  # how long the page may take to fetch its first list page
STALL_SECONDS = 3.0  # no new page of its own for this long, with nudges: the page is done
EMBED_VIDEOS_TRIED = 2
MAX_CREATOR_PAGES = 5_000  # 75,000 videos: more than any account lists


class Ended:
    """Why a listing stopped: the list's own end, the number asked for, or a failure's name."""

    LISTED = "listed"
    TARGET = "target"


@dataclass(frozen=True)
class Coverage:
    """Videos this scrape collected, against the count the profile shows (None when it shows none)."""

    collected: int
    expected: int | None

    @property
    def whole(self) -> bool:
        return self.expected is not None and self.collected >= self.expected

    def to_json(self) -> dict[str, int | None]:
        return {"collected": self.collected, "expected": self.expected}

    def __str__(self) -> str:
        return (
            f"{self.collected:,} of {self.expected:,}" if self.expected is not None else f"{self.collected:,}"
        )


@dataclass(frozen=True)
class ProfileScrape:
    handle: str
    status: PageStatus
    observation: Observation | None
    ended: str  # Ended.LISTED, Ended.TARGET, or the Failure that stopped the listing
    from_page: int
    from_creator_list: int
    from_tiles: int
    failure: ScrapeError | None = None  # what stopped the listing early, when something did
    expected: int | None = None

    @property
    def complete(self) -> bool:
        """Every video asked for (or the whole list) was collected from exact data."""
        return self.ended in (Ended.LISTED, Ended.TARGET) and not self.from_tiles

    @property
    def videos(self) -> int:
        return len(self.observation.videos) if self.observation else 0

    @property
    def from_api(self) -> int:
        return self.from_page + self.from_creator_list

    @property
    def coverage(self) -> Coverage:
        return Coverage(self.videos, self.expected)


def _no_progress(done: int, total: int | None, step: str) -> None:
    return None


class _Collector:
    """One profile's videos, whoever listed them, each once."""

    def __init__(self, session: ScrapeSession, profile: CreatorRecord) -> None:
        self.session = session
        self.profile = profile
        self.videos: dict[str, VideoRecord] = {}
        self.sec_uid = profile.sec_uid
        self.page_cursor_more = True  # the page's own list says there is more
        self.from_page = 0
        self.from_creator_list = 0

    def add(self, parsed: ParseResult, source: str) -> int:
        """Keeps the videos of an ok list page; returns how many were new."""
        new = 0
        for video in parsed.videos:
            if video.tiktok_id not in self.videos:
                new += 1
            self.videos[video.tiktok_id] = video
        if source == "page":
            self.from_page += new
        else:
            self.from_creator_list += new
        if self.sec_uid is None and parsed.profile is not None and parsed.profile.sec_uid:
            self.sec_uid = parsed.profile.sec_uid
        return new

    def take_page_responses(self) -> int:
        """Reads what the page itself fetched since the last call; returns how many pages were ok."""
        pages = 0
        for response in self.session.browser.take_responses(contains=ITEM_LIST_PATH):
            if response.status >= 400 or not response.body:
                outcome = (
                    f"http_{response.status}"
                    if response.status >= 400
                    else ("empty_body" if response.body == "" else "failed")
                )
                self.session.stats.record("item_list", outcome)
                continue
            parsed = parse_page(response.body)
            self.session.stats.record("item_list", parsed.status.kind.value)
            if parsed.status.ok:
                self.add(parsed, "page")
                if parsed.has_more is not None:
                    self.page_cursor_more = parsed.has_more
                pages += 1
        return pages

    def oldest_listed_ms(self) -> int | None:
        """Where the creator list takes over: the oldest of the page's videos that are not pinned
        (a pinned video sits first whatever its age), in ms, to the end of its second."""
        times = [int(v.posted_at.timestamp()) for v in self.videos.values() if not v.is_pinned]
        return min(times) * 1000 + 999 if times else None


def _read_page_lists(
    session: ScrapeSession, collector: _Collector, target: int | None, handle: str, progress: Progress
) -> bool:
    """Step 1: scrolls while the page lists videos itself. True when the page listed them all."""
    started = last_new = time.monotonic()
    seen_first = False
    nudged = 0
    while True:
        if collector.take_page_responses():
            seen_first, nudged, last_new = True, 0, time.monotonic()
            progress(len(collector.videos), target, f"Collecting videos of @{handle}")
            if not collector.page_cursor_more or (target is not None and len(collector.videos) >= target):
                return not collector.page_cursor_more
            session.browser.scroll_to_bottom()
        elif session.browser.evaluate(f"return !!document.querySelector({LOGIN_WALL_SELECTOR!r})"):
            session.stats.record("item_list", "login_wall")
            return False
        else:
            idle = time.monotonic() - last_new
            if not seen_first and time.monotonic() - started > FIRST_PAGE_WAIT_SECONDS:
                return False
            if seen_first and idle > STALL_SECONDS:
                return False
            if seen_first and idle > STALL_SECONDS * (nudged + 1) / 3:
                nudged += 1  # the page's loader waits for a new scroll after a failed call
                session.browser.scroll_by(-600)
                session.browser.scroll_to_bottom()
        time.sleep(POLL_SECONDS)


def _find_sec_uid(session: ScrapeSession, handle: str) -> str | None:
    """The live page, then the creator embed's latest videos (each video's page names its author)."""
    live = session.retrying(f"@{handle} live page", lambda: _load_scripted(session, f"/@{handle}/live", SIGI))
    found = sec_uid_from_live_page(live)
    if found:
        return found
    embed = session.retrying(
        f"@{handle} embed", lambda: _load_scripted(session, f"/embed/@{handle}", EMBED_STATE)
    )
    for video_id in video_ids_from_embed_page(embed, handle)[:EMBED_VIDEOS_TRIED]:
        try:
            _, result = session.retrying(
                f"video {video_id}", lambda v=video_id: session.load_page(f"/@{handle}/video/{v}", "video")
            )
        except ScrapeError:
            continue
        if result.profile is not None and result.profile.sec_uid:
            return result.profile.sec_uid
    return None


def _load_scripted(session: ScrapeSession, path: str, script_id: str) -> str:
    """A page read for what one of its scripts holds (not a profile or a video page)."""
    page = session.fetch(session.url(path), script_id)
    if has_challenge_markup(page.html):
        session.stats.record(script_id, "blocked")
        raise scrape_error(Failure.CAPTCHA, where=path)
    if script_blob(page.html, script_id) is None:
        session.stats.record(script_id, "broken")
        raise scrape_error(Failure.BROKEN_PAGE, where=path, detail=f"no readable {script_id}")
    session.stats.record(script_id, "ok")
    return page.html


class _CreatorList:
    """Step 2: ``/api/creator/item_list/`` from inside a page of the site."""

    def __init__(self, session: ScrapeSession, collector: _Collector, handle: str) -> None:
        self.session, self.collector, self.handle = session, collector, handle
        self.empty_pages = 0

    def _on_site(self) -> None:
        """A fetch needs a page of the site loaded (a restarted browser shows none)."""
        browser = self.session.browser
        if not browser.on_site(self.session.base_url):
            self.session.fetch(self.session.url(f"/@{self.handle}"), "profile")

    def page(self, sec_uid: str, cursor: int) -> ParseResult:
        query = urlencode({"secUid": sec_uid, "count": CREATOR_PAGE_SIZE, "cursor": cursor, "type": 1})
        path = f"{CREATOR_LIST_PATH}?{query}"

        def attempt() -> ParseResult:
            self._on_site()
            self.session.limiter.wait(self.session.url(path))
            status, body = self.session.browser.fetch_in_page(path)
            return _read_list_answer(self.session, status, body, f"@{self.handle} videos before {cursor}")

        return self.session.retrying(f"@{self.handle} creator list", attempt)

    def walk(self, sec_uid: str, start: int, target: int | None, progress: Progress) -> str:
        cursor = start
        for _ in range(MAX_CREATOR_PAGES):
            if target is not None and len(self.collector.videos) >= target:
                return Ended.TARGET
            parsed = self.page(sec_uid, cursor)
            new = self.collector.add(parsed, "creator_list")
            progress(len(self.collector.videos), target, f"Collecting videos of @{self.handle}")
            if not parsed.has_more:
                return Ended.LISTED
            if parsed.videos:
                oldest = min(int(v.posted_at.timestamp()) for v in parsed.videos) * 1000
                # To the end of that second when the page brought news (a sibling posted in the
                # same second may be on the next page), strictly before it when it did not.
                cursor = oldest + 999 if new else oldest - 1
            else:
                self.empty_pages += 1
                self.session.stats.record("creator_list", "empty_page")
                cursor = (cursor or int(time.time() * 1000)) - WEEK_MS
            if cursor < HISTORY_START_MS:
                return Ended.LISTED
        raise scrape_error(
            Failure.UNKNOWN_PAGE,
            where=f"@{self.handle} creator list",
            reason=f"it never ended after {MAX_CREATOR_PAGES} pages",
        )


def _read_list_answer(session: ScrapeSession, status: int, body: str, where: str) -> ParseResult:
    """An in-page fetch's answer, as an ok list page or the failure of the table it is."""
    if status == 0:
        session.stats.record("creator_list", "failed")
        raise scrape_error(Failure.CONNECTION_LOST, where=where, detail=body[:200])
    if status >= 400:
        session.stats.record("creator_list", f"http_{status}")
        failure = {403: Failure.HTTP_403, 429: Failure.HTTP_429, 404: Failure.NOT_FOUND}.get(
            status, Failure.HTTP_5XX if status >= 500 else Failure.BROKEN_PAGE
        )
        raise scrape_error(failure, where=where, detail=f"HTTP {status}", http_status=status)
    if not body.strip():
        session.stats.record("creator_list", "empty_body")
        raise scrape_error(Failure.EMPTY_BODY, where=where)
    parsed = parse_page(body)
    session.stats.record("creator_list", parsed.status.kind.value)
    if not parsed.status.ok:
        raise error_for(parsed.status, where)
    return parsed


def scrape_profile(
    session: ScrapeSession,
    handle: str,
    *,
    max_videos: int | None = None,
    progress: Progress = _no_progress,
    captured_at: datetime | None = None,
) -> ProfileScrape:
    """Scrapes @handle: its profile and up to ``max_videos`` videos (all of them when None).

    Raises ScrapeError when the profile itself cannot be read (not found, banned, TikTok out of
    reach); a listing that stops early is returned, with ``ended`` and ``failure`` saying why."""
    progress(0, None, f"Opening @{handle}")
    _, result = session.retrying(f"@{handle}", lambda: session.load_page(f"/@{handle}", "profile"))
    captured = captured_at or utcnow()
    profile = result.profile
    if profile is None:
        raise scrape_error(Failure.NO_DATA, where=f"@{handle}", status=result.status)
    expected = profile.stats.video_count
    if result.status.kind is StatusKind.PRIVATE or profile.private:
        observation = Observation(profile, captured, (), source="scrape", collected=0)
        return ProfileScrape(
            handle,
            PageStatus(StatusKind.PRIVATE, result.status.code),
            observation,
            Ended.LISTED,
            0,
            0,
            0,
            expected=expected,
        )

    target = (
        expected if max_videos is None else min(max_videos, expected if expected is not None else max_videos)
    )
    collector = _Collector(session, profile)
    for video in result.videos:  # older page eras embed the first videos
        collector.videos[video.tiktok_id] = video

    ended, failure = Ended.LISTED, None
    creator_list = _CreatorList(session, collector, handle)
    try:
        if target == 0:
            ended = Ended.TARGET
        elif profile.sec_uid and _read_page_lists(session, collector, target, handle, progress):
            ended = Ended.LISTED
        elif target is not None and len(collector.videos) >= target:
            ended = Ended.TARGET
        else:
            sec_uid = collector.sec_uid or _find_sec_uid(session, handle)
            if sec_uid is None:
                raise scrape_error(
                    Failure.NO_DATA, where=f"@{handle}: no secUid on its profile, live or embed page"
                )
            start = collector.oldest_listed_ms() if collector.videos else 0
            ended = creator_list.walk(sec_uid, start or 0, target, progress)
    except BrowserFailure as exc:
        failure = session.error_of(exc, f"@{handle}")
        ended = failure.failure.value
    except ScrapeError as exc:
        failure = exc
        ended = exc.failure.value

    videos = dict(collector.videos)
    from_tiles = 0
    if failure is not None and session.has_browser and session.unreachable is None:
        try:
            tiles = parse_page(session.browser.page_source(), url=session.url(f"/@{handle}")).tile_videos
        except BrowserFailure:
            tiles = []
        for tile in tiles:
            if tile.tiktok_id not in videos:
                videos[tile.tiktok_id] = tile.to_video_record()
                from_tiles += 1
    ordered = sorted(videos.values(), key=lambda v: v.posted_at, reverse=True)
    if max_videos is not None:
        ordered = ordered[:max_videos]
    source = "scrape" if not from_tiles else "scrape+tiles"
    observation = Observation(profile, captured, tuple(ordered), source=source, collected=len(ordered))
    scrape = ProfileScrape(
        handle,
        result.status,
        observation,
        ended,
        collector.from_page,
        collector.from_creator_list,
        from_tiles,
        failure,
        expected,
    )
    progress(len(ordered), target, f"Collected {scrape.coverage} videos of @{handle}")
    return scrape


def scrape_video(
    session: ScrapeSession, handle: str, video_id: str, *, captured_at: datetime | None = None
) -> Observation:
    """One video page: the video with its exact stats, and its author with the author's counts."""
    _, result = session.retrying(
        f"video {video_id}", lambda: session.load_page(f"/@{handle}/video/{video_id}", "video")
    )
    if result.profile is None or not result.videos:
        raise scrape_error(Failure.NO_DATA, where=f"video {video_id}", status=result.status)
    return Observation(result.profile, captured_at or utcnow(), tuple(result.videos), source="scrape")
