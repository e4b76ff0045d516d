"""The cookie routes: a ticket becomes an HttpOnly cookie once, from our origin only; sign-out clears it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from compass.auth.sessions import issue_ticket, resolve_session
from compass.models import AuditEntry, User
from compass.web import session_route
from compass.workspace.audit import Action

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PUBLIC_URL = "http://localhost:8501"
SAME_ORIGIN = {"Origin": PUBLIC_URL, "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def client(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(session_route, "_public_url", lambda: PUBLIC_URL)
    monkeypatch.setattr(session_route, "_engine", lambda: engine)
    with TestClient(Starlette(routes=session_route.session_routes()), base_url=PUBLIC_URL) as test_client:
        yield test_client


def test_redeem_valid_ticket_sets_an_httponly_strict_cookie_for_a_live_session(
    client: TestClient, engine: Engine, alice: User
) -> None:
    ticket = issue_ticket(engine, alice.id)
    response = client.post("/auth/session", json={"ticket": ticket}, headers=SAME_ORIGIN)
    assert response.status_code == 200
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Path=/" in header
    assert response.headers["cache-control"] == "no-store"
    token = header.split(";")[0].split("=", 1)[1]
    assert resolve_session(engine, token).user_id == alice.id


def test_redeem_same_ticket_twice_is_refused_and_audited(
    client: TestClient, engine: Engine, alice: User
) -> None:
    ticket = issue_ticket(engine, alice.id)
    assert client.post("/auth/session", json={"ticket": ticket}, headers=SAME_ORIGIN).status_code == 200
    again = client.post("/auth/session", json={"ticket": ticket}, headers=SAME_ORIGIN)
    assert again.status_code == 400 and "set-cookie" not in again.headers
    with Session(engine) as session:
        assert session.scalars(select(AuditEntry.action)).all() == [Action.SESSION_REFUSED]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "https://evil.example"},
        {"Origin": "http://localhost:9999"},
        {"Origin": PUBLIC_URL, "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_redeem_from_another_origin_is_refused_and_leaves_the_ticket_unused(
    client: TestClient, engine: Engine, alice: User, headers: dict[str, str]
) -> None:
    ticket = issue_ticket(engine, alice.id)
    response = client.post("/auth/session", json={"ticket": ticket}, headers=headers)
    assert response.status_code == 403 and "set-cookie" not in response.headers
    assert client.post("/auth/session", json={"ticket": ticket}, headers=SAME_ORIGIN).status_code == 200


def test_redeem_without_ticket_or_with_junk_is_refused(client: TestClient) -> None:
    assert client.post("/auth/session", json={}, headers=SAME_ORIGIN).status_code == 400
    assert client.post("/auth/session", content=b"not json", headers=SAME_ORIGIN).status_code == 400
    assert client.post("/auth/session", content=b"x" * 5000, headers=SAME_ORIGIN).status_code == 400
    assert client.get("/auth/session").status_code == 405


def test_sign_out_revokes_the_cookie_session_and_clears_the_cookie(
    client: TestClient, engine: Engine, alice: User
) -> None:
    client.post("/auth/session", json={"ticket": issue_ticket(engine, alice.id)}, headers=SAME_ORIGIN)
    token = client.cookies.get("compass_session")
    assert resolve_session(engine, token) is not None
    response = client.post("/auth/signout", headers=SAME_ORIGIN)
    assert response.status_code == 200 and "Max-Age=0" in response.headers["set-cookie"]
    assert resolve_session(engine, token) is None


def test_sign_out_from_another_origin_is_refused(client: TestClient, engine: Engine, alice: User) -> None:
    client.post("/auth/session", json={"ticket": issue_ticket(engine, alice.id)}, headers=SAME_ORIGIN)
    token = client.cookies.get("compass_session")
    assert client.post("/auth/signout", headers={"Origin": "https://evil.example"}).status_code == 403
    assert resolve_session(engine, token) is not None


def test_callback_page_is_inert_and_never_cached(client: TestClient) -> None:
    response = client.get("/auth/callback?code=abc&state=def")
    assert response.status_code == 200 and "<script" not in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_redirect_uri_is_the_callback_under_the_public_url() -> None:
    assert (
        session_route.redirect_uri("https://compass.example.com/")
        == "https://compass.example.com/auth/callback"
    )
