"""Discovery on TikTok itself: the authors of the seeds' hashtag and sound pages, and user search."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from compass.discovery.fingerprint import Fingerprint, fingerprint
from compass.records import CreatorRecord, VideoRecord
from compass.scraper.listings import hashtag_feed, sound_feed, user_search
from compass.scraper.outcomes import ScrapeError
from compass.scraper.session import ScrapeSession

ProgressFn = Callable[[str], None]


@dataclass
class WebCandidates:
    """Creators seen on listing pages, with the videos seen there and where they were found."""

    creators: dict[str, CreatorRecord] = field(default_factory=dict)
    videos: dict[str, dict[str, VideoRecord]] = field(default_factory=lambda: defaultdict(dict))
    found_via: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)

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
    for tag in hashtags:
        progress(f"Reading #{tag}")
        try:
            for feed in hashtag_feed(session, tag):
                for creator, video in feed.items:
                    found.add(creator, f"#{tag}", video)
        except ScrapeError as exc:
            found.failures.append(f"#{tag}: {exc}")
    for sound_id, title in sounds:
        progress(f"Reading the sound {title}")
        try:
            for feed in sound_feed(session, sound_id, title):
                for creator, video in feed.items:
                    found.add(creator, f"sound {title}", video)
        except ScrapeError as exc:
            found.failures.append(f"sound {title}: {exc}")
    for keyword in keywords:
        progress(f"Searching for {keyword!r}")
        try:
            for feed in user_search(session, keyword):
                for creator in feed.users:
                    found.add(creator, f"search {keyword!r}")
        except ScrapeError as exc:
            found.failures.append(f"search {keyword!r}: {exc}")
    return found
