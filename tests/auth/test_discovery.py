"""The discovery document and the JWKS cache: fetched once, fetched again on rotation, never hammered."""

from __future__ import annotations

import pytest

from compass.auth.provider import DiscoveryError, JwksCache, OidcProvider, ProviderMetadata
from compass.auth.tokens import verify_id_token
from tests.auth.oidc import CLIENT_ID, FakeProvider, public_jwk, rsa_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_metadata_of_a_real_server_gives_the_endpoints(fake_provider: FakeProvider) -> None:
    metadata = OidcProvider(fake_provider.issuer).metadata()
    assert metadata.token_endpoint == f"{fake_provider.issuer}/token"
    assert metadata.jwks_uri == f"{fake_provider.issuer}/jwks"


def test_metadata_naming_another_issuer_is_refused() -> None:
    with pytest.raises(DiscoveryError, match="expected"):
        ProviderMetadata.from_document("https://accounts.google.com", {"issuer": "https://evil.example"})


def test_metadata_with_plain_http_endpoint_outside_localhost_is_refused() -> None:
    document = {
        "issuer": "https://idp.example",
        "authorization_endpoint": "https://idp.example/a",
        "token_endpoint": "http://idp.example/token",
        "jwks_uri": "https://idp.example/jwks",
    }
    with pytest.raises(DiscoveryError, match="non-https token_endpoint"):
        ProviderMetadata.from_document("https://idp.example", document)


def test_metadata_of_an_unreachable_provider_raises_a_readable_error() -> None:
    with pytest.raises(DiscoveryError, match="could not reach"):
        OidcProvider("http://localhost:9").metadata()


def test_jwks_two_verifications_fetch_the_keys_once(fake_provider: FakeProvider) -> None:
    keys = OidcProvider(fake_provider.issuer).keys()
    for _ in range(3):
        verify_id_token(
            fake_provider.sign(fake_provider.claims()),
            issuer=fake_provider.issuer,
            client_id=CLIENT_ID,
            nonce="the-nonce",
            keys=keys,
        )
    assert fake_provider.jwks_requests == 1


def test_jwks_rotated_key_is_found_by_fetching_again(fake_provider: FakeProvider) -> None:
    clock = Clock()
    keys = JwksCache(f"{fake_provider.issuer}/jwks", clock=clock)
    assert keys.candidates(fake_provider.rsa_kid)
    new_key = rsa_key()
    fake_provider.extra_keys.append(public_jwk(new_key, "rsa-2"))
    clock.now += 11  # past the cool-down
    token = fake_provider.sign(fake_provider.claims(), kid="rsa-2", key=new_key)
    identity = verify_id_token(
        token, issuer=fake_provider.issuer, client_id=CLIENT_ID, nonce="the-nonce", keys=keys
    )
    assert identity.subject == "user-123" and fake_provider.jwks_requests == 2


def test_jwks_unknown_kids_within_the_cooldown_do_not_fetch_again(fake_provider: FakeProvider) -> None:
    keys = JwksCache(f"{fake_provider.issuer}/jwks", clock=Clock())
    keys.candidates(fake_provider.rsa_kid)
    for n in range(20):
        assert keys.candidates(f"forged-{n}") == []
    assert fake_provider.jwks_requests == 1


def test_jwks_is_fetched_again_after_its_ttl(fake_provider: FakeProvider) -> None:
    clock = Clock()
    keys = JwksCache(f"{fake_provider.issuer}/jwks", clock=clock)
    keys.candidates(fake_provider.rsa_kid)
    clock.now += 3601
    keys.candidates(fake_provider.rsa_kid)
    assert fake_provider.jwks_requests == 2


def test_jwks_token_without_kid_uses_the_only_key_and_refuses_when_several(
    fake_provider: FakeProvider,
) -> None:
    only_one = {"keys": [public_jwk(fake_provider.rsa, None)]}
    keys = JwksCache(f"{fake_provider.issuer}/jwks", fetch=lambda url: only_one)
    assert len(keys.candidates(None)) == 1
    several = JwksCache(f"{fake_provider.issuer}/jwks")
    assert several.candidates(None) == []


def test_jwks_skips_encryption_keys_and_unusable_entries() -> None:
    enc = {**public_jwk(rsa_key(), "enc-1"), "use": "enc"}
    keys = JwksCache("https://idp.example/jwks", fetch=lambda url: {"keys": [enc, {"kty": "nope"}, "junk"]})
    assert keys.candidates("enc-1") == []
