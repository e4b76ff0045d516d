"""Server-side sessions: hashed ids, one-time tickets, expiry, idle time, revocation, the cookie's flags."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from compass.auth import sessions
from compass.auth.sessions import (
    IDLE_TIMEOUT,
    clear_cookie_header,
    create_session,
    issue_ticket,
    redeem_ticket,
    resolve_session,
    revoke_all_sessions,
    revoke_session,
    set_cookie_header,
)
from compass.models import SignInTicket, User, UserSession, utcnow


def test_session_id_is_256_bits_and_stored_only_as_its_hash(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    assert len(new.token) >= 43  # 32 random bytes, base64url
    with Session(engine) as session:
        [row] = session.scalars(select(UserSession)).all()
    assert row.id_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert new.token not in {row.id_hash, str(row.id)}


def test_resolve_session_live_session_returns_its_user(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    assert resolve_session(engine, new.token).user_id == alice.id


def test_resolve_session_unknown_or_empty_value_is_refused(engine: Engine, alice: User) -> None:
    create_session(engine, alice.id)
    assert resolve_session(engine, "made-up") is None
    assert resolve_session(engine, "") is None and resolve_session(engine, None) is None
    assert resolve_session(engine, "x" * 5000) is None


def test_resolve_session_expired_session_is_refused(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    with Session(engine) as session, session.begin():
        session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert resolve_session(engine, new.token) is None


def test_resolve_session_idle_session_is_refused(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    with Session(engine) as session, session.begin():
        idle_since = utcnow() - IDLE_TIMEOUT - timedelta(minutes=1)
        session.execute(update(UserSession).values(last_used_at=idle_since))
    assert resolve_session(engine, new.token) is None


def test_resolve_session_records_last_use_at_most_every_few_minutes(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    long_ago = utcnow() - timedelta(hours=1)
    with Session(engine) as session, session.begin():
        session.execute(update(UserSession).values(last_used_at=long_ago))
    resolve_session(engine, new.token)
    with Session(engine) as session:
        first = session.scalars(select(UserSession.last_used_at)).one()
    resolve_session(engine, new.token)
    with Session(engine) as session:
        assert session.scalars(select(UserSession.last_used_at)).one() == first > long_ago


def test_revoke_session_then_resolve_is_refused(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    assert revoke_session(engine, new.token) == alice.id
    assert resolve_session(engine, new.token) is None
    assert revoke_session(engine, new.token) is None  # already revoked


def test_revoke_all_sessions_ends_every_browser_of_that_user_only(
    engine: Engine, alice: User, bob: User
) -> None:
    mine = [create_session(engine, alice.id) for _ in range(2)]
    theirs = create_session(engine, bob.id)
    assert revoke_all_sessions(engine, alice.id, "test") == 2
    assert all(resolve_session(engine, s.token) is None for s in mine)
    assert resolve_session(engine, theirs.token).user_id == bob.id


def test_redeem_ticket_once_gives_a_session_and_twice_nothing(engine: Engine, alice: User) -> None:
    ticket = issue_ticket(engine, alice.id)
    new = redeem_ticket(engine, ticket)
    assert new is not None and new.user_id == alice.id
    assert redeem_ticket(engine, ticket) is None


def test_redeem_ticket_expired_or_unknown_is_refused(engine: Engine, alice: User) -> None:
    ticket = issue_ticket(engine, alice.id)
    with Session(engine) as session, session.begin():
        session.execute(update(SignInTicket).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert redeem_ticket(engine, ticket) is None
    assert redeem_ticket(engine, "unknown") is None and redeem_ticket(engine, "") is None


def test_ticket_is_stored_only_as_its_hash(engine: Engine, alice: User) -> None:
    ticket = issue_ticket(engine, alice.id)
    with Session(engine) as session:
        stored = session.scalars(select(SignInTicket.ticket_hash)).one()
    assert stored == hashlib.sha256(ticket.encode()).hexdigest()


def test_cookie_on_localhost_is_httponly_strict_and_not_secure() -> None:
    header = set_cookie_header("http://localhost:8501", "abc", 60)
    assert header.startswith("compass_session=abc;")
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Path=/" in header
    assert "Secure" not in header


def test_cookie_outside_localhost_is_secure_with_the_host_prefix() -> None:
    header = set_cookie_header("https://compass.example.com", "abc", 60)
    assert header.startswith("__Host-compass_session=abc;") and "; Secure" in header and "HttpOnly" in header
    assert "Domain" not in header


def test_cookie_over_https_is_secure_even_on_localhost() -> None:
    header = set_cookie_header("https://localhost:8443", "abc", 60)
    assert header.startswith("__Host-compass_session=abc;") and "; Secure" in header
    assert "; Secure" in clear_cookie_header("https://localhost:8443")


def test_clear_cookie_expires_it_now() -> None:
    assert "Max-Age=0" in clear_cookie_header("https://compass.example.com")
    assert sessions.cookie_name("https://compass.example.com") == "__Host-compass_session"
