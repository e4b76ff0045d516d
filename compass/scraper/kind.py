"""The scraper's job kinds, registered with the queue: scrape one profile.

Jobs borrow their browser from this process's pool (``COMPASS_MAX_BROWSERS`` at most); a failed
job's browser is closed at once, the others' after a minute without work, every one at exit. A
scrape that ends short saves what it read and fails the attempt in one sentence ("Saved 105 of
400 videos of @abc; ..."), so the job is queued again (or, once its attempts are spent, failed,
and ``jobs retry`` takes it back).
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

from compass.jobs import JobContext, JobKind, PermanentJobError, TransientJobError, register_kind
from compass.jobs.backoff import RetryPolicy
from compass.records import normalize_handle
from compass.scraper.outcomes import ScrapeError
from compass.scraper.pool import SessionPool
from compass.scraper.refresh import SCRAPE_KIND
from compass.scraper.run import scrape_and_store, session_from
from compass.settings import Settings, load_settings
from compass.tiktok.status import StatusKind

_pool: SessionPool | None = None
_pool_key: tuple[Any, ...] | None = None
_pool_lock = threading.Lock()


def _key(settings: Settings) -> tuple[Any, ...]:
    return (
        settings.tiktok_url,
        settings.proxies,
        settings.tiktok_cookies,
        settings.max_browsers,
        settings.data_dir,
        settings.scrape_interval,
        settings.scrape_delay,
    )


def browser_pool() -> SessionPool:
    """This process's pool, made anew (its browsers closed) when the scraper's settings changed."""
    global _pool, _pool_key
    settings = load_settings()
    with _pool_lock:
        if _pool is None or _pool_key != _key(settings):
            if _pool is not None:
                _pool.close_all()
            _pool = SessionPool(lambda: session_from(settings), settings.max_browsers)
            _pool_key = _key(settings)
        return _pool


@atexit.register
def close_browsers() -> None:
    with _pool_lock:
        if _pool is not None:
            _pool.close_all()


def job_error(error: ScrapeError) -> Exception:
    """A scrape failure as the job's outcome: queued again when the table says it may help later."""
    return (TransientJobError if error.retried_later else PermanentJobError)(str(error))


def _scrape_profile(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    handle = normalize_handle(str(params["handle"]))
    videos = int(params["videos"]) if params.get("videos") else None
    with browser_pool().session() as session:
        try:
            stored = scrape_and_store(
                context.engine,
                session,
                handle,
                max_videos=videos,
                progress=lambda done, total, step: context.progress(done, total, step),
            )
        except ScrapeError as exc:
            raise job_error(exc) from None
    scrape = stored.scrape
    if scrape.status.kind is StatusKind.PRIVATE:
        raise PermanentJobError(
            f"@{handle} is a private account: its videos cannot be seen; its profile counts were saved"
        )
    if not scrape.complete:
        reason = scrape.failure or "the list ended early"
        error = (
            PermanentJobError
            if scrape.failure is not None and not scrape.failure.retried_later
            else TransientJobError
        )
        raise error(
            f"Saved {scrape.coverage} videos of @{handle}; then {str(reason)[:1].lower()}{str(reason)[1:]}"
        )
    listed_short = (
        "" if scrape.coverage.whole or scrape.coverage.expected is None else " (TikTok listed no more)"
    )
    return {
        "summary": f"Saved @{handle}: {scrape.coverage} videos{listed_short}",
        "videos": scrape.videos,
        "coverage": scrape.coverage.to_json(),
    }


def _scrape_params(params: dict[str, Any]) -> dict[str, Any]:
    """The handle without its @ (so the job's title names it once), lower-cased; checked."""
    if "handle" not in params:
        raise ValueError("a scrape job needs handle=@someone")
    return {**params, "handle": normalize_handle(str(params["handle"]))}


# An attempt fails only once its session has given up: it already backed off, restarted its browser
# with the next proxy and waited out TikTok's cool-downs (up to 5 min) within the attempt. What is
# left is TikTok throttling this address, which lasts, and a quick return would only prolong it:
# the next attempt waits 5-10 min, the one after 10-20 min.
SCRAPE_RETRY = RetryPolicy(base_delay_s=10 * 60.0, max_delay_s=2 * 60 * 60.0, max_attempts=3)

register_kind(
    JobKind(
        SCRAPE_KIND, "Scrape @{handle}", _scrape_profile, prepare=_scrape_params, retry_policy=SCRAPE_RETRY
    )
)
