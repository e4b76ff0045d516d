"""A user's niches and their seeds. Every function takes the signed-in user and touches only their rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from compass.errors import CompassError
from compass.models import Niche, NicheMember, NicheSeed, SeedKind
from compass.workspace import audit
from compass.workspace.owner import NotFound, Owner

MAX_NAME = 128
MAX_SEEDS = 50
HANDLE_PATTERN = re.compile(r"^[A-Za-z0-9._]{1,24}$")
HANDLE_RULE = "{value!r} is not a TikTok handle (letters, digits, dots and underscores, up to 24)"


@dataclass(frozen=True)
class SeedView:
    kind: str
    value: str


@dataclass(frozen=True)
class NicheView:
    id: int
    name: str
    is_demo: bool
    created_at: datetime
    seeds: tuple[SeedView, ...]
    members: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "is_demo": self.is_demo,
            "created_at": self.created_at.isoformat(),
            "seeds": [{"kind": s.kind, "value": s.value} for s in self.seeds],
            "members": self.members,
        }


def owned_niche(session: Session, user: Owner, niche_id: int, *, lock: bool = False) -> Niche:
    """The niche if it is this user's; NotFound otherwise (the same answer for someone else's)."""
    query = select(Niche).where(Niche.id == niche_id, Niche.user_id == user.id)
    niche = session.scalars(query.with_for_update() if lock else query).first()
    if niche is None:
        raise NotFound(f"no niche #{niche_id} in your workspace")
    return niche


def _view(session: Session, niche: Niche) -> NicheView:
    members = session.scalar(select(func.count()).where(NicheMember.niche_id == niche.id)) or 0
    ordered = sorted(niche.seeds, key=lambda s: (s.kind, s.value))
    seeds = tuple(SeedView(SeedKind(s.kind).value, s.value) for s in ordered)
    return NicheView(niche.id, niche.name, niche.is_demo, niche.created_at, seeds, int(members))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CompassError("a niche needs a name")
    if len(cleaned) > MAX_NAME:
        raise CompassError(f"a niche name has at most {MAX_NAME} characters")
    return cleaned


def create_niche(engine: Engine, user: Owner, name: str) -> NicheView:
    cleaned = _clean_name(name)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            niche = Niche(user_id=user.id, name=cleaned, is_demo=False)
            session.add(niche)
            session.flush()
            return _view(session, niche)
    except IntegrityError:
        raise CompassError(f"you already have a niche named {cleaned!r}") from None


def list_niches(engine: Engine, user: Owner) -> list[NicheView]:
    with Session(engine) as session:
        niches = session.scalars(select(Niche).where(Niche.user_id == user.id).order_by(Niche.name)).all()
        return [_view(session, niche) for niche in niches]


def get_niche(engine: Engine, user: Owner, niche_id: int) -> NicheView:
    with Session(engine) as session:
        return _view(session, owned_niche(session, user, niche_id))


def rename_niche(engine: Engine, user: Owner, niche_id: int, name: str) -> NicheView:
    cleaned = _clean_name(name)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            niche = owned_niche(session, user, niche_id, lock=True)
            niche.name = cleaned
            session.flush()
            return _view(session, niche)
    except IntegrityError:
        raise CompassError(f"you already have a niche named {cleaned!r}") from None


def delete_niche(engine: Engine, user: Owner, niche_id: int) -> None:
    """Deletes the niche with its seeds and members; the creators' public data stays."""
    with Session(engine) as session, session.begin():
        niche = owned_niche(session, user, niche_id, lock=True)
        name = niche.name
        session.execute(delete(NicheMember).where(NicheMember.niche_id == niche_id))
        session.execute(delete(NicheSeed).where(NicheSeed.niche_id == niche_id))
        session.delete(niche)
        audit.record(
            engine,
            audit.Action.DELETE,
            user_id=user.id,
            detail={"what": "niche", "niche_id": niche_id, "name": name},
            session=session,
        )


def normalize_seed(kind: SeedKind | str, value: str) -> SeedView:
    seed_kind = SeedKind(kind)
    cleaned = value.strip()
    if seed_kind is SeedKind.HANDLE:
        cleaned = cleaned.removeprefix("@")
        if not HANDLE_PATTERN.match(cleaned):
            raise CompassError(HANDLE_RULE.format(value=value))
    elif seed_kind is SeedKind.HASHTAG:
        cleaned = cleaned.removeprefix("#").lower()
        if not cleaned or len(cleaned) > 100 or any(c.isspace() for c in cleaned):
            raise CompassError(f"{value!r} is not a hashtag")
    elif not cleaned or len(cleaned) > 255:
        raise CompassError("a keyword has 1 to 255 characters")
    return SeedView(seed_kind.value, cleaned)


_SEED_SPLIT = re.compile(r"[\s,]+")


Seed = tuple[str, str]  # (kind, value), checked: what set_seeds takes


def _seed(kind: SeedKind, value: str) -> Seed:
    view = normalize_seed(kind, value)
    return view.kind, view.value


def parse_seed_list(text: str) -> list[Seed]:
    """One box of mixed seeds, as onboarding asks for them: a line of ``@handles`` or
    ``#hashtags`` (several on a line, by spaces or commas), else a line is one keyword."""
    seeds: list[Seed] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith(("@", "#")):
            for token in _SEED_SPLIT.split(line):
                if token and not token.startswith(("@", "#")):
                    raise CompassError(
                        f"{token!r} is on a line of handles and hashtags without an @ or #: "
                        "put a keyword on a line of its own"
                    )
                if token:
                    seeds.append(_seed(SeedKind.HANDLE if token[0] == "@" else SeedKind.HASHTAG, token))
        elif line:
            seeds.append(_seed(SeedKind.KEYWORD, line))
    return seeds


def parse_seed_fields(handles: str, hashtags: str, keywords: str) -> list[Seed]:
    """The Discover form's three boxes: handles and hashtags by spaces, commas or lines, a keyword
    per line."""
    return [
        *(_seed(SeedKind.HANDLE, t) for t in _SEED_SPLIT.split(handles) if t),
        *(_seed(SeedKind.HASHTAG, t) for t in _SEED_SPLIT.split(hashtags) if t),
        *(_seed(SeedKind.KEYWORD, line) for line in keywords.splitlines() if line.strip()),
    ]


def set_seeds(
    engine: Engine, user: Owner, niche_id: int, seeds: Iterable[tuple[SeedKind | str, str]]
) -> NicheView:
    """Replaces the niche's seeds (handles, hashtags, keywords) with these."""
    cleaned = list(dict.fromkeys(normalize_seed(kind, value) for kind, value in seeds))
    if len(cleaned) > MAX_SEEDS:
        raise CompassError(f"a niche has at most {MAX_SEEDS} seeds")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        niche = owned_niche(session, user, niche_id, lock=True)
        session.execute(delete(NicheSeed).where(NicheSeed.niche_id == niche_id))
        session.add_all(NicheSeed(niche_id=niche_id, kind=SeedKind(s.kind), value=s.value) for s in cleaned)
        session.flush()
        session.refresh(niche)
        return _view(session, niche)
