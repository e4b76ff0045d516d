"""``python -m tests.standin``: run the TikTok stand-in, or print its population.

python -m tests.standin --port 8080 --fault-rate 0.2 --faults challenge,429,5xx --seed 3
python -m tests.standin --era 2024                 # the friendlier site of 2024, for comparison
python -m tests.standin --list > standin.json      # the rules that are on, and the population
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from tests.standin import StandIn, State
from tests.standin.faults import KINDS, parse_kinds
from tests.standin.rules import ERAS, Rules


def _slow(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition(",")
    return float(lo), float(hi or lo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.standin", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port (default 8080)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--seed", type=int, default=0, help="fixes the population and every value served")
    parser.add_argument(
        "--fault-rate", type=float, default=0.0, help="share of page/API requests faulted (0-1)"
    )
    parser.add_argument(
        "--faults", default=",".join(KINDS), help=f"kinds of faults (default: {','.join(KINDS)})"
    )
    parser.add_argument(
        "--slow",
        type=_slow,
        default=(2.0, 8.0),
        metavar="MIN,MAX",
        help="delay range of slow answers, seconds (default 2,8)",
    )
    parser.add_argument("--per-niche", type=int, default=370, help="regular creators per niche (8 niches)")
    parser.add_argument(
        "--era", choices=ERAS, default="2026", help="whose rules: TikTok's of 2026 (default) or 2024"
    )
    parser.add_argument(
        "--wall",
        type=int,
        metavar="N",
        help="videos before the login wall (2026 default 16; 0 takes the wall away)",
    )
    parser.add_argument(
        "--rate",
        type=int,
        metavar="N",
        help="API calls a minute per client before the throttle (2026 default 60; 0 turns it off)",
    )
    parser.add_argument(
        "--list", action="store_true", help="print the rules that are on and the population as JSON, and exit"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    try:
        kinds = parse_kinds(args.faults)
    except ValueError as exc:
        parser.error(str(exc))

    rules = Rules.of_era(args.era)
    if args.wall is not None:
        rules = rules.loosened(wall_after=args.wall or None)
    if args.rate is not None:
        rules = rules.loosened(api_calls_per_minute=args.rate or None)
    standin = StandIn(
        seed=args.seed,
        rules=rules,
        fault_rate=args.fault_rate,
        faults=kinds,
        slow_seconds=args.slow,
        host=args.host,
        port=args.port,
        per_niche=args.per_niche,
        verbose=args.verbose,
    )
    population = standin.population
    if args.list:
        listing = {"rules": rules.describe(), "settings": rules.to_json(), "creators": population.to_json()}
        json.dump(listing, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0

    standin.start()
    states = {state.value: len(population.with_state(state)) for state in State}
    print(
        f"TikTok stand-in on {standin.url}  seed {args.seed}  {len(population.members)} creators {states}  "
        f"index built in {population.build_seconds:.2f} s  faults {args.fault_rate:.0%} ({','.join(kinds)})\n"
        + "\n".join(f"  {line}" for line in rules.describe())
        + f"\n  signed-in sessionid cookie: {standin.session_id}",
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
