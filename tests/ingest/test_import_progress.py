"""An import says what it is doing and how far it is: each file read, then each written batch by batch, the
share moving forward to the whole; and an import that is refused stops where it was, before writing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from compass.importers import ImportOptions
from compass.ingest import ingest
from compass.ingest.files import ImportRefused, import_files
from compass.synthetic import NicheSpec, generate_niche

OPTIONS = ImportOptions(captured_at=datetime(2025, 1, 1, tzinfo=UTC))
HEADER = "id,create_time,user_name,n_plays,n_likes,text\n"


def _export(folder: Path, name: str, videos: int, first: int = 0) -> Path:
    rows = [
        f"{7_000_000_000_000_000_000 + n},1600000000,creator{n % 7},100,10,hello #fyp"
        for n in range(first, first + videos)
    ]
    path = folder / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_every_file_is_read_then_written_with_the_share_moving_to_the_whole(
    engine: Engine, tmp_path: Path
) -> None:
    first, second = _export(tmp_path, "a.csv", 30), _export(tmp_path, "b.csv", 12_000, first=30)
    heard: list[tuple[int, int, str]] = []
    import_files(engine, [first, second], OPTIONS, lambda *told: heard.append(told))
    total = 2 * (first.stat().st_size + second.stat().st_size)
    assert {of for _, of, _ in heard} == {total}
    steps = list(dict.fromkeys(step for _, _, step in heard))
    assert steps == [
        "Reading a.csv (1 of 2)",
        "Reading b.csv (2 of 2)",
        "Writing the 30 videos of a.csv",
        "Writing the 12,000 videos of b.csv",
        "Imported",
    ]
    done = [d for d, _, _ in heard]
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    writing_b = [d for d, _, step in heard if step.endswith("b.csv") and step.startswith("Writing")]
    assert len(set(writing_b)) > 2, "a large file moves forward batch by batch"


def test_an_atomic_ingest_tells_how_far_it_is_after_each_batch(engine: Engine) -> None:
    spec = NicheSpec(name="p", n_creators=3, videos_per_creator=(20, 20), seed=5)
    observations = generate_niche(spec, datetime(2025, 6, 1, tzinfo=UTC))
    heard: list[tuple[int, int]] = []
    ingest(engine, observations, atomic=True, batch_videos=21, written=lambda *told: heard.append(told))
    assert heard == [(21, 63), (42, 63), (63, 63)]


def test_a_refused_file_stops_the_progress_before_anything_is_written(engine: Engine, tmp_path: Path) -> None:
    good, bad = _export(tmp_path, "a.csv", 5), tmp_path / "b.csv"
    bad.write_bytes(b"PK\x03\x04 not a csv")
    heard: list[str] = []
    with pytest.raises(ImportRefused):
        import_files(engine, [good, bad], OPTIONS, lambda done, total, step: heard.append(step))
    assert heard == ["Reading a.csv (1 of 2)", "Reading b.csv (2 of 2)"]
