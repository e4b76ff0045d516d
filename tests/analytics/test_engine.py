"""The entry point: the same analysis from the database as from the generator's observations."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from compass.analytics import analyze, frame_from_observations
from compass.errors import CompassError
from compass.ingest import ingest
from compass.reanalysis.load import load_frame
from compass.synthetic import NicheSpec, PlantedEffects, generate_niche

SPEC = NicheSpec(
    name="fitness",
    n_creators=40,
    videos_per_creator=(30, 120),
    seed=9,
    effects=PlantedEffects(weekday={1: 1.5}, long_video=(60, 0.6)),
)


def test_analyze_database_round_trip_same_metrics_insights_and_recommendations(engine: Engine):
    observations = generate_niche(SPEC, SPEC.end)
    ingest(engine, observations)
    you = sorted(o.creator.handle for o in observations)[7]
    from_db = analyze(load_frame(engine), you=you)
    direct = analyze(frame_from_observations(observations), you=you)
    assert from_db.to_json() == direct.to_json()
    assert from_db.metrics.equals(direct.metrics)
    assert {(i.kind, i.group) for i in direct.report.insights} >= {
        ("weekday", "Tuesday"),
        ("duration", "over 60 s"),
    }


def test_analyze_unknown_user_raises():
    frame = frame_from_observations(generate_niche(NicheSpec(n_creators=3, seed=1), NicheSpec().end))
    with pytest.raises(CompassError):
        analyze(frame, you="@not.there")


def test_analyze_empty_or_viewless_frame_reports_nothing():
    assert analyze(frame_from_observations([])).to_json() == {"insights": [], "recommendations": []}
    spec = NicheSpec(n_creators=2, videos_per_creator=(1, 2), seed=3)
    analysis = analyze(frame_from_observations(generate_niche(spec, spec.end)))
    assert analysis.report.insights == [] and len(analysis.metrics) == 2
