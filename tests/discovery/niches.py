"""Generated niches ingested for discovery tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from compass.ingest import ingest
from compass.synthetic import NicheSpec, generate_niche

END = datetime(2025, 6, 1, tzinfo=UTC)


def load_niche(engine: Engine, name: str, seed: int, creators: int = 12) -> list[str]:
    """Ingests a generated niche; returns its handles in generation order."""
    spec = NicheSpec(
        name=name,
        n_creators=creators,
        videos_per_creator=(20, 40),
        start=datetime(2025, 1, 1, tzinfo=UTC),
        end=END,
        seed=seed,
    )
    observations = generate_niche(spec, captured_at=END)
    ingest(engine, observations)
    return [o.creator.handle for o in observations]
