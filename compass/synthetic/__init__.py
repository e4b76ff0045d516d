"""Realistic synthetic TikTok niches, deterministic by seed: for the demo workspace, the local TikTok
stand-in server, and validating the analytics against planted effects.

    spec = NicheSpec("fitness", n_creators=200, effects=PlantedEffects(weekday={1: 1.4}), seed=7)
    observations = generate_niche(spec, captured_at=spec.end)
    one = generate_creator(spec, 17, captured_at=spec.end)  # == observations[17]
"""

from compass.synthetic.creators import CreatorHead, NicheGenerator, generate_creator
from compass.synthetic.effects import PlantedEffects
from compass.synthetic.population import NicheSpec, generate_niche, iter_niche
from compass.synthetic.text import opens_with_question

__all__ = [
    "CreatorHead",
    "NicheGenerator",
    "NicheSpec",
    "PlantedEffects",
    "generate_creator",
    "generate_niche",
    "iter_niche",
    "opens_with_question",
]
