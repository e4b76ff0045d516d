"""Fixtures of the sign-in tests: a forging provider, oidc-provider-mock, users, a Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from compass.models import User
from compass.users import get_or_create_user
from tests.auth.oidc import FakeProvider, serve
from tests.conftest import _require

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_ARGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)


@pytest.fixture
def fake_provider() -> Iterator[FakeProvider]:
    with serve(FakeProvider()) as provider:
        yield provider


@pytest.fixture
def alice(engine: Engine) -> User:
    return get_or_create_user(engine, "https://accounts.google.com", "alice-sub", email="alice@example.com")


@pytest.fixture
def bob(engine: Engine) -> User:
    return get_or_create_user(engine, "https://accounts.google.com", "bob-sub", email="bob@example.com")


def chromium_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or (CHROMIUM if shutil.which(CHROMIUM) else None)
    driver = shutil.which("chromedriver") or (CHROMEDRIVER if shutil.which(CHROMEDRIVER) else None)
    if not chromium or not driver:
        _require("Chromium", f"chromium at {CHROMIUM} and chromedriver at {CHROMEDRIVER} are needed")
    assert chromium and driver
    return chromium, driver
