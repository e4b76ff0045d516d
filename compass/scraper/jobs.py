"""The scraper's job kinds, registered with the queue: scrape one profile.

Each worker thread keeps its browser between jobs (starting Chromium costs more than a small
profile); the browsers are closed when the scheduler process exits.
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

from compass.jobs import JobContext, JobKind, PermanentJobError, TransientJobError, register_kind
from compass.jobs.periodic import SCRAPE_KIND
from compass.scraper.outcomes import PermanentScrapeError, TransientScrapeError, describe
from compass.scraper.run import scrape_and_store, session_from
from compass.scraper.session import ScrapeSession
from compass.settings import load_settings
from compass.tiktok.status import StatusKind

_local = threading.local()
_open_sessions: list[ScrapeSession] = []
_open_lock = threading.Lock()


def worker_session() -> ScrapeSession:
    """This worker thread's scrape session, started on first use and kept between jobs."""
    settings = load_settings()
    session = getattr(_local, "session", None)
    if session is not None and session.base_url != settings.tiktok_url.rstrip("/"):
        session.close()  # pointed elsewhere since (another COMPASS_TIKTOK_URL)
        session = None
    if session is None:
        session = _local.session = session_from(settings)
        with _open_lock:
            _open_sessions.append(session)
    return session


@atexit.register
def _close_sessions() -> None:
    with _open_lock:
        for session in _open_sessions:
            session.close()
        _open_sessions.clear()


def _scrape_profile(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    handle = str(params["handle"]).lstrip("@")
    videos = int(params["videos"]) if params.get("videos") else None
    try:
        stored = scrape_and_store(
            context.engine, worker_session(), handle, max_videos=videos,
            progress=lambda done, total, step: context.progress(done, total, step),
        )
    except PermanentScrapeError as exc:
        raise PermanentJobError(f"@{handle} is {describe(exc.status)}" if exc.status else str(exc)) from None
    except TransientScrapeError as exc:
        raise TransientJobError(str(exc)) from None
    scrape = stored.scrape
    if scrape.status.kind is StatusKind.PRIVATE:
        raise PermanentJobError(f"@{handle} is {describe(scrape.status)}; its profile counts were saved")
    partial = "" if scrape.complete else f" ({scrape.from_tiles} only from the page's tiles)"
    return {"summary": f"Saved @{handle}: {scrape.videos} videos{partial}", "videos": scrape.videos}


register_kind(JobKind(SCRAPE_KIND, "Scrape @{handle}", _scrape_profile))
