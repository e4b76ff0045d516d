"""Server-side sessions, readable by every app process, and the HttpOnly cookie that carries them.

A session id is 256 random bits that only the browser keeps (in an HttpOnly cookie); the database
stores its SHA-256. A session ends at ``expires_at``, after ``IDLE_TIMEOUT`` without use, or when
revoked (sign-out, account deletion). A Streamlit script cannot set an HttpOnly cookie, so a
verified sign-in yields a one-time *ticket* instead, which the cookie route trades for a session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from compass.auth.local_mode import is_localhost_url
from compass.models import SignInTicket, UserSession, utcnow

SESSION_LIFETIME = timedelta(days=14)
IDLE_TIMEOUT = timedelta(days=3)
TICKET_LIFETIME = timedelta(seconds=90)
LAST_USED_GRANULARITY = timedelta(minutes=5)
COOKIE_NAME = "compass_session"
SECURE_COOKIE_NAME = "__Host-compass_session"  # the prefix makes browsers insist on Secure, Path=/, no Domain


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewSession:
    token: str
    user_id: int
    expires_at: datetime


@dataclass(frozen=True)
class ActiveSession:
    id: int
    user_id: int
    expires_at: datetime


def issue_ticket(engine: Engine, user_id: int) -> str:
    ticket = secrets.token_urlsafe(32)
    now = utcnow()
    with Session(engine) as session, session.begin():
        session.add(
            SignInTicket(
                ticket_hash=_hash(ticket), user_id=user_id, created_at=now, expires_at=now + TICKET_LIFETIME
            )
        )
    return ticket


def redeem_ticket(engine: Engine, ticket: str) -> NewSession | None:
    """Trades a valid, unused ticket for a new session, once; None for anything else."""
    if not isinstance(ticket, str) or not ticket or len(ticket) > 128:
        return None
    now = utcnow()
    with Session(engine) as session, session.begin():
        # One statement marks the ticket used, so two concurrent redemptions cannot both win.
        user_id = session.execute(
            update(SignInTicket)
            .where(
                SignInTicket.ticket_hash == _hash(ticket),
                SignInTicket.used_at.is_(None),
                SignInTicket.expires_at > now,
            )
            .values(used_at=now)
            .returning(SignInTicket.user_id)
        ).scalar_one_or_none()
        if user_id is None:
            return None
        return _create(session, user_id, now)


def create_session(engine: Engine, user_id: int) -> NewSession:
    with Session(engine) as session, session.begin():
        return _create(session, user_id, utcnow())


def _create(session: Session, user_id: int, now: datetime) -> NewSession:
    token = secrets.token_urlsafe(32)
    expires_at = now + SESSION_LIFETIME
    session.add(
        UserSession(
            user_id=user_id, id_hash=_hash(token), created_at=now, expires_at=expires_at, last_used_at=now
        )
    )
    session.execute(delete(SignInTicket).where(SignInTicket.expires_at < now - TICKET_LIFETIME))
    return NewSession(token=token, user_id=user_id, expires_at=expires_at)


def resolve_session(engine: Engine, token: str | None) -> ActiveSession | None:
    """The live session this cookie value opens, or None (unknown, expired, idle, revoked)."""
    if not isinstance(token, str) or not token or len(token) > 128:
        return None
    now = utcnow()
    with Session(engine) as session, session.begin():
        row = session.scalars(select(UserSession).where(UserSession.id_hash == _hash(token))).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            return None
        if now - row.last_used_at > IDLE_TIMEOUT:
            return None
        if now - row.last_used_at > LAST_USED_GRANULARITY:
            row.last_used_at = now  # not on every rerun: one write per few minutes of use
        return ActiveSession(id=row.id, user_id=row.user_id, expires_at=row.expires_at)


def revoke_session(engine: Engine, token: str | None, reason: str = "signed_out") -> int | None:
    """Revokes the session of this cookie value; returns its user id (None if there was none)."""
    if not isinstance(token, str) or not token:
        return None
    with Session(engine) as session, session.begin():
        return session.execute(
            update(UserSession)
            .where(UserSession.id_hash == _hash(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
            .returning(UserSession.user_id)
        ).scalar_one_or_none()


def revoke_all_sessions(engine: Engine, user_id: int, reason: str) -> int:
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(UserSession)
            .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- the cookie ---------------------------------------------------------------------------------


def cookie_is_secure(public_url: str) -> bool:
    """Secure whenever the app is served over https, and everywhere but localhost (browsers drop
    Secure cookies over plain http, which only localhost may use)."""
    return urlsplit(public_url).scheme == "https" or not is_localhost_url(public_url)


def cookie_name(public_url: str) -> str:
    return SECURE_COOKIE_NAME if cookie_is_secure(public_url) else COOKIE_NAME


def set_cookie_header(public_url: str, token: str, max_age_s: int) -> str:
    name = cookie_name(public_url)
    parts = [f"{name}={token}", "Path=/", f"Max-Age={max_age_s}", "HttpOnly", "SameSite=Strict"]
    if cookie_is_secure(public_url):
        parts.append("Secure")
    return "; ".join(parts)


def clear_cookie_header(public_url: str) -> str:
    parts = [f"{cookie_name(public_url)}=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
    if cookie_is_secure(public_url):
        parts.append("Secure")
    return "; ".join(parts)
