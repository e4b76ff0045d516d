"""Sounds and hashtags: small shared catalogs, resolved to row ids for a whole batch at once."""

from __future__ import annotations

from sqlalchemy import Connection, select, tuple_

from compass.ingest.sql import HASHTAGS, SOUNDS, among, chunks, upsert
from compass.records import SoundRecord

SoundKey = tuple[str | None, str | None, str | None]


def sound_key(sound: SoundRecord) -> SoundKey:
    """Sounds with a TikTok id are that id; sounds some exports know only by title are (title, author)."""
    return (sound.tiktok_id, None, None) if sound.tiktok_id else (None, sound.title, sound.author)


def sound_ids(connection: Connection, sounds: list[SoundRecord]) -> dict[SoundKey, int]:
    with_id = {s.tiktok_id: s for s in sounds if s.tiktok_id}
    by_title = {(s.title, s.author): s for s in sounds if not s.tiktok_id and s.title}
    ids: dict[SoundKey, int] = {}
    if with_id:
        connection.execute(
            upsert(connection, SOUNDS).on_conflict_do_nothing().returning(SOUNDS.c.id),
            [
                {"tiktok_id": s.tiktok_id, "title": s.title, "author": s.author, "original": s.original}
                for s in with_id.values()
            ],
        )
        for clause in among(connection, SOUNDS.c.tiktok_id, list(with_id)):
            rows = connection.execute(select(SOUNDS.c.tiktok_id, SOUNDS.c.id).where(clause))
            ids.update({(tiktok_id, None, None): row_id for tiktok_id, row_id in rows})
    if by_title:
        found: dict[tuple[str | None, str | None], int] = {}
        for chunk in chunks(list(by_title), 400):
            with_author = [(t, a) for t, a in chunk if a is not None]
            without_author = [t for t, a in chunk if a is None]
            rows = connection.execute(
                select(SOUNDS.c.title, SOUNDS.c.author, SOUNDS.c.id).where(
                    SOUNDS.c.tiktok_id.is_(None),
                    tuple_(SOUNDS.c.title, SOUNDS.c.author).in_(with_author)
                    | (SOUNDS.c.title.in_(without_author) & SOUNDS.c.author.is_(None)),
                )
            )
            for title, author, row_id in rows:
                found.setdefault((title, author), row_id)
        missing = [key for key in by_title if key not in found]
        if missing:
            inserted = connection.execute(
                SOUNDS.insert().returning(SOUNDS.c.title, SOUNDS.c.author, SOUNDS.c.id),
                [{"title": t, "author": a, "original": by_title[(t, a)].original} for t, a in missing],
            )
            found.update({(title, author): row_id for title, author, row_id in inserted})
        ids.update({(None, title, author): row_id for (title, author), row_id in found.items()})
    return ids


def hashtag_ids(connection: Connection, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    ordered = sorted(names)
    connection.execute(
        upsert(connection, HASHTAGS).on_conflict_do_nothing().returning(HASHTAGS.c.id),
        [{"name": n} for n in ordered],
    )
    ids: dict[str, int] = {}
    for clause in among(connection, HASHTAGS.c.name, ordered):
        ids.update(connection.execute(select(HASHTAGS.c.name, HASHTAGS.c.id).where(clause)).all())
    return ids
