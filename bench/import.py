"""Imports all of datares_TikTok_Famous (54k rows, 50k unique videos) into an empty PostgreSQL database,
or a plain generated CSV of videos (``--rows``: one row per video, 11 columns, 2,000 creators).

Prints rows per second and peak memory, and the floor: COPY of the same CSV files into bare
tables of text columns (no parsing, no checks, no keys), timed in the same run. Target: <= 10x the floor.
Beside it, what the schema alone costs: the rows the import stored, COPYed back table by table into the
same empty schema with its keys, indexes and foreign keys (no reading, no lookups, no Python).
    .venv/bin/python bench/import.py [FOLDER]
    .venv/bin/python bench/import.py --rows 300000
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg2
from common import SHARED, floor_line, fresh_postgres_url, peak_rss_mib
from sqlalchemy import MetaData, make_url

from compass.catalog import database_status
from compass.db import libpq_uri, make_engine_for_url
from compass.importers import ImportOptions
from compass.ingest.files import expand_paths, import_files
from compass.migrations import upgrade
from compass.models import Base


def copy_floor(url: str, files: list[Path]) -> float:
    """Seconds to COPY every CSV file, as it is, into a bare table of text columns: the database's own
    fastest path for the same bytes, which any import of them costs at least."""
    connection = psycopg2.connect(libpq_uri(make_url(url)))
    try:
        with connection.cursor() as cursor:
            for number, path in enumerate(files):
                with path.open(newline="", encoding="utf-8") as handle:
                    header = next(csv.reader(handle))
                columns = ", ".join(f"c{i} text" for i in range(len(header)))
                cursor.execute(f"CREATE TABLE bare_{number} ({columns})")
        connection.commit()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for number, path in enumerate(files):
                with path.open("rb") as handle:
                    cursor.copy_expert(
                        f"COPY bare_{number} FROM STDIN WITH (FORMAT csv, HEADER true)", handle
                    )
        connection.commit()
        return time.perf_counter() - start
    finally:
        connection.close()


def schema_floor(stored_url: str, metadata: MetaData) -> float:
    """Seconds to COPY every row the import stored into a new empty database of the same schema, tables
    in key order, in one transaction: the least the database's own keys, indexes and foreign-key checks
    cost for these rows, whatever reads them."""
    tables = [t.name for t in metadata.sorted_tables]
    dumps: dict[str, io.BytesIO] = {}
    source = psycopg2.connect(libpq_uri(make_url(stored_url)))
    try:
        with source.cursor() as cursor:
            for name in tables:
                dumps[name] = io.BytesIO()
                cursor.copy_expert(f"COPY {name} TO STDOUT WITH (FORMAT binary)", dumps[name])
    finally:
        source.close()
    empty_url = fresh_postgres_url()
    engine = make_engine_for_url(empty_url, "bench")
    upgrade(engine)
    engine.dispose()
    target = psycopg2.connect(libpq_uri(make_url(empty_url)))
    try:
        start = time.perf_counter()
        with target.cursor() as cursor:
            for name in tables:
                dumps[name].seek(0)
                cursor.copy_expert(f"COPY {name} FROM STDIN WITH (FORMAT binary)", dumps[name])
        target.commit()
        return time.perf_counter() - start
    finally:
        target.close()


def plain_csv(rows: int, folder: Path) -> Path:
    """A CSV of ``rows`` generated videos as a plain export holds them: id, author, time, caption with
    hashtags, duration, the five counts, the sound's title."""
    rng = np.random.default_rng(7)
    creators = rng.integers(0, 2000, rows)
    tags = np.array(["fitness", "homeworkout", "gym", "fyp", "motivation", "yoga", "running", "diet"])
    first, second = tags[rng.integers(0, len(tags), rows)], tags[rng.integers(0, len(tags), rows)]
    views = rng.lognormal(9, 1.5, rows).astype(np.int64)
    frame = pd.DataFrame(
        {
            "video_id": 7_100_000_000_000_000_000 + np.arange(rows, dtype=np.int64) * 7919,
            "author": [f"creator{c:04d}" for c in creators],
            "create_time": 1_700_000_000 + rng.integers(0, 365 * 86_400, rows),
            "caption": [
                f"day {i % 365} of training #{a} #{b}"
                for i, a, b in zip(range(rows), first, second, strict=True)
            ],
            "duration": rng.integers(5, 180, rows),
            "views": views,
            "likes": (views * rng.uniform(0.02, 0.12, rows)).astype(np.int64),
            "comments": (views * rng.uniform(0.001, 0.01, rows)).astype(np.int64),
            "shares": (views * rng.uniform(0.001, 0.01, rows)).astype(np.int64),
            "saves": (views * rng.uniform(0.001, 0.02, rows)).astype(np.int64),
            "sound_title": [f"sound {s}" for s in rng.integers(0, 5000, rows)],
        }
    )
    path = folder / f"videos-{rows}.csv"
    frame.to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=SHARED / "data" / "datares_TikTok_Famous")
    parser.add_argument("--rows", type=int, help="import a plain generated CSV of this many videos instead")
    args = parser.parse_args()
    folder = args.folder
    if args.rows:
        folder = plain_csv(args.rows, Path(tempfile.mkdtemp(prefix="bench-import-")))
    url = fresh_postgres_url()
    engine = make_engine_for_url(url, "bench")
    upgrade(engine)
    files = expand_paths([folder])
    start = time.perf_counter()
    summary = import_files(engine, [folder], ImportOptions())
    elapsed = time.perf_counter() - start
    rows = sum(f.rows for f in summary.files)
    status = database_status(engine)
    print(f"files            {len(files)}")
    print(f"rows read        {rows:,}")
    print(f"videos stored    {status.videos:,}  (creators {status.creators:,})")
    floor = copy_floor(fresh_postgres_url(), [f for f in files if f.suffix.lower() == ".csv"])
    schema = schema_floor(url, Base.metadata)
    print(f"elapsed          {elapsed:.2f} s")
    print(floor_line("import", elapsed, floor, "COPY of the same files (target <= 10x)"))
    print(floor_line("the schema", schema, floor, "the same (the stored rows COPYed into the empty schema)"))
    print(f"import / schema  {elapsed / schema:.1f}x (what reading, checking and looking up add)")
    print(f"rows per second  {rows / elapsed:,.0f}")
    print(f"peak memory      {peak_rss_mib():.0f} MiB (process RSS)")
    engine.dispose()


if __name__ == "__main__":
    main()
