"""Times the full insight run on generated niches of 50k, 200k and 1M videos; prints seconds and peak memory.

For each size, in its own process (so that peak memory is that size's alone):
  setup    generate the niche (planted: +40% Tuesdays, -25% over 60 s, +30% #gymtok) and ingest it into a
           fresh PostgreSQL database, then ANALYZE it (or, with --no-db, build the frame from the
           observations);
  load     load_frame: the niche from the database into the compact frame (one query per table); best
           of 3, beside its floor: the same six queries read into Arrow by ADBC and nothing else, best
           of 3, timed alternately with the load in the same run. Target: <= 1.5x the floor;
  compute  analyze: features, metrics, insights (three scopes, BH), recommendations; best of 3 runs,
           with its stages, and the peak memory the computation allocates (tracemalloc, a separate run).
           Target: under 5 s for 1M videos;
  insights `python -m compass insights --all --json` as a whole process (interpreter, imports, migration
           check, load, compute, output), best of 3, beside the same floor. Target: <= 3x the floor;
  memory   the frame per video, and the insights process's peak resident memory per video.

    .venv/bin/python bench/analytics.py [--sizes 50000,200000,1000000] [--no-db]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import adbc_driver_postgresql.dbapi as adbc
from common import ROOT, floor_line, fresh_postgres_url, peak_rss_mib, run_measured
from sqlalchemy import Engine, text

from compass.analytics.engine import analyze
from compass.analytics.features import video_features
from compass.analytics.frame import frame_from_observations
from compass.analytics.insights import InsightConfig, compute_insights
from compass.analytics.metrics import creator_metrics, select_leaders
from compass.analytics.recommend import recommend
from compass.db import libpq_uri, make_engine_for_url
from compass.ingest import ingest
from compass.migrations import upgrade
from compass.reanalysis.load import Selection, literal_sql, load_frame, table_statements
from compass.records import Observation
from compass.synthetic import NicheSpec, PlantedEffects, iter_niche

SIZES = (50_000, 200_000, 1_000_000)
RUNS = 3
EFFECTS = PlantedEffects(weekday={1: 1.4}, long_video=(60, 0.75), hashtag={"gymtok": 1.3})


def niche(videos: int) -> Iterator[Observation]:
    """Creators of a generated fitness niche (30-170 videos each) until ``videos`` videos are reached."""
    spec = NicheSpec(name="fitness", n_creators=videos, videos_per_creator=(30, 170), seed=7, effects=EFFECTS)
    total = 0
    for observation in iter_niche(spec, spec.end):
        yield observation
        total += len(observation.videos)
        if total >= videos:
            return


def stages(frame, you: str) -> dict[str, float]:
    """The run of ``analyze``, stage by stage."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    features = video_features(frame)
    times["features"] = time.perf_counter() - start
    metrics = creator_metrics(frame, features)
    leaders = select_leaders(metrics, exclude=frame.creator_code(you))
    times["metrics"] = time.perf_counter() - start - sum(times.values())
    report = compute_insights(features, you=frame.creator_code(you), leaders=leaders, config=InsightConfig())
    times["insights"] = time.perf_counter() - start - sum(times.values())
    recommend(features, report, you=frame.creator_code(you), leaders=leaders)
    times["recommendations"] = time.perf_counter() - start - sum(times.values())
    return times


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def columnar_read(engine: Engine) -> None:
    """The floor of a load: the loader's six queries (everyone), read into Arrow tables by ADBC, which
    takes PostgreSQL's binary COPY straight into columns; no conversion, no frame."""
    queries = [
        literal_sql(statement, engine)
        for statement, _ in table_statements(Selection(), "postgresql").values()
    ]
    with adbc.connect(libpq_uri(engine.url)) as connection, connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query)
            cursor.fetch_arrow_table()


def insights_process(url: str) -> tuple[float, float]:
    """Seconds and peak MiB of the command a user runs, as a process of its own: interpreter, imports,
    migration check, load, compute and the JSON out."""
    command = [sys.executable, "-m", "compass", "insights", "--all", "--json"]
    return run_measured(command, env={**os.environ, "DATABASE_URL": url}, cwd=ROOT)


def time_database(engine: Engine, result: dict[str, object]) -> None:
    """Load, floor and the insights process, best of RUNS each; load and floor alternate, so that both
    meet the same machine (and the same warm caches)."""
    loads, floors = [], []
    for _ in range(RUNS):
        floors.append(seconds(lambda: columnar_read(engine)))
        loads.append(seconds(lambda: load_frame(engine)))
    result["load_s"], result["floor_s"] = min(loads), min(floors)
    runs = [insights_process(engine.url.render_as_string(hide_password=False)) for _ in range(RUNS)]
    result["insights_process_s"] = min(elapsed for elapsed, _ in runs)
    result["insights_process_peak_mib"] = max(peak for _, peak in runs)


def run_one(videos: int, use_db: bool) -> dict[str, object]:
    result: dict[str, object] = {"target": videos}
    start = time.perf_counter()
    if use_db:
        engine = make_engine_for_url(fresh_postgres_url(), "bench")
        upgrade(engine)
        ingest(engine, niche(videos))
        # The statistics autovacuum gathers on a server in use (the test servers run without it): the
        # planner needs them to join the used sounds by hash rather than one index probe per sound.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
        result["setup_s"] = time.perf_counter() - start
        time_database(engine, result)
        frame = load_frame(engine)  # the frame to compute on: one frame at a time, so RSS stays comparable
        engine.dispose()
    else:
        frame = frame_from_observations(niche(videos))
        result["setup_s"] = time.perf_counter() - start
        result["load_s"] = None
    result["videos"], result["creators"] = frame.n_videos, frame.n_creators
    result["frame_mib"] = (
        sum(
            int(df.memory_usage(deep=True).sum())
            for df in (frame.videos, frame.creators, frame.sounds, frame.hashtags, frame.snapshots)
        )
        / 2**20
    )
    you = str(frame.creators["handle"].iloc[frame.n_creators // 2])
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        analysis = analyze(frame, you=you)
        runs.append(time.perf_counter() - start)
    result["compute_s"] = min(runs)
    result["stages"] = stages(frame, you)
    result["insights"] = len(analysis.report.insights)
    result["tests"] = int(analysis.report.tests["q"].notna().sum())
    tracemalloc.start()
    analyze(frame, you=you)
    result["compute_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    result["process_peak_rss_mib"] = peak_rss_mib()
    return result


def print_beside_floors(r: dict[str, object]) -> None:
    """Under a size's row: the load and the insights process beside their floor, and memory per video."""
    frame_bytes = f"{r['frame_mib'] * 2**20 / r['videos']:.0f}"
    if r["load_s"] is None:
        print(f"{'':>10} memory: frame {frame_bytes} B/video", flush=True)
        return
    floor = "the ADBC read of the same six queries"
    print(f"{'':>10} {floor_line('load', r['load_s'], r['floor_s'], floor + ' (target <= 1.5x)')}")
    process = r["insights_process_s"]
    print(f"{'':>10} {floor_line('insights process', process, r['floor_s'], floor + ' (target <= 3x)')}")
    peak = r["insights_process_peak_mib"]
    print(
        f"{'':>10} memory: frame {frame_bytes} B/video; insights process peak {peak:.0f} MiB RSS "
        f"({peak * 2**20 / r['videos']:.0f} B/video)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="videos per niche, comma-separated"
    )
    parser.add_argument(
        "--no-db", action="store_true", help="build frames from the generator, skip PostgreSQL"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, not args.no_db)))
        return
    print(
        f"{'videos':>10} {'creators':>8} {'setup s':>8} {'load s':>7} {'compute s':>9} "
        f"{'features':>8} {'metrics':>7} {'insights':>8} {'recs':>5} {'peak MiB':>8} {'frame MiB':>9} "
        f"{'RSS MiB':>8} {'shown/tested':>12}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, str(Path(__file__).resolve()), "--one", str(size)] + (
            ["--no-db"] * args.no_db
        )
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        st = r["stages"]
        load = f"{r['load_s']:7.2f}" if r["load_s"] is not None else f"{'-':>7}"
        print(
            f"{r['videos']:>10,} {r['creators']:>8,} {r['setup_s']:8.1f} {load} {r['compute_s']:9.2f} "
            f"{st['features']:8.2f} {st['metrics']:7.2f} {st['insights']:8.2f} {st['recommendations']:5.2f} "
            f"{r['compute_peak_mib']:8.0f} {r['frame_mib']:9.0f} {r['process_peak_rss_mib']:8.0f} "
            f"{r['insights']:>5}/{r['tests']:<6}",
            flush=True,
        )
        print_beside_floors(r)
    print(
        "compute = analyze(frame): best of 3; target < 5 s at 1M videos. "
        "peak MiB = memory the compute allocates "
        "(tracemalloc); RSS = the whole process, generation and loading included."
    )


if __name__ == "__main__":
    main()
