"""Local mode: on by default on a laptop, impossible to switch on by accident anywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from compass.auth.local_mode import AuthMode, auth_mode, connection_is_local, is_localhost_url
from compass.settings import load_settings


def mode(tmp_path: Path, **env: str) -> tuple[AuthMode, str]:
    decision = auth_mode(load_settings(env, secrets_path=tmp_path / "none.toml"))
    return decision.mode, decision.reason


def test_auth_mode_nothing_configured_on_localhost_is_local(tmp_path: Path) -> None:
    assert mode(tmp_path)[0] is AuthMode.LOCAL


def test_auth_mode_client_configured_is_oauth_even_on_localhost(tmp_path: Path) -> None:
    assert mode(tmp_path, COMPASS_OIDC_CLIENT_ID="id", COMPASS_OIDC_CLIENT_SECRET="s")[0] is AuthMode.OAUTH


def test_auth_mode_public_url_not_localhost_without_client_is_refused(tmp_path: Path) -> None:
    found, reason = mode(tmp_path, COMPASS_PUBLIC_URL="https://compass.example.com")
    assert found is AuthMode.MISCONFIGURED and "localhost" in reason


@pytest.mark.parametrize("half", [{"COMPASS_OIDC_CLIENT_ID": "id"}, {"COMPASS_OIDC_CLIENT_SECRET": "s"}])
def test_auth_mode_half_a_client_is_refused_not_local(tmp_path: Path, half: dict[str, str]) -> None:
    found, reason = mode(tmp_path, **half)
    assert found is AuthMode.MISCONFIGURED and "needs both" in reason


def test_auth_mode_plain_http_public_url_outside_localhost_is_refused(tmp_path: Path) -> None:
    found, reason = mode(
        tmp_path,
        COMPASS_OIDC_CLIENT_ID="id",
        COMPASS_OIDC_CLIENT_SECRET="s",
        COMPASS_PUBLIC_URL="http://compass.example.com",
    )
    assert found is AuthMode.MISCONFIGURED and "https" in reason


def test_auth_mode_plain_http_issuer_outside_localhost_is_refused(tmp_path: Path) -> None:
    found, _ = mode(
        tmp_path,
        COMPASS_OIDC_CLIENT_ID="id",
        COMPASS_OIDC_CLIENT_SECRET="s",
        COMPASS_OIDC_ISSUER="http://idp.example.com",
    )
    assert found is AuthMode.MISCONFIGURED


@pytest.mark.parametrize(
    "url", ["http://localhost:8501", "http://127.0.0.1", "http://[::1]:80", "http://app.localhost"]
)
def test_is_localhost_url_loopback_names_are_local(url: str) -> None:
    assert is_localhost_url(url)


@pytest.mark.parametrize(
    "url", ["https://localhost.example.com", "http://10.0.0.5", "http://0.0.0.0:8501", "http://"]
)
def test_is_localhost_url_other_hosts_are_not(url: str) -> None:
    assert not is_localhost_url(url)


def test_connection_is_local_loopback_browser_is_allowed() -> None:
    assert connection_is_local(None, {"Host": "localhost:8501"})


def test_connection_is_local_without_any_request_is_allowed() -> None:
    assert connection_is_local(None, {})  # AppTest: no browser at all


def test_connection_is_local_remote_address_is_refused() -> None:
    assert not connection_is_local("203.0.113.7", {"Host": "localhost:8501"})


def test_connection_is_local_public_host_header_is_refused() -> None:
    assert not connection_is_local(None, {"Host": "compass.example.com"})


def test_connection_is_local_through_a_proxy_is_refused() -> None:
    assert not connection_is_local(None, {"Host": "localhost:8501", "X-Forwarded-For": "203.0.113.7"})
