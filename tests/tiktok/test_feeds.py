"""The listing feeds (search, hashtag and sound lists): read with the item readers, bounds and all."""

from __future__ import annotations

import json

from compass.tiktok.feeds import parse_user_search


def search(*users: dict[str, object]) -> str:
    return json.dumps({"statusCode": 0, "user_list": [{"user_info": u} for u in users], "has_more": 0})


def test_user_search_reads_each_account() -> None:
    feed = parse_user_search(
        search(
            {
                "unique_id": "Alice",
                "uid": "6800000000000000001",
                "sec_uid": "MS4w",
                "nickname": "Alice A",
                "signature": "hi",
                "follower_count": 1200,
            }
        )
    )
    [alice] = feed.users
    assert (alice.handle, alice.tiktok_id, alice.sec_uid, alice.nickname, alice.bio) == (
        "alice",
        "6800000000000000001",
        "MS4w",
        "Alice A",
        "hi",
    )
    assert alice.stats.followers == 1200 and feed.has_more is False


def test_user_search_values_outside_the_bounds_are_unknown() -> None:
    """The search feed built its records from the raw values, past every bound."""
    feed = parse_user_search(
        search(
            {
                "unique_id": "bob",
                "uid": "1" * 40,
                "sec_uid": "S" * 200,
                "nickname": 5,
                "signature": "a\x00b",
                "follower_count": 2**64,
            },
            {"unique_id": "two words"},
        )
    )
    [bob] = feed.users
    assert (bob.tiktok_id, bob.sec_uid, bob.nickname, bob.bio, bob.stats.followers) == (
        None,
        None,
        "5",
        "ab",
        None,
    )
