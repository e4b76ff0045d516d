"""Page speed: every page's server-side run (AppTest) and the time until its main chart or table is
visible in a real browser (`streamlit run app.py`), cold and warm, on a large PostgreSQL workspace.

    .venv/bin/python bench/pages.py                          # 2,000 creators, 600k videos (slow to load)
    .venv/bin/python bench/pages.py --creators 200 --videos 20000   # a quick run
    .venv/bin/python bench/pages.py --keep                   # keep the database; prints its URL
    .venv/bin/python bench/pages.py --database-url URL       # reuse a database a --keep run loaded
    .venv/bin/python bench/pages.py --profile                # also profile one cold run of the slowest page
    .venv/bin/python bench/pages.py --page Insights --runs 7 # one page, 7 warm visits beside 7 floor visits

Targets (the issue): every page under 1 s cold and under 0.2 s warm server-side at 600k videos; the
main chart visible, warm, at most 1.2x the floor: ``bench/floor_page.py``, one chart and nothing else,
served by a second ``streamlit run`` of the same Streamlit and opened the same way in the same run. The
figures are printed whatever they are, with what says where a page over the floor spends its time: the
tab's main-thread JavaScript until the main element shows, and the server's CPU for the tab, each beside
the floor page's. The furnished floor (``furnished_floor``: the floor page with the app's sidebar of page
links and one 100-row table) says what a page of this app costs before its own content.

The workspace (``bench/workspace.py``): one niche of the local user holding every generated creator as
a member, the user's own handle a small creator of it; each creator has videos/creators videos, spread
over a year. "Cold" server-side: after ``st.cache_data.clear()``; "warm": the same page run again.
"Cold" in the browser: a new tab after new data landed and the niche was analysed again (one creator
scraped again, then the scheduler's analysis job run), so every cached read of the app misses;
"warm": the same URL opened again in a new tab.

The niche's analysis is the scheduler's work when data lands (``compass.reanalysis``), not the pages':
its time is printed separately ("analysis job"; ``bench/reanalysis.py`` times it in detail).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, peak_rss_mib  # noqa: F401 - sets sys.path
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from workspace import add_workspace_arguments, analyze_niche, land_new_data, load_workspace, new_database

from compass.db import make_engine_for_url
from compass.models import Creator, Video
from compass.scraper.processes import cpu_seconds
from compass.workspace.users import local_user
from tests.support.browser import plain_chrome


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # for AppTest
    url: str  # path in the browser
    main: str  # CSS selector of what "visible" means
    query: tuple[tuple[str, str], ...] = ()


CHART = '[data-testid="stVegaLiteChart"] svg.marks'
TABLE = '[data-testid="stDataFrame"] canvas, [data-testid="stDataFrameResizable"]'
CARDS_OR_EMPTY_STATE = (
    '[data-testid="stMetric"], [data-testid="stAlert"]'  # a niche may have no recommendation
)


def pages(handle: str) -> list[Page]:
    return [
        Page("Home", "app.py", "", '[data-testid="stMetric"]'),
        Page("Discover", "pages/1_Discover.py", "Discover", TABLE),
        Page("Creator", "pages/2_Creator.py", "Creator", CHART, (("handle", handle),)),
        Page("Insights", "pages/3_Insights.py", "Insights", CHART),
        Page("Recommendations", "pages/4_Recommendations.py", "Recommendations", CARDS_OR_EMPTY_STATE),
        Page("Weekly plan", "pages/6_Plan.py", "Plan", TABLE),
        Page("Jobs", "pages/5_Jobs.py", "Jobs", '[data-testid="stHeading"]'),
    ]


# ---- server side: AppTest ---------------------------------------------------------------------------


def server_side(url: str, chosen: list[Page], profile: bool) -> dict[str, tuple[float, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    figures: dict[str, tuple[float, float]] = {}
    for page in chosen:
        st.cache_data.clear()
        app = AppTest.from_file(str(ROOT / page.path), default_timeout=600)
        for key, value in page.query:
            app.query_params[key] = value
        app.run()  # the first run pays for imports and the engine: not counted
        if app.exception:
            raise RuntimeError(f"{page.name}: {[e.value for e in app.exception]}")
        st.cache_data.clear()
        start = time.perf_counter()
        app.run()
        cold = time.perf_counter() - start
        warm_runs = []
        for _ in range(3):
            start = time.perf_counter()
            app.run()
            warm_runs.append(time.perf_counter() - start)
        figures[page.name] = (cold, statistics.median(warm_runs))
        print(
            f"  {page.name:<16} cold {cold * 1000:7.0f} ms   warm {figures[page.name][1] * 1000:7.0f} ms",
            flush=True,
        )
    if profile:
        # AppTest runs the script on its own thread, out of cProfile's sight: profile, on this thread,
        # the niche's analysis (the scheduler's job) and the slowest page's cold read of it.
        from compass.reanalysis.basis import is_current
        from compass.workspace import get_settings, list_niches
        from compass.workspace.digests import digest_status, read_digest

        slowest = max(figures, key=lambda name: figures[name][0])
        engine = make_engine_for_url(url, "bench")
        user = local_user(engine)
        niche = list_niches(engine, user)[0]
        profiler = cProfile.Profile()
        profiler.enable()
        analyze_niche(url)
        status = digest_status(engine, user, niche.id)
        assert status is not None
        is_current(engine, status.basis, niche.id, get_settings(engine, user))
        read_digest(engine, user, niche.id)
        profiler.disable()
        engine.dispose()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"compass/", 25)
        print(
            f"\nprofile of the analysis job and of the cold read of {slowest} "
            "(cumulative, compass functions):"
        )
        print(out.getvalue())
    return figures


# ---- the browser ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_streamlit(script: Path, env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run script`` on a free port, once it answers; returns the process and its base URL."""
    import httpx

    port = free_port()
    log = log_path.open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/_stcore/health", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError(f"streamlit did not start: see {log_path}")
        time.sleep(0.2)


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@dataclass(frozen=True)
class TabVisit:
    """One page opened in a new tab: seconds until its main element is visible; the tab's main-thread
    JavaScript until then (Chromium's ``Performance.getMetrics``: where the browser's time goes); the
    serving process's CPU for the tab, read from ``/proc`` until half a second after (its session, the
    run, and the collection Streamlit makes after it)."""

    seconds: float
    script_s: float
    server_cpu_s: float


FURNISHED_PAGE = """
import runpy

import numpy as np
import pandas as pd
import streamlit as st

from compass.web.navigation import navigation

navigation()
runpy.run_path({floor!r})
rows = np.random.default_rng(1).integers(0, 10**6, (100, 10))
st.dataframe(pd.DataFrame(rows, columns=[f"column {{i}}" for i in range(10)]), hide_index=True)
"""


def furnished_floor(folder: Path) -> Path:
    """The floor page with what every page of the app carries besides its content: the app's sidebar of
    page links (``compass.web.navigation``, the app's own code and settings) and one table of 100 rows.
    Its pages are empty stand-ins named as the app's, so that the links resolve; it is served, as the app
    and the floor are, from the project's folder, with the app's settings. Returns its entry."""
    from compass.web.navigation import PAGES

    for page in PAGES[1:]:
        (folder / page.script).parent.mkdir(parents=True, exist_ok=True)
        (folder / page.script).write_text("import streamlit as st\n\nst.title('Stand-in')\n")
    entry = folder / "app.py"
    entry.write_text(FURNISHED_PAGE.format(floor=str(ROOT / "bench" / "floor_page.py")))
    return entry


@dataclass(frozen=True)
class BrowserFigures:
    """A page's cold visit and the medians of its warm visits and of the floor page's, taken alternately."""

    cold: float
    warm: TabVisit
    floor: TabVisit


def server_cpu(server: subprocess.Popen[bytes]) -> float:
    """The serving process's CPU seconds so far."""
    used = cpu_seconds(server.pid)
    assert used is not None, "the Streamlit server ended during the benchmark"
    return used


def median_visit(visits: list[TabVisit]) -> TabVisit:
    return TabVisit(
        statistics.median(v.seconds for v in visits),
        statistics.median(v.script_s for v in visits),
        statistics.median(v.server_cpu_s for v in visits),
    )


def browser_side(
    url: str, chosen: list[Page], runs: int
) -> tuple[dict[str, BrowserFigures], tuple[TabVisit, TabVisit]]:
    """Each page's seconds until its main element is visible, cold and warm, beside the one-chart floor
    page's, opened alternately with the page's warm runs; with the browser's JavaScript and the server's
    CPU for each tab, which say where a page over the floor spends its time. Also the furnished floor's
    visits (``furnished_floor``) beside the floor's, alternately: what the app's sidebar and one table
    cost on their own."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("COMPASS_", "DATABASE_URL", "STREAMLIT_"))
    }
    env.update(PYTHONPATH=str(ROOT), COMPASS_DATA_DIR=str(folder), DATABASE_URL=url)
    servers = []
    driver = None
    figures: dict[str, BrowserFigures] = {}
    try:
        app, base = start_streamlit(ROOT / "app.py", env, folder / "streamlit.log")
        servers.append(app)
        floor_server, floor_base = start_streamlit(
            ROOT / "bench" / "floor_page.py", env, folder / "floor.log"
        )
        servers.append(floor_server)
        furnished_server, furnished_base = start_streamlit(
            furnished_floor(folder / "furnished"), env, folder / "furnished.log"
        )
        servers.append(furnished_server)
        driver = plain_chrome()

        def visible_after(target: str, main: str, server: subprocess.Popen[bytes]) -> TabVisit:
            driver.switch_to.new_window("tab")
            driver.execute_cdp_cmd("Performance.enable", {})
            cpu_before = server_cpu(server)
            start = time.perf_counter()
            driver.get(target)
            WebDriverWait(driver, 600, poll_frequency=0.02).until(
                lambda d: d.execute_script(
                    "const main = document.querySelector('[data-testid=\"stMain\"]');"
                    "if (!main) return false;"
                    "return Array.from(main.querySelectorAll(arguments[0]))"
                    ".some(e => !e.closest('[data-stale=\"true\"]')"
                    " && e.getBoundingClientRect().height > 0);",
                    main,
                )
            )
            elapsed = time.perf_counter() - start
            metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
            script = next(m["value"] for m in metrics if m["name"] == "ScriptDuration")
            time.sleep(0.5)
            server_cpu_s = server_cpu(server) - cpu_before
            for extra in driver.window_handles[1:]:
                driver.switch_to.window(extra)
                driver.close()
            driver.switch_to.window(driver.window_handles[0])
            return TabVisit(elapsed, script, server_cpu_s)

        driver.get(base)  # the browser's own start, and the first session's imports
        WebDriverWait(driver, 600).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]')
        )
        visible_after(floor_base, CHART, floor_server)  # the floor server's first session pays its imports
        visible_after(furnished_base, CHART, furnished_server)
        furnished_runs, floor_runs = [], []
        for _ in range(runs):
            furnished_runs.append(visible_after(furnished_base, CHART, furnished_server))
            floor_runs.append(visible_after(floor_base, CHART, floor_server))
        with_furniture, bare = median_visit(furnished_runs), median_visit(floor_runs)
        furnished = (with_furniture, bare)
        print(
            f"  {'(furnished floor)':<16} {'':>17}   warm {with_furniture.seconds * 1000:7.0f} ms   "
            f"floor {bare.seconds * 1000:5.0f} ms   {with_furniture.seconds / bare.seconds:.2f}x   "
            f"browser JS {with_furniture.script_s * 1000:4.0f} ms (floor {bare.script_s * 1000:4.0f})",
            flush=True,
        )
        for page in chosen:
            query = "&".join(f"{k}={v}" for k, v in page.query)
            target = f"{base}/{page.url}" + (f"?{query}" if query else "")
            land_new_data(url)
            cold = visible_after(target, page.main, app).seconds
            warm_runs, floor_runs = [], []
            for _ in range(runs):  # alternately, so that both see the same machine
                warm_runs.append(visible_after(target, page.main, app))
                floor_runs.append(visible_after(floor_base, CHART, floor_server))
            warm, floor = median_visit(warm_runs), median_visit(floor_runs)
            figures[page.name] = BrowserFigures(cold, warm, floor)
            print(
                f"  {page.name:<16} cold {cold * 1000:7.0f} ms   warm {warm.seconds * 1000:7.0f} ms   "
                f"floor {floor.seconds * 1000:5.0f} ms   {warm.seconds / floor.seconds:.2f}x   "
                f"browser JS {warm.script_s * 1000:4.0f} ms (floor {floor.script_s * 1000:4.0f})   "
                f"server CPU per tab {warm.server_cpu_s * 1000:4.0f} ms "
                f"(floor {floor.server_cpu_s * 1000:4.0f})",
                flush=True,
            )
    finally:
        if driver is not None:
            driver.quit()
        for server in servers:
            stop(server)
    return figures, furnished


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_workspace_arguments(parser)
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile one cold run of the slowest page")
    parser.add_argument(
        "--page", action="append", metavar="NAME", help="only this page (repeatable; e.g. --page Insights)"
    )
    parser.add_argument("--runs", type=int, default=3, help="warm visits per page, each beside a floor visit")
    args = parser.parse_args()

    url = args.database_url or new_database(args.keep)
    print(f"database: {make_url(url).render_as_string(hide_password=True)}")
    handle = load_workspace(url, args.creators, args.videos)
    if args.load_only:
        return
    # The pages read the database the settings name; the local user (no OAuth client configured).
    for name in list(os.environ):
        if name.startswith("COMPASS_OIDC"):
            del os.environ[name]
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("COMPASS_DATA_DIR", tempfile.mkdtemp(prefix="bench-pages-data-"))
    engine = make_engine_for_url(url, "bench")
    with engine.connect() as connection:
        n_videos = connection.scalar(select(func.count()).select_from(Video))
        n_creators = connection.scalar(select(func.count()).select_from(Creator))
    engine.dispose()
    creator = handle
    chosen = [page for page in pages(creator) if not args.page or page.name in args.page]
    if not chosen:
        parser.error(f"no page named {args.page}: choose among {[page.name for page in pages(creator)]}")
    print(f"\nworkspace: {n_creators:,} creators, {n_videos:,} videos; Creator page opens @{creator}")
    analyses = [analyze_niche(url) for _ in range(2)]
    print(
        f"analysis job (the scheduler's work when the niche's data changes): {analyses[0]:.1f} s reading "
        f"the whole niche, then {analyses[1]:.1f} s with its tables kept"
    )
    print("\nserver side (AppTest run; cold = st.cache_data cleared; warm = median of 3 reruns)")
    server = server_side(url, chosen, args.profile)
    browser: dict[str, BrowserFigures] = {}
    furnished: tuple[TabVisit, TabVisit] | None = None
    if not args.no_browser:
        print(
            "\nbrowser (until the main chart or table is visible; cold = new data analysed, new tab; "
            "floor = the one-chart page, opened alternately with the warm runs; the furnished floor = the "
            "floor with the app's sidebar and a 100-row table)"
        )
        browser, furnished = browser_side(url, chosen, args.runs)

    print(
        "\n| page | server cold | server warm | browser cold | browser warm | floor | / floor | "
        "browser JS (floor) | server CPU per tab (floor) | misses |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for page in chosen:
        cold, warm = server[page.name]
        seen = browser.get(page.name)
        nan = float("nan")
        missing = TabVisit(nan, nan, nan)
        b_cold, b_warm, floor = (seen.cold, seen.warm, seen.floor) if seen else (nan, missing, missing)
        misses = [
            label
            for label, bad in (
                ("cold > 1 s", cold > 1),
                ("warm > 0.2 s", warm > 0.2),
                ("visible warm > 1.2x the floor", b_warm.seconds > 1.2 * floor.seconds),
            )
            if bad
        ]
        print(
            f"| {page.name} | {cold * 1000:,.0f} ms | {warm * 1000:,.0f} ms | {b_cold * 1000:,.0f} ms | "
            f"{b_warm.seconds * 1000:,.0f} ms | {floor.seconds * 1000:,.0f} ms | "
            f"{b_warm.seconds / floor.seconds:.2f}x | "
            f"{b_warm.script_s * 1000:,.0f} ms ({floor.script_s * 1000:,.0f} ms) | "
            f"{b_warm.server_cpu_s * 1000:,.0f} ms ({floor.server_cpu_s * 1000:,.0f} ms) | "
            f"{', '.join(misses) or '-'} |"
        )
    if furnished:
        with_furniture, floor = furnished
        print(
            f"\nthe furnished floor (the floor page with the app's sidebar of page links and one 100-row "
            f"table): {with_furniture.seconds * 1000:,.0f} ms against {floor.seconds * 1000:,.0f} ms, "
            f"{with_furniture.seconds / floor.seconds:.2f}x the floor; browser JS "
            f"{with_furniture.script_s * 1000:,.0f} ms ({floor.script_s * 1000:,.0f} ms)"
        )
    print(f"\npeak memory of this process: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
