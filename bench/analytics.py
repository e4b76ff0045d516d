"""Times the full insight run on generated niches of 50k, 200k and 1M videos; prints seconds and peak memory.

For each size, in its own process (so that peak memory is that size's alone):
  setup    generate the niche (planted: +40% Tuesdays, -25% over 60 s, +30% #gymtok) and ingest it into a
           fresh PostgreSQL database (or, with --no-db, build the frame from the observations);
  load     load_frame: the niche from the database into the compact frame (one query per table);
  compute  analyze: features, metrics, insights (three scopes, BH), recommendations; best of 3 runs,
           with its stages, and the peak memory the computation allocates (tracemalloc, a separate run).
Target: compute under 5 s for 1M videos.

    .venv/bin/python bench/analytics.py [--sizes 50000,200000,1000000] [--no-db]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from common import fresh_postgres_url, peak_rss_mib

from compass.analytics.engine import analyze
from compass.analytics.features import video_features
from compass.analytics.frame import frame_from_observations
from compass.analytics.insights import InsightConfig, compute_insights
from compass.analytics.metrics import creator_metrics, select_leaders
from compass.analytics.recommend import recommend
from compass.db import make_engine_for_url
from compass.ingest import ingest
from compass.migrations import upgrade
from compass.reanalysis.load import load_frame
from compass.records import Observation
from compass.synthetic import NicheSpec, PlantedEffects, iter_niche

SIZES = (50_000, 200_000, 1_000_000)
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


def run_one(videos: int, use_db: bool) -> dict[str, object]:
    result: dict[str, object] = {"target": videos}
    start = time.perf_counter()
    if use_db:
        engine = make_engine_for_url(fresh_postgres_url(), "bench")
        upgrade(engine)
        ingest(engine, niche(videos))
        result["setup_s"] = time.perf_counter() - start
        start = time.perf_counter()
        frame = load_frame(engine)
        result["load_s"] = time.perf_counter() - start
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
    print(
        "compute = analyze(frame): best of 3; target < 5 s at 1M videos. "
        "peak MiB = memory the compute allocates "
        "(tracemalloc); RSS = the whole process, generation and loading included."
    )


if __name__ == "__main__":
    main()
