"""`scrape @handle`: scrape one profile into the database now, with a progress bar and a summary.

A scrape that ends short keeps what it read and says so: the summary (``"complete": false``,
``"coverage"``) is still printed, one line on stderr says why, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys

from compass.cli.arguments import handle, whole_number
from compass.cli.context import bar_line, open_database, print_json, progress_bar
from compass.errors import CompassError
from compass.settings import load_settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("scrape", help="scrape a TikTok profile and its videos into the database")
    parser.add_argument("handle", type=handle, help="the @handle to scrape")
    parser.add_argument("--videos", type=whole_number(1), metavar="N", help="at most N videos (default: all)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(run=run_scrape)


def run_scrape(args: argparse.Namespace) -> int:
    # Imported here: the browser and scraper stack is paid for by the commands that scrape, not by all.
    from compass.scraper.outcomes import ScrapeError
    from compass.scraper.run import scrape_and_store, session_from

    handle = args.handle  # normalized by its argument type
    settings = load_settings()
    engine = open_database()
    try:
        with bar_line(), session_from(settings) as session:
            stored = scrape_and_store(engine, session, handle, max_videos=args.videos, progress=progress_bar)
            stats = session.stats.to_json()
    except ScrapeError as exc:
        raise CompassError(f"@{handle}: {exc}") from None
    scrape, report = stored.scrape, stored.report
    summary = {
        "handle": scrape.handle,
        "status": scrape.status.kind.value,
        "complete": scrape.complete,
        "videos": scrape.videos,
        "coverage": scrape.coverage.to_json(),
        "ended": scrape.ended,
        "from_api": scrape.from_api,
        "from_tiles": scrape.from_tiles,
        "stored": report.to_json(),
        "requests": stats,
    }
    if scrape.failure is not None:
        summary["error"] = str(scrape.failure)
    if args.json:
        print_json(summary)
    else:
        profile = scrape.observation.creator if scrape.observation else None
        followers = (
            f"{profile.stats.followers:,} followers"
            if profile and profile.stats.followers is not None
            else ""
        )
        print(f"@{scrape.handle}: {scrape.status.kind.value}, {followers}")
        print(
            f"videos: {scrape.coverage} collected "
            f"({report.videos_added} new, {report.videos_updated} updated)"
            + (f"; {scrape.from_tiles} only from the page's tiles" if scrape.from_tiles else "")
        )
    if not scrape.complete:
        print(
            f"scrape: saved {scrape.coverage} videos of @{scrape.handle}, then stopped: "
            f"{scrape.failure or 'the list ended early'}",
            file=sys.stderr,
        )
        return 1
    return 0
