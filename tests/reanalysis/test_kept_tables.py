"""The tables a process keeps between a niche's analyses: after a change, only the creators it touched are
read again, and the result is what a full read gives, frame for frame and digest for digest."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from compass.analytics.frame import NicheFrame
from compass.errors import CompassError
from compass.ingest import ingest
from compass.models import Creator
from compass.reanalysis.cache import forget, refresh_frame
from compass.reanalysis.compute import compute_digest
from compass.reanalysis.load import Selection, load_frame
from compass.records import SoundRecord, VideoRecord, VideoStats
from compass.synthetic import NicheSpec, generate_niche
from compass.workspace import add_member, create_niche, exclude_member, update_settings
from compass.workspace.digests import read_digest
from compass.workspace.users import get_or_create_user
from tests.support.waiting import wait_for

CAPTURED = datetime(2025, 6, 1, tzinfo=UTC)
BAKING = NicheSpec(
    name="baking",
    n_creators=6,
    videos_per_creator=(20, 40),
    start=CAPTURED - timedelta(days=90),
    end=CAPTURED,
    seed=11,
)
OTHERS = replace(BAKING, name="others", n_creators=2, seed=12)


@dataclass
class Niche:
    engine: Engine
    user: object
    niche_id: int
    observations: list  # type: ignore[type-arg]
    outsider: object  # an Observation of a creator in the database but not in the niche


def _creator_id(engine: Engine, handle: str) -> int:
    with Session(engine) as session:
        return session.scalars(select(Creator.id).where(Creator.handle == handle)).one()


@pytest.fixture
def niche(engine: Engine) -> Niche:
    return _baking_niche(engine)


@pytest.fixture
def pg_niche(pg_engine: Engine) -> Niche:
    return _baking_niche(pg_engine)


def _baking_niche(engine: Engine) -> Niche:
    observations = generate_niche(BAKING, CAPTURED)
    others = generate_niche(OTHERS, CAPTURED)
    ingest(engine, [*observations, *others])
    user = get_or_create_user(engine, "https://issuer.example", "kept")
    update_settings(engine, user, own_handle=observations[1].creator.handle, timezone="Asia/Tokyo")
    created = create_niche(engine, user, "Baking")
    for observation in observations:
        add_member(engine, user, created.id, _creator_id(engine, observation.creator.handle))
    return Niche(engine, user, created.id, observations, others[0])


def _scraped_again(observation, days: int = 3):  # type: ignore[no-untyped-def]
    """The creator seen again later: more followers, more views on a video, and a new video with a
    hashtag and a sound the niche has never had."""
    first = observation.videos[0]
    more_views = replace(
        first, stats=VideoStats((first.stats.views or 0) + 5000, *first.stats.as_tuple()[1:])
    )
    new = VideoRecord(
        tiktok_id=str(9_000_000_000_000_000_000 + 100 * sum(map(ord, observation.creator.handle)) + days),
        posted_at=observation.captured_at + timedelta(days=days - 1),
        caption="Day one of the sourdough series #neverseenbefore",
        duration_s=31,
        stats=VideoStats(120_000, 9_000, 300, 40, 800),
        hashtags=("neverseenbefore",),
        sound=SoundRecord(tiktok_id="777000111", title="brand new sound", author="someone"),
    )
    followers = (observation.creator.stats.followers or 0) + 10_000
    creator = replace(observation.creator, stats=replace(observation.creator.stats, followers=followers))
    return replace(
        observation,
        creator=creator,
        captured_at=observation.captured_at + timedelta(days=days),
        videos=(more_views, new),
    )


def _assert_same_frame(kept: NicheFrame, full: NicheFrame) -> None:
    for name in ("videos", "creators", "sounds", "hashtags", "snapshots"):
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(full, name), obj=name)
    np.testing.assert_array_equal(kept.tag_names, full.tag_names)


def _full(niche: Niche) -> NicheFrame:
    return load_frame(niche.engine, Selection(niche_id=niche.niche_id))


def test_the_first_analysis_in_a_process_reads_the_whole_niche(niche: Niche) -> None:
    refresh = refresh_frame(niche.engine, niche.niche_id)
    assert refresh.reread is None
    _assert_same_frame(refresh.frame, _full(niche))


def test_after_one_creator_is_scraped_again_only_that_creator_is_read(niche: Niche) -> None:
    refresh_frame(niche.engine, niche.niche_id)
    ingest(niche.engine, [_scraped_again(niche.observations[3])])
    refresh = refresh_frame(niche.engine, niche.niche_id)
    assert refresh.reread == 1
    frame = refresh.frame
    _assert_same_frame(frame, _full(niche))
    assert "neverseenbefore" in set(frame.tag_names)
    assert "brand new sound" in set(frame.sounds["title"])


def test_nothing_is_read_again_when_only_creators_outside_the_niche_changed(niche: Niche) -> None:
    refresh_frame(niche.engine, niche.niche_id)
    ingest(niche.engine, [_scraped_again(niche.outsider)])
    refresh = refresh_frame(niche.engine, niche.niche_id)
    assert refresh.reread == 0
    frame = refresh.frame
    _assert_same_frame(frame, _full(niche))
    assert "neverseenbefore" not in set(frame.tag_names)


def test_members_who_leave_are_dropped_and_members_who_join_are_read(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    refresh_frame(engine, niche.niche_id)
    exclude_member(engine, user, niche.niche_id, _creator_id(engine, niche.observations[0].creator.handle))
    ingest(engine, [_scraped_again(niche.outsider)])  # the joining creator's new sound and hashtag come too
    add_member(engine, user, niche.niche_id, _creator_id(engine, niche.outsider.creator.handle))
    refresh = refresh_frame(engine, niche.niche_id)
    assert refresh.reread == 1
    _assert_same_frame(refresh.frame, _full(niche))


def _lone_video(observation):  # type: ignore[no-untyped-def]
    """The creator seen with a new video whose sound and hashtag no other video has."""
    lone = VideoRecord(
        tiktok_id="9100000000000000001",
        posted_at=observation.captured_at - timedelta(days=1),
        caption="Only here #onlyhere",
        duration_s=20,
        stats=VideoStats(5_000, 300, 10, 2, 20),
        hashtags=("onlyhere",),
        sound=SoundRecord(tiktok_id="555000111", title="only here sound", author="someone"),
    )
    return replace(observation, videos=(lone,))


def test_a_member_who_leaves_is_dropped_with_what_only_they_used_without_reading_anyone(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    leaving = _lone_video(niche.observations[4])
    ingest(engine, [leaving])
    kept = refresh_frame(engine, niche.niche_id).frame
    assert "onlyhere" in set(kept.tag_names) and "only here sound" in set(kept.sounds["title"])
    exclude_member(engine, user, niche.niche_id, _creator_id(engine, leaving.creator.handle))
    refresh = refresh_frame(engine, niche.niche_id)
    assert refresh.reread == 0
    _assert_same_frame(refresh.frame, _full(niche))
    assert "onlyhere" not in set(refresh.frame.tag_names)
    assert "only here sound" not in set(refresh.frame.sounds["title"])


def test_a_renamed_creator_takes_its_new_place_among_the_handles(niche: Niche) -> None:
    refresh_frame(niche.engine, niche.niche_id)
    last = max(niche.observations, key=lambda o: o.creator.handle)
    renamed = replace(last.creator, handle="aaa_renamed")
    ingest(niche.engine, [replace(_scraped_again(last), creator=renamed)])
    frame = refresh_frame(niche.engine, niche.niche_id).frame
    _assert_same_frame(frame, _full(niche))
    assert frame.creators["handle"].iloc[0] == "aaa_renamed"


def test_a_sound_no_video_uses_any_more_leaves_the_frame(niche: Niche) -> None:
    first = _lone_video(niche.observations[3])
    ingest(niche.engine, [first])
    assert "only here sound" in set(refresh_frame(niche.engine, niche.niche_id).frame.sounds["title"])
    (lone,) = first.videos
    swapped = replace(lone, sound=SoundRecord(tiktok_id="555000222", title="another sound", author="someone"))
    ingest(
        niche.engine, [replace(first, captured_at=first.captured_at + timedelta(days=1), videos=(swapped,))]
    )
    frame = refresh_frame(niche.engine, niche.niche_id).frame
    _assert_same_frame(frame, _full(niche))
    assert "only here sound" not in set(frame.sounds["title"]) and "another sound" in set(
        frame.sounds["title"]
    )


def test_a_sound_two_changed_creators_share_stays_when_one_of_them_leaves(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    refresh_frame(engine, niche.niche_id)
    ingest(engine, [_scraped_again(niche.observations[2]), _scraped_again(niche.observations[4], days=4)])
    exclude_member(engine, user, niche.niche_id, _creator_id(engine, niche.observations[2].creator.handle))
    refresh = refresh_frame(engine, niche.niche_id)
    assert refresh.reread == 1
    _assert_same_frame(refresh.frame, _full(niche))


def test_the_digest_from_kept_tables_is_the_digest_of_a_full_analysis(niche: Niche) -> None:
    engine, user = niche.engine, niche.user
    compute_digest(engine, user, niche.niche_id)
    ingest(engine, [_scraped_again(niche.observations[1]), _scraped_again(niche.observations[5])])
    compute_digest(engine, user, niche.niche_id)
    kept = read_digest(engine, user, niche.niche_id)
    forget()
    compute_digest(engine, user, niche.niche_id)
    full = read_digest(engine, user, niche.niche_id)
    assert kept is not None and full is not None
    assert kept.summary == full.summary
    pd.testing.assert_frame_equal(kept.metrics, full.metrics)
    pd.testing.assert_frame_equal(kept.posting_times, full.posting_times)
    pd.testing.assert_frame_equal(kept.lengths, full.lengths)
    pd.testing.assert_frame_equal(kept.leaderboard, full.leaderboard)
    assert kept.insights == full.insights
    assert [r.to_json() for r in kept.recommendations] == [r.to_json() for r in full.recommendations]


def _waiting_on(engine: Engine, condition: str) -> bool:
    """Whether a session of this database waits for a lock that matches ``condition`` (on pg_locks)."""
    with engine.connect() as connection:
        return bool(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
                    f"(SELECT oid FROM pg_database WHERE datname = current_database()) AND {condition}"
                )
            ).scalar_one()
        )


def test_a_write_that_commits_after_a_later_one_is_still_read_again(pg_niche: Niche) -> None:
    """An import takes its ids early and commits late; a scrape that takes later ids commits first. An
    analysis in between must not mark the import's rows as read: it waits for the import to land."""
    engine = pg_niche.engine
    refresh_frame(engine, pg_niche.niche_id)
    importing, scraped = pg_niche.observations[0], pg_niche.observations[1]
    followers_only = replace(_scraped_again(importing), videos=())
    blocker = engine.connect()
    blocker.execute(text("LOCK TABLE sounds IN SHARE MODE"))  # the import stops at its second creator's sound
    with ThreadPoolExecutor(max_workers=2) as pool:
        the_import = pool.submit(
            ingest, engine, [followers_only, _scraped_again(pg_niche.outsider)], atomic=True, batch_videos=1
        )
        wait_for(lambda: _waiting_on(engine, "relation = 'sounds'::regclass") or the_import.done())
        ingest(engine, [replace(_scraped_again(scraped), videos=())])
        analysis = pool.submit(refresh_frame, engine, pg_niche.niche_id)
        wait_for(lambda: _waiting_on(engine, "locktype = 'advisory'") or analysis.done())
        blocker.rollback()
        blocker.close()
        the_import.result(timeout=60)
        analysis.result(timeout=60)
    refresh = refresh_frame(engine, pg_niche.niche_id)
    _assert_same_frame(refresh.frame, _full(pg_niche))


def test_a_caption_edited_without_new_counts_is_read_again(niche: Niche) -> None:
    refresh_frame(niche.engine, niche.niche_id)
    seen = niche.observations[2]
    edited = replace(seen.videos[0], caption="Edited: now with #freshtag", hashtags=("freshtag",))
    ingest(niche.engine, [replace(seen, captured_at=seen.captured_at + timedelta(days=1), videos=(edited,))])
    frame = refresh_frame(niche.engine, niche.niche_id).frame
    _assert_same_frame(frame, _full(niche))
    assert "freshtag" in set(frame.tag_names)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_changes_keeps_the_frame_a_full_read_gives(niche: Niche, seed: int) -> None:
    """Scrapes, renames, caption edits, members leaving, coming back and joining, in a random order: after
    each, the kept frame spliced with the creators read again is the frame a full read gives."""
    engine, user, rng = niche.engine, niche.user, np.random.default_rng(seed)
    latest = {o.creator.handle: o for o in [*niche.observations, niche.outsider]}
    handles = list(latest)
    refresh_frame(engine, niche.niche_id)
    for step in range(12):
        handle = handles[rng.integers(len(handles))]
        seen = latest[handle]
        creator_id = _creator_id(engine, seen.creator.handle)
        action = rng.choice(["scrape", "rename", "edit", "exclude", "include", "join"])
        if action == "scrape":
            latest[handle] = _scraped_again(seen, days=10 + step)
            ingest(engine, [latest[handle]])
        elif action == "rename":
            renamed = replace(seen.creator, handle=f"{'a' if step % 2 else 'z'}renamed{step}")
            latest[handle] = replace(seen, creator=renamed, captured_at=seen.captured_at + timedelta(days=1))
            ingest(engine, [latest[handle]])
        elif action == "edit":
            edited = replace(seen.videos[0], caption=f"Edited #step{step}", hashtags=(f"step{step}",))
            latest[handle] = replace(seen, captured_at=seen.captured_at + timedelta(days=1), videos=(edited,))
            ingest(engine, [latest[handle]])
        elif action == "join":
            add_member(engine, user, niche.niche_id, creator_id)
        else:
            try:
                exclude_member(engine, user, niche.niche_id, creator_id, excluded=action == "exclude")
            except CompassError:  # not a member yet (the outsider): nothing to exclude or include
                continue
        _assert_same_frame(refresh_frame(engine, niche.niche_id).frame, _full(niche))


def test_an_empty_niche_kept_then_joined_is_read_whole(niche: Niche) -> None:
    empty = create_niche(niche.engine, niche.user, "Empty for now")
    assert refresh_frame(niche.engine, empty.id).frame.n_videos == 0
    for observation in niche.observations[:2]:
        add_member(niche.engine, niche.user, empty.id, _creator_id(niche.engine, observation.creator.handle))
    refresh = refresh_frame(niche.engine, empty.id)
    assert refresh.reread is None
    _assert_same_frame(refresh.frame, load_frame(niche.engine, Selection(niche_id=empty.id)))


def test_over_a_third_of_the_members_changed_reads_the_whole_niche(niche: Niche) -> None:
    refresh_frame(niche.engine, niche.niche_id)
    ingest(niche.engine, [_scraped_again(o) for o in niche.observations[:2]])
    assert refresh_frame(niche.engine, niche.niche_id).reread == 2  # a third of six: still spliced
    ingest(niche.engine, [_scraped_again(o, days=5) for o in niche.observations[:3]])
    refresh = refresh_frame(niche.engine, niche.niche_id)
    assert refresh.reread is None
    _assert_same_frame(refresh.frame, _full(niche))
