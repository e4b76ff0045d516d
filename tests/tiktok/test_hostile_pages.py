"""Real captures, mutated: every leaf of a real item and a real profile replaced, one at a time, by
values a broken or hostile page could hold. `parse` never fails on them (no "parser error", which
would be a defect), every record it makes is inside the bounds, and the databases take them all.
Before the bounds, counts past 2^63 and durations past 2^31 parsed "ok" and then failed in ingest,
after all the browsing; NUL and lone surrogates did too."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from compass import bounds
from compass.ingest import ingest
from compass.records import CreatorRecord, Observation, VideoRecord, is_video_id
from compass.tiktok import parse_page
from tests.tiktok.helpers import read_capture, wrap_universal

HOSTILE: tuple[Any, ...] = (
    None,
    [],
    {},
    "",
    True,
    -1,
    2**63,
    2**64 + 1,
    10**40,
    1.5e308 * 10,
    "x" * 600,
    "a\x00b",
    "lone \ud800",
    "１２３４５６７８９０１２３４５６７８９",
    "9" * 25,
)
ITEM_CAPTURE = "neovolkov_2025-10_api_post_item_list.json"
PROFILE_CAPTURE = "alphavn_2026-07_universal_data_profile_khanhiattm2.json"


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    copied = copy.deepcopy(document)
    target = copied
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copied


def mutations(document: Any, root: tuple[Any, ...]) -> Iterator[tuple[str, Any]]:
    node = document
    for key in root:
        node = node[key]
    for path in leaves(node, root):
        for value in HOSTILE:
            yield f"{'.'.join(map(str, path))}={value!r:.20}", replaced(document, path, value)


def assert_inside_the_bounds(where: str, creator: CreatorRecord | None, videos: list[VideoRecord]) -> None:
    if creator is not None:
        for field in ("sec_uid", "nickname", "bio", "avatar_url"):
            value = getattr(creator, field)
            assert value is None or (len(value) <= bounds.LENGTHS[field] and "\x00" not in value), (
                where,
                field,
            )
        assert creator.tiktok_id is None or creator.tiktok_id.isascii(), where
        assert all(c is None or 0 <= c <= bounds.MAX_COUNT for c in vars_of(creator.stats)), where
    for video in videos:
        assert is_video_id(video.tiktok_id), where
        assert video.duration_s is None or 0 <= video.duration_s <= bounds.MAX_DURATION_S, where
        assert all(c is None or 0 <= c <= bounds.MAX_COUNT for c in video.stats.as_tuple()), where
        assert video.caption is None or "\x00" not in video.caption, where
        assert all(len(tag) <= bounds.LENGTHS["hashtag"] for tag in video.hashtags), where
        assert bounds.FIRST_VIDEO <= video.posted_at <= datetime.now(UTC) + bounds.FUTURE_SLACK, where
        if video.sound is not None:
            assert video.sound.tiktok_id is None or int(video.sound.tiktok_id) <= bounds.MAX_ID, where
            assert video.sound.title is None or len(video.sound.title) <= bounds.LENGTHS["sound_title"], where


def vars_of(stats: Any) -> tuple[Any, ...]:
    return tuple(getattr(stats, f.name) for f in dataclasses.fields(stats))


def parsed_mutations() -> Iterator[tuple[str, CreatorRecord | None, list[VideoRecord]]]:
    items = json.loads(read_capture(ITEM_CAPTURE))
    for where, document in mutations(items, ("data", "itemList", 0)):
        result = parse_page(json.dumps(document))
        assert "parser error" not in result.status.message, (where, result.status.message)
        yield where, result.profile, result.videos
    profile = json.loads(read_capture(PROFILE_CAPTURE))
    for where, document in mutations(profile, ("__DEFAULT_SCOPE__", "webapp.user-detail", "userInfo")):
        result = parse_page(
            wrap_universal(document["__DEFAULT_SCOPE__"]), url="https://www.tiktok.com/@khanhiattm2"
        )
        assert "parser error" not in result.status.message, (where, result.status.message)
        yield where, result.profile, result.videos


def test_mutated_real_captures_parse_inside_the_bounds() -> None:
    seen = 0
    for where, creator, videos in parsed_mutations():
        assert_inside_the_bounds(where, creator, videos)
        seen += 1
    assert seen > 3000


def test_the_databases_take_every_mutated_record(engine: Engine) -> None:
    observations = []
    captured_at = datetime.now(UTC).replace(microsecond=0)
    for number, (_, creator, videos) in enumerate(parsed_mutations()):
        if creator is None:
            continue
        # one account and one video per mutation, so that each is stored, not merged
        account = dataclasses.replace(creator, handle=f"m{number}", tiktok_id=None, sec_uid=None)
        own = tuple(dataclasses.replace(v, tiktok_id=str(7_400_000_000_000_000_000 + number)) for v in videos)
        observations.append(Observation(account, captured_at, own, source="scrape"))
    report = ingest(engine, observations)
    assert report.creators_added == len(observations)
    assert report.videos_added == sum(len(o.videos) for o in observations) > 3000


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_pages_nested_too_deeply_are_a_status_with_a_reason(depth: int) -> None:
    result = parse_page("[" * depth + "]" * depth)
    assert not result.status.ok and result.status.message
    assert "parser error" not in result.status.message
