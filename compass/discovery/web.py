"""Discovery on TikTok itself: the authors of the seeds' hashtag and sound pages, and user search.

Signed out (2026), hashtag and sound pages give their first page and user search nothing: search
is tried only with the user's TikTok session. Each source is reported; once TikTok cannot be
reached, the remaining sources are skipped at once instead of each failing in turn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from compass.discovery.fingerprint import Fingerprint, fingerprint
from compass.discovery.sources import SourceReport
from compass.records import CreatorRecord, VideoRecord
from compass.scraper.listings import hashtag_feed, sound_feed, user_search
from compass.scraper.outcomes import ScrapeError
from compass.scraper.session import ScrapeSession
from compass.tiktok.feeds import Feed

ProgressFn = Callable[[str], None]


@dataclass
class WebCandidates:
    """Creators seen on listing pages, with the videos seen there and where they were found."""

    creators: dict[str, CreatorRecord] = field(default_factory=dict)
    videos: dict[str, dict[str, VideoRecord]] = field(default_factory=lambda: defaultdict(dict))
    found_via: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sources: list[SourceReport] = field(default_factory=list)

    def add(self, creator: CreatorRecord, via: str, video: VideoRecord | None = None) -> None:
        known = self.creators.get(creator.handle)
        if known is None or (creator.stats.followers is not None and known.stats.followers is None):
            self.creators[creator.handle] = creator
        if video is not None:
            self.videos[creator.handle][video.tiktok_id] = video
        if via not in self.found_via[creator.handle]:
            self.found_via[creator.handle].append(via)

    def fingerprints(self) -> dict[str, Fingerprint]:
        return {h: fingerprint(c, self.videos[h].values()) for h, c in self.creators.items()}


def web_candidates(
    session: ScrapeSession,
    *,
    hashtags: Iterable[str] = (),
    keywords: Iterable[str] = (),
    sounds: Iterable[tuple[str, str]] = (),
    progress: ProgressFn = lambda step: None,
) -> WebCandidates:
    found = WebCandidates()

    def read(name: str, step: str, listing: Callable[[], list[Feed]], users: bool = False) -> None:
        if session.unreachable is not None:
            found.sources.append(SourceReport(name, skipped="TikTok could not be reached"))
            return
        progress(step)
        before = set(found.creators)
        try:
            for feed in listing():
                for creator, video in ((u, None) for u in feed.users) if users else feed.items:
                    found.add(creator, name, video)
        except ScrapeError as exc:
            found.sources.append(SourceReport(name, len(set(found.creators) - before), error=str(exc)))
            return
        found.sources.append(SourceReport(name, len(set(found.creators) - before)))

    for tag in hashtags:
        read(f"#{tag}", f"Reading #{tag}", lambda tag=tag: hashtag_feed(session, tag))
    for sound_id, title in sounds:
        read(
            f"sound {title}",
            f"Reading the sound {title}",
            lambda sound_id=sound_id, title=title: sound_feed(session, sound_id, title),
        )
    for keyword in keywords:
        name = f"search {keyword!r}"
        if not session.signed_in:
            found.sources.append(
                SourceReport(name, skipped="TikTok search needs a TikTok session (COMPASS_TIKTOK_COOKIES)")
            )
            continue
        read(
            name,
            f"Searching for {keyword!r}",
            lambda keyword=keyword: user_search(session, keyword),
            users=True,
        )
    return found
