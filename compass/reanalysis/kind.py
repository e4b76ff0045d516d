"""The "analyze.niche" job kind, and the upkeep that queues it for every niche whose data changed.

A niche is analysed in the background once per change of its data, so that pages read a stored
digest instead of loading every video. The job's idempotency key is the niche: asking again while
one is queued or running returns that one.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, select

from compass.errors import CompassError
from compass.jobs import JobContext, JobKind, PermanentJobError, register_kind
from compass.jobs.backoff import RetryPolicy
from compass.jobs.kinds import UpkeepOptions, register_upkeep
from compass.jobs.queue import JobView, enqueue
from compass.models import Niche, NicheMember
from compass.reanalysis.basis import is_current
from compass.reanalysis.compute import compute_digest
from compass.workspace.digests import digest_status
from compass.workspace.owner import Owner, OwnerId
from compass.workspace.settings import get_settings

ANALYZE_KIND = "analyze.niche"

log = logging.getLogger(__name__)


def request_analysis(engine: Engine, user: Owner, niche_id: int) -> JobView:
    """Queues an analysis of the user's niche, or returns the one already queued or running."""
    digest_status(engine, user, niche_id)  # NotFound unless the niche is the user's
    return _enqueue(engine, user.id, niche_id)


def _enqueue(engine: Engine, user_id: int, niche_id: int) -> JobView:
    return enqueue(
        engine, user_id, ANALYZE_KIND, {"niche_id": niche_id}, idempotency_key=f"analyze:{niche_id}"
    )


def _analyze(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    if context.job.user_id is None:
        raise PermanentJobError("an analysis job needs the niche's owner")
    digest = compute_digest(
        context.engine, OwnerId(context.job.user_id), int(params["niche_id"]), progress=context.progress
    )
    if digest is None:
        return {"summary": "No videos in this niche yet: nothing to analyze"}
    found = len(digest.insights)
    return {
        "summary": f"Analyzed {digest.n_videos:,} videos of {len(digest.metrics):,} creators: "
        f"{found} insight{'s' if found != 1 else ''}, {len(digest.recommendations)} recommendations"
    }


def enqueue_stale_analyses(engine: Engine) -> list[int]:
    """Queues an analysis of every niche with members whose digest is missing or out of date; returns
    their ids. A user at their limit of active jobs is skipped until a later upkeep."""
    with engine.connect() as connection:
        niches = connection.execute(
            select(Niche.id, Niche.user_id)
            .where(select(NicheMember.niche_id).where(NicheMember.niche_id == Niche.id).exists())
            .order_by(Niche.id)
        ).all()
    queued = []
    for niche_id, user_id in niches:
        owner = OwnerId(user_id)
        status = digest_status(engine, owner, niche_id)
        if status is not None and is_current(engine, status.basis, niche_id, get_settings(engine, owner)):
            continue
        try:
            _enqueue(engine, user_id, niche_id)  # the niche's own owner: no ownership check to repeat
        except CompassError as exc:
            log.info("analysis of niche #%s not queued: %s", niche_id, exc)
            continue
        queued.append(niche_id)
    return queued


@register_upkeep
def _queue_stale_analyses(engine: Engine, options: UpkeepOptions) -> None:
    enqueue_stale_analyses(engine)


# An analysis reads and writes the database only: a transient failure is a lock, a serialization
# conflict or a dropped connection, gone in seconds, and pages show an out-of-date digest until it
# succeeds. It is tried again soon (2.5-5 s, then 5-10 s).
ANALYZE_RETRY = RetryPolicy(base_delay_s=5.0, max_delay_s=60.0, max_attempts=3)

register_kind(JobKind(ANALYZE_KIND, "Analyze niche #{niche_id}", _analyze, retry_policy=ANALYZE_RETRY))
