"""The creators in a user's niche: add, remove, pin, exclude. The creators themselves are public data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.errors import CompassError
from compass.models import Creator, MemberSource, NicheMember, utcnow
from compass.workspace import audit
from compass.workspace.niches import owned_niche
from compass.workspace.owner import NotFound, Owner


@dataclass(frozen=True)
class MemberView:
    niche_id: int
    creator_id: int
    handle: str
    nickname: str | None
    followers: int | None
    source: str
    reason: str | None
    pinned: bool
    excluded: bool
    added_at: datetime

    def to_json(self) -> dict[str, object]:
        return {
            "niche_id": self.niche_id,
            "creator_id": self.creator_id,
            "handle": self.handle,
            "nickname": self.nickname,
            "followers": self.followers,
            "source": self.source,
            "reason": self.reason,
            "pinned": self.pinned,
            "excluded": self.excluded,
            "added_at": self.added_at.isoformat(),
        }


def _query(niche_id: int):  # type: ignore[no-untyped-def]
    return (
        select(NicheMember, Creator.handle, Creator.nickname, Creator.followers)
        .join(Creator, Creator.id == NicheMember.creator_id)
        .where(NicheMember.niche_id == niche_id)
    )


def _view(row) -> MemberView:  # type: ignore[no-untyped-def]
    member, handle, nickname, followers = row
    return MemberView(
        member.niche_id,
        member.creator_id,
        handle,
        nickname,
        followers,
        MemberSource(member.source).value,
        member.reason,
        member.pinned,
        member.excluded,
        member.added_at,
    )


def list_members(
    engine: Engine, user: Owner, niche_id: int, *, include_excluded: bool = True
) -> list[MemberView]:
    with Session(engine) as session:
        owned_niche(session, user, niche_id)
        order = (NicheMember.pinned.desc(), Creator.followers.desc().nulls_last(), Creator.handle)
        query = _query(niche_id).order_by(*order)
        if not include_excluded:
            query = query.where(NicheMember.excluded.is_(False))
        return [_view(row) for row in session.execute(query)]


def _owned_member(session: Session, user: Owner, niche_id: int, creator_id: int) -> NicheMember:
    owned_niche(session, user, niche_id, lock=True)
    member = session.get(NicheMember, (niche_id, creator_id))
    if member is None:
        raise NotFound(f"creator #{creator_id} is not in niche #{niche_id}")
    return member


def _reload(session: Session, niche_id: int, creator_id: int) -> MemberView:
    session.flush()
    row = session.execute(_query(niche_id).where(NicheMember.creator_id == creator_id)).one()
    return _view(row)


def add_member(
    engine: Engine,
    user: Owner,
    niche_id: int,
    creator_id: int,
    *,
    source: MemberSource = MemberSource.MANUAL,
    reason: str | None = None,
) -> MemberView:
    """Adds a creator to the niche (again visible if it was excluded); adding twice changes nothing."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        owned_niche(session, user, niche_id, lock=True)
        if session.get(Creator, creator_id) is None:
            raise CompassError(f"no creator #{creator_id} is known; import or scrape them first")
        member = session.get(NicheMember, (niche_id, creator_id))
        if member is None:
            session.add(
                NicheMember(
                    niche_id=niche_id,
                    creator_id=creator_id,
                    source=source,
                    reason=reason,
                    pinned=False,
                    excluded=False,
                    added_at=utcnow(),
                )
            )
        else:
            member.excluded = False
        return _reload(session, niche_id, creator_id)


def remove_member(engine: Engine, user: Owner, niche_id: int, creator_id: int) -> None:
    with Session(engine) as session, session.begin():
        member = _owned_member(session, user, niche_id, creator_id)
        session.delete(member)
        detail = {"what": "niche_member", "niche_id": niche_id, "creator_id": creator_id}
        audit.record(engine, audit.Action.DELETE, user_id=user.id, detail=detail, session=session)


def pin_member(
    engine: Engine, user: Owner, niche_id: int, creator_id: int, pinned: bool = True
) -> MemberView:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        member = _owned_member(session, user, niche_id, creator_id)
        member.pinned = pinned
        return _reload(session, niche_id, creator_id)


def exclude_member(
    engine: Engine, user: Owner, niche_id: int, creator_id: int, excluded: bool = True
) -> MemberView:
    """Keeps the creator out of the niche's figures without forgetting that discovery found them."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        member = _owned_member(session, user, niche_id, creator_id)
        member.excluded = excluded
        if excluded:
            member.pinned = False
        return _reload(session, niche_id, creator_id)
