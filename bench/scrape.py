"""Scrapes profiles from the local TikTok stand-in under its 2026 rules, and prints how whole they came
back and what the scraper's own work costs beside the bare loads of the same requests.

1. Completeness: K profiles (L of them with 500+ videos) on the default 2026 rules (signed lists,
   the login wall, the 60-a-minute throttle and its cool-down) with faults on: profiles complete,
   coverage, seconds per profile, cool-downs met.
2. Overhead, faults off: the same profiles scraped, then the same requests loaded bare by the same
   browser (the profile page, then each creator-list page in turn, nothing waited for or parsed),
   both with the throttle off, so the ratio is the scraper's own overhead.
3. Browsers alive at the end (processes of this run named chromium or chromedriver), peak memory
   per browser, and the parse time per MB over every real TikTok capture.

    .venv/bin/python bench/scrape.py [--profiles K] [--large L] [--fault-rate R]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from common import SHARED, peak_rss_mib

from compass.scraper.outcomes import ScrapeError
from compass.scraper.pacing import PacingSettings
from compass.scraper.profiles import CREATOR_LIST_PATH, CREATOR_PAGE_SIZE, ProfileScrape, scrape_profile
from compass.scraper.session import ScrapeSession
from compass.tiktok.parse import parse_page
from tests.standin import Member, Rules, StandIn, State

SEED = 7


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                queue.append(child)
    return found


def browser_processes_alive() -> int:
    """Chromium and ChromeDriver processes that this run started and that still run."""
    marker = f"COMPASS_BENCH_RUN={os.getpid()}".encode()
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if name.startswith(("chrom", "chrome")) and marker in environ and state != "Z":
            count += 1
    return count


def _tree_pss_mib(pid: int) -> float:
    """Proportional set size of a process tree: shared pages counted once across the processes."""
    total = 0
    for process in (pid, *_descendants(pid)):
        try:
            for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class MemoryWatch:
    """Samples the memory of a browser's process trees (driver, browser, renderers), as PSS."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak, self._stop = pids, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, sum(_tree_pss_mib(pid) for pid in self.pids))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def bare_load_seconds(session: ScrapeSession, member: Member) -> float:
    """The scraper's requests for one profile, loaded by the same browser with nothing waited for,
    checked or parsed but the next cursor."""
    start = time.perf_counter()
    session.browser.load(session.url(f"/@{member.handle}"))
    cursor = 0
    while True:
        query = urlencode({"secUid": member.sec_uid, "count": CREATOR_PAGE_SIZE, "cursor": cursor, "type": 1})
        status, body = session.browser.fetch_in_page(f"{CREATOR_LIST_PATH}?{query}")
        document = json.loads(body) if status == 200 and body else {}
        items = document.get("itemList") or []
        if not document.get("hasMorePrevious"):
            break
        cursor = min(item["createTime"] for item in items) * 1000 if items else cursor - 7 * 86_400_000
    return time.perf_counter() - start


def parse_speed() -> tuple[float, float]:
    pages = [
        p.read_text(encoding="utf-8")
        for p in sorted((SHARED / "fixtures" / "tiktok").glob("*"))
        if p.suffix in (".html", ".json")
    ]
    megabytes = sum(len(p.encode()) for p in pages) / 1e6
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for page in pages:
            parse_page(page)
        best = min(best, time.perf_counter() - start)
    return best * 1000 / megabytes, megabytes


def choose(standin: StandIn, profiles: int, large: int) -> list[Member]:
    population = standin.population
    big = [m for m in population.largest(60) if m.videos >= 500][:large]
    small = [m for m in population.with_state(State.OK) if 30 <= m.videos <= 200][: profiles - len(big)]
    return small + big


def scrape_all(standin: StandIn, members: list[Member]) -> tuple[list[ProfileScrape | None], list[float]]:
    scrapes: list[ProfileScrape | None] = []
    durations = []
    with ScrapeSession(standin.url, pacing=PacingSettings.fast()) as session:
        for member in members:
            started = time.perf_counter()
            try:
                scrapes.append(scrape_profile(session, member.handle))
            except ScrapeError as exc:
                print(f"  @{member.handle}: {exc}")
                scrapes.append(None)
            durations.append(time.perf_counter() - started)
    return scrapes, durations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=12)
    parser.add_argument("--large", type=int, default=2, help="how many of them have 500+ videos")
    parser.add_argument("--fault-rate", type=float, default=0.2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the throttle's waits are counted below, not narrated
    os.environ["COMPASS_BENCH_RUN"] = str(os.getpid())  # inherited by every browser this run starts

    with StandIn(seed=SEED, fault_rate=args.fault_rate) as faulty:
        members = choose(faulty, args.profiles, args.large)
        wall = time.perf_counter()
        scrapes, durations = scrape_all(faulty, members)
        wall = time.perf_counter() - wall
        stats = faulty.stats()
    whole = sum(
        1
        for s, m in zip(scrapes, members, strict=True)
        if s is not None and s.complete and s.videos == m.videos
    )
    collected = sum(s.videos for s in scrapes if s is not None)
    expected = sum(m.videos for m in members)

    quiet = Rules().loosened(api_calls_per_minute=None)
    with StandIn(seed=SEED, rules=quiet) as clean:
        _, clean_durations = scrape_all(clean, members)
        with ScrapeSession(clean.url, pacing=PacingSettings.fast()) as session:
            watch = MemoryWatch(session.browser.process_ids())
            bare = [bare_load_seconds(session, member) for member in members]
            browser_peak = watch.stop()
    per_mb, megabytes = parse_speed()
    alive = browser_processes_alive()

    per_profile, bare_per_profile = statistics.median(clean_durations), statistics.median(bare)
    print(f"profiles             {len(members)} ({args.large} with 500+ videos; {expected:,} videos in all)")
    print(
        f"rules                2026 defaults: signed lists, wall after {faulty.rules.wall_after}, "
        f"{faulty.rules.api_calls_per_minute} API calls a minute, "
        f"{faulty.rules.cooldown_seconds:g} s cool-down"
    )
    print(
        f"faults injected      {stats['faults_total']} ({args.fault_rate:.0%} of page and API requests); "
        f"cool-downs met {stats['cooldowns']}; refused calls {sum(stats['refused'].values())}"
    )
    print(f"profiles complete    {whole}/{len(members)} = {whole / len(members):.1%} (target >= 99%)")
    print(f"coverage             {collected:,} of {expected:,} videos = {collected / expected:.1%}")
    print(
        f"with faults          {statistics.median(durations):.2f} s per profile median, "
        f"{len(members) / wall * 60:.1f} profiles per minute"
    )
    print(
        f"faults off           {per_profile:.2f} s per profile median beside "
        f"{bare_per_profile:.2f} s of bare "
        f"loads of the same requests: overhead x{per_profile / bare_per_profile:.2f} (target <= 1.5)"
    )
    print(
        f"                     all profiles {sum(clean_durations):.1f} s beside {sum(bare):.1f} s bare: "
        f"x{sum(clean_durations) / sum(bare):.2f}"
    )
    print(f"browsers alive       {alive} processes at the end (target 0)")
    print(
        f"peak memory          {browser_peak:.0f} MiB per browser (PSS of driver + Chromium processes); "
        f"{peak_rss_mib():.0f} MiB this process"
    )
    print(
        f"parse time           {per_mb:.1f} ms per MB over {megabytes:.1f} MB of real captures (target < 20)"
    )


if __name__ == "__main__":
    main()
