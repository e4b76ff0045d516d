"""Computing, storing and reading a niche's digest. Every function takes the niche's owner: a digest is
private, like the niche (another user's niche reads as not found)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from compass.analytics import Selection, analyze, load_frame
from compass.analytics.digest import FORMAT, Digest, digest_of
from compass.analytics.store import track_outcomes
from compass.digests.basis import Basis, basis_now
from compass.errors import CompassError
from compass.models import Niche, NicheDigest, NicheMember, Video, utcnow
from compass.workspace.owner import NotFound, Owner
from compass.workspace.settings import get_settings

Progress = Callable[[int, int, str], None]  # (done, total, step)


@dataclass(frozen=True)
class DigestStatus:
    """A stored digest without its payload: enough to decide whether to read it or compute a new one."""

    niche_id: int
    basis: Basis
    videos: int
    seconds: float
    computed_at: datetime


def _check_owner(connection: Connection, user: Owner, niche_id: int) -> None:
    owned = connection.execute(select(Niche.id).where(Niche.id == niche_id, Niche.user_id == user.id)).first()
    if owned is None:
        raise NotFound(f"no niche #{niche_id} in your workspace")


def digest_status(engine: Engine, user: Owner, niche_id: int) -> DigestStatus | None:
    """The niche's stored digest, if any (one stored by a version of the app with another digest format
    counts as none); NotFound when the niche is not the user's."""
    with engine.connect() as connection:
        _check_owner(connection, user, niche_id)
        row = connection.execute(
            select(NicheDigest.basis, NicheDigest.videos, NicheDigest.seconds, NicheDigest.computed_at).where(
                NicheDigest.niche_id == niche_id
            )
        ).first()
    basis = None if row is None else Basis.from_json(row.basis)
    if row is None or basis is None or basis.digest_format != FORMAT:
        return None
    return DigestStatus(niche_id, basis, int(row.videos), float(row.seconds), row.computed_at)


def read_digest(engine: Engine, user: Owner, niche_id: int) -> Digest | None:
    """The stored digest; None when there is none or the niche has no videos yet; NotFound when the niche
    is not the user's."""
    with engine.connect() as connection:
        _check_owner(connection, user, niche_id)
        payload = connection.execute(
            select(NicheDigest.payload).where(NicheDigest.niche_id == niche_id)
        ).scalar_one_or_none()
    return Digest.from_json(payload) if payload and payload.get("format") == FORMAT else None


def niche_video_count(engine: Engine, niche_id: int) -> int:
    """Videos of the niche's analysed members: how long an analysis will take."""
    members = select(NicheMember.creator_id).where(
        NicheMember.niche_id == niche_id, NicheMember.excluded.is_(False)
    )
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).where(Video.creator_id.in_(members))).scalar_one())


def _save(engine: Engine, niche_id: int, basis: Basis, digest: Digest | None, seconds: float) -> None:
    values = {
        "niche_id": niche_id,
        "basis": basis.to_json(),
        "videos": digest.n_videos if digest else 0,
        "seconds": seconds,
        "computed_at": digest.computed_at if digest else utcnow(),
        "payload": digest.to_json() if digest else {},
    }
    with engine.begin() as connection:
        dialect = connection.dialect.name
        if dialect in ("postgresql", "sqlite"):
            upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(NicheDigest).values(
                values
            )
            updated = {k: upsert.excluded[k] for k in values if k != "niche_id"}
            connection.execute(upsert.on_conflict_do_update(index_elements=["niche_id"], set_=updated))
        else:
            connection.execute(delete(NicheDigest).where(NicheDigest.niche_id == niche_id))
            connection.execute(insert(NicheDigest).values(values))


def compute_digest(
    engine: Engine, user: Owner, niche_id: int, *, progress: Progress | None = None
) -> Digest | None:
    """Analyses the niche as its owner sees it (own handle, time zone), stores the digest, and updates the
    outcomes of the recommendations the owner is trying. None when the niche has no videos yet."""
    report = progress or (lambda done, total, step: None)
    with engine.connect() as connection:
        _check_owner(connection, user, niche_id)
    settings = get_settings(engine, user)
    basis = basis_now(engine, niche_id, settings)  # before loading: data landing meanwhile makes it stale
    started = time.perf_counter()
    report(0, 3, "Loading the niche's videos")
    frame = load_frame(engine, Selection(niche_id=niche_id))
    if frame.n_videos == 0:
        _save(engine, niche_id, basis, None, time.perf_counter() - started)
        return None
    report(1, 3, f"Analyzing {frame.n_videos:,} videos of {frame.n_creators:,} creators")
    you = settings.own_handle
    try:
        analysis = analyze(frame, you=you, tz=settings.timezone)
    except CompassError:  # the user is not among the niche's creators (yet): the niche alone
        analysis = analyze(frame, tz=settings.timezone)
    digest = digest_of(analysis, timezone=settings.timezone)
    if analysis.you is not None:
        report(2, 3, "Updating the outcomes of what you are trying")
        track_outcomes(engine, user.id, analysis.features, analysis.you, niche_id=niche_id)
    _save(engine, niche_id, basis, digest, time.perf_counter() - started)
    return digest
