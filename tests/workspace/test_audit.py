"""The audit log: one user's entries, newest first, and never a secret in them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from compass.models import User
from compass.workspace.audit import Action, list_entries, list_failed_sign_ins, record


def test_list_entries_returns_only_that_users_entries_newest_first(
    engine: Engine, alice: User, bob: User
) -> None:
    record(engine, Action.SIGN_IN, user_id=alice.id)
    record(engine, Action.EXPORT, user_id=alice.id)
    record(engine, Action.SIGN_IN, user_id=bob.id)
    record(engine, Action.SIGN_IN_FAILED, user_id=None, detail={"reason": "expired"})
    assert [e.action for e in list_entries(engine, alice)] == [Action.EXPORT, Action.SIGN_IN]
    assert [e.detail["reason"] for e in list_failed_sign_ins(engine)] == ["expired"]


@pytest.mark.parametrize("key", ["id_token", "client_secret", "code", "session_cookie", "ticket", "nonce"])
def test_record_detail_key_naming_a_secret_is_refused(engine: Engine, key: str) -> None:
    with pytest.raises(ValueError, match="never hold secrets"):
        record(engine, Action.SIGN_IN, user_id=None, detail={key: "x"})
