"""`discover`: find creators similar to the seeds, and more successful; optionally save them to a niche."""

from __future__ import annotations

import argparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from compass.cli.arguments import handle, whole_number
from compass.cli.context import open_database, print_json
from compass.models import Niche
from compass.settings import load_settings
from compass.workspace import create_niche, set_seeds
from compass.workspace.users import local_user


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "discover",
        help="find creators similar to seeds (handles, hashtags, keywords) and doing better",
        description="With --niche, the niche's seeds are used too and the suggestions are saved to it.",
    )
    parser.add_argument(
        "--handle", action="append", type=handle, default=[], help="a seed @handle (repeatable)"
    )
    parser.add_argument("--hashtag", action="append", default=[], help="a seed hashtag (repeatable)")
    parser.add_argument("--keyword", action="append", default=[], help="a seed keyword (repeatable)")
    parser.add_argument("--niche", help="the local user's niche to read seeds from and save suggestions to")
    parser.add_argument("--offline", action="store_true", help="only the database, no browser")
    parser.add_argument("--limit", type=whole_number(1), default=20, help="how many suggestions to print")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(run=run_discover)


def run_discover(args: argparse.Namespace) -> int:
    # Imported here: they bring the browser and scraper stack, which every other command would pay for.
    from compass.discovery.run import Seeds, discover
    from compass.scraper.run import session_from
    from compass.workspace.discovery import excluded_handles, niche_seeds, save_suggestions

    engine = open_database()
    user = local_user(engine)
    seeds = Seeds(
        tuple(h.lstrip("@").lower() for h in args.handle),
        tuple(t.lstrip("#").lower() for t in args.hashtag),
        tuple(args.keyword),
    )
    niche_id = None
    exclude: tuple[str, ...] = ()
    if args.niche:
        with Session(engine) as session:
            niche_id = session.scalar(
                select(Niche.id).where(Niche.user_id == user.id, Niche.name == args.niche)
            )
        if niche_id is None:
            niche_id = create_niche(engine, user, args.niche).id
        saved = niche_seeds(engine, user, niche_id)
        seeds = Seeds(
            tuple(dict.fromkeys(saved.handles + seeds.handles)),
            tuple(dict.fromkeys(saved.hashtags + seeds.hashtags)),
            tuple(dict.fromkeys(saved.keywords + seeds.keywords)),
        )
        set_seeds(
            engine,
            user,
            niche_id,
            [("handle", h) for h in seeds.handles]
            + [("hashtag", t) for t in seeds.hashtags]
            + [("keyword", k) for k in seeds.keywords],
        )
        exclude = excluded_handles(engine, user, niche_id)
    if args.offline:
        result = discover(engine, seeds, exclude=exclude)
    else:
        with session_from(load_settings()) as session:
            result = discover(engine, seeds, session=session, exclude=exclude)
    added = save_suggestions(engine, user, niche_id, result) if niche_id is not None else 0
    top = result.suggestions[: args.limit]
    if args.json:
        print_json(
            {
                "suggestions": [
                    {
                        "handle": s.handle,
                        "similarity": s.similarity,
                        "success": s.success,
                        "score": s.score,
                        "reasons": list(s.reasons),
                        "found_via": list(s.found_via),
                    }
                    for s in top
                ],
                "saved": added,
                "failures": result.failures,
                "sources": [s.to_json() for s in result.sources],
            }
        )
        return 0
    if not top:
        print(
            "no similar creators found: add seeds (--handle, --hashtag, --keyword), "
            "or import or scrape more data"
        )
    for rank, suggestion in enumerate(top, 1):
        print(
            f"{rank:>3}. @{suggestion.handle:<28} similarity {suggestion.similarity:.2f}  "
            f"success {suggestion.success:.2f}  {suggestion.reason}"
        )
    if niche_id is not None:
        print(f"saved to niche {args.niche!r}: {added} new members")
    for failure in result.failures:
        print(f"  could not read {failure}")
    for source in result.sources:
        if not source.ok:
            print(f"  {source}")
    return 0
