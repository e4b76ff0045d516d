"""Caption features: hooks recognized the way their definitions say."""

from __future__ import annotations

import numpy as np
import pytest

from compass.analytics.captions import CAPTION_COLUMNS, caption_features
from compass.synthetic import NicheSpec, generate_niche, opens_with_question


@pytest.mark.parametrize(
    ("caption", "hook"),
    [
        ("Did you know this about creatine? 💪 #gym", "hook_question"),
        ("Want to lose fat? Follow for more.", "hook_question"),
        ("3 ways to lose fat. Want more?", "hook_number"),
        ("Stop doing this if you want abs", "hook_imperative"),
        ("don't skip leg day", "hook_imperative"),
        ("Don’t skip leg day", "hook_imperative"),
        ("POV: you finally hit a PR", "hook_pov"),
        ("My routine 🔥", "hook_emoji"),
        ("#gym #fyp", "hashtags_only"),
        ("x" * 101, "long_caption"),
    ],
)
def test_caption_features_hook_caption_flagged(caption, hook):
    features = caption_features([caption])
    assert features[hook][0]


@pytest.mark.parametrize(
    ("caption", "hook"),
    [
        ("3 ways to lose fat. Want more?", "hook_question"),
        ("#fyp is this real?", "hook_question"),
        ("Stopwatch review", "hook_imperative"),
        ("My 3 favourite lifts", "hook_number"),
        ("Leg day #gym", "hashtags_only"),
        ("x" * 100, "long_caption"),
        ("Leg day", "hook_emoji"),
    ],
)
def test_caption_features_other_caption_not_flagged(caption, hook):
    assert not caption_features([caption])[hook][0]


def test_caption_features_unknown_caption_false_and_length_minus_one():
    features = caption_features([None, ""])
    assert list(features["caption_known"]) == [False, True]
    assert list(features["caption_len"]) == [-1, 0]
    assert not any(features[c][0] for c in CAPTION_COLUMNS if c not in ("caption_len",))


def test_caption_features_length_excludes_hashtags():
    assert caption_features(["Leg day #gym #fyp"])["caption_len"][0] == len("Leg day")


def test_caption_features_question_generated_captions_match_generator_definition():
    spec = NicheSpec(n_creators=15, seed=4)
    captions = [v.caption for o in generate_niche(spec, spec.end) for v in o.videos]
    expected = np.array([opens_with_question(c) for c in captions])
    assert (caption_features(captions)["hook_question"] == expected).all()
    assert expected.sum() > 50
