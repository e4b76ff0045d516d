"""Hashtag, sound and user-search pages: scroll them and read the page's own API responses.

Best effort, for discovery: a listing that stalls, or meets the login wall (2026, signed out:
after the first page of a hashtag or a sound), ends there with what it gathered; a search the
wall stops before anything was listed is a LOGIN_WALL failure (it needs the user's TikTok session).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from compass.scraper.failures import Failure
from compass.scraper.outcomes import scrape_error
from compass.scraper.session import ScrapeSession
from compass.tiktok.feeds import Feed, parse_item_feed, parse_user_search
from compass.tiktok.gates import LOGIN_WALL_SELECTOR, has_login_wall

SETTLE_SECONDS = 0.35
MAX_NUDGES = 4


def _collect(
    session: ScrapeSession,
    path: str,
    api_fragment: str,
    parse: Callable[[str], Feed],
    request_kind: str,
    max_entries: int,
) -> list[Feed]:
    page = session.retrying(path, lambda: session.load_listing(path, request_kind))
    if has_login_wall(page.html):
        session.stats.record(request_kind, "login_wall")
        raise scrape_error(Failure.LOGIN_WALL, where=path)
    feeds: list[Feed] = []
    entries, nudges, has_more = 0, 0, True
    while has_more and entries < max_entries and nudges <= MAX_NUDGES:
        fresh = 0
        for response in session.browser.take_responses(contains=api_fragment):
            if response.body is None or response.status != 200:
                session.stats.record(
                    request_kind + "_api", "failed" if response.body is None else f"http_{response.status}"
                )
                continue
            feed = parse(response.body)
            session.stats.record(request_kind + "_api", feed.status.kind.value)
            if feed.status.ok:
                feeds.append(feed)
                entries += len(feed.items) + len(feed.users)
                has_more = feed.has_more
                fresh += 1
        if fresh:
            nudges = 0
        elif session.browser.evaluate(f"return !!document.querySelector({LOGIN_WALL_SELECTOR!r})"):
            session.stats.record(request_kind, "login_wall")
            break
        else:
            nudges += 1
            session.browser.scroll_by(-600)
        session.browser.scroll_to_bottom()
        time.sleep(SETTLE_SECONDS * max(1, nudges))
    return feeds


def hashtag_feed(session: ScrapeSession, name: str, *, max_items: int = 90) -> list[Feed]:
    return _collect(
        session, f"/tag/{quote(name)}", "/api/challenge/item_list/", parse_item_feed, "hashtag", max_items
    )


def sound_feed(
    session: ScrapeSession, sound_id: str, title: str = "sound", *, max_items: int = 60
) -> list[Feed]:
    slug = "-".join(part for part in "".join(c if c.isalnum() else " " for c in title).split()) or "sound"
    return _collect(
        session,
        f"/music/{quote(slug)}-{sound_id}",
        "/api/music/item_list/",
        parse_item_feed,
        "sound",
        max_items,
    )


def user_search(session: ScrapeSession, keyword: str, *, max_users: int = 30) -> list[Feed]:
    return _collect(
        session,
        f"/search/user?q={quote(keyword)}",
        "/api/search/user/full/",
        parse_user_search,
        "search",
        max_users,
    )
