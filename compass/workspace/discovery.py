"""Saving what discovery found into one user's niche. A creator the user excluded stays excluded."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.discovery.run import Discovery, Seeds
from compass.models import MemberSource, NicheMember, SeedKind, utcnow
from compass.workspace.niches import owned_niche
from compass.workspace.owner import Owner


def niche_seeds(engine: Engine, user: Owner, niche_id: int) -> Seeds:
    with Session(engine) as session:
        niche = owned_niche(session, user, niche_id)
        by_kind: dict[str, list[str]] = {kind.value: [] for kind in SeedKind}
        for seed in niche.seeds:
            by_kind[SeedKind(seed.kind).value].append(seed.value)
    return Seeds(
        handles=tuple(h.lstrip("@").lower() for h in by_kind["handle"]),
        hashtags=tuple(t.lstrip("#").lower() for t in by_kind["hashtag"]),
        keywords=tuple(by_kind["keyword"]),
    )


def excluded_handles(engine: Engine, user: Owner, niche_id: int) -> tuple[str, ...]:
    from compass.models import Creator

    with Session(engine) as session:
        owned_niche(session, user, niche_id)
        return tuple(
            session.scalars(
                select(Creator.handle)
                .join(NicheMember, NicheMember.creator_id == Creator.id)
                .where(NicheMember.niche_id == niche_id, NicheMember.excluded.is_(True))
            )
        )


def member_ids(engine: Engine, user: Owner, niche_id: int) -> list[int]:
    """The creators of the niche (excluded ones too: what they name is still the niche's talk)."""
    with Session(engine) as session:
        owned_niche(session, user, niche_id)
        return list(session.scalars(select(NicheMember.creator_id).where(NicheMember.niche_id == niche_id)))


def save_suggestions(
    engine: Engine,
    user: Owner,
    niche_id: int,
    discovery: Discovery,
    *,
    limit: int = 50,
    own_handle: str | None = None,
) -> int:
    """Adds or refreshes the top suggestions as discovered members; returns how many are new.

    The seeds found (the user's own profile among them) become members too, so that the user is
    compared with the niche and the seeds count in its figures.
    """
    added = 0
    with Session(engine) as session, session.begin():
        owned_niche(session, user, niche_id, lock=True)
        for handle, creator_id in discovery.seed_ids.items():
            if session.get(NicheMember, (niche_id, creator_id)) is None:
                reason = "your own profile" if handle == own_handle else "a seed of this niche"
                session.add(
                    NicheMember(
                        niche_id=niche_id,
                        creator_id=creator_id,
                        source=MemberSource.SEED,
                        reason=reason,
                        pinned=False,
                        excluded=False,
                        added_at=utcnow(),
                    )
                )
        for suggestion in discovery.suggestions[:limit]:
            creator_id = discovery.creator_ids.get(suggestion.handle)
            if creator_id is None:
                continue
            member = session.get(NicheMember, (niche_id, creator_id))
            if member is None:
                session.add(
                    NicheMember(
                        niche_id=niche_id,
                        creator_id=creator_id,
                        source=MemberSource.DISCOVERED,
                        reason=suggestion.reason,
                        similarity=suggestion.similarity,
                        success_score=suggestion.success,
                        pinned=False,
                        excluded=False,
                        added_at=utcnow(),
                    )
                )
                added += 1
            elif member.source == MemberSource.DISCOVERED:
                member.reason = suggestion.reason
                member.similarity = suggestion.similarity
                member.success_score = suggestion.success
    return added
