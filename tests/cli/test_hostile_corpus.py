"""`import` over the generated corpus of broken and hostile files, on SQLite and PostgreSQL: every
file ends in exit 0 or 1, never "internal error" or a traceback; a refused file says why in one line
and writes nothing; what was stored before is unchanged; nothing stored leaves the bounds."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from compass import bounds
from compass.cli import main
from compass.models.tiktok import Creator, Hashtag, ProfileSnapshot, Sound, Video, VideoStatSnapshot
from tests.conftest import shared_file
from tests.support.hostile_files import HostileFile, hostile_files

BASELINE = "data/santaclara_mit_tiktokapi/trending_videos.csv"
BASELINE_CAPTURED = "2021-09-01T00:00:00Z"  # after the baseline's videos
CAPTURED = "2025-01-01T00:00:00Z"  # after the corpus's videos (posted in 2024)
TABLES = (Creator, Video, Sound, Hashtag, VideoStatSnapshot, ProfileSnapshot)


def counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as connection:
        return tuple(connection.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES)


def fingerprint(engine: Engine) -> str:
    """Every stored field of every video, creator and sound there is, in id order."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in (Video.__table__, Creator.__table__, Sound.__table__):
            for row in connection.execute(
                select(table).where(table.c.id <= _last_id(connection, table)).order_by(table.c.id)
            ):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


_BASELINE_LAST: dict[str, int] = {}


def _last_id(connection, table) -> int:  # type: ignore[no-untyped-def]
    """Rows up to the baseline's last id: those the corpus must leave as they were."""
    if table.name not in _BASELINE_LAST:
        _BASELINE_LAST[table.name] = connection.execute(select(func.max(table.c.id))).scalar_one() or 0
    return _BASELINE_LAST[table.name]


@pytest.fixture
def run_import(engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`python -m compass import FILE --json` in this process, against the test's database."""
    monkeypatch.setattr("compass.cli.context.make_engine", lambda settings, process="cli": engine)

    def run(path: Path, captured_at: str) -> tuple[int, str, str]:
        code = main(["import", str(path), "--json", "--captured-at", captured_at])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


CORPUS = hostile_files()


def test_the_corpus_covers_every_category_with_both_outcomes() -> None:
    categories = {case.category for case in CORPUS}
    assert categories == {"format", "json", "quoting", "encoding", "values"}
    assert {case.outcome for case in CORPUS} == {"refused", "imported"}
    assert len({case.name for case in CORPUS}) == len(CORPUS)


def test_every_hostile_file_gets_a_clear_answer_and_harms_nothing_stored(  # type: ignore[no-untyped-def]
    engine: Engine, run_import, tmp_path: Path
) -> None:
    _BASELINE_LAST.clear()
    code, out, err = run_import(shared_file(BASELINE), BASELINE_CAPTURED)
    assert code == 0, err
    before = fingerprint(engine)
    failures = []
    for case in CORPUS:
        path = tmp_path / case.name
        path.write_bytes(case.content)
        rows_before = counts(engine)
        code, out, err = run_import(path, CAPTURED)
        problem = _problem(case, code, out, err, counts(engine) == rows_before)
        if problem:
            failures.append(f"{case.id}: {problem}")
    assert failures == [], "\n".join(failures)
    assert fingerprint(engine) == before
    _assert_inside_the_bounds(engine)


def _problem(case: HostileFile, code: int, out: str, err: str, unchanged: bool) -> str | None:
    if "Traceback" in err or "internal error" in err:
        return f"crashed: {err.strip()[:300]}"
    if case.outcome == "refused":
        if code != 1:
            return f"exit {code}, expected 1"
        lines = err.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("error: "):
            return f"not one error line: {err!r}"
        if case.says not in lines[0]:
            return f"the error does not say {case.says!r}: {lines[0]}"
        if not unchanged:
            return "a refused file wrote rows"
        return None
    if code != 0:
        return f"exit {code}, expected 0: {err.strip()[:300]}"
    report = json.loads(out)
    words = " | ".join([s["reason"] for s in report["skipped"]] + [n["note"] for n in report["notes"]])
    if len(report["skipped"]) != case.skipped:
        return f"{len(report['skipped'])} rows skipped, expected {case.skipped}: {words[:300]}"
    if case.says not in words:
        return f"nothing says {case.says!r}: {words[:300]}"
    if any("--" in s["reason"] for s in report["skipped"]):
        return "a skipped row's reason names a flag"
    return None


def _assert_inside_the_bounds(engine: Engine) -> None:
    with engine.connect() as connection:
        longest = {
            "nickname": connection.execute(select(func.max(func.length(Creator.nickname)))).scalar_one(),
            "sound_title": connection.execute(select(func.max(func.length(Sound.title)))).scalar_one(),
            "hashtag": connection.execute(select(func.max(func.length(Hashtag.name)))).scalar_one(),
            "caption": connection.execute(select(func.max(func.length(Video.caption)))).scalar_one(),
        }
        for field, length in longest.items():
            assert (length or 0) <= bounds.LENGTHS[field], field
        assert connection.execute(select(func.max(Video.duration_s))).scalar_one() <= bounds.MAX_DURATION_S
        first, last = connection.execute(select(func.min(Video.posted_at), func.max(Video.posted_at))).one()
        assert first >= bounds.FIRST_VIDEO and last <= datetime(2025, 1, 3, tzinfo=UTC)
        texts = [
            *connection.execute(select(Video.caption)).scalars(),
            *connection.execute(select(Creator.nickname)).scalars(),
            *connection.execute(select(Sound.title)).scalars(),
        ]
        assert not any("\x00" in value for value in texts if value)
        ids = connection.execute(select(Video.tiktok_id)).scalars().all()
        assert all(i.isascii() and i.isdigit() and int(i) <= bounds.MAX_ID for i in ids)
