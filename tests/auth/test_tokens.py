"""ID token verification: a valid token passes; every forgery is refused with its own reason."""

from __future__ import annotations

import time

import pytest

from compass.auth.provider import JwksCache, OidcProvider
from compass.auth.tokens import TokenRejected, verify_id_token
from tests.auth.oidc import (
    CLIENT_ID,
    FakeProvider,
    ec_key,
    hs256_with_public_key,
    public_pem,
    rsa_key,
    tamper,
    unsigned_token,
)

NONCE = "the-nonce"


def verify(provider: FakeProvider, token: str, *, nonce: str = NONCE, keys: JwksCache | None = None):
    source = keys or OidcProvider(provider.issuer).keys()
    return verify_id_token(token, issuer=provider.issuer, client_id=CLIENT_ID, nonce=nonce, keys=source)


def rejected_reason(provider: FakeProvider, token: str, **kwargs) -> str:
    with pytest.raises(TokenRejected) as caught:
        verify(provider, token, **kwargs)
    return caught.value.reason


def test_verify_valid_rs256_token_returns_identity_keyed_by_issuer_and_sub(
    fake_provider: FakeProvider,
) -> None:
    identity = verify(fake_provider, fake_provider.sign(fake_provider.claims()))
    assert (identity.issuer, identity.subject) == (fake_provider.issuer, "user-123")
    assert identity.email == "ada@example.com" and identity.name == "Ada"


def test_verify_valid_es256_token_is_accepted(fake_provider: FakeProvider) -> None:
    identity = verify(fake_provider, fake_provider.sign(fake_provider.claims(), alg="ES256"))
    assert identity.subject == "user-123"


def test_verify_audience_list_with_our_client_is_accepted(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(aud=[CLIENT_ID]))
    assert verify(fake_provider, token).subject == "user-123"


def test_verify_alg_none_is_refused(fake_provider: FakeProvider) -> None:
    assert rejected_reason(fake_provider, unsigned_token(fake_provider.claims())) == "alg_not_allowed"


def test_verify_hs256_signed_with_the_public_key_is_refused(fake_provider: FakeProvider) -> None:
    pem = public_pem(fake_provider.rsa)
    forged = hs256_with_public_key(fake_provider.claims(), pem, fake_provider.rsa_kid)
    assert rejected_reason(fake_provider, forged) == "alg_not_allowed"


def test_verify_token_signed_by_another_key_under_our_kid_is_refused(fake_provider: FakeProvider) -> None:
    forged = fake_provider.sign(fake_provider.claims(), key=rsa_key())
    assert rejected_reason(fake_provider, forged) == "bad_signature"


def test_verify_es256_signed_by_another_key_is_refused(fake_provider: FakeProvider) -> None:
    forged = fake_provider.sign(fake_provider.claims(), alg="ES256", key=ec_key())
    assert rejected_reason(fake_provider, forged) == "bad_signature"


def test_verify_wrong_audience_is_refused(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(aud="someone-elses-client"))
    assert rejected_reason(fake_provider, token) == "wrong_audience"


def test_verify_several_audiences_without_our_azp_is_refused(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(aud=[CLIENT_ID, "other"], azp="other"))
    assert rejected_reason(fake_provider, token) == "wrong_audience"


def test_verify_wrong_issuer_is_refused(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(iss="https://evil.example"))
    assert rejected_reason(fake_provider, token) == "wrong_issuer"


def test_verify_expired_token_is_refused(fake_provider: FakeProvider) -> None:
    now = int(time.time())
    token = fake_provider.sign(fake_provider.claims(iat=now - 900, exp=now - 120))
    assert rejected_reason(fake_provider, token) == "expired"


def test_verify_token_expired_within_the_leeway_is_accepted(fake_provider: FakeProvider) -> None:
    now = int(time.time())
    token = fake_provider.sign(fake_provider.claims(iat=now - 600, exp=now - 20))
    assert verify(fake_provider, token).subject == "user-123"


def test_verify_iat_in_the_future_is_refused(fake_provider: FakeProvider) -> None:
    now = int(time.time())
    token = fake_provider.sign(fake_provider.claims(iat=now + 600, exp=now + 900))
    assert rejected_reason(fake_provider, token) == "issued_in_future"


def test_verify_tampered_payload_is_refused(fake_provider: FakeProvider) -> None:
    token = tamper(fake_provider.sign(fake_provider.claims()), sub="admin")
    assert rejected_reason(fake_provider, token) == "bad_signature"


def test_verify_unknown_kid_is_refused_after_fetching_the_jwks_again(fake_provider: FakeProvider) -> None:
    keys = OidcProvider(fake_provider.issuer, clock=lambda: 1000.0).keys()
    verify(fake_provider, fake_provider.sign(fake_provider.claims()), keys=keys)  # warms the cache
    fetched = fake_provider.jwks_requests
    keys._cooldown_s = 0  # the cool-down is tested in test_discovery
    token = fake_provider.sign(fake_provider.claims(), kid="rotated-away", key=rsa_key())
    assert rejected_reason(fake_provider, token, keys=keys) == "unknown_kid"
    assert fake_provider.jwks_requests == fetched + 1


def test_verify_wrong_nonce_is_refused(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(nonce="another-sign-in"))
    assert rejected_reason(fake_provider, token) == "nonce_mismatch"


def test_verify_missing_nonce_is_refused(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(nonce=None))
    assert rejected_reason(fake_provider, token) == "nonce_mismatch"


@pytest.mark.parametrize("verified", [False, "true", None])
def test_verify_email_not_verified_is_refused(fake_provider: FakeProvider, verified: object) -> None:
    token = fake_provider.sign(fake_provider.claims(email_verified=verified))
    assert rejected_reason(fake_provider, token) == "email_not_verified"


@pytest.mark.parametrize("claim", ["sub", "exp", "iat", "iss", "aud"])
def test_verify_missing_required_claim_is_refused(fake_provider: FakeProvider, claim: str) -> None:
    token = fake_provider.sign(fake_provider.claims(**{claim: None}))
    assert rejected_reason(fake_provider, token) == "missing_claim"


def test_verify_garbage_is_refused_as_malformed(fake_provider: FakeProvider) -> None:
    assert rejected_reason(fake_provider, "not.a.jwt") == "malformed"


def test_verify_es256_header_with_an_rsa_kid_is_refused(fake_provider: FakeProvider) -> None:
    token = fake_provider.sign(fake_provider.claims(), alg="ES256", kid=fake_provider.rsa_kid)
    assert rejected_reason(fake_provider, token) == "unknown_kid"
