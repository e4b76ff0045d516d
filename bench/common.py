"""What every benchmark shares: a fresh PostgreSQL database and honest peak-memory figures."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from tests.support.postgres import admin_url, create_database  # noqa: E402


def fresh_postgres_url() -> str:
    """BENCH_DATABASE_URL's server (or the local one, or a throwaway cluster), in a new empty database."""
    server = os.environ.get("BENCH_DATABASE_URL") or admin_url()
    return create_database(server, prefix="compass_bench")


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
