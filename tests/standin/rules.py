"""The rules the stand-in enforces: TikTok as a signed-out visitor met it in 2026, or in 2024.

Each rule models what public scrapers reported of the real site; the source is named beside it.
``Rules()`` is 2026 (the default of ``python -m tests.standin``); ``Rules.of_era("2024")`` is the
friendlier site the stand-in served before: every list unsigned, no wall, no throttle.

=====================  ==========================================================================
rule                   what the stand-in does (the public source it models)
=====================  ==========================================================================
signed lists           ``/api/post/item_list/``, ``/api/challenge/item_list/``,
                       ``/api/music/item_list/`` and ``/api/search/user/full/`` need the
                       signature that the page's own script computes with a per-page secret
                       (``msToken`` + ``X-Gnarly``); an unsigned, forged or stale call (older than
                       ``signature_ttl``) gets HTTP 200 with an empty body. (TikTok-Api issue
                       #1311; carcabot/tiktok-signature #224, #236: X-Gnarly valid about a minute.)
                       The scheme is the stand-in's own (:mod:`tests.standin.signing`), not
                       TikTok's: a scraper must read what the page fetched, never sign.
login wall             signed out, a profile page loads its first ``wall_after`` videos, then
                       shows TikTok's "Log in to TikTok" modal and loads nothing more; a later
                       page of the list gets an empty body. (An Apify run on @nasa in 2026-08
                       returned 12 videos; scrapers report 10-30.)
creator item list      ``/api/creator/item_list/`` answers unsigned: ``secUid``, ``count`` at most
                       ``creator_max_count`` (more: no items, ``statusCode`` 10201), ``type=1``
                       newest first, ``cursor`` in ms (items posted before it),
                       ``hasMorePrevious``. History older than ``old_history_days`` (before the
                       population's capture date) is read ``lookback_days`` at a time, so a gap
                       in a long history answers an empty page with ``hasMorePrevious`` true.
                       (yt-dlp's ``tiktok:user``; clients step a week back over empty pages.)
secUid fallbacks       a share of profile pages (``secuid_hidden_share``) carry no ``secUid``;
                       ``/@handle/live`` (SIGI_STATE ``LiveRoom.liveRoomUserInfo``, for half of
                       them) or ``/embed/@handle`` (``__FRONTITY_CONNECT_STATE__`` with the latest
                       videos, whose pages name their author's secUid) lead to it. (yt-dlp:
                       user page, then the live page, then the embed page.)
search gate            user search needs a session: signed out, the search page shows the login
                       modal and its API answers an empty body. (Search login-gated 2026-07.)
listings first page    signed out, hashtag and sound pages give their first page, then the wall.
throttle               more than ``api_calls_per_minute`` API calls in a minute from one client
                       address: every API call gets HTTP 403 or a ``statusCode`` 10000 captcha
                       for ``cooldown_seconds``. (About 60 rapid calls from one address.)
session cookie         a ``sessionid`` cookie the stand-in issued (:attr:`StandIn.session_id`)
                       lifts the wall and the search gate, as a signed-in visitor's does.
=====================  ==========================================================================
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

ERAS = ("2026", "2024")


@dataclass(frozen=True)
class Rules:
    era: str = "2026"
    signed_lists: bool = True
    signature_ttl: float = 60.0
    wall_after: int | None = 16
    creator_item_list: bool = True
    creator_max_count: int = 15
    old_history_days: int = 365
    lookback_days: int = 7
    secuid_hidden_share: float = 0.1
    search_needs_session: bool = True
    api_calls_per_minute: int | None = 60
    cooldown_seconds: float = 30.0

    @classmethod
    def of_era(cls, era: str) -> Rules:
        if era == "2026":
            return cls()
        if era == "2024":
            return cls(
                era="2024",
                signed_lists=False,
                wall_after=None,
                creator_item_list=False,
                secuid_hidden_share=0.0,
                search_needs_session=False,
                api_calls_per_minute=None,
            )
        raise ValueError(f"unknown era {era!r}: choose among {', '.join(ERAS)}")

    def loosened(self, **changes: Any) -> Rules:
        """These rules with some settings changed (tests loosen the wall and the rate for speed)."""
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> list[str]:
        """One line per rule, saying whether it is on: what ``--list`` prints."""

        def on(flag: bool, text: str) -> str:
            return f"{'on ' if flag else 'off'}  {text}"

        wall = f"after {self.wall_after} videos" if self.wall_after is not None else "none"
        rate = (
            f"{self.api_calls_per_minute} API calls a minute per client, then a {self.cooldown_seconds:g} s"
            " cool-down of 403s and 10000 captchas"
            if self.api_calls_per_minute
            else "none"
        )
        return [
            f"era {self.era}",
            on(
                self.signed_lists,
                f"signed lists: unsigned, forged or stale (> {self.signature_ttl:g} s) calls "
                "get an empty body",
            ),
            on(self.wall_after is not None, f"login wall for signed-out visitors: {wall}"),
            on(
                self.creator_item_list,
                f"/api/creator/item_list/ unsigned, at most {self.creator_max_count} a page, "
                f"history older than {self.old_history_days} days read "
                f"{self.lookback_days} days at a time",
            ),
            on(
                self.secuid_hidden_share > 0,
                f"{self.secuid_hidden_share:.0%} of profile pages without secUid",
            ),
            on(self.search_needs_session, "user search needs a session"),
            on(self.api_calls_per_minute is not None, f"throttle: {rate}"),
        ]
