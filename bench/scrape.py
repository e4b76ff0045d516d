"""Scrapes K profiles of about N videos each from the local TikTok stand-in, with faults on.

Prints the success rate, profiles per minute, seconds per profile beside the bare page-load time of
the same pages in the same browser (their ratio is the scraper's own overhead), peak memory per
browser, and the parse time per MB over every real TikTok capture.
    .venv/bin/python bench/scrape.py [--profiles K] [--videos N] [--fault-rate R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from common import SHARED, peak_rss_mib

from compass.scraper.outcomes import ScrapeError
from compass.scraper.pacing import PacingSettings
from compass.scraper.profiles import ITEM_LIST_PATH, PAGE_SIZE, scrape_profile
from compass.scraper.session import ScrapeSession
from compass.tiktok.parse import parse_page
from tests.standin import StandIn, State


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


def bare_load_seconds(session: ScrapeSession, handle: str, sec_uid: str, pages: int) -> float:
    """The same pages, fetched by the same browser with no scrolling, waiting or parsing."""
    start = time.perf_counter()
    session.browser.load(session.url(f"/@{handle}"))
    cursor = "0"
    for _ in range(pages):
        status, body = session.browser.fetch_in_page(
            f"{ITEM_LIST_PATH}?{urlencode({'secUid': sec_uid, 'cursor': cursor, 'count': PAGE_SIZE})}")
        if status != 200:
            break
        document = json.loads(body)
        cursor = str(document.get("cursor"))
        if not document.get("hasMore"):
            break
    return time.perf_counter() - start


def parse_speed() -> tuple[float, float]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "fixtures" / "tiktok").glob("*"))
             if p.suffix in (".html", ".json")]
    megabytes = sum(len(p.encode()) for p in pages) / 1e6
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for page in pages:
            parse_page(page)
        best = min(best, time.perf_counter() - start)
    return best * 1000 / megabytes, megabytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=12)
    parser.add_argument("--videos", type=int, default=150, help="pick profiles with about this many videos")
    parser.add_argument("--fault-rate", type=float, default=0.2)
    args = parser.parse_args()

    with StandIn(seed=7, fault_rate=args.fault_rate) as tiktok, StandIn(seed=7) as clean:
        members = sorted((m for m in tiktok.population.with_state(State.OK) if m.videos >= args.videos // 2),
                         key=lambda m: abs(m.videos - args.videos))[: args.profiles]
        durations, bare, complete, videos = [], [], 0, 0
        with ScrapeSession(tiktok.url, pacing=PacingSettings.fast()) as session:
            session.browser  # start it before measuring
            watch = MemoryWatch(session.browser.process_ids())
            wall = time.perf_counter()
            for member in members:
                start = time.perf_counter()
                try:
                    scrape = scrape_profile(session, member.handle)
                    complete += scrape.complete and scrape.videos == member.videos
                    videos += scrape.videos
                except ScrapeError as exc:
                    print(f"  @{member.handle}: {exc}")
                durations.append(time.perf_counter() - start)
            wall = time.perf_counter() - wall
            browser_peak = watch.stop()
            stats = session.stats
        with ScrapeSession(clean.url, pacing=PacingSettings.fast()) as session:
            for member in members:
                bare.append(bare_load_seconds(session, member.handle, member.sec_uid, member.videos // PAGE_SIZE + 1))
        per_mb, megabytes = parse_speed()
        faults = tiktok.stats()["faults_total"]

    print(f"profiles             {len(members)} (about {args.videos} videos each; {videos:,} videos in all)")
    print(f"faults injected      {faults} ({args.fault_rate:.0%} of page and API requests)")
    print(f"profiles complete    {complete}/{len(members)} = {complete / len(members):.1%}")
    for kind in ("profile", "item_list"):
        rate = stats.success_rate(kind)
        if rate is not None:
            print(f"request success      {kind}: {rate:.1%} of {stats.attempts[kind]} attempts")
    print(f"profiles per minute  {len(members) / wall * 60:.1f}")
    print(f"seconds per profile  {statistics.median(durations):.2f} median (bare page loads {statistics.median(bare):.2f};"
          f" overhead x{statistics.median(durations) / statistics.median(bare):.1f}, faults included)")
    print(f"peak memory          {browser_peak:.0f} MiB per browser (PSS of driver + Chromium processes); "
          f"{peak_rss_mib():.0f} MiB this process")
    print(f"parse time           {per_mb:.1f} ms per MB over {megabytes:.1f} MB of real captures (target < 20)")


if __name__ == "__main__":
    main()
