"""Imports all of datares_TikTok_Famous (54k rows, 50k unique videos) into an empty PostgreSQL database.

Prints rows per second and peak memory. Target: under 10 s.
    .venv/bin/python bench/import.py [FOLDER]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from common import SHARED, fresh_postgres_url, peak_rss_mib

from compass.catalog import database_status
from compass.db import make_engine_for_url
from compass.importers import ImportOptions
from compass.ingest.files import expand_paths, import_files
from compass.migrations import upgrade


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
    print(f"elapsed          {elapsed:.2f} s  (target < 10 s)")
    print(f"rows per second  {rows / elapsed:,.0f}")
    print(f"peak memory      {peak_rss_mib():.0f} MiB (process RSS)")
    engine.dispose()


if __name__ == "__main__":
    main()
