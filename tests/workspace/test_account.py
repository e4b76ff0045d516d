"""The account: a download of all of one's own data, and deleting it all while public data stays."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import tests.jobs.kinds_for_tests  # noqa: F401 - registers the test job kinds
from compass import workspace
from compass.auth.sessions import create_session, resolve_session
from compass.models import AuditEntry, Creator, Niche, ScrapeJob, User, UserSession, Video
from compass.workspace.account import delete_account, export_account
from compass.workspace.audit import Action, list_entries


def _public_creator(engine: Engine, handle: str, nickname: str) -> int:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        creator = Creator(handle=handle, nickname=nickname)
        session.add(creator)
        session.flush()
        session.add(
            Video(
                tiktok_id=f"v-{handle}",
                creator_id=creator.id,
                posted_at=datetime(2026, 1, 1, tzinfo=UTC),
                caption="=cmd|' /C calc'!A0",
            )
        )
    return creator.id


def _workspace(engine: Engine, user: User) -> int:
    creator = _public_creator(engine, "public_one", '=HYPERLINK("http://evil","click")')
    niche = workspace.create_niche(engine, user, "Home workouts")
    workspace.set_seeds(engine, user, niche.id, [("hashtag", "homeworkout")])
    workspace.add_member(engine, user, niche.id, creator)
    workspace.update_settings(engine, user, own_handle="alice_fit", timezone="Europe/Paris")
    workspace.request_job(engine, user, "test.record", {})
    return niche.id


def test_export_account_zip_holds_every_part_as_json_and_csv(engine: Engine, alice: User) -> None:
    _workspace(engine, alice)
    with zipfile.ZipFile(io.BytesIO(export_account(engine, alice))) as archive:
        names = set(archive.namelist())
        assert {
            "README.txt",
            "account.json",
            "niches.json",
            "niche_members.csv",
            "jobs.json",
            "jobs.csv",
            "recommendations.json",
            "recommendations.csv",
            "sessions.csv",
            "audit_log.json",
            "audit_log.csv",
        } <= names
        account = json.loads(archive.read("account.json"))
        assert account["settings"] == {"own_handle": "alice_fit", "timezone": "Europe/Paris"}
        assert account["subject"] == "alice-sub"
        niches = json.loads(archive.read("niches.json"))
        assert niches[0]["name"] == "Home workouts"
        assert niches[0]["seeds"] == [{"kind": "hashtag", "value": "homeworkout"}]
        members = pd.read_csv(io.BytesIO(archive.read("niche_members.csv")))
        assert members["nickname"][0].startswith("'=HYPERLINK")  # neutralized for spreadsheets
        assert len(json.loads(archive.read("jobs.json"))) == 1


def test_every_csv_of_the_export_has_its_header_even_when_empty(engine: Engine, alice: User) -> None:
    """A new account has no sessions, jobs or members: each CSV is still a table a reader can open."""
    with zipfile.ZipFile(io.BytesIO(export_account(engine, alice))) as archive:
        for name in (n for n in archive.namelist() if n.endswith(".csv")):
            frame = pd.read_csv(io.BytesIO(archive.read(name)))
            assert len(frame.columns) >= 4, name


def test_every_csv_of_the_export_holds_every_field_of_its_json(engine: Engine, alice: User) -> None:
    _workspace(engine, alice)
    create_session(engine, alice.id)
    with zipfile.ZipFile(io.BytesIO(export_account(engine, alice))) as archive:
        for table in ("jobs", "audit_log"):
            records = json.loads(archive.read(f"{table}.json"))
            frame = pd.read_csv(io.BytesIO(archive.read(f"{table}.csv")))
            assert len(frame) == len(records) and list(frame.columns) == list(records[0]), table
        members = pd.read_csv(io.BytesIO(archive.read("niche_members.csv")))
        assert len(members) == 1 and "handle" in members.columns
        sessions = pd.read_csv(io.BytesIO(archive.read("sessions.csv")))
        assert len(sessions) == 1 and "created_at" in sessions.columns


def test_export_account_never_holds_a_session_id(engine: Engine, alice: User) -> None:
    new = create_session(engine, alice.id)
    with zipfile.ZipFile(io.BytesIO(export_account(engine, alice))) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert new.token.encode() not in everything and b"id_hash" not in everything


def test_export_account_is_recorded_in_the_audit_log(engine: Engine, alice: User) -> None:
    export_account(engine, alice)
    assert [e.action for e in list_entries(engine, alice)] == [Action.EXPORT]


def test_delete_account_removes_workspace_and_sessions_and_keeps_public_data(
    engine: Engine, alice: User, bob: User
) -> None:
    _workspace(engine, alice)
    session_of_alice = create_session(engine, alice.id)
    bobs_niche = workspace.create_niche(engine, bob, "Bob's")
    summary = delete_account(engine, alice)
    assert summary.niches == 1 and summary.jobs == 1 and summary.sessions == 1
    assert resolve_session(engine, session_of_alice.token) is None
    with Session(engine) as session:
        assert session.get(User, alice.id) is None
        for model, column in (
            (Niche, Niche.user_id),
            (ScrapeJob, ScrapeJob.user_id),
            (UserSession, UserSession.user_id),
            (AuditEntry, AuditEntry.user_id),
        ):
            assert session.scalar(select(func.count()).select_from(model).where(column == alice.id)) == 0
        assert session.scalar(select(func.count()).select_from(Creator)) == 1
        assert session.scalar(select(func.count()).select_from(Video)) == 1
        trace = session.scalars(select(AuditEntry).where(AuditEntry.action == Action.ACCOUNT_DELETED)).one()
    assert trace.user_id is None and trace.detail["deleted_user_id"] == alice.id
    assert "alice" not in json.dumps(trace.detail)
    assert workspace.get_niche(engine, bob, bobs_niche.id).name == "Bob's"
