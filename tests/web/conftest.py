"""The app's pages under AppTest: ``serve`` points the app at a workspace folder of the test's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """``serve(folder)``: the app reads ``folder``'s SQLite database, signs in its local user (no OAuth
    client, no DATABASE_URL), and starts from empty caches, as a fresh ``make run`` would."""

    def point_at(folder: Path) -> None:
        for name in ("COMPASS_OIDC_CLIENT_ID", "COMPASS_OIDC_CLIENT_SECRET", "DATABASE_URL"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("COMPASS_DATA_DIR", str(folder))
        st.cache_data.clear()
        st.cache_resource.clear()

    yield point_at
    st.cache_data.clear()
    st.cache_resource.clear()
