"""`parse PATH`: a saved TikTok page or API response, normalized, as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from compass.cli.context import print_json
from compass.errors import CompassError
from compass.tiktok.saved_page import PageReadError, parse_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="parse a saved TikTok page or API response and print it as JSON",
        description="An error page (private, not found, blocked) is a successful parse: "
        "its status is printed.",
    )
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.set_defaults(run=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    try:
        print_json(parse_file(args.path))
    except PageReadError as exc:
        raise CompassError(str(exc)) from None
    return 0
