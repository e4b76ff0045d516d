"""A user's last visit to a niche: when they last saw its alerts ("what's new"), where the next start.

Both functions take the signed-in user; another user's niche is not found, like a missing one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from compass.models import utcnow
from compass.workspace.niches import owned_niche
from compass.workspace.owner import Owner


def last_visit(engine: Engine, user: Owner, niche_id: int) -> datetime | None:
    """When the user last saw the niche's alerts; None if never."""
    with Session(engine) as session:
        return owned_niche(session, user, niche_id).last_visit_at


def mark_visit(engine: Engine, user: Owner, niche_id: int, at: datetime | None = None) -> datetime:
    """Records that the user saw the niche's alerts up to ``at`` (default now) and returns it. Pass the
    moment the alerts shown were computed for, so that data landing while they were read is not skipped."""
    moment = at or utcnow()
    with Session(engine) as session, session.begin():
        owned_niche(session, user, niche_id, lock=True).last_visit_at = moment
    return moment
