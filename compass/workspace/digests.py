"""A niche's stored digest: its status, its payload, saving a new one. Every function takes the niche's
owner: a digest is private, like the niche (another user's niche reads as not found)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from compass.analytics.digest import FORMAT, Digest
from compass.models import Niche, NicheDigest, utcnow
from compass.reanalysis.basis import Basis
from compass.workspace.owner import NotFound, Owner


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


def save_digest(
    engine: Engine, user: Owner, niche_id: int, basis: Basis, digest: Digest | None, seconds: float
) -> None:
    """Stores the niche's digest (None: the niche has no videos yet) in place of the one before."""
    values = {
        "niche_id": niche_id,
        "basis": basis.to_json(),
        "videos": digest.n_videos if digest else 0,
        "seconds": seconds,
        "computed_at": digest.computed_at if digest else utcnow(),
        "payload": digest.to_json() if digest else {},
    }
    with engine.begin() as connection:
        _check_owner(connection, user, niche_id)
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
