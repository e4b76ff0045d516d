"""The scheduled refresh job queues one scrape for each tracked creator that is due this period:
niche members not excluded and users' own handles, never demo creators nor ones already scraped."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from compass.jobs import Worker, get_job
from compass.jobs.kinds import load_builtin_kinds
from compass.models import Creator, MemberSource, NicheMember, ScrapeJob, User, utcnow
from compass.scraper.refresh import REFRESH_KIND, SCRAPE_KIND, enqueue_due_refreshes, period_start
from compass.workspace.niches import create_niche
from compass.workspace.owner import OwnerId
from compass.workspace.users import get_or_create_user

EVERY = timedelta(hours=24)


def test_refresh_job_queues_a_scrape_of_each_tracked_creator_due_this_period(engine: Engine) -> None:
    load_builtin_kinds(extra_modules=())  # the scrape kind the refresh queues
    now = utcnow()
    before_the_period = period_start(now, EVERY) - timedelta(hours=1)
    user = get_or_create_user(engine, "https://issuer", "alice")
    niche = create_niche(engine, OwnerId(user.id), "cooking")
    members = {
        "never": {},
        "stale": {"last_scraped_at": before_the_period},
        "fresh": {"last_scraped_at": now},
        "left": {"excluded": True},
        "sample": {"is_demo": True},
    }
    with Session(engine) as session, session.begin():
        for handle, state in members.items():
            creator = Creator(
                handle=handle,
                last_scraped_at=state.get("last_scraped_at"),
                is_demo=state.get("is_demo", False),
            )
            session.add(creator)
            session.flush()
            session.add(
                NicheMember(
                    niche_id=niche.id,
                    creator_id=creator.id,
                    source=MemberSource.MANUAL,
                    excluded=state.get("excluded", False),
                )
            )
        session.execute(update(User).where(User.id == user.id).values(own_handle="mine"))

    refresh = enqueue_due_refreshes(engine, EVERY, now)
    assert Worker(engine, kinds=[REFRESH_KIND]).run_one()

    with engine.connect() as connection:
        queued = connection.execute(select(ScrapeJob.params).where(ScrapeJob.kind == SCRAPE_KIND)).scalars()
        assert sorted(params["handle"] for params in queued) == ["mine", "never", "stale"]
    done = get_job(engine, None, refresh.id)
    assert (done.status, done.step) == ("succeeded", "Queued refreshes of 3 creators")
