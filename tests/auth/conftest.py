"""Fixtures of the sign-in tests: a forging provider (users, alice and bob, are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.auth.oidc import FakeProvider, serve


@pytest.fixture
def fake_provider() -> Iterator[FakeProvider]:
    with serve(FakeProvider()) as provider:
        yield provider
