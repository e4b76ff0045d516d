"""Discovery from what the database already holds: creators who share hashtags and sounds with the seeds.

Public data is shared, so creators scraped or imported for anyone are candidates for everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine, func, select

from compass.discovery.fingerprint import Fingerprint, fingerprint
from compass.models import Creator, Hashtag, Sound, Video, VideoHashtag
from compass.records import CreatorRecord, ProfileStats, SoundRecord, VideoRecord, VideoStats

VIDEOS_PER_CREATOR = 60


def fingerprints(engine: Engine, creator_ids: Iterable[int]) -> dict[int, Fingerprint]:
    """Each creator's fingerprint from its latest videos (at most VIDEOS_PER_CREATOR), in 3 queries."""
    ids = sorted(set(creator_ids))
    if not ids:
        return {}
    with engine.connect() as connection:
        creators = {row.id: row for row in connection.execute(select(Creator).where(Creator.id.in_(ids)))}
        ranked = (
            select(
                Video.id,
                Video.creator_id,
                Video.tiktok_id,
                Video.posted_at,
                Video.caption,
                Video.views,
                Video.likes,
                Video.comments,
                Video.shares,
                Video.saves,
                Sound.tiktok_id.label("sound_tid"),
                Sound.title.label("sound_title"),
                Sound.original,
                func.row_number()
                .over(partition_by=Video.creator_id, order_by=Video.posted_at.desc())
                .label("n"),
            )
            .outerjoin(Sound, Sound.id == Video.sound_id)
            .where(Video.creator_id.in_(ids))
            .subquery()
        )
        videos = connection.execute(select(ranked).where(ranked.c.n <= VIDEOS_PER_CREATOR)).all()
        tags: dict[int, list[str]] = defaultdict(list)
        video_ids = [v.id for v in videos]
        for start in range(0, len(video_ids), 900):
            for video_id, name in connection.execute(
                select(VideoHashtag.video_id, Hashtag.name)
                .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
                .where(VideoHashtag.video_id.in_(video_ids[start : start + 900]))
            ):
                tags[video_id].append(name)
    by_creator: dict[int, list[VideoRecord]] = defaultdict(list)
    for v in videos:
        sound = (
            SoundRecord(v.sound_tid, v.sound_title, original=v.original)
            if v.sound_title or v.sound_tid
            else None
        )
        by_creator[v.creator_id].append(
            VideoRecord(
                v.tiktok_id,
                v.posted_at,
                caption=v.caption,
                hashtags=tuple(tags[v.id]),
                sound=sound,
                stats=VideoStats(v.views, v.likes, v.comments, v.shares, v.saves),
            )
        )
    result = {}
    for creator_id, row in creators.items():
        record = CreatorRecord(
            row.handle, nickname=row.nickname, bio=row.bio, stats=ProfileStats(followers=row.followers)
        )
        result[creator_id] = fingerprint(record, by_creator[creator_id])
    return result


def candidates_sharing(
    engine: Engine, seeds: Fingerprint, *, exclude_ids: Iterable[int] = (), limit: int = 200
) -> dict[int, list[str]]:
    """Creators whose videos carry the seeds' top hashtags or sounds, most shared first.

    Returns creator id -> how it was found ("#tag", "sound").
    """
    top_tags = [tag for tag, _ in seeds.hashtags.most_common(15)]
    sound_ids = [s for s in seeds.sounds if not s.startswith("title:")]
    excluded = set(exclude_ids)
    found: dict[int, list[str]] = defaultdict(list)
    with engine.connect() as connection:
        if top_tags:
            rows = connection.execute(
                select(Video.creator_id, Hashtag.name, func.count().label("uses"))
                .join(VideoHashtag, VideoHashtag.video_id == Video.id)
                .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
                .where(Hashtag.name.in_(top_tags))
                .group_by(Video.creator_id, Hashtag.name)
                .order_by(func.count().desc())
                .limit(limit * 5)
            )
            for creator_id, name, _ in rows:
                if creator_id not in excluded and f"#{name}" not in found[creator_id]:
                    found[creator_id].append(f"#{name}")
        if sound_ids:
            rows = connection.execute(
                select(Video.creator_id)
                .join(Sound, Sound.id == Video.sound_id)
                .where(Sound.tiktok_id.in_(sound_ids))
                .group_by(Video.creator_id)
                .limit(limit)
            )
            for (creator_id,) in rows:
                if creator_id not in excluded:
                    found[creator_id].append("sound")
    ranked = sorted(found, key=lambda c: -len(found[c]))[:limit]
    return {creator_id: found[creator_id] for creator_id in ranked}
