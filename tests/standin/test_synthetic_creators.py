"""compass.synthetic's per-creator generator: equal to generate_niche, index by index."""

from __future__ import annotations

from datetime import timedelta

import pytest

from compass.synthetic import NicheGenerator, NicheSpec, generate_creator, generate_niche

SPECS = [
    NicheSpec("fitness", n_creators=40, videos_per_creator=(5, 60), seed=7),
    NicheSpec("pets", n_creators=25, videos_per_creator=(1, 3), seed=3, noise_scale=0.0),
    NicheSpec("knitting", n_creators=20, videos_per_creator=(500, 520), seed=11),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_generate_creator_every_index_equals_generate_niche(spec):
    expected = generate_niche(spec, spec.end)
    niche = NicheGenerator(spec)
    assert [niche.creator(i, spec.end) for i in range(spec.n_creators)] == expected
    assert generate_creator(spec, spec.n_creators - 1, spec.end) == expected[-1]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_niche_generator_head_every_index_matches_generated_creator(spec):
    niche = NicheGenerator(spec)
    for i, observation in enumerate(generate_niche(spec, spec.end)):
        head, creator = niche.head(i), observation.creator
        assert head.index == i
        assert (head.handle, head.nickname, head.tiktok_id, head.sec_uid) == (
            creator.handle,
            creator.nickname,
            creator.tiktok_id,
            creator.sec_uid,
        )
        assert head.followers == creator.stats.followers
        assert head.n_videos == len(observation.videos)


def test_niche_generator_heads_iterates_every_creator_in_order():
    spec = SPECS[0]
    assert [h.index for h in NicheGenerator(spec).heads()] == list(range(spec.n_creators))


def test_niche_generator_tags_and_sounds_are_the_niches_vocabulary():
    niche = NicheGenerator(SPECS[0])
    videos = [v for o in generate_niche(SPECS[0], SPECS[0].end) for v in o.videos]
    assert {t for v in videos for t in v.hashtags} - {
        "fyp",
        "foryou",
        "foryoupage",
        "viral",
        "trending",
        "fy",
        "xyzbca",
        "tiktok",
    } <= set(niche.tags)
    trending = {v.sound.tiktok_id for v in videos if not v.sound.original}
    assert trending <= {s.tiktok_id for s in niche.sounds}


@pytest.mark.parametrize("index", [-1, 40])
def test_niche_generator_index_outside_spec_raises(index):
    niche = NicheGenerator(SPECS[0])
    with pytest.raises(IndexError):
        niche.head(index)
    with pytest.raises(IndexError):
        niche.creator(index, SPECS[0].end)


def test_niche_generator_captured_before_end_raises():
    with pytest.raises(ValueError):
        NicheGenerator(SPECS[0]).creator(0, SPECS[0].end - timedelta(days=1))
