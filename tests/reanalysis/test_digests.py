"""Stored niche analyses: what is stored is the analysis the pages would have computed, it is known to be
out of date as soon as anything it depends on changes (and only then), and the scheduler's upkeep and
job keep it up to date, once per change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.analytics import analyze
from compass.analytics.digest import digest_of
from compass.ingest import ingest
from compass.jobs import Worker
from compass.jobs.kinds import load_builtin_kinds
from compass.migrations import upgrade
from compass.models import (
    Creator,
    CreatorChange,
    NicheDigest,
    Recommendation,
    RecommendationStatus,
    ScrapeJob,
)
from compass.reanalysis.basis import is_current
from compass.reanalysis.compute import compute_digest, niche_video_count
from compass.reanalysis.kind import ANALYZE_KIND, enqueue_stale_analyses, request_analysis
from compass.reanalysis.load import Selection, load_frame
from compass.records import VideoStats
from compass.synthetic import NicheSpec, generate_niche
from compass.workspace import (
    add_member,
    create_niche,
    exclude_member,
    get_job,
    get_settings,
    update_settings,
)
from compass.workspace.digests import digest_status, read_digest
from compass.workspace.users import get_or_create_user
from tests.support.migrations import downgrade

CAPTURED = datetime(2025, 6, 1, tzinfo=UTC)


@dataclass
class Niche:
    engine: Engine
    user: object
    niche_id: int
    handles: list[str]
    outsider: str  # a creator in the database but not in the niche


def _creator_id(engine: Engine, handle: str) -> int:
    with Session(engine) as session:
        return session.scalars(select(Creator.id).where(Creator.handle == handle)).one()


COOKING = NicheSpec(
    name="cooking",
    n_creators=8,
    videos_per_creator=(30, 50),
    start=CAPTURED - timedelta(days=120),
    end=CAPTURED,
    seed=3,
)
GAMING = replace(COOKING, name="gaming", n_creators=2, seed=4)


@pytest.fixture
def niche(engine: Engine) -> Niche:
    observations = generate_niche(COOKING, CAPTURED)
    ingest(engine, observations)
    other = generate_niche(GAMING, CAPTURED)
    ingest(engine, other)
    user = get_or_create_user(engine, "https://issuer.example", "alice")
    handles = [o.creator.handle for o in observations]
    update_settings(engine, user, own_handle=handles[2], timezone="Europe/Paris")
    created = create_niche(engine, user, "Cooking")
    for handle in handles:
        add_member(engine, user, created.id, _creator_id(engine, handle))
    return Niche(engine, user, created.id, handles, other[0].creator.handle)


def _later_stats(handle: str, days: int = 1):  # type: ignore[no-untyped-def]
    """The creator's first video seen again later, with more views: new data of that creator."""
    everyone = [*generate_niche(COOKING, CAPTURED), *generate_niche(GAMING, CAPTURED)]
    observation = next(o for o in everyone if o.creator.handle == handle)
    first = observation.videos[0]
    seen_again = replace(
        first, stats=VideoStats((first.stats.views or 0) + 1000, *first.stats.as_tuple()[1:])
    )
    return replace(observation, captured_at=CAPTURED + timedelta(days=days), videos=(seen_again,))


def test_the_stored_digest_is_the_analysis_the_pages_would_compute(niche: Niche) -> None:
    stored = compute_digest(niche.engine, niche.user, niche.niche_id)
    assert stored is not None
    read = read_digest(niche.engine, niche.user, niche.niche_id)
    assert read is not None

    frame = load_frame(niche.engine, Selection(niche_id=niche.niche_id))
    expected = digest_of(analyze(frame, you=niche.handles[2], tz="Europe/Paris"), timezone="Europe/Paris")
    assert read.you == niche.handles[2]
    assert read.timezone == "Europe/Paris"
    assert read.summary == expected.summary
    assert read.summary["videos"] == niche_video_count(niche.engine, niche.niche_id) == frame.n_videos
    pd.testing.assert_frame_equal(read.metrics, expected.metrics, check_dtype=False)
    pd.testing.assert_frame_equal(read.posting_times, expected.posting_times)
    pd.testing.assert_frame_equal(read.lengths, expected.lengths)
    pd.testing.assert_frame_equal(read.leaderboard, expected.leaderboard)
    assert read.insights == expected.insights
    assert read.leaders == expected.leaders
    assert [r.to_json() for r in read.recommendations] == [r.to_json() for r in expected.recommendations]


def test_a_digest_is_current_until_a_member_gets_new_data(niche: Niche) -> None:
    compute_digest(niche.engine, niche.user, niche.niche_id)
    settings = get_settings(niche.engine, niche.user)

    def current() -> bool:
        status = digest_status(niche.engine, niche.user, niche.niche_id)
        assert status is not None
        return is_current(niche.engine, status.basis, niche.niche_id, settings)

    assert current()
    ingest(niche.engine, [_later_stats(niche.outsider)])
    assert current(), "new data of a creator outside the niche changes nothing in it"
    ingest(niche.engine, [_later_stats(niche.handles[5])])
    assert not current()


def test_member_and_settings_changes_make_the_digest_out_of_date(niche: Niche) -> None:
    engine, user = niche.engine, niche.user

    def current() -> bool:
        status = digest_status(engine, user, niche.niche_id)
        assert status is not None
        return is_current(engine, status.basis, niche.niche_id, get_settings(engine, user))

    compute_digest(engine, user, niche.niche_id)
    exclude_member(engine, user, niche.niche_id, _creator_id(engine, niche.handles[0]))
    assert not current()
    compute_digest(engine, user, niche.niche_id)
    assert current()
    add_member(engine, user, niche.niche_id, _creator_id(engine, niche.outsider))
    assert not current()
    compute_digest(engine, user, niche.niche_id)
    update_settings(engine, user, timezone="America/New_York")
    assert not current()
    compute_digest(engine, user, niche.niche_id)
    update_settings(engine, user, own_handle=niche.handles[3])
    assert not current()


def test_a_niche_without_videos_is_stored_empty_and_not_analysed_again(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    with Session(engine, expire_on_commit=False) as session, session.begin():
        silent = Creator(handle="no_videos_yet")
        session.add(silent)
    empty = create_niche(engine, user, "Just started")
    add_member(engine, user, empty.id, silent.id)
    assert compute_digest(engine, user, empty.id) is None
    status = digest_status(engine, user, empty.id)
    assert status is not None and status.videos == 0
    assert read_digest(engine, user, empty.id) is None
    load_builtin_kinds()
    assert empty.id not in enqueue_stale_analyses(engine)


def test_upkeep_queues_each_out_of_date_niche_once(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    load_builtin_kinds()
    second = create_niche(engine, user, "Second")
    add_member(engine, user, second.id, _creator_id(engine, niche.outsider))
    create_niche(engine, user, "Empty, so nothing to analyse")
    compute_digest(engine, user, niche.niche_id)

    assert enqueue_stale_analyses(engine) == [second.id]
    assert enqueue_stale_analyses(engine) == [second.id]  # the same queued job, not a second one
    with Session(engine) as session:
        jobs = session.scalars(select(ScrapeJob).where(ScrapeJob.kind == ANALYZE_KIND)).all()
    assert [(j.user_id, j.params) for j in jobs] == [(user.id, {"niche_id": second.id})]


def test_the_analysis_job_stores_the_digest_and_says_what_it_found(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    load_builtin_kinds()
    job = request_analysis(engine, user, niche.niche_id)
    assert Worker(engine).run_one()
    done = get_job(engine, user, job.id)
    assert done.status == "succeeded", done.error
    status = digest_status(engine, user, niche.niche_id)
    assert status is not None and status.videos > 0
    assert f"Analyzed {status.videos:,} videos of 8 creators" in (done.step or "")
    assert is_current(engine, status.basis, niche.niche_id, get_settings(engine, user))


def test_analysing_one_niche_leaves_the_outcomes_of_another_niches_recommendations_alone(
    niche: Niche,
) -> None:
    """Before: every recommendation the user was trying got an outcome computed from whichever niche was
    being analysed."""
    engine, user = niche.engine, niche.user
    other = create_niche(engine, user, "Another niche")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        elsewhere, here = (
            Recommendation(
                user_id=user.id,
                niche_id=niche_id,
                kind="weekday",
                group="Tuesday",
                title="Post on Tuesdays",
                body="",
                expected_gain=0.2,
                confidence=0.8,
                evidence={},
                status=RecommendationStatus.TRYING,
                status_changed_at=CAPTURED - timedelta(days=30),
            )
            for niche_id in (other.id, niche.niche_id)
        )
        session.add_all([elsewhere, here])
    compute_digest(engine, user, niche.niche_id)
    with Session(engine) as session:
        assert session.get_one(Recommendation, elsewhere.id).outcome is None
        assert session.get_one(Recommendation, here.id).outcome is not None


def test_a_digest_stored_in_an_older_format_is_analysed_again_not_read(niche: Niche) -> None:
    """Before the format was recorded, a digest stored by the previous version broke the pages on reading."""
    engine, user = niche.engine, niche.user
    compute_digest(engine, user, niche.niche_id)
    with Session(engine) as session, session.begin():
        row = session.get_one(NicheDigest, niche.niche_id)
        row.basis = {k: v for k, v in row.basis.items() if k != "digest_format"}
        row.payload = {k: v for k, v in row.payload.items() if k not in ("format", "computed_at")}
    assert digest_status(engine, user, niche.niche_id) is None
    assert read_digest(engine, user, niche.niche_id) is None
    load_builtin_kinds()
    assert enqueue_stale_analyses(engine) == [niche.niche_id]
    compute_digest(engine, user, niche.niche_id)
    assert read_digest(engine, user, niche.niche_id) is not None


def test_a_caption_edited_without_new_counts_makes_the_digest_out_of_date(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    compute_digest(engine, user, niche.niche_id)
    seen = _later_stats(niche.handles[4])
    first = seen.videos[0]
    same_counts = replace(
        first,
        stats=VideoStats((first.stats.views or 0) - 1000, *first.stats.as_tuple()[1:]),
        caption="Edited after posting #editedtag",
        hashtags=("editedtag",),
    )
    ingest(engine, [replace(seen, videos=(same_counts,))])
    status = digest_status(engine, user, niche.niche_id)
    assert status is not None
    assert not is_current(engine, status.basis, niche.niche_id, get_settings(engine, user))


def test_a_digest_stored_before_the_change_log_is_analysed_again_after_the_migration(
    fresh_engine: Engine,
) -> None:
    engine = fresh_engine
    ingest(engine, generate_niche(GAMING, CAPTURED))
    user = get_or_create_user(engine, "https://issuer.example", "alice")
    created = create_niche(engine, user, "Gaming")
    with Session(engine) as session:
        creator_ids = session.scalars(select(Creator.id).order_by(Creator.id)).all()
    for creator_id in creator_ids:
        add_member(engine, user, created.id, creator_id)
    compute_digest(engine, user, created.id)
    with Session(engine) as session, session.begin():
        row = session.get_one(NicheDigest, created.id)  # as the previous version stored it
        row.basis = {
            **{k: v for k, v in row.basis.items() if k != "change_mark"},
            "video_mark": 10**6,
            "profile_mark": 10**6,
        }
    downgrade(engine, "0005")
    upgrade(engine)
    with Session(engine) as session:
        logged = session.scalars(select(CreatorChange.creator_id).order_by(CreatorChange.id)).all()
    assert logged == creator_ids
    status = digest_status(engine, user, created.id)
    assert status is not None and status.basis.change_mark == 0
    assert not is_current(engine, status.basis, created.id, get_settings(engine, user))
    compute_digest(engine, user, created.id)
    status = digest_status(engine, user, created.id)
    assert status is not None and is_current(engine, status.basis, created.id, get_settings(engine, user))
