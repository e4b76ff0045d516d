"""What a niche's analysis was computed from, and whether anything it depends on has changed since.

An analysis depends on the owner's settings (own handle, time zone), on the niche's members and on
their data. Rather than hashing the data, the basis records the highest snapshot ids when loading
began, read once no write was in flight: a video or profile snapshot of a member with a higher id is
newer data. Snapshots are only ever added (or merged at the same capture second), so the check reads
only the snapshots added since, through the primary key: milliseconds at any size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine, exists, false, func, select

from compass.analytics.digest import FORMAT
from compass.ingest.sql import wait_for_writers
from compass.models import NicheMember, ProfileSnapshot, Video, VideoStatSnapshot
from compass.workspace.settings import UserSettings


@dataclass(frozen=True)
class Basis:
    own_handle: str | None
    timezone: str
    members: int  # creators analysed (members not excluded)
    member_ids: int  # the sum of their creator ids: a swap of one member for another changes it
    video_mark: int  # the highest video snapshot id when loading began
    profile_mark: int  # the highest profile snapshot id when loading began
    digest_format: int = FORMAT  # the stored digest's format (``analytics.digest.FORMAT``)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Basis:
        # Digests stored before the format was recorded are format 1.
        return cls(
            **{
                **{name: data[name] for name in cls.__dataclass_fields__ if name != "digest_format"},
                "digest_format": data.get("digest_format", 1),
            }
        )


def _analysed_members(niche_id: int) -> Any:
    return select(NicheMember.creator_id).where(
        NicheMember.niche_id == niche_id, NicheMember.excluded == false()
    )


def _members(connection: Connection, niche_id: int) -> tuple[int, int]:
    chosen = _analysed_members(niche_id).subquery()
    count, total = connection.execute(
        select(func.count(), func.coalesce(func.sum(chosen.c.creator_id), 0))
    ).one()
    return int(count), int(total)


@dataclass(frozen=True)
class Marks:
    """The highest ids of the tables a niche's data is added to, when a read began: a digest's basis keeps
    the two snapshot marks, the kept tables (``reanalysis.cache``) all three."""

    video_snapshot: int
    profile_snapshot: int
    video: int

    def __le__(self, other: Marks) -> bool:
        return (
            self.video_snapshot <= other.video_snapshot
            and self.profile_snapshot <= other.profile_snapshot
            and self.video <= other.video
        )


def marks_now(connection: Connection) -> Marks:
    """The highest ids once no write is in flight: every row at or below them is committed, every later
    one above them. ``connection``'s transaction keeps writers waiting until it ends: keep it short."""
    wait_for_writers(connection)

    def highest(column: object) -> int:
        return int(connection.execute(select(func.coalesce(func.max(column), 0))).scalar_one())

    return Marks(highest(VideoStatSnapshot.id), highest(ProfileSnapshot.id), highest(Video.id))


def basis_now(engine: Engine, niche_id: int, settings: UserSettings) -> Basis:
    with engine.connect() as connection:
        members, member_ids = _members(connection, niche_id)
        marks = marks_now(connection)
    return Basis(
        settings.own_handle,
        settings.timezone,
        members,
        member_ids,
        marks.video_snapshot,
        marks.profile_snapshot,
    )


def is_current(engine: Engine, basis: Basis, niche_id: int, settings: UserSettings) -> bool:
    """Whether an analysis computed on ``basis`` still describes the niche: same settings, same members,
    and no snapshot of any member added since."""
    if (basis.own_handle, basis.timezone) != (settings.own_handle, settings.timezone):
        return False
    members = _analysed_members(niche_id)
    newer_videos = exists(
        select(VideoStatSnapshot.id)
        .join(Video, Video.id == VideoStatSnapshot.video_id)
        .where(VideoStatSnapshot.id > basis.video_mark, Video.creator_id.in_(members))
    )
    newer_profiles = exists(
        select(ProfileSnapshot.id).where(
            ProfileSnapshot.id > basis.profile_mark, ProfileSnapshot.creator_id.in_(members)
        )
    )
    with engine.connect() as connection:
        if _members(connection, niche_id) != (basis.members, basis.member_ids):
            return False
        return not connection.execute(select(newer_videos | newer_profiles)).scalar_one()
