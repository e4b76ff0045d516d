"""The Recommendations page's reading of the stored rows: shelved by what the user did with them, each
gain a range in words from its interval, and the download."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from compass.models import RecommendationStatus
from compass.web.recommendations_view import (
    gain_interval,
    gain_words,
    outcome_text,
    recommendations_table,
    shares_text,
    shelves,
)
from compass.workspace.recommendations import StoredRecommendation

NOW = datetime(2025, 6, 1, tzinfo=UTC)
EVIDENCE = {"insight": {"ci_low": 0.1, "ci_high": 0.3}, "your_share": 0.2, "leaders_share": 0.7}


def stored(
    id: int,
    status: RecommendationStatus = RecommendationStatus.NEW,
    *,
    evidence: dict[str, Any] | None = None,
    outcome: dict[str, Any] | None = None,
) -> StoredRecommendation:
    return StoredRecommendation(
        id, 1, 1, "weekday", f"group {id}", f"Title {id}", "Body", 0.05, 0.9,
        {**EVIDENCE, "direction": "more"} if evidence is None else evidence,
        status, NOW, outcome, NOW,
    )  # fmt: skip


def test_shelves_keep_the_order_given_and_put_dismissed_and_done_in_the_past() -> None:
    shelf = shelves(
        [
            stored(1),
            stored(2, RecommendationStatus.TRYING),
            stored(3, RecommendationStatus.DISMISSED),
            stored(4),
            stored(5, RecommendationStatus.DONE),
        ]
    )
    assert [r.id for r in shelf.fresh] == [1, 4]
    assert [r.id for r in shelf.trying] == [2]
    assert [r.id for r in shelf.past] == [3, 5]


def test_the_gain_is_the_insights_interval_moved_by_the_share_of_videos_that_would_change() -> None:
    low, high = gain_interval(stored(1)) or (0.0, 0.0)
    assert low == pytest.approx(1.1**0.5 - 1) and high == pytest.approx(1.3**0.5 - 1)
    assert gain_words(stored(1)).startswith("likely +")


def test_doing_less_of_something_turns_the_interval_around() -> None:
    less = stored(1, evidence={**EVIDENCE, "your_share": 0.7, "leaders_share": 0.2, "direction": "less"})
    low, high = gain_interval(less) or (0.0, 0.0)
    assert low == pytest.approx(1.3**-0.5 - 1) and high == pytest.approx(1.1**-0.5 - 1)


def test_without_an_interval_the_gain_is_the_point_estimate() -> None:
    bare = stored(1, evidence={})
    assert gain_interval(bare) is None
    assert gain_words(bare) == "about +5%"


def test_shares_outcome_and_the_download() -> None:
    trying = stored(2, RecommendationStatus.TRYING, outcome={"text": "Views went up."})
    assert shares_text(stored(1)) == "20% / 70%"
    assert outcome_text(trying) == "Views went up." and outcome_text(stored(1)) == ""
    table = recommendations_table([stored(1), trying])
    assert {"evidence", "confidence", "score"}.isdisjoint(
        table.columns
    )  # no "confidence 100%" in files either
    assert list(table["id"]) == [1, 2] and table["gain_range"].str.startswith("likely").all()
    assert list(table["outcome"]) == ["", "Views went up."]
    assert list(table[["your_share", "leaders_share"]].iloc[0]) == [0.2, 0.7]
