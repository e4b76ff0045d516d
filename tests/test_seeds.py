"""Seeds typed in the app: one reading for onboarding's mixed box and one for Discover's three
boxes, each checked before anything is stored.

Before, onboarding read a line by its first character ('@a @b' was one handle, refused) and
created the niche before checking its seeds, so a typo left an empty niche behind; Discover split
handles on spaces but not commas."""

from __future__ import annotations

import pytest

from compass.errors import CompassError
from compass.workspace import parse_seed_fields, parse_seed_list


def test_the_mixed_box_reads_a_kind_per_line_and_several_handles_or_tags_on_one() -> None:
    text = "@Rival, @another\n#HomeWorkout #fyp\nresistance bands\n\n  @third  "
    assert parse_seed_list(text) == [
        ("handle", "Rival"),
        ("handle", "another"),
        ("hashtag", "homeworkout"),
        ("hashtag", "fyp"),
        ("keyword", "resistance bands"),
        ("handle", "third"),
    ]


def test_discovers_boxes_split_handles_and_tags_by_spaces_commas_and_lines() -> None:
    assert parse_seed_fields("@a, @b\n@c", "#x,#y", "one phrase\nanother one\n") == [
        ("handle", "a"),
        ("handle", "b"),
        ("handle", "c"),
        ("hashtag", "x"),
        ("hashtag", "y"),
        ("keyword", "one phrase"),
        ("keyword", "another one"),
    ]


@pytest.mark.parametrize("text", ["@two words!", "@" + "h" * 80, "#" + "t" * 101])
def test_a_bad_seed_is_refused_in_words(text: str) -> None:
    with pytest.raises(CompassError):
        parse_seed_list(text)
