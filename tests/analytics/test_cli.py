"""`insights` and `metrics` commands (not yet registered in compass.cli: built here with their register())."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.cli import insights as insights_cli
from compass.cli import metrics as metrics_cli
from compass.errors import CompassError
from compass.ingest import ingest
from compass.models import Creator, MemberSource, Niche, NicheMember, User
from compass.synthetic import NicheSpec, PlantedEffects, generate_niche
from compass.workspace.users import LOCAL_ISSUER, LOCAL_SUBJECT

SPEC = NicheSpec(
    name="fitness",
    n_creators=30,
    videos_per_creator=(40, 120),
    seed=77,
    effects=PlantedEffects(weekday={1: 1.5}),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="compass")
    commands = parser.add_subparsers(dest="command", required=True)
    insights_cli.register(commands)
    metrics_cli.register(commands)
    return parser


@pytest.fixture
def workspace(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path) -> dict[str, str]:
    """The generated niche in the test database: niche 'fitness' of the local user, with an own handle."""
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COMPASS_DATA_DIR", str(tmp_path))
    observations = generate_niche(SPEC, SPEC.end)
    ingest(engine, observations)
    handles = sorted(o.creator.handle for o in observations)
    with Session(engine) as session, session.begin():
        user = User(issuer=LOCAL_ISSUER, subject=LOCAL_SUBJECT, own_handle=handles[3])
        session.add(user)
        session.flush()
        ids = dict(session.execute(select(Creator.handle, Creator.id)).all())
        niche = Niche(
            user_id=user.id,
            name="fitness",
            members=[NicheMember(creator_id=ids[h], source=MemberSource.MANUAL) for h in handles[:25]],
        )
        session.add(niche)
    return {"you": handles[3], "outsider": handles[27]}


def _run(capsys, *argv: str):
    args = _parser().parse_args(list(argv))
    assert args.run(args) == 0
    return capsys.readouterr().out


def test_insights_json_niche_lists_insights_and_recommendations(workspace, capsys):
    out = json.loads(_run(capsys, "insights", "--niche", "fitness", "--json"))
    assert set(out) == {"insights", "recommendations"}
    tuesday = [
        i for i in out["insights"] if (i["kind"], i["group"], i["scope"]) == ("weekday", "Tuesday", "niche")
    ]
    assert tuesday and tuesday[0]["effect"] > 0.2
    for insight in out["insights"]:
        assert {"kind", "group", "text", "effect", "ci_low", "ci_high", "n", "q"} <= set(insight)
        assert insight["kind"] in {"weekday", "hour", "duration", "hashtag", "sound", "cadence", "hook"}
    for rec in out["recommendations"]:
        assert {"title", "expected_gain", "confidence", "evidence"} <= set(rec)


def test_insights_text_handle_names_scopes_and_recommendations(workspace, capsys):
    out = _run(capsys, "insights", "@" + workspace["you"])
    assert "niche 'fitness'" in out and "NICHE" in out and f"YOU: @{workspace['you']}" in out
    assert "Tuesday" in out and "95% CI" in out and "Recommendations" in out


def test_insights_all_and_time_zone(workspace, capsys):
    out = json.loads(_run(capsys, "insights", "--all", "--json", "--tz", "Asia/Tokyo"))
    assert out["recommendations"] == []  # --all with no creator named: nobody to advise
    assert all("(Asia/Tokyo)" in i["text"] for i in out["insights"] if i["kind"] in ("weekday", "hour"))


def test_insights_handle_outside_any_niche_uses_every_creator(workspace, capsys):
    out = _run(capsys, "insights", workspace["outsider"])
    assert "every creator in the database" in out and "30 creators" in out


def test_insights_without_target_or_unknown_handle_raises(workspace):
    with pytest.raises(CompassError):
        args = _parser().parse_args(["insights"])
        args.run(args)
    with pytest.raises(CompassError):
        args = _parser().parse_args(["insights", "@nobody.here"])
        args.run(args)


def test_metrics_json_every_creator_with_required_fields(workspace, capsys):
    rows = json.loads(_run(capsys, "metrics", "--niche", "fitness", "--json"))
    assert len(rows) == 25
    for row in rows:
        assert {
            "handle",
            "videos",
            "median_views",
            "engagement_rate",
            "videos_per_week",
            "followers",
            "outliers",
        } <= set(row)
    medians = [r["median_views"] for r in rows]
    assert medians == sorted(medians, reverse=True)


def test_metrics_handle_prints_that_creator_and_definitions(workspace, capsys):
    out = _run(capsys, "metrics", workspace["you"])
    assert f"@{workspace['you']}" in out and "median views" in out
    assert "(likes + comments + shares + saves) / views" in out
    rows = json.loads(_run(capsys, "metrics", workspace["you"], "--json"))
    assert [r["handle"] for r in rows] == [workspace["you"]]


def test_commands_register_with_run_set():
    parser = _parser()
    for argv in (["insights", "--all"], ["metrics", "--all"]):
        assert callable(parser.parse_args(argv).run)
