"""The niche frame: built from observations or loaded from the database, the same; one query per table."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from compass.analytics.frame import frame_from_observations
from compass.errors import CompassError
from compass.ingest import ingest
from compass.models import Creator, MemberSource, Niche, NicheMember, User
from compass.reanalysis import load as load_module
from compass.reanalysis.load import Selection, find_niche, load_frame, niche_of_creator
from compass.records import SoundRecord
from compass.synthetic import NicheSpec, generate_niche
from tests.analytics.helpers import T0, observation, video

SPEC = NicheSpec(name="fitness", n_creators=12, videos_per_creator=(5, 40), seed=21)


def _comparable(frame) -> pd.DataFrame:
    """Videos with their ids, sound titles and hashtag names spelled out (codes depend on insert order)."""
    v = frame.videos.drop(columns=["video_id", "sound"]).copy()
    v["handle"] = frame.creators["handle"].to_numpy()[frame.videos["creator"]]
    titles = frame.sounds["title"].to_numpy(dtype=object)
    v["sound_title"] = np.where(frame.videos["sound"] >= 0, titles[frame.videos["sound"].clip(lower=0)], None)
    tags = pd.Series(frame.tag_names[frame.hashtags["tag"]], index=frame.hashtags["video"])
    v["tags"] = [tuple(sorted(tags.loc[[i]])) if i in tags.index else () for i in range(len(v))]
    return v


def test_frame_from_observations_shapes_and_codes():
    observations = generate_niche(SPEC, SPEC.end)
    frame = frame_from_observations(observations)
    assert frame.n_creators == SPEC.n_creators
    assert frame.n_videos == sum(len(o.videos) for o in observations)
    assert list(frame.creators["handle"]) == sorted(o.creator.handle for o in observations)
    v = frame.videos
    assert (np.diff(v["creator"]) >= 0).all()
    same = v["creator"].to_numpy()[1:] == v["creator"].to_numpy()[:-1]
    assert (np.diff(v["posted_s"].to_numpy())[same] >= 0).all()
    assert len(frame.hashtags) == sum(len(x.hashtags) for o in observations for x in o.videos)
    assert set(v["sound_original"]) <= {0, 1}


def test_frame_from_observations_video_seen_twice_keeps_latest_stats():
    first = video(T0, 100)
    later = replace(first, stats=replace(first.stats, views=500))
    frame = frame_from_observations(
        [
            observation("a", [first], captured=T0.replace(month=2)),
            observation("a", [later], captured=T0.replace(month=3)),
        ]
    )
    assert frame.n_videos == 1 and frame.videos["views"].iloc[0] == 500
    assert len(frame.snapshots) == 2


def test_frame_sound_titled_original_without_flag_counts_as_original():
    videos = [
        video(T0, 10, sound=SoundRecord(title="original sound - Mia")),
        video(T0, 10, sound=SoundRecord(title="Golden Hearts")),
        video(T0, 10, sound=SoundRecord(title="Golden Hearts (Remix)", original=True)),
    ]
    frame = frame_from_observations([observation("a", videos)])
    assert sorted(frame.videos["sound_original"]) == [-1, 1, 1]


def test_load_frame_after_ingest_equals_frame_from_observations(engine: Engine):
    observations = generate_niche(SPEC, SPEC.end)
    ingest(engine, observations)
    loaded = load_frame(engine)
    built = frame_from_observations(observations)
    pd.testing.assert_frame_equal(_comparable(loaded), _comparable(built), check_dtype=False)
    pd.testing.assert_frame_equal(
        loaded.creators.drop(columns="creator_id"),
        built.creators.drop(columns="creator_id"),
        check_dtype=False,
    )
    pd.testing.assert_frame_equal(loaded.snapshots, built.snapshots, check_dtype=False)


def _niche(engine: Engine, name: str, handles: list[str], excluded: list[str] = ()) -> int:
    with Session(engine) as session, session.begin():
        user = User(issuer="test", subject=name)
        session.add(user)
        session.flush()
        niche = Niche(user_id=user.id, name=name)
        ids = dict(session.execute(select(Creator.handle, Creator.id)).all())
        niche.members = [
            NicheMember(creator_id=ids[h], source=MemberSource.MANUAL, excluded=h in excluded)
            for h in handles
        ]
        session.add(niche)
        session.flush()
        return niche.id


def test_load_frame_niche_selection_members_only_excluded_left_out(engine: Engine):
    observations = generate_niche(SPEC, SPEC.end)
    ingest(engine, observations)
    handles = sorted(o.creator.handle for o in observations)
    niche_id = _niche(engine, "mine", handles[:5], excluded=handles[4:5])
    frame = load_frame(engine, Selection(niche_id=niche_id))
    assert list(frame.creators["handle"]) == handles[:4]
    expected = sum(len(o.videos) for o in observations if o.creator.handle in handles[:4])
    assert frame.n_videos == expected
    assert frame.hashtags["video"].max() < frame.n_videos
    by_handle = load_frame(engine, Selection(handles=(handles[0], "@" + handles[1])))
    assert list(by_handle.creators["handle"]) == handles[:2]


def test_load_frame_one_query_per_table_whatever_the_creator_count(engine: Engine, monkeypatch):
    ingest(engine, generate_niche(SPEC, SPEC.end))
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    copy = load_module._copy  # PostgreSQL reads through COPY on the raw cursor: count those too

    def counted_copy(connection, statement, types):
        statements.append(str(statement))
        return copy(connection, statement, types)

    monkeypatch.setattr(load_module, "_copy", counted_copy)
    event.listen(engine, "before_cursor_execute", count)
    try:
        load_frame(engine)
        few = len(statements)
        statements.clear()
        ingest(engine, generate_niche(replace(SPEC, n_creators=40), SPEC.end))
        statements.clear()
        load_frame(engine)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert few == len(statements) == 6  # creators, videos, sounds, video hashtags, hashtags, snapshots


def test_load_frame_empty_database_gives_empty_frame(engine: Engine):
    frame = load_frame(engine)
    assert frame.n_creators == 0 and frame.n_videos == 0


def test_find_niche_by_name_and_niche_of_creator(engine: Engine):
    observations = generate_niche(SPEC, SPEC.end)
    ingest(engine, observations)
    handles = sorted(o.creator.handle for o in observations)
    niche_id = _niche(engine, "fitness friends", handles[:3])
    assert find_niche(engine, "fitness friends") == niche_id
    assert niche_of_creator(engine, "@" + handles[0]) == niche_id
    assert niche_of_creator(engine, handles[-1]) is None
    with pytest.raises(CompassError):
        find_niche(engine, "nope")


def test_creator_code_unknown_handle_raises():
    frame = frame_from_observations([observation("a", [video(T0, 1)])])
    assert frame.creator_code("@A") == 0
    with pytest.raises(CompassError):
        frame.creator_code("b")


def test_frame_same_capture_time_later_source_wins_as_in_database(engine: Engine):
    first = video(T0, 100, likes=1)
    again = replace(first, stats=replace(first.stats, views=900, likes=9))
    observations = [
        observation("a", [first], followers=10, captured=T0.replace(month=3)),
        observation("a", [again], followers=20, captured=T0.replace(month=3)),
    ]
    ingest(engine, observations)
    for frame in (frame_from_observations(observations), load_frame(engine)):
        assert frame.videos["views"].tolist() == [900] and frame.videos["likes"].tolist() == [9]
        assert frame.creators["followers"].tolist() == [20]
