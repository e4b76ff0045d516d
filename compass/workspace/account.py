"""A user's own data: everything in one download, and deleting the account.

The export holds the account, its settings, niches with seeds and members, jobs, recommendations,
sessions (their times, never their ids) and the audit log, each as JSON and, for tables, as a CSV
made safe for spreadsheets. Deleting the account removes every row of the workspace and every
session; the public TikTok data (creators, videos, sounds, hashtags) is shared and stays.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from compass.export import to_safe_csv
from compass.models import (
    AuditEntry,
    Niche,
    NicheMember,
    NicheSeed,
    Recommendation,
    RecommendationStatus,
    ScrapeJob,
    SignInTicket,
    User,
    UserSession,
    utcnow,
)
from compass.workspace import audit, get_settings, list_jobs, list_members, list_niches
from compass.workspace.owner import NotFound, Owner

EXPORT_README = """Creator Compass: your data
=========================

account.json           who you are to the app and your settings
niches.json            your niches, with their seeds
niche_members.csv      the creators in each niche, with how they got there
jobs.json / jobs.csv   the work you asked for
recommendations.json / recommendations.csv
sessions.csv           when you signed in (session ids are never exported)
audit_log.json / audit_log.csv

CSV cells that began with = + - or @ start with an apostrophe, so that a spreadsheet shows them as
text instead of running them as formulas.
"""


def _recommendations(session: Session, user: Owner) -> list[dict[str, Any]]:
    query = select(Recommendation).where(Recommendation.user_id == user.id).order_by(Recommendation.id)
    rows = session.scalars(query)
    return [
        {
            "id": r.id,
            "niche_id": r.niche_id,
            "kind": r.kind,
            "group": r.group,
            "title": r.title,
            "body": r.body,
            "expected_gain": r.expected_gain,
            "confidence": r.confidence,
            "evidence": r.evidence,
            "status": RecommendationStatus(r.status).value,
            "status_changed_at": r.status_changed_at.isoformat() if r.status_changed_at else None,
            "outcome": r.outcome,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def _sessions(session: Session, user: Owner) -> list[dict[str, Any]]:
    rows = session.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id))
    return [
        {
            "created_at": s.created_at.isoformat(),
            "expires_at": s.expires_at.isoformat(),
            "last_used_at": s.last_used_at.isoformat(),
            "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
            "revoked_reason": s.revoked_reason,
        }
        for s in rows
    ]


# Each CSV's columns, named even when the table is empty: a file with no header is no table.
MEMBER_COLUMNS = (
    "niche_id",
    "creator_id",
    "handle",
    "nickname",
    "followers",
    "source",
    "reason",
    "pinned",
    "excluded",
    "added_at",
)
JOB_COLUMNS = (
    "id",
    "kind",
    "description",
    "status",
    "attempts",
    "progress",
    "error",
    "params",
    "created_at",
    "started_at",
    "finished_at",
)
RECOMMENDATION_COLUMNS = (
    "id",
    "niche_id",
    "kind",
    "group",
    "title",
    "body",
    "expected_gain",
    "confidence",
    "evidence",
    "status",
    "status_changed_at",
    "outcome",
    "created_at",
)
SESSION_COLUMNS = ("created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason")
AUDIT_COLUMNS = ("id", "at", "action", "detail")


def _flat(records: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for k, v in r.items()}
            for r in records
        ],
        columns=list(columns),
    )


def export_account(engine: Engine, user: Owner) -> bytes:
    """A zip of all of the user's own data. Recorded in their audit log."""
    with Session(engine) as session:
        row = session.get(User, user.id)
        if row is None:
            raise NotFound("your account no longer exists")
        account = {
            "id": row.id,
            "issuer": row.issuer,
            "subject": row.subject,
            "email": row.email,
            "name": row.name,
            "created_at": row.created_at.isoformat(),
            "settings": get_settings(engine, user).to_json(),
        }
        recommendations = _recommendations(session, user)
        sessions = _sessions(session, user)
    niches = list_niches(engine, user)
    members = [m.to_json() for n in niches for m in list_members(engine, user, n.id)]
    jobs = [j.to_json() for j in list_jobs(engine, user, limit=100_000)]
    audit.record(
        engine,
        audit.Action.EXPORT,
        user_id=user.id,
        detail={"what": "account", "niches": len(niches), "jobs": len(jobs)},
    )
    entries = [e.to_json() for e in audit.list_entries(engine, user, limit=100_000)]

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2, default=str)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", EXPORT_README)
        archive.writestr("account.json", dumps(account))
        archive.writestr("niches.json", dumps([n.to_json() for n in niches]))
        archive.writestr("niche_members.csv", to_safe_csv(_flat(members, MEMBER_COLUMNS)))
        archive.writestr("jobs.json", dumps(jobs))
        archive.writestr("jobs.csv", to_safe_csv(_flat(jobs, JOB_COLUMNS)))
        archive.writestr("recommendations.json", dumps(recommendations))
        archive.writestr("recommendations.csv", to_safe_csv(_flat(recommendations, RECOMMENDATION_COLUMNS)))
        archive.writestr("sessions.csv", to_safe_csv(_flat(sessions, SESSION_COLUMNS)))
        archive.writestr("audit_log.json", dumps(entries))
        archive.writestr("audit_log.csv", to_safe_csv(_flat(entries, AUDIT_COLUMNS)))
    return buffer.getvalue()


@dataclass(frozen=True)
class DeletionSummary:
    niches: int
    jobs: int
    recommendations: int
    sessions: int


def delete_account(engine: Engine, user: Owner) -> DeletionSummary:
    """Deletes the user, their workspace rows and their sessions, in one transaction. Public data stays.

    The rows are deleted explicitly, not left to ``ON DELETE CASCADE``, so that a database with
    foreign keys switched off (an SQLite file opened elsewhere) cannot keep orphans.
    """
    with Session(engine) as session, session.begin():
        if session.get(User, user.id, with_for_update=True) is None:
            raise NotFound("your account no longer exists")
        niche_ids = select(Niche.id).where(Niche.user_id == user.id).scalar_subquery()

        def count(model: type, *where: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        summary = DeletionSummary(
            niches=count(Niche, Niche.user_id == user.id),
            jobs=count(ScrapeJob, ScrapeJob.user_id == user.id),
            recommendations=count(Recommendation, Recommendation.user_id == user.id),
            sessions=count(UserSession, UserSession.user_id == user.id),
        )
        session.execute(delete(Recommendation).where(Recommendation.user_id == user.id))
        session.execute(delete(NicheMember).where(NicheMember.niche_id.in_(niche_ids)))
        session.execute(delete(NicheSeed).where(NicheSeed.niche_id.in_(niche_ids)))
        session.execute(delete(Niche).where(Niche.user_id == user.id))
        session.execute(delete(ScrapeJob).where(ScrapeJob.user_id == user.id))
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        session.execute(delete(SignInTicket).where(SignInTicket.user_id == user.id))
        session.execute(delete(AuditEntry).where(AuditEntry.user_id == user.id))
        session.execute(delete(User).where(User.id == user.id))
        # The one trace left: that an account was deleted, with no personal data.
        audit.record(
            engine,
            audit.Action.ACCOUNT_DELETED,
            user_id=None,
            detail={"deleted_user_id": user.id, "at": utcnow().isoformat(), **asdict(summary)},
            session=session,
        )
    return summary
