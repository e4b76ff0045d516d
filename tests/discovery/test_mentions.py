"""Creators named in captions: mentions, duets and stitches, read from the stored captions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from compass.discovery.mentions import mentioned_handles, mentioned_in_captions
from compass.ingest import ingest
from compass.records import CreatorRecord, Observation, VideoRecord

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def test_mentioned_handles_tells_duets_stitches_and_mentions_apart() -> None:
    assert mentioned_handles("#duet with @Ana.Cooks this is wild") == [("ana.cooks", "duet")]
    assert mentioned_handles("#stitch with @bob_fit. no way") == [("bob_fit", "stitch")]
    assert mentioned_handles("recipe by @chef.zoe and @mo #fyp") == [
        ("chef.zoe", "mention"),
        ("mo", "mention"),
    ]


def test_mentioned_handles_skips_emails_and_lone_signs() -> None:
    assert mentioned_handles("write to me@example.com or @ anyone") == []
    assert mentioned_handles(None) == [] and mentioned_handles("") == []


def _creator(handle: str, captions: list[str], first_id: int) -> Observation:
    videos = tuple(
        VideoRecord(
            str(((int(T0.timestamp()) + n * 3600) << 32) + first_id + n),
            T0 + timedelta(hours=n),
            caption=caption,
        )
        for n, caption in enumerate(captions)
    )
    return Observation(CreatorRecord(handle), T0 + timedelta(days=2), videos)


def test_mentioned_in_captions_ranks_the_most_named_and_says_by_whom(engine: Engine) -> None:
    ingest(
        engine,
        [
            _creator(
                "seed.one",
                ["#duet with @zoe.bakes so good", "thanks @zoe.bakes", "hi @mo.eats", "me @seed.two"],
                first_id=100,
            ),
            _creator("seed.two", ["#stitch with @zoe.bakes", "@seed.one you rock"], first_id=200),
        ],
    )
    from sqlalchemy import select

    from compass.models import Creator

    with engine.connect() as connection:
        ids = list(connection.execute(select(Creator.id)).scalars())
    found = mentioned_in_captions(engine, ids)
    assert list(found) == ["zoe.bakes", "mo.eats"]  # the seeds themselves are left out
    assert sorted(found["zoe.bakes"]) == [
        "duetted by @seed.one",
        "mentioned by @seed.one",
        "stitched by @seed.two",
    ]
