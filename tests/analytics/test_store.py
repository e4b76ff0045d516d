"""Saved recommendations: one user's rows only; trying, dismissing, finishing; outcomes tracked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from compass.analytics.engine import analyze
from compass.analytics.recommend import Recommendation
from compass.errors import CompassError
from compass.models import Recommendation as RecommendationRow
from compass.models import RecommendationStatus
from compass.workspace import recommendations as store
from compass.workspace.users import get_or_create_user
from tests.analytics.helpers import T0
from tests.analytics.test_recommend import _tuesday_niche


def _rec(group: str, gain: float, confidence: float = 0.99, kind: str = "weekday") -> Recommendation:
    return Recommendation(
        kind,
        group,
        "more",
        f"Post more on {group}s",
        "because",
        gain,
        confidence,
        0.1,
        0.4,
        {"insight": {"kind": kind, "group": group, "effect": 0.4}, "examples": []},
    )


@pytest.fixture
def users(engine: Engine) -> tuple[int, int]:
    return get_or_create_user(engine, "test", "a").id, get_or_create_user(engine, "test", "b").id


def test_save_and_list_best_first_with_status_new(engine: Engine, users):
    a, _ = users
    saved = store.save_recommendations(engine, a, [_rec("Tuesday", 0.05), _rec("Friday", 0.10)])
    assert len(saved) == 2
    listed = store.list_recommendations(engine, a)
    assert [r.group for r in listed] == ["Friday", "Tuesday"]
    assert {r.status for r in listed} == {RecommendationStatus.NEW}
    assert listed[0].evidence["direction"] == "more" and listed[0].evidence["insight"]["group"] == "Friday"


def test_mark_trying_then_done_records_status_and_time(engine: Engine, users):
    a, _ = users
    rec = store.save_recommendations(engine, a, [_rec("Tuesday", 0.05)])[0]
    started = T0 + timedelta(days=10)
    trying = store.mark_trying(engine, a, rec.id, at=started)
    assert trying.status == RecommendationStatus.TRYING and trying.status_changed_at == started
    assert store.list_recommendations(engine, a, status=RecommendationStatus.TRYING)[0].id == rec.id
    done = store.mark_done(engine, a, rec.id)
    assert done.status == RecommendationStatus.DONE and done.status_changed_at > started


def test_dismiss_and_invalid_transition_raises(engine: Engine, users):
    a, _ = users
    first, second = store.save_recommendations(engine, a, [_rec("Tuesday", 0.05), _rec("Friday", 0.1)])
    assert store.dismiss(engine, a, first.id).status == RecommendationStatus.DISMISSED
    with pytest.raises(CompassError):
        store.mark_done(engine, a, second.id)  # never tried


def test_other_user_cannot_read_or_change_rows(engine: Engine, users):
    a, b = users
    rec = store.save_recommendations(engine, a, [_rec("Tuesday", 0.05)])[0]
    assert store.list_recommendations(engine, b) == []
    for attempt in (
        lambda: store.get_recommendation(engine, b, rec.id),
        lambda: store.mark_trying(engine, b, rec.id),
        lambda: store.dismiss(engine, b, rec.id),
        lambda: store.mark_done(engine, b, rec.id),
    ):
        with pytest.raises(store.RecommendationNotFound):
            attempt()
    store.save_recommendations(engine, b, [])  # B replacing "its" new recommendations leaves A's alone
    mine = store.get_recommendation(engine, a, rec.id)
    assert mine.status == RecommendationStatus.NEW and mine.user_id == a


def test_save_again_replaces_new_keeps_tried_and_does_not_duplicate(engine: Engine, users):
    a, _ = users
    tuesday, friday = store.save_recommendations(engine, a, [_rec("Tuesday", 0.05), _rec("Friday", 0.1)])
    store.mark_trying(engine, a, tuesday.id)
    store.save_recommendations(engine, a, [_rec("Tuesday", 0.07), _rec("Sunday", 0.02)])
    listed = {r.group: r for r in store.list_recommendations(engine, a)}
    assert set(listed) == {"Tuesday", "Sunday"}
    assert listed["Tuesday"].id == tuesday.id and listed["Tuesday"].status == RecommendationStatus.TRYING
    with Session(engine) as session:
        groups = session.scalars(select(RecommendationRow.group).where(RecommendationRow.user_id == a)).all()
    assert sorted(groups) == ["Sunday", "Tuesday"] and friday.group == "Friday"


def test_a_new_recommendation_made_again_keeps_its_id_and_takes_the_new_figures(engine: Engine, users):
    """Each analysis saves them again; a card drawn before it still names the row its buttons act on."""
    a, _ = users
    tuesday, friday = store.save_recommendations(engine, a, [_rec("Tuesday", 0.05), _rec("Friday", 0.1)])
    store.dismiss(engine, a, friday.id)
    again = store.save_recommendations(engine, a, [_rec("Tuesday", 0.07, 0.8), _rec("Friday", 0.2)])
    assert [(r.id, r.expected_gain, r.confidence) for r in again] == [(tuesday.id, 0.07, 0.8)]
    listed = {r.id: r for r in store.list_recommendations(engine, a)}
    assert listed[tuesday.id].status == RecommendationStatus.NEW
    assert listed[tuesday.id].status_changed_at == tuesday.status_changed_at
    assert listed[friday.id].status == RecommendationStatus.DISMISSED
    assert listed[friday.id].expected_gain == 0.1, "a row the user chose keeps what they saw"
    assert len(listed) == 2


def test_track_outcomes_stores_before_after_for_tried_recommendations_of_that_user(engine: Engine, users):
    a, b = users
    analysis = analyze(_tuesday_niche(), you="me")
    saved = store.save_recommendations(engine, a, analysis.recommendations[:1])
    store.save_recommendations(engine, b, analysis.recommendations[:1])
    store.mark_trying(engine, a, saved[0].id, at=T0 + timedelta(weeks=13))
    updated = store.track_outcomes(engine, a, analysis.features, analysis.you)
    assert [r.id for r in updated] == [saved[0].id]
    outcome = store.get_recommendation(engine, a, saved[0].id).outcome
    assert outcome["status"] in {"improved", "worse", "no clear change"}
    assert outcome["videos_before"] >= 10 and outcome["videos_after"] >= 10
    assert outcome["started_at"] == (T0 + timedelta(weeks=13)).strftime("%Y-%m-%d")
    assert all(r.outcome is None for r in store.list_recommendations(engine, b))
