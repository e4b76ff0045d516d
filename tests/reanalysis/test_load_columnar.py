"""PostgreSQL loads read through ADBC (Arrow from binary COPY): the frame is the one the plain path (rows
fetched through SQLAlchemy, as on SQLite) gives from the same data, value for value, dtype for dtype,
in the same order; and the ADBC connection is the engine's database, whatever characters its URL holds,
read in one snapshot."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from psycopg2.extensions import parse_dsn
from sqlalchemy import Engine, func, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from compass.analytics.frame import NicheFrame
from compass.db import columnar_connection, libpq_uri, make_engine_for_url
from compass.ingest import ingest
from compass.models import Creator, MemberSource, Niche, NicheMember, User
from compass.reanalysis import load as load_module
from compass.reanalysis.load import Selection, load_frame
from compass.records import SoundRecord, VideoRecord, VideoStats
from tests.analytics.helpers import CAPTURED, T0, observation, video

BEYOND_DOUBLES = str(2**53 + 1)  # a float would read it as 2**53
LARGEST_ID = str(2**64 - 1)  # beyond int64 too: the id is text


def _odd_videos() -> list[VideoRecord]:
    """Unknowns everywhere they may be, text beyond ASCII, ids no double holds."""
    return [
        video(T0, None, likes=None, comments=None, shares=None, saves=None, duration=None, caption=None),
        video(T0 + timedelta(hours=1), 10, caption="", hashtags=("café", "🔥"), is_photo=True),
        video(
            T0 + timedelta(hours=2),
            2**40,
            caption="POV: ¿por qué? 3 tips 😀 #café",
            hashtags=("café",),
            sound=SoundRecord(title="son original — Zoë"),
        ),
        video(T0 + timedelta(hours=3), 7, sound=SoundRecord(tiktok_id="77", title=None, original=False)),
        VideoRecord(tiktok_id=BEYOND_DOUBLES, posted_at=T0, stats=VideoStats(views=5)),
        VideoRecord(tiktok_id=LARGEST_ID, posted_at=T0, caption="ok", stats=VideoStats(views=6)),
    ]


def _store(engine: Engine) -> None:
    odd = _odd_videos()
    ingest(
        engine,
        [
            observation("zoe", odd[:4], followers=None, video_count=None),
            observation("ana", odd[4:], followers=2**40, video_count=12),
            observation("ana", [], followers=2**40 + 1, captured=CAPTURED + timedelta(days=1)),
            observation("bo", [video(T0, 3, hashtags=("café",))]),
        ],
    )
    # Handles the app writes are ASCII; whatever text the database holds, the load carries as it is.
    with engine.begin() as connection:
        connection.execute(update(Creator).where(Creator.handle == "bo").values(handle="bø_ünï.😀"))


def _niche_of(engine: Engine, members: list[str], excluded: list[str]) -> int:
    with Session(engine) as session, session.begin():
        user = User(issuer="test", subject="columnar")
        session.add(user)
        session.flush()
        ids = dict(session.execute(select(Creator.handle, Creator.id)).all())
        niche = Niche(user_id=user.id, name="odd")
        niche.members = [
            NicheMember(creator_id=ids[h], source=MemberSource.MANUAL, excluded=h in excluded)
            for h in members
        ]
        session.add(niche)
        session.flush()
        return niche.id


def _plain(engine: Engine, selection: Selection, monkeypatch: pytest.MonkeyPatch) -> NicheFrame:
    with monkeypatch.context() as patch:
        patch.setattr(load_module, "_read_columnar", load_module._read_rows)
        return load_frame(engine, selection)


def _assert_same(columnar: NicheFrame, plain: NicheFrame) -> None:
    for part in ("videos", "creators", "sounds", "hashtags", "snapshots"):
        pd.testing.assert_frame_equal(
            getattr(columnar, part), getattr(plain, part), check_exact=True, obj=part
        )
    np.testing.assert_array_equal(columnar.tag_names, plain.tag_names)
    assert columnar.tag_names.dtype == plain.tag_names.dtype


@pytest.mark.parametrize("which", ["everyone", "niche", "handles"])
def test_columnar_load_equals_the_plain_load(pg_engine: Engine, monkeypatch, which: str) -> None:
    _store(pg_engine)
    selection = {
        "everyone": Selection(),
        "niche": Selection(niche_id=_niche_of(pg_engine, ["zoe", "ana", "bø_ünï.😀"], excluded=["ana"])),
        "handles": Selection(handles=("ana", "@ZOE")),
    }[which]
    columnar = load_frame(pg_engine, selection)
    _assert_same(columnar, _plain(pg_engine, selection, monkeypatch))
    expected = {"everyone": 3, "niche": 2, "handles": 2}[which]
    assert columnar.n_creators == expected


def test_both_readers_hand_over_the_same_arrow_tables(pg_engine: Engine) -> None:
    """Stronger than the frames' equality, which the frame's assembly would give even from looser types."""
    _store(pg_engine)
    statements = load_module.table_statements(Selection(), "postgresql")
    columnar = dict(load_module._read_columnar(pg_engine, statements))
    plain = dict(load_module._read_rows(pg_engine, statements))
    for name, table in columnar.items():
        assert table.schema == plain[name].schema, name
        assert table.equals(plain[name]), name


def test_columnar_load_keeps_text_ids_and_unknowns(pg_engine: Engine) -> None:
    _store(pg_engine)
    frame = load_frame(pg_engine)
    assert {BEYOND_DOUBLES, LARGEST_ID} <= set(frame.videos["tiktok_id"])
    assert "bø_ünï.😀" in set(frame.creators["handle"])
    assert set(frame.tag_names) == {"café", "🔥"}
    assert frame.videos["views"].isna().sum() == 1
    assert frame.videos["views"].max() == 2**40
    zoe = frame.creators[frame.creators["handle"] == "zoe"]
    assert zoe["followers"].isna().all() and zoe["video_count"].isna().all()
    assert frame.snapshots["followers"].max() == 2**40 + 1


def test_columnar_load_of_an_empty_database(pg_engine: Engine) -> None:
    frame = load_frame(pg_engine)
    assert frame.n_creators == frame.n_videos == 0


def test_columnar_connection_is_the_engines_database_in_one_snapshot(pg_engine: Engine) -> None:
    # Characters a URI must escape, in a password the trusting local server does not check: the URI
    # libpq reads must still be well formed.
    odd_password = pg_engine.url.set(password="p@ss:w/rd %?#")
    engine = make_engine_for_url(odd_password.render_as_string(hide_password=False), "test")
    try:
        with columnar_connection(engine, snapshot=True) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), current_setting('transaction_isolation'), now()")
            first = cursor.fetchone()
            cursor.execute("SELECT now()")
            second = cursor.fetchone()
    finally:
        engine.dispose()
    assert first[0] == pg_engine.url.database
    assert first[1] == "repeatable read"
    assert second[0] == first[2]  # one transaction: now() stands still


def test_rows_reader_reads_one_snapshot_on_postgresql_too(pg_engine: Engine) -> None:
    """A few creators read again after a scrape come as rows: their tables must agree with each other
    as the columnar reader's do, and the pooled connection must be handed back as it was."""
    statements = {
        name: (
            select(func.current_setting("transaction_isolation"), func.now()),
            {"level": pa.string(), "at": pa.timestamp("us", "UTC")},
        )
        for name in ("first", "second")
    }
    read = dict(load_module._read_rows(pg_engine, statements))
    assert read["first"].column("level").to_pylist() == ["repeatable read"]
    assert (
        read["first"].column("at").equals(read["second"].column("at"))
    )  # one transaction: now() stands still
    with pg_engine.connect() as connection:
        assert connection.execute(select(func.current_setting("transaction_isolation"))).scalar_one() == (
            "read committed"
        )


def test_columnar_connection_reads_outside_a_snapshot_by_default(pg_engine: Engine) -> None:
    with columnar_connection(pg_engine) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('transaction_isolation')")
        assert cursor.fetchone() == ("read committed",)


def test_libpq_uri_carries_every_part_of_the_url() -> None:
    url = URL.create(
        "postgresql+psycopg2",
        username="an na",
        password="p@ss w/rd:+%'?#[]",
        host="db.example",
        port=5433,
        database="niche é/1",
        query={"sslmode": "require", "options": "-c search_path=a b"},
    )
    assert parse_dsn(libpq_uri(url)) == {
        "user": "an na",
        "password": "p@ss w/rd:+%'?#[]",
        "host": "db.example",
        "port": "5433",
        "dbname": "niche é/1",
        "sslmode": "require",
        "options": "-c search_path=a b",
    }
    assert parse_dsn(libpq_uri(make_url("postgresql+psycopg2://u@[::1]/x"))) == {
        "user": "u",
        "host": "::1",
        "dbname": "x",
    }
