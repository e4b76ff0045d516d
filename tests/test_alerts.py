"""What's new since the last visit: each change after T is one alert with its numbers, in order of
importance; nothing before T, nothing from excluded members, no noise under the thresholds; on both
databases, through the loader."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from compass.alerts import FIRST_VISIT_LOOKBACK, SinceFrom, niche_alerts
from compass.analytics.alerts import NicheActivity, find_alerts
from compass.analytics.definitions import OUTLIER_RATIO
from compass.errors import CompassError
from compass.models import (
    Creator,
    Hashtag,
    MemberSource,
    Niche,
    NicheMember,
    ProfileSnapshot,
    Sound,
    Video,
    VideoHashtag,
)
from compass.workspace import NotFound
from compass.workspace.owner import OwnerId
from compass.workspace.users import get_or_create_user
from compass.workspace.visits import mark_visit

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@dataclass
class NicheBuilder:
    """Rows of one niche, written in one transaction; times are given relative to ``now``."""

    session: Session
    niche_id: int
    now: datetime
    _ids: count[int] = field(default_factory=lambda: count(1))

    def member(
        self,
        handle: str,
        *,
        joined_days_ago: float,
        followers: int | None = None,
        source: MemberSource = MemberSource.MANUAL,
        excluded: bool = False,
    ) -> Creator:
        creator = Creator(handle=handle, followers=followers)
        self.session.add(creator)
        self.session.flush()
        added_at = self.now - joined_days_ago * DAY
        self.session.add(
            NicheMember(
                niche_id=self.niche_id,
                creator_id=creator.id,
                source=source,
                pinned=False,
                excluded=excluded,
                added_at=added_at,
            )
        )
        return creator

    def video(
        self,
        creator: Creator,
        views: int,
        *,
        posted_days_ago: float,
        seen_days_ago: float | None = None,
        sound: Sound | None = None,
        hashtags: tuple[Hashtag, ...] = (),
    ) -> Video:
        video = Video(
            tiktok_id=str(7_000_000_000_000 + next(self._ids)),
            creator_id=creator.id,
            posted_at=self.now - posted_days_ago * DAY,
            first_seen_at=self.now - (posted_days_ago if seen_days_ago is None else seen_days_ago) * DAY,
            views=views,
            sound_id=sound.id if sound else None,
        )
        self.session.add(video)
        self.session.flush()
        self.session.add_all(VideoHashtag(video_id=video.id, hashtag_id=tag.id) for tag in hashtags)
        return video

    def usual_videos(self, creator: Creator, views: int, how_many: int = 10) -> None:
        """The creator's ordinary past: ``how_many`` videos of ``views`` each, long before T."""
        for n in range(how_many):
            self.video(creator, views, posted_days_ago=40 + n)

    def followers(self, creator: Creator, followers: int, *, days_ago: float) -> None:
        self.session.add(
            ProfileSnapshot(
                creator_id=creator.id,
                captured_at=self.now - days_ago * DAY,
                followers=followers,
                source="test",
            )
        )

    def hashtag(self, name: str) -> Hashtag:
        tag = Hashtag(name=name)
        self.session.add(tag)
        self.session.flush()
        return tag

    def sound(self, title: str, author: str) -> Sound:
        sound = Sound(title=title, author=author)
        self.session.add(sound)
        self.session.flush()
        return sound


@dataclass(frozen=True)
class YogaNiche:
    niche_id: int
    owner_id: int
    since: datetime  # T: three days before ``now``
    new_outlier: str  # TikTok ids of the videos the alerts must name
    missed_outlier: str
    sound_top_video: str
    hashtag_top_video: str


def build_yoga_niche(engine: Engine, owner_id: int, now: datetime = NOW, name: str = "Yoga") -> YogaNiche:
    """A niche with a past before T = now - 3 days and, after T, exactly one change of each kind, beside
    changes that must not alert (before T, under a threshold, an excluded member, a new member's past)."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        niche = Niche(user_id=owner_id, name=name)
        session.add(niche)
        session.flush()
        build = NicheBuilder(session, niche.id, now)
        ana = build.member("ana", joined_days_ago=30, followers=13_400)
        ben = build.member("ben", joined_days_ago=30, followers=2_600)
        cleo = build.member("cleo", joined_days_ago=30, followers=9_000)
        for creator, views in ((ana, 10_000), (ben, 2_000), (cleo, 3_000)):
            build.usual_videos(creator, views)

        # Outliers: one posted after T; one posted before T but collected only after it; one before T.
        new_outlier = build.video(ana, 73_000, posted_days_ago=1)
        missed_outlier = build.video(ben, 50_000, posted_days_ago=10, seen_days_ago=1)
        build.video(cleo, 90_000, posted_days_ago=20)

        # Followers: ana +34% (3,400) since T; ben +30% but only 600 more; cleo jumped before T only.
        build.followers(ana, 10_000, days_ago=10)
        build.followers(ana, 10_000, days_ago=4)
        build.followers(ana, 13_400, days_ago=1)
        build.followers(ben, 2_000, days_ago=5)
        build.followers(ben, 2_600, days_ago=1)
        build.followers(cleo, 5_000, days_ago=20)
        build.followers(cleo, 9_000, days_ago=10)

        # #mobility: 3 uses by 3 creators since T against 1 in the 3 days before: rising.
        # #anayoga: 3 uses since T, all by ana: one creator's own tag, not a trend.
        # #flow: 3 uses by 2 creators since T against 2 before: not doubled.
        mobility, own_tag, flow = build.hashtag("mobility"), build.hashtag("anayoga"), build.hashtag("flow")
        build.video(ana, 10_000, posted_days_ago=5, hashtags=(mobility, flow))
        build.video(cleo, 3_000, posted_days_ago=4, hashtags=(flow,))
        hashtag_top = build.video(ana, 12_000, posted_days_ago=2, hashtags=(mobility, own_tag, flow))
        build.video(ben, 2_000, posted_days_ago=2, hashtags=(mobility, flow))
        build.video(cleo, 3_000, posted_days_ago=2, hashtags=(mobility, flow))
        build.video(ana, 10_000, posted_days_ago=2, hashtags=(own_tag,))
        build.video(ana, 10_000, posted_days_ago=2, hashtags=(own_tag,))

        # 'Ocean Drive': 3 uses by ben and cleo since T, none before: rising.
        ocean = build.sound("Ocean Drive", "DJ Wave")
        build.video(ben, 2_100, posted_days_ago=2, sound=ocean)
        sound_top = build.video(cleo, 3_100, posted_days_ago=2, sound=ocean)
        build.video(cleo, 3_000, posted_days_ago=1, sound=ocean)

        # A new member since T, whose older hits are not news; an excluded member's hit is no alert.
        newbie = build.member("newbie", joined_days_ago=1, followers=52_300, source=MemberSource.DISCOVERED)
        build.usual_videos(newbie, 1_000)
        build.video(newbie, 20_000, posted_days_ago=50, seen_days_ago=1)
        hidden = build.member("hidden", joined_days_ago=30, excluded=True)
        build.usual_videos(hidden, 1_000)
        build.video(hidden, 40_000, posted_days_ago=1)
    return YogaNiche(
        niche.id,
        owner_id,
        now - 3 * DAY,
        new_outlier.tiktok_id,
        missed_outlier.tiktok_id,
        sound_top.tiktok_id,
        hashtag_top.tiktok_id,
    )


@pytest.fixture
def yoga(engine: Engine) -> YogaNiche:
    alice = get_or_create_user(engine, "https://issuer.example", "alice")
    return build_yoga_niche(engine, alice.id)


def _owner(niche: YogaNiche) -> OwnerId:
    return OwnerId(niche.owner_id)


def test_each_change_since_the_last_visit_is_one_alert_with_its_numbers(
    engine: Engine, yoga: YogaNiche
) -> None:
    report = niche_alerts(engine, _owner(yoga), yoga.niche_id, yoga.since, now=NOW)
    alerts = [alert.to_json() for alert in report.alerts]

    assert [(a["kind"], a["creator"], a["video_id"]) for a in alerts] == [
        ("outlier_video", "@ben", yoga.missed_outlier),  # 25x before 7.3x: most unusual first
        ("outlier_video", "@ana", yoga.new_outlier),
        ("follower_jump", "@ana", None),
        ("rising_sound", "@cleo", yoga.sound_top_video),
        ("rising_hashtag", "@ana", yoga.hashtag_top_video),
        ("new_member", "@newbie", None),
    ]
    missed, outlier, jump, sound, hashtag, member = alerts
    assert outlier["views"] == 73_000 and outlier["median_views"] == 10_000 and outlier["ratio"] == 7.3
    assert outlier["text"] == "@ana's video of 2026-03-09 got 73,000 views, 7.3x their median of 10,000"
    assert missed["ratio"] == 25.0
    assert (jump["followers_before"], jump["followers_now"], jump["growth"]) == (10_000, 13_400, 0.34)
    assert jump["text"] == "@ana's followers rose 34% in 3 days, from 10,000 to 13,400"
    assert (sound["sound"], sound["uses_before"], sound["uses_since"], sound["creators"]) == (
        "Ocean Drive",
        0,
        3,
        2,
    )
    assert sound["views"] == 3_100 and "the sound 'Ocean Drive' by DJ Wave is rising" in sound["text"]
    assert (hashtag["hashtag"], hashtag["uses_before"], hashtag["uses_since"], hashtag["creators"]) == (
        "mobility",
        1,
        3,
        3,
    )
    assert hashtag["text"] == (
        "#mobility is rising: 3 videos by 3 creators, against 1 in the 3 days before; "
        "the most viewed is @ana's, with 12,000 views"
    )
    assert (member["followers"], member["source"]) == (52_300, "discovered")
    assert member["text"] == "@newbie joined the niche (found by discovery), 52,300 followers"


def test_each_alert_appears_once(engine: Engine, yoga: YogaNiche) -> None:
    report = niche_alerts(engine, _owner(yoga), yoga.niche_id, yoga.since, now=NOW)
    keys = Counter((a.kind, a.creator, a.video_id) for a in report.alerts)
    assert max(keys.values()) == 1


def test_data_before_the_start_never_alerts(engine: Engine, yoga: YogaNiche) -> None:
    """Every change in the niche is more than half a day old: from then on, nothing is new."""
    report = niche_alerts(engine, _owner(yoga), yoga.niche_id, NOW - DAY / 2, now=NOW)
    assert report.alerts == []


def test_since_defaults_to_the_stored_visit_else_a_week(engine: Engine, yoga: YogaNiche) -> None:
    owner = _owner(yoga)
    first = niche_alerts(engine, owner, yoga.niche_id, now=NOW)
    assert (first.since, first.since_from) == (NOW - FIRST_VISIT_LOOKBACK, SinceFrom.FIRST_VISIT)

    mark_visit(engine, owner, yoga.niche_id, at=yoga.since)
    stored = niche_alerts(engine, owner, yoga.niche_id, now=NOW)
    given = niche_alerts(engine, owner, yoga.niche_id, yoga.since, now=NOW)
    assert (stored.since, stored.since_from) == (yoga.since, SinceFrom.LAST_VISIT)
    assert stored.to_json() == given.to_json()


def test_reading_alerts_leaves_the_last_visit_where_it_was(engine: Engine, yoga: YogaNiche) -> None:
    owner = _owner(yoga)
    mark_visit(engine, owner, yoga.niche_id, at=yoga.since)
    niche_alerts(engine, owner, yoga.niche_id, now=NOW)
    assert niche_alerts(engine, owner, yoga.niche_id, now=NOW).since == yoga.since


def test_another_users_niche_is_not_found(engine: Engine, yoga: YogaNiche) -> None:
    bob = get_or_create_user(engine, "https://issuer.example", "bob")
    with pytest.raises(NotFound):
        niche_alerts(engine, bob, yoga.niche_id, yoga.since, now=NOW)
    with pytest.raises(NotFound):
        niche_alerts(engine, bob, yoga.niche_id, now=NOW)


def test_a_start_in_the_future_is_refused(engine: Engine, yoga: YogaNiche) -> None:
    with pytest.raises(CompassError, match="not in the past"):
        niche_alerts(engine, _owner(yoga), yoga.niche_id, NOW + DAY, now=NOW)


def test_an_empty_niche_has_no_alerts(engine: Engine) -> None:
    alice = get_or_create_user(engine, "https://issuer.example", "alice")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        niche = Niche(user_id=alice.id, name="Empty")
        session.add(niche)
    assert niche_alerts(engine, alice, niche.id, now=NOW).alerts == []


def test_outliers_follow_the_one_definition_without_sounds_hashtags_or_snapshots(engine: Engine) -> None:
    """At OUTLIER_RATIO times the median a video is an outlier, just under it not (the analysis's rule)."""
    alice = get_or_create_user(engine, "https://issuer.example", "alice")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        niche = Niche(user_id=alice.id, name="Plain")
        session.add(niche)
        session.flush()
        build = NicheBuilder(session, niche.id, NOW)
        solo = build.member("solo", joined_days_ago=30)
        build.usual_videos(solo, 1_000, how_many=20)
        at_ratio = build.video(solo, int(1_000 * OUTLIER_RATIO), posted_days_ago=1)
        build.video(solo, int(1_000 * OUTLIER_RATIO) - 1, posted_days_ago=1)
    alerts = niche_alerts(engine, alice, niche.id, NOW - 3 * DAY, now=NOW).alerts
    assert [(a.kind.value, a.video_id, a.figures["ratio"]) for a in alerts] == [
        ("outlier_video", at_ratio.tiktok_id, OUTLIER_RATIO)
    ]


# --- The computation alone -------------------------------------------------------------------------


_TIMES = {"added_at", "posted_at", "first_seen_at", "captured_at"}


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series([], dtype="datetime64[ns, UTC]" if c in _TIMES else "float64") for c in columns}
    )


def _activity(members: pd.DataFrame, snapshots: pd.DataFrame) -> NicheActivity:
    """Members and their follower counts, nothing else."""
    return NicheActivity(
        members=members,
        views=_empty("creator_id", "views"),
        videos=_empty(
            "video_id", "tiktok_id", "creator_id", "posted_at", "first_seen_at", "views", "sound_id"
        ),
        sounds=_empty("sound_id", "title", "author"),
        hashtags=_empty("video_id", "name"),
        snapshots=snapshots,
    )


def test_a_small_account_gaining_a_fifth_is_no_jump_below_a_thousand_followers() -> None:
    members = pd.DataFrame(
        {
            "creator_id": [1, 2],
            "handle": ["tiny", "big"],
            "followers": [600, 6_000],
            "source": ["manual", "manual"],
            "added_at": pd.to_datetime([NOW - 90 * DAY] * 2, utc=True),
        }
    )
    snapshots = pd.DataFrame(
        {
            "creator_id": [1, 1, 2, 2],
            "captured_at": pd.to_datetime([NOW - 5 * DAY, NOW - DAY] * 2, utc=True),
            "followers": [300, 600, 5_000, 6_000],
        }
    )
    alerts = find_alerts(_activity(members=members, snapshots=snapshots), NOW - 3 * DAY, NOW)
    assert [(a.kind.value, a.creator, a.figures["growth"]) for a in alerts] == [
        ("follower_jump", "@big", 0.2)
    ]
