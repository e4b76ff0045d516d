"""What every benchmark shares: a fresh PostgreSQL database, honest peak-memory figures, and the line
that sets a figure beside its floor (the same work done the cheapest known way, in the same run)."""

from __future__ import annotations

import os
import resource
import subprocess
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


_MEASURED_RUN = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_measured(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of a command (its output dropped), run from a small Python process
    of its own: Linux carries a parent's peak memory into the figure of a child forked from it, so a
    command forked from a big bench process would report the bench's peak as its own."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURED_RUN, *command],
        env=env,
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds, peak_kib = out.split()
    return float(seconds), int(peak_kib) / 1024


def floor_line(label: str, figure_s: float, floor_s: float, floor_what: str) -> str:
    """The figure beside its floor, and their ratio: machines here are noisy (the same import took 6 s
    quiet and 15 s busy), while a ratio to a floor measured in the same run holds."""
    ratio = figure_s / floor_s
    return f"{label:<16} {figure_s:.2f} s against {floor_s:.2f} s for {floor_what}: {ratio:.1f}x the floor"
