"""The discovery job kind: discover a niche's similar creators in the background."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from compass.discovery.run import discover
from compass.jobs import JobContext, JobKind, PermanentJobError, register_kind
from compass.jobs.backoff import RetryPolicy
from compass.jobs.queue import JobView
from compass.scraper.kind import browser_pool
from compass.workspace.discovery import excluded_handles, member_ids, niche_seeds, save_suggestions
from compass.workspace.jobs import request_job
from compass.workspace.niches import get_niche
from compass.workspace.owner import Owner, OwnerId
from compass.workspace.settings import get_settings

DISCOVER_KIND = "discover.niche"


def request_discovery(engine: Engine, user: Owner, niche_id: int) -> JobView:
    """Queues a discovery for the user's niche (NotFound unless it is theirs), or returns the one
    already queued or running."""
    get_niche(engine, user, niche_id)
    return request_job(
        engine, user, DISCOVER_KIND, {"niche_id": niche_id}, idempotency_key=f"discover:{niche_id}"
    )


def _discover(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    if context.job.user_id is None:
        raise PermanentJobError("a discovery job needs an owner")
    owner = OwnerId(context.job.user_id)
    niche_id = int(params["niche_id"])
    seeds = niche_seeds(context.engine, owner, niche_id)
    own = get_settings(context.engine, owner).own_handle
    if own and own not in seeds.handles:
        seeds = type(seeds)(handles=(*seeds.handles, own), hashtags=seeds.hashtags, keywords=seeds.keywords)
    if not (seeds.handles or seeds.hashtags or seeds.keywords):
        raise PermanentJobError("the niche has no seeds: add handles, hashtags or keywords first")
    options: dict[str, Any] = {
        "exclude": excluded_handles(context.engine, owner, niche_id),
        "niche_creator_ids": member_ids(context.engine, owner, niche_id),
        "progress": lambda done, total, step: context.progress(done, total, step),
    }
    if params.get("browser", True):
        with browser_pool().session() as session:
            result = discover(context.engine, seeds, session=session, **options)
    else:
        result = discover(context.engine, seeds, **options)
    added = save_suggestions(context.engine, owner, niche_id, result, own_handle=own)
    unread = f"; {len(result.failures)} creators could not be read" if result.failures else ""
    report = f"; {result.report}" if result.report else ""
    found = f"Found {len(result.suggestions)} similar creators, {added} new in the niche"
    return {"summary": f"{found}{unread}{report}", "sources": [source.to_json() for source in result.sources]}


# A creator that cannot be read is counted in the result, not failed on: the job fails when its
# browser or TikTok's search is unavailable. It reads a few pages, not a profile's whole list, and
# someone who asked for it waits on the page, so it comes back sooner than a scrape (30-60 s, then
# 1-2 min), yet not within seconds, since TikTok is what failed.
DISCOVER_RETRY = RetryPolicy(base_delay_s=60.0, max_delay_s=20 * 60.0, max_attempts=3)

register_kind(
    JobKind(DISCOVER_KIND, "Discover creators for niche #{niche_id}", _discover, retry_policy=DISCOVER_RETRY)
)
