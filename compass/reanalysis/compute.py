"""Computing a niche's digest: load its videos, analyse them as the owner sees the niche (own handle,
time zone), store the digest, the owner's new recommendations and the outcomes of what they are trying."""

from __future__ import annotations

import time

from sqlalchemy import Engine, func, select

from compass.analytics import analyze
from compass.analytics.digest import Digest, digest_of
from compass.errors import CompassError
from compass.models import Video
from compass.progress import Progress
from compass.reanalysis.basis import basis_now
from compass.reanalysis.cache import refresh_frame
from compass.reanalysis.load import Selection
from compass.workspace.digests import digest_status, save_digest
from compass.workspace.owner import Owner
from compass.workspace.recommendations import save_recommendations, track_outcomes
from compass.workspace.settings import get_settings


def niche_video_count(engine: Engine, niche_id: int) -> int:
    """Videos of the niche's analysed members: how long an analysis will take."""
    members = Selection(niche_id=niche_id).creator_ids()
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).where(Video.creator_id.in_(members))).scalar_one())


def compute_digest(
    engine: Engine, user: Owner, niche_id: int, *, progress: Progress | None = None
) -> Digest | None:
    """Analyses the niche as its owner sees it (own handle, time zone), stores the digest and the owner's
    new recommendations, and updates the outcomes of those the owner is trying. None when the niche has no
    videos yet."""
    report = progress or (lambda done, total, step: None)
    digest_status(engine, user, niche_id)  # NotFound before any work when the niche is not the user's
    settings = get_settings(engine, user)
    started = time.perf_counter()
    report(0, 3, "Loading the niche's videos")  # said first: the basis waits out an import being written
    basis = basis_now(engine, niche_id, settings)  # before loading: data landing meanwhile makes it stale
    frame = refresh_frame(engine, niche_id).frame
    if frame.n_videos == 0:
        save_digest(engine, user, niche_id, basis, None, time.perf_counter() - started)
        return None
    report(1, 3, f"Analyzing {frame.n_videos:,} videos of {frame.n_creators:,} creators")
    you = settings.own_handle
    try:
        analysis = analyze(frame, you=you, tz=settings.timezone)
    except CompassError:  # the user is not among the niche's creators (yet): the niche alone
        analysis = analyze(frame, tz=settings.timezone)
    digest = digest_of(analysis, timezone=settings.timezone)
    report(2, 3, "Updating your recommendations and the outcomes of what you are trying")
    if analysis.you is not None:
        track_outcomes(engine, user.id, analysis.features, analysis.you, niche_id=niche_id)
    # Written by the analysis, never by a page drawing them. Without the owner among the niche's creators
    # there are none: new ones made for an earlier handle are withdrawn, and what the owner is trying, has
    # dismissed or has done stays as they left it.
    save_recommendations(engine, user.id, digest.recommendations, niche_id=niche_id)
    save_digest(engine, user, niche_id, basis, digest, time.perf_counter() - started)
    return digest
