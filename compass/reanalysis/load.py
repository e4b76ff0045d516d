"""Loading a niche's frame from the database: one query per table, filtered in SQL by the selection (a
niche's members, some handles, or everyone); never a query per creator. On PostgreSQL each query is read
through ADBC: Arrow decoded straight from binary COPY, no text to parse and no Python object per value
(bench/analytics.py sets the load beside that bare read of the same queries).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
from sqlalchemy import BigInteger, Connection, Engine, Integer, Select, and_, cast, false, func, select, true

from compass.analytics.frame import STAT_COLUMNS, NicheFrame, assemble_frame, with_caption_features
from compass.db import columnar_connection
from compass.errors import CompassError
from compass.models import Creator, Hashtag, Niche, NicheMember, ProfileSnapshot, Sound, Video, VideoHashtag
from compass.records import normalize_handle

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Connection as ColumnarConnection

_BATCH_ROWS = 200_000
# A few creators read again after a scrape come faster as rows through the pooled connection: opening an
# ADBC connection alone takes about 60 ms, more than their rows cost.
FEW_CREATORS = 10


@dataclass(frozen=True)
class Selection:
    """Which creators to load: a niche's members (excluded ones left out), some handles, some creator ids,
    or everyone."""

    niche_id: int | None = None
    handles: tuple[str, ...] | None = None
    ids: tuple[int, ...] | None = None

    def creator_ids(self) -> Select[Any] | None:
        if self.niche_id is not None:
            return select(NicheMember.creator_id).where(
                NicheMember.niche_id == self.niche_id, NicheMember.excluded == false()
            )
        if self.handles is not None:
            return select(Creator.id).where(Creator.handle.in_([normalize_handle(h) for h in self.handles]))
        if self.ids is not None:
            return select(Creator.id).where(Creator.id.in_(self.ids))
        return None


def _epoch(column: Any, dialect: str) -> Any:
    """Unix seconds computed by the database: no datetime object per row on the way out."""
    if dialect == "postgresql":
        return cast(func.floor(func.extract("epoch", column)), BigInteger)
    return cast(func.strftime("%s", column), Integer)


# Column types of each query's result, in select order.
_F, _I, _S, _B = pa.float64(), pa.int64(), pa.string(), pa.bool_()
_CREATOR_TYPES = {"creator_id": _I, "handle": _S, "followers": _F, "captured_s": _F, "video_count": _F}
_VIDEO_TYPES = {
    "video_id": _I,
    "tiktok_id": _S,
    "creator_id": _I,
    "posted_s": _I,
    "captured_s": _F,
    **{name: _F for name in STAT_COLUMNS},
    "duration_s": _F,
    "is_photo": _B,
    "sound_id": _F,
    "caption": _S,
}
_SOUND_TYPES = {"sound_id": _I, "title": _S, "original": _B}
_LINK_TYPES = {"video_id": _I, "hashtag_id": _I}
_TAG_TYPES = {"hashtag_id": _I, "name": _S}
_SNAPSHOT_TYPES = {"creator_id": _I, "captured_s": _I, "followers": _F}

Statements = dict[str, tuple[Any, dict[str, pa.DataType]]]  # by table: the query, its result's types


def _copy(connection: ColumnarConnection, sql: str, types: dict[str, pa.DataType]) -> pa.Table:
    """PostgreSQL: ADBC runs the query as COPY TO STDOUT (FORMAT binary) and decodes it into Arrow; no text
    to parse, no Python object per value."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        table = cursor.fetch_arrow_table()
    # The declared names and types: counts arrive as integers and are floats in the frame (NaN = unknown).
    # Unchecked, so that a count beyond 2^53 rounds as a float does instead of failing the load.
    return table.rename_columns(list(types)).cast(pa.schema(types.items()), safe=False)


def _fetch(connection: Connection, statement: Any, types: dict[str, pa.DataType]) -> Iterable[pa.Table]:
    """Other databases: rows in batches, turned into Arrow tables column by column."""
    result = connection.execution_options(stream_results=True).execute(statement)
    for rows in result.partitions(_BATCH_ROWS):
        columns = zip(*rows, strict=True)
        yield pa.table(
            {
                name: pa.array(list(values), type=t)
                for (name, t), values in zip(types.items(), columns, strict=True)
            }
        )


def _read_columnar(engine: Engine, statements: Statements) -> Iterator[tuple[str, pa.Table]]:
    """PostgreSQL: the queries over one ADBC connection, in one snapshot (REPEATABLE READ) so that a
    concurrent ingest cannot leave a hashtag link without its video."""
    with columnar_connection(engine, snapshot=True) as connection:
        for name, (statement, types) in statements.items():
            yield name, _copy(connection, literal_sql(statement, engine), types)


def _read_rows(engine: Engine, statements: Statements) -> Iterator[tuple[str, pa.Table]]:
    """Rows through the engine's pooled connection; on PostgreSQL in one snapshot too."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        for name, (statement, types) in statements.items():
            parts = list(_fetch(connection, statement, types))
            yield name, pa.concat_tables(parts) if parts else pa.schema(types.items()).empty_table()


def literal_sql(statement: Any, engine: Engine) -> str:
    """A statement as SQL text with its parameters written in: COPY, under ADBC's read, takes none."""
    return str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))


def _pandas(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)


def _videos_with_caption_features(table: pa.Table) -> pd.DataFrame:
    """The videos with their captions' features in place of the text, which the frame does not keep."""
    captions = table.column("caption").combine_chunks()
    videos = with_caption_features(_pandas(table.drop_columns(["caption"])), captions)
    videos["is_photo"] = videos["is_photo"].astype("boolean")
    return videos


def table_statements(selection: Selection, dialect: str) -> Statements:
    """The one query per table, by table name, each with its result's column names and types."""
    members = selection.creator_ids()

    def of_creators(column: Any) -> Any:
        return column.in_(members) if members is not None else true()

    video_ids = select(Video.id).where(of_creators(Video.creator_id))
    used_sounds = select(Video.sound_id).where(
        and_(of_creators(Video.creator_id), Video.sound_id.is_not(None))
    )
    used_tags = select(VideoHashtag.hashtag_id).where(VideoHashtag.video_id.in_(video_ids))
    video_columns = (Video.views, Video.likes, Video.comments, Video.shares, Video.saves, Video.duration_s)
    return {
        "creators": (
            select(
                Creator.id,
                Creator.handle,
                Creator.followers,
                _epoch(Creator.stats_captured_at, dialect),
                Creator.video_count,
            ).where(of_creators(Creator.id)),
            _CREATOR_TYPES,
        ),
        "videos": (
            select(
                Video.id,
                Video.tiktok_id,
                Video.creator_id,
                _epoch(Video.posted_at, dialect),
                _epoch(Video.stats_captured_at, dialect),
                *video_columns,
                Video.is_photo,
                Video.sound_id,
                Video.caption,
            ).where(of_creators(Video.creator_id)),
            _VIDEO_TYPES,
        ),
        "sounds": (
            select(Sound.id, Sound.title, Sound.original).where(Sound.id.in_(used_sounds)),
            _SOUND_TYPES,
        ),
        "links": (
            select(VideoHashtag.video_id, VideoHashtag.hashtag_id).where(
                VideoHashtag.video_id.in_(video_ids) if members is not None else true()
            ),
            _LINK_TYPES,
        ),
        "tags": (
            select(Hashtag.id, Hashtag.name).where(
                Hashtag.id.in_(used_tags) if members is not None else true()
            ),
            _TAG_TYPES,
        ),
        "snapshots": (
            select(
                ProfileSnapshot.creator_id,
                _epoch(ProfileSnapshot.captured_at, dialect),
                ProfileSnapshot.followers,
            ).where(of_creators(ProfileSnapshot.creator_id)),
            _SNAPSHOT_TYPES,
        ),
    }


def load_frame(engine: Engine, selection: Selection | None = None) -> NicheFrame:
    """The selection's frame, from one query per table (creators, videos, sounds, video hashtags, hashtags,
    profile snapshots), each filtered by the selection in SQL; never a query per creator. On PostgreSQL
    the six read one snapshot (REPEATABLE READ), so a concurrent ingest cannot leave a hashtag link
    without its video; through ADBC unless a few creators are read by id."""
    selection = selection or Selection()
    statements = table_statements(selection, engine.dialect.name)
    few = selection.ids is not None and len(selection.ids) <= FEW_CREATORS
    read = _read_columnar if engine.dialect.name == "postgresql" and not few else _read_rows
    tables: dict[str, pa.Table] = {}
    with ThreadPoolExecutor(max_workers=1) as helper:
        for name, table in read(engine, statements):
            if name == "videos":
                # Captions are matched by Arrow compute while the next tables arrive: both leave the GIL.
                videos_ready = helper.submit(_videos_with_caption_features, table)
            else:
                tables[name] = table
        videos = videos_ready.result()
    # Each Arrow table goes as soon as its frame is made: they would otherwise sit through the assembly,
    # where the load's memory peaks.
    frames = {name: _pandas(tables.pop(name)) for name in list(tables)}
    frames["sounds"]["original"] = frames["sounds"]["original"].astype("boolean")
    frames["sounds"] = frames["sounds"].sort_values("sound_id", ignore_index=True)
    return assemble_frame(
        frames["creators"], videos, frames["sounds"], frames["links"], frames["tags"], frames["snapshots"]
    )


# --- Finding what to load ------------------------------------------------------------------------


def find_niche(engine: Engine, name: str, user_id: int | None = None) -> int:
    """A niche by name: the user's own if ``user_id`` is given and has one, else the only niche so named."""
    with engine.connect() as connection:
        rows = connection.execute(select(Niche.id, Niche.user_id).where(Niche.name == name)).all()
    own = [r.id for r in rows if user_id is not None and r.user_id == user_id]
    if own:
        return int(own[0])
    if len(rows) == 1:
        return int(rows[0].id)
    if not rows:
        raise CompassError(f"no niche named {name!r}")
    raise CompassError(f"{len(rows)} niches are named {name!r} (of different users); name one of yours")


def niche_of_creator(engine: Engine, handle: str, user_id: int | None = None) -> int | None:
    """A niche the creator belongs to: one of the user's if any, else the oldest; None when in no niche."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(NicheMember.niche_id, Niche.user_id)
            .join(Niche, Niche.id == NicheMember.niche_id)
            .join(Creator, Creator.id == NicheMember.creator_id)
            .where(Creator.handle == normalize_handle(handle), NicheMember.excluded == false())
            .order_by(Niche.created_at, Niche.id)
        ).all()
    own = [r.niche_id for r in rows if user_id is not None and r.user_id == user_id]
    return int(own[0]) if own else (int(rows[0].niche_id) if rows else None)
