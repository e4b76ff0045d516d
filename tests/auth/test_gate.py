"""The gate in AppTest: local mode, a refused configuration, and the signed-out sign-in screen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from compass.auth.flow import s256
from compass.workspace import UserSettings, get_settings
from compass.workspace.users import local_user
from tests.auth.oidc import CLIENT_ID, CLIENT_SECRET, FakeProvider
from tests.conftest import _empty_tables, _migrated_engine

PAGE = """
import streamlit as st
from compass.web.gate import require_user
user = require_user()
st.write(f"PAGE CONTENT for user {user.id}")
"""


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path) -> Iterator[None]:
    _empty_tables(_migrated_engine(sqlite_url))
    for name in (
        "COMPASS_OIDC_CLIENT_ID",
        "COMPASS_OIDC_CLIENT_SECRET",
        "COMPASS_OIDC_ISSUER",
        "COMPASS_PUBLIC_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def oauth_env(app_env: None, fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch) -> FakeProvider:
    monkeypatch.setenv("COMPASS_OIDC_ISSUER", fake_provider.issuer)
    monkeypatch.setenv("COMPASS_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("COMPASS_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("COMPASS_PUBLIC_URL", "http://localhost:8501")
    return fake_provider


def run(script: str = PAGE) -> AppTest:
    return AppTest.from_string(script, default_timeout=30).run()


def texts(at: AppTest) -> str:
    return "\n".join(str(getattr(e, "value", "")) for e in at.main)


def authorization_url(at: AppTest) -> str:
    [button] = [
        e
        for e in at.main
        if type(e).__name__ == "UnknownElement"
        and e.proto.component_name == "streamlit_oauth.authorize_button"
    ]
    args = json.loads(button.proto.json_args)
    assert args["name"] == "Sign in with Google"
    return args["authorization_url"]


def test_require_user_local_mode_signs_in_the_local_user_with_a_banner(app_env: None) -> None:
    at = run()
    assert not at.exception
    assert "Local mode" in at.info[0].value
    assert "PAGE CONTENT for user" in texts(at)


def test_require_user_without_client_on_a_public_url_refuses_local_mode(
    app_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPASS_PUBLIC_URL", "https://compass.example.com")
    at = run()
    assert "not set up correctly" in at.error[0].value
    assert "PAGE CONTENT" not in texts(at)


def test_require_user_with_half_a_client_refuses_local_mode(
    app_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPASS_OIDC_CLIENT_ID", "only-the-id")
    at = run()
    assert "COMPASS_OIDC_CLIENT_SECRET" in at.error[0].value and "PAGE CONTENT" not in texts(at)


def test_require_user_signed_out_shows_only_the_sign_in(oauth_env: FakeProvider) -> None:
    at = run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in to Creator Compass"]
    assert "PAGE CONTENT" not in texts(at)


def test_require_user_sign_in_button_asks_for_code_with_pkce_s256_state_and_nonce(
    oauth_env: FakeProvider,
) -> None:
    at = run()
    url = authorization_url(at)
    assert url.startswith(f"{oauth_env.issuer}/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    attempt = at.session_state["_compass_signin_attempt"]
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://localhost:8501/auth/callback"
    assert query["scope"] == "openid email profile"
    assert query["state"] == attempt.state and query["nonce"] == attempt.nonce
    assert query["code_challenge_method"] == "S256" and query["code_challenge"] == s256(attempt.code_verifier)
    assert attempt.code_verifier not in url


def test_require_user_rerun_keeps_the_same_attempt(oauth_env: FakeProvider) -> None:
    at = run()
    first = authorization_url(at)
    at.run()
    assert authorization_url(at) == first


def test_require_user_unreachable_provider_says_so_and_stops(
    app_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPASS_OIDC_ISSUER", "http://localhost:9")
    monkeypatch.setenv("COMPASS_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("COMPASS_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    at = run()
    assert "cannot be reached" in at.error[0].value and "PAGE CONTENT" not in texts(at)


def test_account_page_saves_settings_and_deletes_the_account_in_local_mode(
    app_env: None, sqlite_url: str
) -> None:
    engine = _migrated_engine(sqlite_url)
    page = Path(__file__).parents[2] / "pages" / "9_Account.py"
    at = AppTest.from_file(str(page), default_timeout=30).run()
    assert not at.exception
    at.text_input[0].set_value("@my_handle")
    at.selectbox[0].set_value("Europe/Paris")
    at.button[0].click().run()  # the form's Save
    assert at.success[0].value == "Saved."
    first = local_user(engine)
    assert get_settings(engine, first) == UserSettings("my_handle", "Europe/Paris")
    prepare = next(b for b in at.button if b.label == "Prepare my download")
    prepare.click().run()
    assert "account_export" in at.session_state
    delete = next(b for b in at.button if b.label == "Delete my account")
    assert delete.disabled
    next(t for t in at.text_input if t.label.startswith("Type")).set_value("delete my account").run()
    next(b for b in at.button if b.label == "Delete my account").click().run()
    assert not at.exception
    fresh = local_user(engine)  # the old local user and its settings are gone; a new one starts empty
    assert get_settings(engine, fresh) == UserSettings(None, "UTC")


def test_home_page_is_served_through_st_app_and_runs_behind_the_gate(app_env: None) -> None:
    from streamlit.web.server.app_discovery import discover_asgi_app

    home = Path(__file__).parents[2] / "app.py"
    assert discover_asgi_app(home).import_string == "app:app"  # what `streamlit run app.py` serves
    at = AppTest.from_file(str(home), default_timeout=30).run()
    assert not at.exception
    assert "Local mode" in at.info[0].value and at.title[0].value == ":material/explore: Creator Compass"


def test_home_page_signed_out_shows_only_the_sign_in(oauth_env: FakeProvider) -> None:
    at = AppTest.from_file(str(Path(__file__).parents[2] / "app.py"), default_timeout=30).run()
    assert [t.value for t in at.title] == ["Sign in to Creator Compass"] and not at.exception
