"""Imports all of datares_TikTok_Famous (54k rows, 50k unique videos) into an empty PostgreSQL database.

Prints rows per second and peak memory, and the floor: COPY of the same CSV files into bare
tables of text columns (no parsing, no checks, no keys), timed in the same run. Target: <= 10x the floor.
    .venv/bin/python bench/import.py [FOLDER]
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import psycopg2
from common import SHARED, floor_line, fresh_postgres_url, peak_rss_mib

from compass.catalog import database_status
from compass.db import make_engine_for_url
from compass.importers import ImportOptions
from compass.ingest.files import expand_paths, import_files
from compass.migrations import upgrade


def copy_floor(url: str, files: list[Path]) -> float:
    """Seconds to COPY every CSV file, as it is, into a bare table of text columns: the database's own
    fastest path for the same bytes, which any import of them costs at least."""
    connection = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1))
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


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "data" / "datares_TikTok_Famous"
    engine = make_engine_for_url(fresh_postgres_url(), "bench")
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
    print(f"elapsed          {elapsed:.2f} s")
    print(floor_line("import", elapsed, floor, "COPY of the same files (target <= 10x)"))
    print(f"rows per second  {rows / elapsed:,.0f}")
    print(f"peak memory      {peak_rss_mib():.0f} MiB (process RSS)")
    engine.dispose()


if __name__ == "__main__":
    main()
