"""What a niche's analysis was computed from, and whether anything it depends on has changed since.

An analysis depends on the owner's settings (own handle, time zone), on the niche's members and on
their data. Rather than hashing the data, the basis records the change mark when loading began
(``ingest.changes``): a member with a change above it has newer data. The check reads only the changes
logged since, through the primary key: milliseconds at any size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine, exists, func, select

from compass.analytics.digest import FORMAT
from compass.ingest.changes import change_mark, changed_since
from compass.reanalysis.load import Selection
from compass.workspace.settings import UserSettings


@dataclass(frozen=True)
class Basis:
    own_handle: str | None
    timezone: str
    members: int  # creators analysed (members not excluded)
    member_ids: int  # the sum of their creator ids: a swap of one member for another changes it
    change_mark: int  # the highest creator change id when loading began
    digest_format: int = FORMAT  # the stored digest's format (``analytics.digest.FORMAT``)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Basis:
        # Digests stored before the format was recorded are format 1. Those stored before the change log
        # have no mark: 0, below every creator the log's migration entered, so they are analysed again.
        return cls(
            own_handle=data["own_handle"],
            timezone=data["timezone"],
            members=data["members"],
            member_ids=data["member_ids"],
            change_mark=data.get("change_mark", 0),
            digest_format=data.get("digest_format", 1),
        )


def _members(connection: Connection, niche_id: int) -> tuple[int, int]:
    chosen = Selection(niche_id=niche_id).creator_ids().subquery()
    count, total = connection.execute(
        select(func.count(), func.coalesce(func.sum(chosen.c.creator_id), 0))
    ).one()
    return int(count), int(total)


def basis_now(engine: Engine, niche_id: int, settings: UserSettings) -> Basis:
    with engine.connect() as connection:
        members, member_ids = _members(connection, niche_id)
        mark = change_mark(connection)
    return Basis(settings.own_handle, settings.timezone, members, member_ids, mark)


def is_current(engine: Engine, basis: Basis, niche_id: int, settings: UserSettings) -> bool:
    """Whether an analysis computed on ``basis`` still describes the niche: same settings, same members,
    and no change of any member logged since."""
    if (basis.own_handle, basis.timezone) != (settings.own_handle, settings.timezone):
        return False
    newer = exists(changed_since(basis.change_mark, Selection(niche_id=niche_id).creator_ids()))
    with engine.connect() as connection:
        if _members(connection, niche_id) != (basis.members, basis.member_ids):
            return False
        return not connection.execute(select(newer)).scalar_one()
