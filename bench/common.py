"""What every benchmark shares: a fresh PostgreSQL database, honest peak-memory figures, and the line
that sets a figure beside its floor (the same work done the cheapest known way, in the same run)."""

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


def floor_line(label: str, figure_s: float, floor_s: float, floor_what: str) -> str:
    """The figure beside its floor, and their ratio: machines here are noisy (the same import took 6 s
    quiet and 15 s busy), while a ratio to a floor measured in the same run holds."""
    ratio = figure_s / floor_s
    return f"{label:<16} {figure_s:.2f} s against {floor_s:.2f} s for {floor_what}: {ratio:.1f}x the floor"
