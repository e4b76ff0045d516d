"""The analysis stores the owner's recommendations: the pages only read them, the user's choices stay."""

from __future__ import annotations

from sqlalchemy import Engine

from compass.demo import load_demo
from compass.models import RecommendationStatus
from compass.reanalysis.compute import compute_digest
from compass.workspace import update_settings
from compass.workspace.recommendations import dismiss, list_recommendations, mark_trying
from compass.workspace.users import get_or_create_user


def test_the_analysis_stores_the_owners_recommendations_and_keeps_what_they_chose(engine: Engine) -> None:
    """Before: only the Recommendations page stored them, when it was drawn with none new."""
    user = get_or_create_user(engine, "https://issuer.example", "demo")
    niche_id = load_demo(engine, user.id).niche_id
    digest = compute_digest(engine, user, niche_id)
    assert digest is not None and digest.you is not None and len(digest.recommendations) >= 2

    stored = list_recommendations(engine, user.id, niche_id=niche_id)
    assert sorted((r.kind, r.group, r.title) for r in stored) == sorted(
        (r.kind, r.group, r.title) for r in digest.recommendations
    )
    assert {r.status for r in stored} == {RecommendationStatus.NEW}

    tried, dismissed = stored[0], stored[1]
    mark_trying(engine, user.id, tried.id)
    dismiss(engine, user.id, dismissed.id)
    compute_digest(engine, user, niche_id)  # the next analysis recommends them again
    again = {r.id: r.status for r in list_recommendations(engine, user.id, niche_id=niche_id)}
    assert again[tried.id] == RecommendationStatus.TRYING
    assert again[dismissed.id] == RecommendationStatus.DISMISSED
    assert len(again) == len(stored), "what the user chose is not offered again"


def test_an_analysis_without_the_owner_withdraws_the_new_recommendations_only(engine: Engine) -> None:
    """Recommendations made for a handle the niche no longer holds are not offered; a trial goes on."""
    user = get_or_create_user(engine, "https://issuer.example", "demo")
    niche_id = load_demo(engine, user.id).niche_id
    compute_digest(engine, user, niche_id)
    tried = list_recommendations(engine, user.id, niche_id=niche_id)[0]
    mark_trying(engine, user.id, tried.id)

    update_settings(engine, user, own_handle="not.in.this.niche")
    digest = compute_digest(engine, user, niche_id)
    assert digest is not None and digest.you is None
    left = list_recommendations(engine, user.id, niche_id=niche_id)
    assert [(r.id, r.status) for r in left] == [(tried.id, RecommendationStatus.TRYING)]
