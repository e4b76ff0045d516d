"""What's new in a niche since the user's last visit: reads what changed for the niche's members and finds
the alerts (the rules are in ``compass.analytics.alerts``).

The niche, its members and the last visit are read through the workspace, as the niche's owner: another
user's niche is not found. The rest is public data, read in a handful of queries whatever the niche's size.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, func, or_, select

from compass.analytics.alerts import Alert, NicheActivity, find_alerts
from compass.errors import CompassError
from compass.models import Hashtag, ProfileSnapshot, Sound, Video, VideoHashtag, utcnow
from compass.reanalysis.load import Selection
from compass.workspace.members import MemberView, list_members
from compass.workspace.owner import Owner
from compass.workspace.visits import last_visit

FIRST_VISIT_LOOKBACK = timedelta(days=7)  # what a first visit (none stored) is shown


class SinceFrom(enum.StrEnum):
    """Where the start of the alerts came from, for saying it in words."""

    GIVEN = "given"
    LAST_VISIT = "last visit"
    FIRST_VISIT = "first visit"


@dataclass(frozen=True)
class AlertReport:
    """The alerts of changes in [since, until), most important first. Once they are shown, record
    ``until`` as the visit (``compass.workspace.visits.mark_visit``) so the next report starts there."""

    niche_id: int
    since: datetime
    until: datetime
    since_from: SinceFrom
    alerts: list[Alert]

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since.isoformat(), "alerts": [alert.to_json() for alert in self.alerts]}


def niche_alerts(
    engine: Engine, user: Owner, niche_id: int, since: datetime | None = None, *, now: datetime | None = None
) -> AlertReport:
    """What changed in the user's niche since ``since``; by default since the user's last visit, or in
    the last 7 days on a first visit. Reading alerts does not move the last visit."""
    until = now or utcnow()
    members = list_members(engine, user, niche_id, include_excluded=False)
    since_from = SinceFrom.GIVEN
    if since is None:
        stored = last_visit(engine, user, niche_id)
        since, since_from = (
            (stored, SinceFrom.LAST_VISIT)
            if stored
            else (until - FIRST_VISIT_LOOKBACK, SinceFrom.FIRST_VISIT)
        )
    if since >= until:
        raise CompassError(f"the alerts' start ({since.isoformat()}) is not in the past")
    activity = _load_activity(engine, niche_id, members, since, until)
    return AlertReport(niche_id, since, until, since_from, find_alerts(activity, since, until))


# Column types, so that an empty result has them too: pandas cannot map or merge an empty untyped column.
_ID, _COUNT, _TEXT, _TIME = "int64", "float64", "object", "time"  # counts may be unknown (NaN)


def _frame(rows: Sequence[Any], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(row) for row in rows], columns=list(columns))
    for name, kind in columns.items():
        frame[name] = pd.to_datetime(frame[name], utc=True) if kind == _TIME else frame[name].astype(kind)
    return frame


def _load_activity(
    engine: Engine, niche_id: int, members: list[MemberView], since: datetime, until: datetime
) -> NicheActivity:
    creator_ids = Selection(niche_id=niche_id).creator_ids()
    of_members = Video.creator_id.in_(creator_ids)
    # The rise of a sound or hashtag is measured against the span of the same length before ``since``.
    compared_from = since - (until - since)
    looked_at = of_members & or_(Video.posted_at >= compared_from, Video.first_seen_at >= since)
    recent_ids = select(Video.id).where(of_members, Video.posted_at >= compared_from)
    with engine.connect() as connection:
        views = connection.execute(select(Video.creator_id, Video.views).where(of_members)).all()
        videos = connection.execute(
            select(
                Video.id,
                Video.tiktok_id,
                Video.creator_id,
                Video.posted_at,
                Video.first_seen_at,
                Video.views,
                Video.sound_id,
            ).where(looked_at)
        ).all()
        sounds = connection.execute(
            select(Sound.id, Sound.title, Sound.author).where(
                Sound.id.in_(select(Video.sound_id).where(Video.id.in_(recent_ids)))
            )
        ).all()
        hashtags = connection.execute(
            select(VideoHashtag.video_id, Hashtag.name)
            .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
            .where(VideoHashtag.video_id.in_(recent_ids))
        ).all()
        snapshots = _snapshots(connection, creator_ids, since)
    return NicheActivity(
        members=_frame(
            [(m.creator_id, m.handle, m.followers, m.source, m.added_at) for m in members],
            {"creator_id": _ID, "handle": _TEXT, "followers": _COUNT, "source": _TEXT, "added_at": _TIME},
        ),
        views=_frame(views, {"creator_id": _ID, "views": _COUNT}),
        videos=_frame(
            videos,
            {
                "video_id": _ID,
                "tiktok_id": _TEXT,
                "creator_id": _ID,
                "posted_at": _TIME,
                "first_seen_at": _TIME,
                "views": _COUNT,
                "sound_id": _COUNT,  # none for some videos
            },
        ),
        sounds=_frame(sounds, {"sound_id": _ID, "title": _TEXT, "author": _TEXT}),
        hashtags=_frame(hashtags, {"video_id": _ID, "name": _TEXT}),
        snapshots=_frame(snapshots, {"creator_id": _ID, "captured_at": _TIME, "followers": _COUNT}),
    )


def _snapshots(connection: Any, creator_ids: Any, since: datetime) -> list[Any]:
    """Each member's last follower count before ``since`` and every one since: a jump compares them."""
    known = and_(ProfileSnapshot.creator_id.in_(creator_ids), ProfileSnapshot.followers.is_not(None))
    columns = (ProfileSnapshot.creator_id, ProfileSnapshot.captured_at, ProfileSnapshot.followers)
    last_before = (
        select(ProfileSnapshot.creator_id, func.max(ProfileSnapshot.captured_at).label("captured_at"))
        .where(known, ProfileSnapshot.captured_at < since)
        .group_by(ProfileSnapshot.creator_id)
        .subquery()
    )
    before = connection.execute(
        select(*columns).join(
            last_before,
            and_(
                ProfileSnapshot.creator_id == last_before.c.creator_id,
                ProfileSnapshot.captured_at == last_before.c.captured_at,
            ),
        )
    ).all()
    after = connection.execute(select(*columns).where(known, ProfileSnapshot.captured_at >= since)).all()
    return [*before, *after]
