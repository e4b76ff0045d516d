"""`python -m compass`: the command line. Each command lives in its own module and registers itself."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from compass.cli import (
    alerts,
    database,
    demo,
    discover,
    export,
    imports,
    insights,
    jobs,
    metrics,
    parse,
    plan,
    scrape,
)
from compass.errors import CompassError
from compass.settings import Settings, SettingsError, load_settings

COMMAND_MODULES = (
    database,
    imports,
    parse,
    scrape,
    discover,
    demo,
    jobs,
    insights,
    metrics,
    export,
    alerts,
    plan,
)


class CommandLineParser(argparse.ArgumentParser):
    """A usage error is an input error like any other: one line and exit 1, pointing to --help.
    Subcommands' parsers are of this class too (argparse makes them of their parent's)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("python -m compass").strip()
        self.exit(1, f"error: {command + ': ' if command else ''}{message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = CommandLineParser(
        prog="python -m compass",
        description="TikTok Creator Compass: import, scrape and analyze TikTok niches.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings: Settings | None = load_settings()
    except SettingsError:
        settings = None  # the command reports it, in one line, when it loads the settings itself
    logging.basicConfig(
        level=settings.log_level if settings else "WARNING", format="%(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (CompassError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped reading (``| head``): not an error to report. Point stdout at devnull so
        # that the interpreter's final flush does not complain either; exit as SIGPIPE would (128+13).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into one line
        if settings is not None and settings.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (set COMPASS_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 70
