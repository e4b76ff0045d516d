"""The demo workspace: a generated niche with realistic heavy-tailed numbers, marked as demo everywhere.

Loading it twice changes nothing: the second call finds the user's demo niche and returns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.ingest import IngestReport, ingest
from compass.models import Creator, MemberSource, Niche, NicheMember, NicheSeed, SeedKind, User, utcnow
from compass.synthetic import NicheSpec, PlantedEffects, generate_niche

DEMO_NICHE_NAME = "Demo: home fitness"
DEMO_SEED = 2026
DEMO_CREATORS = 40
DEMO_DAYS = 180
# The demo shows what insights look like, so its generated niche carries effects to find. They are
# generated, like everything in it: the app marks the demo as such wherever it shows.
DEMO_EFFECTS = PlantedEffects(
    weekday={1: 1.35, 3: 1.2},
    hour={19: 1.3, 20: 1.3, 21: 1.25},
    long_video=(60, 0.75),
    question_hook=1.25,
    original_sound=0.85,
)


@dataclass(frozen=True)
class DemoSummary:
    niche_id: int
    created: bool
    creators: int
    videos: int
    own_handle: str | None


def demo_end(now: datetime) -> datetime:
    """The demo's collection time: the start of ``now``'s week (Monday 00:00 UTC). Moving the generated
    niche by whole weeks keeps every video's weekday and hour, so the demo shows the same insights and
    recommendations whenever it is loaded; anchored to the hour, they changed with the time of day."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=midnight.weekday())


def load_demo(
    engine: Engine, user_id: int, *, creators: int = DEMO_CREATORS, now: datetime | None = None
) -> DemoSummary:
    with Session(engine) as session:
        existing = session.scalars(
            select(Niche).where(Niche.user_id == user_id, Niche.name == DEMO_NICHE_NAME)
        ).first()
        if existing is not None:
            return DemoSummary(
                existing.id, False, len(existing.members), 0, session.get_one(User, user_id).own_handle
            )

    end = demo_end(now or utcnow())
    spec = NicheSpec(
        name="fitness",
        n_creators=creators,
        videos_per_creator=(20, 160),
        start=end - timedelta(days=DEMO_DAYS),
        end=end,
        seed=DEMO_SEED,
        effects=DEMO_EFFECTS,
    )
    observations = generate_niche(spec, captured_at=end)
    report: IngestReport = ingest(engine, observations, demo=True)
    handles = [o.creator.handle for o in observations]
    by_followers = sorted(observations, key=lambda o: o.creator.stats.followers or 0)
    # The demo "you" is a small creator of the niche, so that the app has someone to compare.
    own = by_followers[len(by_followers) // 5].creator.handle
    top_tags = _most_used_hashtags(observations, 3)

    with Session(engine) as session, session.begin():
        user = session.get_one(User, user_id)
        if user.own_handle is None:
            user.own_handle = own
        niche = Niche(user_id=user_id, name=DEMO_NICHE_NAME, is_demo=True)
        niche.seeds = [
            NicheSeed(kind=SeedKind.HANDLE, value=h) for h in (own, by_followers[-1].creator.handle)
        ]
        niche.seeds += [NicheSeed(kind=SeedKind.HASHTAG, value=t) for t in top_tags]
        creator_ids = session.scalars(select(Creator.id).where(Creator.handle.in_(handles))).all()
        niche.members = [
            NicheMember(creator_id=cid, source=MemberSource.DEMO, reason="generated demo creator")
            for cid in creator_ids
        ]
        session.add(niche)
        session.flush()
        return DemoSummary(niche.id, True, len(creator_ids), report.videos_added, user.own_handle)


def _most_used_hashtags(observations: list, count: int) -> list[str]:
    usage: dict[str, int] = {}
    for observation in observations:
        for video in observation.videos:
            for tag in video.hashtags:
                usage[tag] = usage.get(tag, 0) + 1
    generic = {"fyp", "foryou", "foryoupage", "viral", "trending", "xyzbca"}
    ranked = sorted((t for t in usage if t not in generic), key=lambda t: -usage[t])
    return ranked[:count]
