"""The server side of a sign-in, against real providers: refusals are audited, successes make a session."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from oidc_provider_mock import User as MockUser
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from compass.auth.flow import SCOPES, LoginAttempt, ReplayGuard
from compass.auth.provider import OidcProvider
from compass.auth.sessions import redeem_ticket, resolve_session
from compass.auth.signin import Client, DeferredExchangeClient, complete_sign_in, exchange_code
from compass.auth.tokens import TokenRejected
from compass.models import AuditEntry, User
from compass.workspace.audit import Action, list_failed_sign_ins
from tests.auth.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeProvider,
    hs256_with_public_key,
    public_pem,
    rsa_key,
    tamper,
    unsigned_token,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REDIRECT_URI = "http://localhost:8501/auth/callback"
CLIENT = Client(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)


def users(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


# --- forged tokens through the whole server side, against the forging provider ----------------------


def forgeries(provider: FakeProvider, attempt: LoginAttempt) -> dict[str, tuple[str, str]]:
    """name -> (ID token the provider answers, the reason it must be refused with)."""
    now = int(time.time())
    claims = provider.claims(nonce=attempt.nonce)
    good = provider.sign(claims)
    return {
        "alg none": (unsigned_token(claims), "alg_not_allowed"),
        "hs256 with the public key": (
            hs256_with_public_key(claims, public_pem(provider.rsa), provider.rsa_kid),
            "alg_not_allowed",
        ),
        "another key": (provider.sign(claims, key=rsa_key()), "bad_signature"),
        "wrong aud": (provider.sign({**claims, "aud": "other-client"}), "wrong_audience"),
        "wrong iss": (provider.sign({**claims, "iss": "https://evil.example"}), "wrong_issuer"),
        "expired": (provider.sign({**claims, "iat": now - 900, "exp": now - 300}), "expired"),
        "iat in the future": (
            provider.sign({**claims, "iat": now + 900, "exp": now + 1200}),
            "issued_in_future",
        ),
        "tampered payload": (tamper(good, sub="someone-else"), "bad_signature"),
        "unknown kid": (provider.sign(claims, kid="not-published", key=rsa_key()), "unknown_kid"),
        "wrong nonce": (provider.sign({**claims, "nonce": "from-another-sign-in"}), "nonce_mismatch"),
        "email not verified": (provider.sign({**claims, "email_verified": False}), "email_not_verified"),
    }


FORGERIES = [
    "alg none",
    "hs256 with the public key",
    "another key",
    "wrong aud",
    "wrong iss",
    "expired",
    "iat in the future",
    "tampered payload",
    "unknown kid",
    "wrong nonce",
    "email not verified",
]


@pytest.mark.parametrize("case", FORGERIES)
def test_complete_sign_in_forged_token_is_refused_and_audited_without_the_token(
    engine: Engine, fake_provider: FakeProvider, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    attempt = LoginAttempt()
    token, reason = forgeries(fake_provider, attempt)[case]
    fake_provider.next_id_token = token
    caplog.set_level(logging.DEBUG)
    with pytest.raises(TokenRejected) as caught:
        complete_sign_in(
            engine,
            OidcProvider(fake_provider.issuer),
            CLIENT,
            attempt,
            {"state": attempt.state, "code": "code-1"},
            ReplayGuard(),
        )
    assert caught.value.reason == reason
    [entry] = list_failed_sign_ins(engine)
    assert entry.detail["reason"] == reason and entry.detail["issuer"] == fake_provider.issuer
    assert users(engine) == 0
    signature = token.split(".")[2] or token.split(".")[1]
    assert signature not in repr(entry.detail) and signature not in caplog.text
    assert "code-1" not in caplog.text and CLIENT_SECRET not in caplog.text


def test_complete_sign_in_valid_token_creates_the_user_and_a_redeemable_ticket(
    engine: Engine, fake_provider: FakeProvider
) -> None:
    attempt = LoginAttempt()
    fake_provider.next_id_token = fake_provider.sign(fake_provider.claims(nonce=attempt.nonce))
    signed_in = complete_sign_in(
        engine,
        OidcProvider(fake_provider.issuer),
        CLIENT,
        attempt,
        {"state": attempt.state, "code": "code-1"},
        ReplayGuard(),
    )
    with Session(engine) as session:
        user = session.get_one(User, signed_in.user_id)
        assert (user.issuer, user.subject) == (fake_provider.issuer, "user-123")
        assert user.email == "ada@example.com"
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == user.id)).all()
    assert actions == [Action.SIGN_IN]
    new = redeem_ticket(engine, signed_in.ticket)
    assert new is not None and resolve_session(engine, new.token).user_id == user.id


def test_complete_sign_in_sends_the_pkce_verifier_and_authenticates_the_client(
    engine: Engine, fake_provider: FakeProvider
) -> None:
    attempt = LoginAttempt()
    fake_provider.next_id_token = fake_provider.sign(fake_provider.claims(nonce=attempt.nonce))
    complete_sign_in(
        engine,
        OidcProvider(fake_provider.issuer),
        CLIENT,
        attempt,
        {"state": attempt.state, "code": "code-1"},
        ReplayGuard(),
    )
    [form] = fake_provider.token_requests
    assert form["code_verifier"] == [attempt.code_verifier] and form["redirect_uri"] == [REDIRECT_URI]
    assert form["grant_type"] == ["authorization_code"] and "client_secret" not in form
    assert fake_provider.token_auth[0].startswith("Basic ")


def test_complete_sign_in_same_email_new_sub_is_another_user(
    engine: Engine, fake_provider: FakeProvider
) -> None:
    ids = set()
    for sub in ("sub-a", "sub-b"):
        attempt = LoginAttempt()
        fake_provider.next_id_token = fake_provider.sign(fake_provider.claims(nonce=attempt.nonce, sub=sub))
        ids.add(
            complete_sign_in(
                engine,
                OidcProvider(fake_provider.issuer),
                CLIENT,
                attempt,
                {"state": attempt.state, "code": f"code-{sub}"},
                ReplayGuard(),
            ).user_id
        )
    assert len(ids) == 2


def test_complete_sign_in_replayed_answer_is_refused_before_any_exchange(
    engine: Engine, fake_provider: FakeProvider
) -> None:
    guard, attempt = ReplayGuard(), LoginAttempt()
    fake_provider.next_id_token = fake_provider.sign(fake_provider.claims(nonce=attempt.nonce))
    answer = {"state": attempt.state, "code": "code-1"}
    complete_sign_in(engine, OidcProvider(fake_provider.issuer), CLIENT, attempt, answer, guard)
    with pytest.raises(TokenRejected, match="state_replayed"):
        complete_sign_in(engine, OidcProvider(fake_provider.issuer), CLIENT, attempt, answer, guard)
    assert len(fake_provider.token_requests) == 1
    assert [e.detail["reason"] for e in list_failed_sign_ins(engine)] == ["state_replayed"]


def test_complete_sign_in_unreachable_provider_is_refused_and_audited(engine: Engine) -> None:
    attempt = LoginAttempt()
    with pytest.raises(TokenRejected, match="provider_unavailable"):
        complete_sign_in(
            engine,
            OidcProvider("http://localhost:9"),
            CLIENT,
            attempt,
            {"state": attempt.state, "code": "c"},
            ReplayGuard(),
        )
    assert list_failed_sign_ins(engine)[0].detail["reason"] == "provider_unavailable"


# --- the real thing: oidc-provider-mock ---------------------------------------------------------


@pytest.fixture(scope="module")
def mock_issuer() -> Iterator[str]:
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    users_ = [
        MockUser(
            sub="alice-sub", claims={"email": "alice@example.com", "email_verified": True, "name": "Alice"}
        ),
        MockUser(sub="mallory-sub", claims={"email": "mallory@example.com", "email_verified": False}),
    ]
    try:
        with run_server_in_thread(port=0, require_nonce=True, user_claims=users_) as server:
            yield f"http://localhost:{server.server_port}"
    finally:
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


def authorize(issuer: str, attempt: LoginAttempt, sub: str) -> dict[str, str]:
    """What the sign-in popup does: the authorization URL the button builds, then the provider's form."""
    metadata = OidcProvider(issuer).metadata()
    client = DeferredExchangeClient(
        CLIENT_ID, CLIENT_SECRET, metadata.authorization_endpoint, metadata.token_endpoint
    )
    url = asyncio.run(
        client.get_authorization_url(
            redirect_uri=REDIRECT_URI,
            scope=SCOPES.split(" "),
            state=attempt.state,
            extras_params={
                **attempt.authorization_params(),
                "code_challenge": attempt.code_challenge,
                "code_challenge_method": "S256",
            },
        )
    )
    response = httpx.post(url, data={"sub": sub}, follow_redirects=False)
    assert response.status_code == 302, response.text[:300]
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_mock_provider_sign_in_creates_the_user_keyed_by_issuer_and_sub(
    engine: Engine, mock_issuer: str
) -> None:
    attempt = LoginAttempt()
    answer = authorize(mock_issuer, attempt, "alice-sub")
    assert answer["state"] == attempt.state
    signed_in = complete_sign_in(engine, OidcProvider(mock_issuer), CLIENT, attempt, answer, ReplayGuard())
    assert (signed_in.identity.issuer, signed_in.identity.subject) == (mock_issuer, "alice-sub")
    assert signed_in.identity.email == "alice@example.com"


def test_mock_provider_replayed_code_is_refused_by_us_and_by_the_provider(
    engine: Engine, mock_issuer: str
) -> None:
    guard, attempt = ReplayGuard(), LoginAttempt()
    answer = authorize(mock_issuer, attempt, "alice-sub")
    provider = OidcProvider(mock_issuer)
    complete_sign_in(engine, provider, CLIENT, attempt, answer, guard)
    second = LoginAttempt(code_verifier=attempt.code_verifier)
    with pytest.raises(TokenRejected, match="code_replayed"):
        replayed = {"state": second.state, "code": answer["code"]}
        complete_sign_in(engine, provider, CLIENT, second, replayed, guard)
    with pytest.raises(TokenRejected, match="exchange_failed"):  # and the provider would not have it either
        exchange_code(provider.metadata().token_endpoint, CLIENT, answer["code"], attempt.code_verifier)


def test_mock_provider_token_for_another_nonce_is_refused(engine: Engine, mock_issuer: str) -> None:
    attempt = LoginAttempt()
    answer = authorize(mock_issuer, attempt, "alice-sub")
    other = LoginAttempt(state=attempt.state, code_verifier=attempt.code_verifier)  # same answer, other nonce
    with pytest.raises(TokenRejected, match="nonce_mismatch"):
        complete_sign_in(engine, OidcProvider(mock_issuer), CLIENT, other, answer, ReplayGuard())
    assert users(engine) == 0


def test_mock_provider_unverified_email_is_refused(engine: Engine, mock_issuer: str) -> None:
    attempt = LoginAttempt()
    answer = authorize(mock_issuer, attempt, "mallory-sub")
    with pytest.raises(TokenRejected, match="email_not_verified"):
        complete_sign_in(engine, OidcProvider(mock_issuer), CLIENT, attempt, answer, ReplayGuard())
    assert list_failed_sign_ins(engine)[0].detail["reason"] == "email_not_verified"


def test_mock_provider_code_issued_to_another_client_is_refused(engine: Engine, mock_issuer: str) -> None:
    attempt = LoginAttempt()
    answer = authorize(mock_issuer, attempt, "alice-sub")
    other_client = Client("another-client-id", CLIENT_SECRET, REDIRECT_URI)
    with pytest.raises(TokenRejected, match="exchange_failed"):
        complete_sign_in(engine, OidcProvider(mock_issuer), other_client, attempt, answer, ReplayGuard())
