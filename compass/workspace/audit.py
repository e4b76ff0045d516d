"""The audit log: what happened to an account, readable by its owner.

Entries never hold a secret: no token, code, cookie or client secret ever goes into ``detail``
(:func:`record` refuses keys that name one). Failed sign-ins have no user yet and are stored with
``user_id`` empty; an account's entries go with the account when it is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.models import AuditEntry, utcnow

if TYPE_CHECKING:
    from compass.workspace.owner import Owner


class Action(StrEnum):
    SIGN_IN = "auth.sign_in"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    SIGN_OUT = "auth.sign_out"
    SESSION_REFUSED = "auth.session_refused"
    EXPORT = "data.export"
    DELETE = "data.delete"
    ACCOUNT_DELETED = "account.deleted"
    SETTINGS_CHANGED = "account.settings_changed"
    JOB_REQUESTED = "job.requested"
    JOB_CANCELLED = "job.cancelled"
    JOB_RETRIED = "job.retried"


_FORBIDDEN_KEYS = ("token", "secret", "code", "cookie", "password", "nonce", "state", "ticket")


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    action: str
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "action": self.action, "detail": self.detail}


def _check_detail(detail: dict[str, Any]) -> None:
    for key in detail:
        if any(word in key.lower() for word in _FORBIDDEN_KEYS):
            raise ValueError(f"audit detail key {key!r} names a secret: audit entries never hold secrets")


def record(
    engine: Engine,
    action: Action | str,
    *,
    user_id: int | None,
    detail: dict[str, Any] | None = None,
    session: Session | None = None,
) -> None:
    """Adds one entry. Pass ``session`` to write it in the same transaction as the change it records."""
    detail = dict(detail or {})
    _check_detail(detail)
    entry = AuditEntry(user_id=user_id, at=utcnow(), action=str(action), detail=detail)
    if session is not None:
        session.add(entry)
        return
    with Session(engine) as own, own.begin():
        own.add(entry)


def list_entries(engine: Engine, user: Owner, *, limit: int = 200) -> list[AuditView]:
    """The user's own entries, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.user_id == user.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    with Session(engine) as session:
        return [AuditView(e.id, e.at, e.action, dict(e.detail)) for e in session.scalars(query)]


def list_failed_sign_ins(engine: Engine, *, limit: int = 200) -> list[AuditView]:
    """Refused sign-ins (no user attached), newest first: for operators and tests, never a page."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.action == str(Action.SIGN_IN_FAILED))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    with Session(engine) as session:
        return [AuditView(e.id, e.at, e.action, dict(e.detail)) for e in session.scalars(query)]
