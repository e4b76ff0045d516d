"""Scrape and store: what the CLI and the scheduler's jobs call. Browsing, then one ingest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, update

from compass.ingest import IngestReport, ingest
from compass.models import Creator, utcnow
from compass.progress import Progress
from compass.records import normalize_handle
from compass.scraper.cookies import cookies_for, read_cookie_file
from compass.scraper.pacing import HumanDelay, PacingSettings
from compass.scraper.processes import registry_for
from compass.scraper.profiles import ProfileScrape, scrape_profile
from compass.scraper.session import ScrapeSession
from compass.settings import Settings


def pacing_from(settings: Settings) -> PacingSettings:
    return PacingSettings(
        min_interval=settings.scrape_interval,
        delay=HumanDelay(settings.scrape_delay, settings.scrape_delay * 1.5),
    )


def session_from(settings: Settings) -> ScrapeSession:
    """The session a process scrapes with: its pacing and proxies, the user's TikTok cookies for
    this site (when given), its browsers listed under the data folder, odd pages saved there."""
    cookies = (
        cookies_for(read_cookie_file(settings.tiktok_cookies), settings.tiktok_url)
        if settings.tiktok_cookies
        else []
    )
    return ScrapeSession(
        settings.tiktok_url,
        pacing=pacing_from(settings),
        proxies=settings.proxies,
        cookies=cookies,
        registry=registry_for(browsers_dir(settings)),
        pages_dir=settings.data_dir / "pages",
    )


def browsers_dir(settings: Settings) -> Path:
    return settings.data_dir / "browsers"


@dataclass(frozen=True)
class StoredScrape:
    scrape: ProfileScrape
    report: IngestReport


def store_scrape(engine: Engine, scrape: ProfileScrape) -> IngestReport:
    if scrape.observation is None:
        return IngestReport()
    report = ingest(engine, [scrape.observation])
    with engine.begin() as connection:
        connection.execute(
            update(Creator)
            .where(Creator.handle == scrape.observation.creator.handle)
            .values(last_scraped_at=utcnow())
        )
    return report


def scrape_and_store(
    engine: Engine,
    session: ScrapeSession,
    handle: str,
    *,
    max_videos: int | None = None,
    progress: Progress | None = None,
) -> StoredScrape:
    handle = normalize_handle(handle)
    scrape = scrape_profile(
        session, handle, max_videos=max_videos, **({"progress": progress} if progress else {})
    )
    return StoredScrape(scrape, store_scrape(engine, scrape))
