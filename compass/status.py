"""What the database holds: the figures behind `db status` and the app's empty states."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import Engine, func, select

from compass.models import Creator, JobStatus, ProfileSnapshot, ScrapeJob, User, Video, VideoStatSnapshot


@dataclass(frozen=True)
class DatabaseStatus:
    users: int
    creators: int
    videos: int
    profile_snapshots: int
    video_snapshots: int
    jobs: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return self.creators == 0 and self.videos == 0

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def database_status(engine: Engine) -> DatabaseStatus:
    with engine.connect() as connection:

        def count(model: type) -> int:
            return int(connection.execute(select(func.count()).select_from(model)).scalar_one())

        by_status = dict(
            connection.execute(select(ScrapeJob.status, func.count()).group_by(ScrapeJob.status)).all()
        )
        return DatabaseStatus(
            users=count(User),
            creators=count(Creator),
            videos=count(Video),
            profile_snapshots=count(ProfileSnapshot),
            video_snapshots=count(VideoStatSnapshot),
            jobs={status.value: int(by_status.get(status, 0)) for status in JobStatus},
        )


def data_version(engine: Engine) -> tuple[int, ...]:
    """Changes whenever new data lands (a snapshot, a video, a niche member): the app's cache key."""
    from compass.models import NicheMember

    with engine.connect() as connection:
        return tuple(
            int(connection.execute(select(func.coalesce(aggregate, 0))).scalar_one())
            for aggregate in (
                select(func.max(VideoStatSnapshot.id)).scalar_subquery(),
                select(func.max(ProfileSnapshot.id)).scalar_subquery(),
                select(func.count()).select_from(NicheMember).scalar_subquery(),
                select(func.count()).where(NicheMember.excluded.is_(True)).scalar_subquery(),
            )
        )
