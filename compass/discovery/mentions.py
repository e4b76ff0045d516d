"""Creators a niche's captions name: mentions ("... @handle"), duets ("#duet with @handle") and
stitches ("#stitch with @handle"). TikTok writes each as ``@handle`` in the caption (its
``textExtra`` marks the same span), so the stored captions are enough, imported ones included."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Engine, select

from compass.models import Creator, Video
from compass.records import normalize_handle

_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9._]{2,24})")
_DUET = re.compile(r"#duet\s+with\s+@", re.IGNORECASE)
_STITCH = re.compile(r"#stitch\s+with\s+@", re.IGNORECASE)
CAPTIONS_PER_CREATOR = 200


def mentioned_handles(caption: str | None) -> list[tuple[str, str]]:
    """(handle, how) for each creator a caption names: how is "duet", "stitch" or "mention"."""
    if not caption:
        return []
    found = []
    for match in _MENTION.finditer(caption):
        try:
            handle = normalize_handle(match.group(1).rstrip("."))
        except ValueError:
            continue
        before = caption[max(0, match.start() - 16) : match.start() + 1]
        how = "duet" if _DUET.search(before) else "stitch" if _STITCH.search(before) else "mention"
        found.append((handle, how))
    return found


def mentioned_in_captions(engine: Engine, creator_ids: Iterable[int]) -> dict[str, list[str]]:
    """Handles named in the latest captions of these creators -> how ("duetted by @a", ...), the most
    named first; the creators themselves are left out."""
    ids = sorted(set(creator_ids))
    if not ids:
        return {}
    with engine.connect() as connection:
        own = dict(connection.execute(select(Creator.id, Creator.handle).where(Creator.id.in_(ids))).all())
        ranked = (
            select(Video.creator_id, Video.caption)
            .where(Video.creator_id.in_(ids), Video.caption.is_not(None))
            .order_by(Video.creator_id, Video.posted_at.desc())
        )
        rows = connection.execute(ranked).all()
    counts: Counter[str] = Counter()
    how_found: dict[str, list[str]] = {}
    taken: Counter[int] = Counter()
    words = {"duet": "duetted by", "stitch": "stitched by", "mention": "mentioned by"}
    for creator_id, caption in rows:
        if taken[creator_id] >= CAPTIONS_PER_CREATOR:
            continue
        taken[creator_id] += 1
        for handle, how in mentioned_handles(caption):
            if handle in own.values():
                continue
            counts[handle] += 1
            via = f"{words[how]} @{own[creator_id]}"
            listed = how_found.setdefault(handle, [])
            if via not in listed:
                listed.append(via)
    return {handle: how_found[handle] for handle, _ in counts.most_common()}
