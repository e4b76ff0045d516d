"""Re-analysis after a change: the scheduler's "analyze.niche" job on a 600k-video niche, once with
nothing kept (a new process's first analysis: the whole niche read) and then after one creator was
scraped again (a profile snapshot, new stats of each of its videos, a new video), when only that
creator is read again. Each is the best of 5, split into its steps: loading, analysing, storing.

Target (the issue): after a one-creator change the niche's stored analysis is current in under 1 s; the
full analysis beside it is the figure the change would cost without the kept frame.

    .venv/bin/python bench/reanalysis.py                       # 2,000 creators, 600k videos
    .venv/bin/python bench/reanalysis.py --creators 200 --videos 20000
    .venv/bin/python bench/reanalysis.py --database-url URL    # reuse a database a --keep run loaded
"""

from __future__ import annotations

import argparse
import time

from common import ROOT  # noqa: F401 - sets sys.path
from sqlalchemy.engine import make_url
from workspace import add_workspace_arguments, load_workspace, new_database, scrape_one_again

from compass.db import make_engine_for_url
from compass.reanalysis.basis import is_current
from compass.reanalysis.cache import forget
from compass.reanalysis.compute import compute_digest
from compass.workspace import get_settings, list_niches
from compass.workspace.digests import digest_status
from compass.workspace.users import local_user

RUNS = 5
STEPS = ("load", "analyse", "store")


def timed_analysis(url: str, after_a_change: bool = False) -> dict[str, float]:
    """The job's seconds, whole and by step (the steps it reports as progress)."""
    engine = make_engine_for_url(url, "bench")
    user = local_user(engine)
    niche = list_niches(engine, user)[0]
    if after_a_change:  # the change is new data: the stored analysis is out of date until this one
        before = digest_status(engine, user, niche.id)
        assert before is not None and not is_current(
            engine, before.basis, niche.id, get_settings(engine, user)
        )
    marks: list[float] = []
    start = time.perf_counter()
    compute_digest(
        engine, user, niche.id, progress=lambda done, total, step: marks.append(time.perf_counter())
    )
    end = time.perf_counter()
    status = digest_status(engine, user, niche.id)
    assert status is not None and is_current(engine, status.basis, niche.id, get_settings(engine, user))
    engine.dispose()
    bounds = [*marks, end]
    return {"total": end - start, **{step: bounds[i + 1] - bounds[i] for i, step in enumerate(STEPS)}}


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return min(runs, key=lambda run: run["total"])


def line(label: str, run: dict[str, float]) -> str:
    steps = "  ".join(f"{step} {run[step]:.2f} s" for step in STEPS)
    return f"{label:<44} {run['total']:6.2f} s   ({steps})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_workspace_arguments(parser)
    args = parser.parse_args()

    url = args.database_url or new_database(args.keep)
    print(f"database: {make_url(url).render_as_string(hide_password=True)}")
    load_workspace(url, args.creators, args.videos)
    timed_analysis(url)  # imports, the first connections and the planner's statistics: not counted

    full = []
    for _ in range(RUNS):
        forget()
        full.append(timed_analysis(url))
    changed = []
    for _ in range(RUNS):
        handle = scrape_one_again(url)
        changed.append(timed_analysis(url, after_a_change=True))
    print(line("full analysis (nothing kept)", best(full)))
    print(line(f"after @{handle} was scraped again", best(changed)))
    figure, whole = best(changed)["total"], best(full)["total"]
    verdict = "met" if figure < 1 else "missed"
    print(
        f"re-analysis after a one-creator change: {figure:.2f} s (target < 1 s: {verdict}); "
        f"{whole / figure:.1f}x faster than the full analysis"
    )


if __name__ == "__main__":
    main()
