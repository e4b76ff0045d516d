"""Fixtures of the sign-in tests: a forging provider, oidc-provider-mock, users, a Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from compass.models import User
from compass.workspace.users import get_or_create_user
from tests.auth.oidc import FakeProvider, serve


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
