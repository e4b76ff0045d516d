"""Saved recommendations of ONE user: save, list, mark "trying it", dismiss, finish, and their outcomes.

Every function takes ``user_id`` and every statement filters on it: a user never reads or changes another
user's rows (asking for someone else's recommendation id behaves exactly like asking for a missing one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.analytics.features import Features
from compass.analytics.insights import group_mask
from compass.analytics.jsonable import json_safe
from compass.analytics.recommend import Recommendation
from compass.analytics.tracking import Outcome, trial_outcome
from compass.errors import CompassError
from compass.models import Recommendation as RecommendationRow
from compass.models import RecommendationStatus, utcnow
from compass.workspace.niches import owned_niche
from compass.workspace.owner import OwnerId

# Which status may follow which: a user can come back to a dismissed recommendation and try it.
_ALLOWED = {
    RecommendationStatus.TRYING: {RecommendationStatus.NEW, RecommendationStatus.DISMISSED},
    RecommendationStatus.DISMISSED: {RecommendationStatus.NEW, RecommendationStatus.TRYING},
    RecommendationStatus.DONE: {RecommendationStatus.TRYING},
}


GROUP_LENGTH = 128  # recommendations.group is String(128)


class RecommendationNotFound(CompassError):
    pass


@dataclass(frozen=True)
class StoredRecommendation:
    id: int
    user_id: int
    niche_id: int | None
    kind: str
    group: str
    title: str
    body: str
    expected_gain: float
    confidence: float
    evidence: dict[str, Any]
    status: RecommendationStatus
    status_changed_at: datetime | None
    outcome: dict[str, Any] | None
    created_at: datetime

    @property
    def score(self) -> float:
        return self.expected_gain * self.confidence

    @property
    def direction(self) -> str:
        return str(self.evidence.get("direction", "more"))

    @classmethod
    def of(cls, row: RecommendationRow) -> StoredRecommendation:
        return cls(
            row.id,
            row.user_id,
            row.niche_id,
            row.kind,
            row.group,
            row.title,
            row.body,
            row.expected_gain,
            row.confidence,
            dict(row.evidence or {}),
            RecommendationStatus(row.status),
            row.status_changed_at,
            row.outcome,
            row.created_at,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "niche_id": self.niche_id,
            "kind": self.kind,
            "group": self.group,
            "title": self.title,
            "body": self.body,
            "expected_gain": self.expected_gain,
            "confidence": self.confidence,
            "score": self.score,
            "status": self.status.value,
            "status_changed_at": self.status_changed_at.isoformat() if self.status_changed_at else None,
            "outcome": self.outcome,
            "evidence": self.evidence,
        }


def save_recommendations(
    engine: Engine, user_id: int, recommendations: Sequence[Recommendation], *, niche_id: int | None = None
) -> list[StoredRecommendation]:
    """Makes these the user's untouched ("new") recommendations for that niche, and returns them as stored.

    One already new (same kind and group) is updated in place and keeps its id: each analysis saves them
    again, and a card drawn before it still names the row its buttons act on. A new one no longer made is
    deleted. One the user is trying, has dismissed or has done stays as the user left it, and is not
    added again."""
    wanted = {
        (r.kind, r.group): r
        for r in recommendations
        # the group column holds 128 characters: a longer hashtag could not be tracked, so it is not kept
        if len(r.group) <= GROUP_LENGTH
    }
    with Session(engine, expire_on_commit=False) as session, session.begin():
        if niche_id is not None:
            owned_niche(session, OwnerId(user_id), niche_id)  # NotFound for another user's niche
        same_niche = (
            (RecommendationRow.niche_id == niche_id)
            if niche_id is not None
            else RecommendationRow.niche_id.is_(None)
        )
        rows = session.scalars(
            select(RecommendationRow)
            .where(RecommendationRow.user_id == user_id, same_niche)
            .order_by(RecommendationRow.id)
        ).all()
        chosen = {(r.kind, r.group) for r in rows if r.status != RecommendationStatus.NEW}
        kept: dict[tuple[str, str], RecommendationRow] = {}
        for row in rows:
            if row.status != RecommendationStatus.NEW:
                continue
            key = (row.kind, row.group)
            if key in wanted and key not in chosen and key not in kept:
                kept[key] = row
            else:
                session.delete(row)
        saved = []
        for key, recommendation in wanted.items():
            if key in chosen:
                continue
            row = kept.get(key) or RecommendationRow(
                user_id=user_id,
                niche_id=niche_id,
                kind=recommendation.kind,
                group=recommendation.group,
                status=RecommendationStatus.NEW,
                status_changed_at=utcnow(),
            )
            row.title = recommendation.title
            row.body = recommendation.body
            row.expected_gain = float(recommendation.expected_gain)
            row.confidence = float(recommendation.confidence)
            row.evidence = json_safe({**recommendation.evidence, "direction": recommendation.direction})
            session.add(row)
            saved.append(row)
        session.flush()
        return [StoredRecommendation.of(row) for row in saved]


def list_recommendations(
    engine: Engine,
    user_id: int,
    *,
    niche_id: int | None = None,
    status: RecommendationStatus | Sequence[RecommendationStatus] | None = None,
) -> list[StoredRecommendation]:
    """The user's recommendations, best first; ``niche_id``/``status`` narrow them."""
    statement = select(RecommendationRow).where(RecommendationRow.user_id == user_id)
    if niche_id is not None:
        statement = statement.where(RecommendationRow.niche_id == niche_id)
    if status is not None:
        wanted = [status] if isinstance(status, RecommendationStatus) else list(status)
        statement = statement.where(RecommendationRow.status.in_(wanted))
    with Session(engine) as session:
        rows = [StoredRecommendation.of(r) for r in session.scalars(statement.order_by(RecommendationRow.id))]
    return sorted(rows, key=lambda r: -r.score)


def _own_row(session: Session, user_id: int, recommendation_id: int) -> RecommendationRow:
    row = session.scalars(
        select(RecommendationRow).where(
            RecommendationRow.id == recommendation_id, RecommendationRow.user_id == user_id
        )
    ).first()
    if row is None:
        raise RecommendationNotFound(f"no recommendation {recommendation_id} in your workspace")
    return row


def get_recommendation(engine: Engine, user_id: int, recommendation_id: int) -> StoredRecommendation:
    with Session(engine) as session:
        return StoredRecommendation.of(_own_row(session, user_id, recommendation_id))


def _set_status(
    engine: Engine, user_id: int, recommendation_id: int, status: RecommendationStatus, at: datetime | None
) -> StoredRecommendation:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = _own_row(session, user_id, recommendation_id)
        current = RecommendationStatus(row.status)
        if current == status:
            return StoredRecommendation.of(row)
        if current not in _ALLOWED[status]:
            raise CompassError(
                f"recommendation {recommendation_id} is {current.value}; it cannot become {status.value}"
            )
        row.status = status
        row.status_changed_at = at or utcnow()
        if status == RecommendationStatus.TRYING:
            row.outcome = None  # a new trial starts from scratch
        session.flush()
        return StoredRecommendation.of(row)


def mark_trying(
    engine: Engine, user_id: int, recommendation_id: int, *, at: datetime | None = None
) -> StoredRecommendation:
    """The user is trying it from ``at`` (now by default): the outcome compares videos before and after."""
    return _set_status(engine, user_id, recommendation_id, RecommendationStatus.TRYING, at)


def dismiss(
    engine: Engine, user_id: int, recommendation_id: int, *, at: datetime | None = None
) -> StoredRecommendation:
    return _set_status(engine, user_id, recommendation_id, RecommendationStatus.DISMISSED, at)


def mark_done(
    engine: Engine, user_id: int, recommendation_id: int, *, at: datetime | None = None
) -> StoredRecommendation:
    """The user finished trying it; the last outcome stays with it."""
    return _set_status(engine, user_id, recommendation_id, RecommendationStatus.DONE, at)


def record_outcome(
    engine: Engine, user_id: int, recommendation_id: int, outcome: Outcome
) -> StoredRecommendation:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        row = _own_row(session, user_id, recommendation_id)
        row.outcome = json_safe(outcome.to_json())
        session.flush()
        return StoredRecommendation.of(row)


def track_outcomes(
    engine: Engine,
    user_id: int,
    features: Features,
    you: int,
    *,
    min_videos: int = 10,
    min_age_days: float = 3.0,
    niche_id: int | None = None,
) -> list[StoredRecommendation]:
    """Computes and stores the outcome of each recommendation the user is trying, from ``features`` (the
    niche, with the user as creator code ``you``); the niche's other creators correct for niche-wide
    change. ``niche_id``: only the recommendations made for that niche (those of another niche are judged
    against their own niche's videos)."""
    v = features.videos
    creator = v["creator"].to_numpy()
    mine = creator == you
    columns = ["posted_s", "captured_s", "views"]
    niche = pd.DataFrame({"creator": creator[~mine], **{c: v[c].to_numpy()[~mine] for c in columns}})
    updated = []
    for rec in list_recommendations(engine, user_id, niche_id=niche_id, status=RecommendationStatus.TRYING):
        if rec.status_changed_at is None:
            continue
        try:
            in_group, valid = group_mask(features, rec.kind, rec.group)
        except KeyError:
            continue  # the group no longer exists in this niche (a hashtag nobody uses any more)
        keep = mine & valid
        videos = pd.DataFrame({"in_group": in_group[keep], **{c: v[c].to_numpy()[keep] for c in columns}})
        outcome = trial_outcome(
            videos,
            rec.status_changed_at,
            direction="less" if rec.direction == "less" else "more",
            niche=niche,
            min_videos=min_videos,
            min_age_days=min_age_days,
        )
        updated.append(record_outcome(engine, user_id, rec.id, outcome))
    return updated
