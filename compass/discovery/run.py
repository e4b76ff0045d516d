"""Niche discovery from seeds: who is similar to the seeds and doing better, and why.

Seeds are the user's own handle, competitors' handles, hashtags and keywords. Candidates come from
the database (creators sharing the seeds' hashtags and sounds, and creators the niche's captions
mention, duet or stitch) and, with a browser, from TikTok's hashtag and sound pages (and its user
search, with the user's TikTok session). The most promising web and mentioned candidates are
scraped (a first page of videos) so that every candidate is scored on the same evidence. Every
source is reported (``Discovery.sources``); one that fails leaves the others' suggestions, and with
no network at all the database still suggests creators.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from compass.discovery.database import candidates_sharing, fingerprints
from compass.discovery.fingerprint import Fingerprint, merge
from compass.discovery.mentions import mentioned_in_captions
from compass.discovery.scoring import Suggestion, rank
from compass.discovery.sources import SourceReport, sources_summary
from compass.discovery.web import web_candidates
from compass.models import Creator, Sound
from compass.progress import Progress
from compass.scraper.outcomes import ScrapeError
from compass.scraper.run import scrape_and_store
from compass.scraper.session import ScrapeSession

SEED_VIDEOS = 60
CANDIDATE_VIDEOS = 35
# A hashtag named as a seed says as much about the niche as this many seed videos carrying it.
HASHTAG_SEED_WEIGHT = 10


@dataclass(frozen=True)
class Seeds:
    handles: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass
class Discovery:
    suggestions: list[Suggestion]
    creator_ids: dict[str, int]
    failures: list[str] = field(default_factory=list)  # creators that could not be read
    seed_ids: dict[str, int] = field(default_factory=dict)  # the seed handles found in the database
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def report(self) -> str:
        """What did not work, in one line ("" when every source was read)."""
        return sources_summary(self.sources)


def _creator_ids(engine: Engine, handles: list[str]) -> dict[str, int]:
    if not handles:
        return {}
    with engine.connect() as connection:
        return dict(
            connection.execute(select(Creator.handle, Creator.id).where(Creator.handle.in_(handles))).all()
        )


def _scrape_quietly(
    engine: Engine, session: ScrapeSession, handle: str, videos: int, failures: list[str]
) -> None:
    if session.unreachable is not None:
        return
    try:
        scrape_and_store(engine, session, handle, max_videos=videos)
    except ScrapeError as exc:
        failures.append(f"@{handle}: {exc}")


def discover(
    engine: Engine,
    seeds: Seeds,
    *,
    session: ScrapeSession | None = None,
    exclude: tuple[str, ...] = (),
    niche_creator_ids: Iterable[int] = (),
    max_scraped_candidates: int = 15,
    progress: Progress = lambda done, total, step: None,
) -> Discovery:
    failures: list[str] = []
    sources: list[SourceReport] = []
    if session is not None:
        for index, handle in enumerate(seeds.handles):
            progress(index, len(seeds.handles), f"Reading the seed @{handle}")
            _scrape_quietly(engine, session, handle, SEED_VIDEOS, failures)
    seed_ids = _creator_ids(engine, list(seeds.handles))
    seed_prints = fingerprints(engine, seed_ids.values())
    profile = merge(seed_prints.values())
    profile.hashtags.update(Counter({tag: HASHTAG_SEED_WEIGHT for tag in seeds.hashtags}))
    for keyword in seeds.keywords:
        profile.words.update({word: HASHTAG_SEED_WEIGHT for word in keyword.lower().split()})
    excluded = {*seeds.handles, *exclude}

    found_via: dict[str, list[str]] = {}
    mentioned = {
        h: via
        for h, via in mentioned_in_captions(engine, [*seed_ids.values(), *niche_creator_ids]).items()
        if h not in excluded
    }
    sources.append(SourceReport("creators named in the niche's captions", len(mentioned)))
    if session is not None:
        top_sounds = _shared_sounds(engine, seed_prints)
        web = web_candidates(
            session,
            hashtags=seeds.hashtags or tuple(t for t, _ in profile.hashtags.most_common(3)),
            keywords=seeds.keywords,
            sounds=top_sounds,
            progress=lambda step: progress(0, None, step),
        )
        sources.extend(web.sources)
        prelim = rank(
            [(fp, web.found_via[h]) for h, fp in web.fingerprints().items()],
            profile,
            exclude=excluded,
            min_similarity=0.0,
        )
        chosen = [s.handle for s in prelim[:max_scraped_candidates]]
        known = _creator_ids(engine, list(mentioned))
        chosen += [h for h in mentioned if h not in known and h not in chosen][:max_scraped_candidates]
        for index, handle in enumerate(chosen):
            progress(index, len(chosen), f"Reading the candidate @{handle}")
            _scrape_quietly(engine, session, handle, CANDIDATE_VIDEOS, failures)
        found_via.update({h: web.found_via[h] for h in chosen if h in web.found_via})
    for handle, via in mentioned.items():
        found_via.setdefault(handle, []).extend(v for v in via if v not in found_via[handle])

    shared = candidates_sharing(engine, profile, exclude_ids=seed_ids.values())
    sources.append(SourceReport("creators in the database sharing hashtags and sounds", len(shared)))
    for creator_id, handle in _handles(engine, list(shared)).items():
        merged = found_via.setdefault(handle, [])
        merged.extend(v for v in shared[creator_id] if v not in merged)
    ids = _creator_ids(engine, list(found_via))
    prints = fingerprints(engine, ids.values())
    by_handle = {fp.handle: fp for fp in prints.values()}
    suggestions = rank(
        [(by_handle[h], found_via[h]) for h in found_via if h in by_handle],
        profile,
        exclude=excluded,
    )
    if session is not None and session.unreachable is not None:
        sources.append(
            SourceReport("TikTok", error=f"{session.unreachable} Suggestions come from the database.")
        )
    progress(len(suggestions), len(suggestions), f"Found {len(suggestions)} similar creators")
    return Discovery(suggestions, ids, failures, seed_ids, sources)


def _handles(engine: Engine, creator_ids: list[int]) -> dict[int, str]:
    with engine.connect() as connection:
        return dict(
            connection.execute(select(Creator.id, Creator.handle).where(Creator.id.in_(creator_ids))).all()
        )


def _shared_sounds(engine: Engine, seed_prints: dict[int, Fingerprint]) -> list[tuple[str, str]]:
    """The seeds' reused sounds with a TikTok id (at most three), as (id, title)."""
    counts: Counter[str] = Counter()
    for print_ in seed_prints.values():
        counts.update(s for s in print_.sounds if not s.startswith("title:"))
    ids = [s for s, _ in counts.most_common(3)]
    if not ids:
        return []
    with engine.connect() as connection:
        return [
            (tid, title or "sound")
            for tid, title in connection.execute(
                select(Sound.tiktok_id, Sound.title).where(Sound.tiktok_id.in_(ids))
            ).all()
        ]
