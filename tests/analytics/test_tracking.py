"""The before/after outcome of a recommendation the user tried."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from compass.analytics.tracking import trial_outcome
from tests.analytics.helpers import T0

START = T0 + timedelta(days=60)
DAY = 86_400


def _videos(
    before: int,
    after: int,
    *,
    lift: float = 1.0,
    share_before: float = 0.1,
    share_after: float = 0.8,
    seed: int = 0,
    captured_days_after: float = 60,
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = int(START.timestamp())
    posted = np.r_[start - rng.integers(1, 55 * DAY, before), start + rng.integers(0, 50 * DAY, after)]
    is_after = posted >= start
    views = 1000 * np.exp(rng.normal(0, 0.4, len(posted))) * np.where(is_after, lift, 1.0)
    in_group = np.where(
        is_after, rng.random(len(posted)) < share_after, rng.random(len(posted)) < share_before
    )
    return pd.DataFrame(
        {
            "posted_s": posted,
            "captured_s": start + captured_days_after * DAY,
            "views": views,
            "in_group": in_group,
        }
    )


def _niche(lift: float, seed: int = 1) -> pd.DataFrame:
    parts = []
    for c in range(10):
        v = _videos(40, 40, lift=lift, seed=seed + c)
        parts.append(v.assign(creator=c, views=v["views"] * (c + 1) * 50))
    return pd.concat(parts, ignore_index=True)


def test_trial_outcome_too_few_videos_after_waiting():
    outcome = trial_outcome(_videos(30, 4), START)
    assert outcome.status == "waiting" and outcome.change is None
    assert outcome.videos_after == 4 and "6 more video(s) after" in outcome.text


def test_trial_outcome_better_views_after_improved():
    outcome = trial_outcome(_videos(40, 25, lift=2.0), START)
    assert outcome.status == "improved"
    assert outcome.change == pytest.approx(1.0, abs=0.3)
    assert outcome.ci_low > 0 and outcome.videos_before == 40 and outcome.videos_after == 25
    assert "Your views improved" in outcome.text and "95% CI" in outcome.text


def test_trial_outcome_same_views_no_clear_change():
    outcome = trial_outcome(_videos(40, 25, lift=1.0, seed=3), START)
    assert outcome.status == "no clear change" and outcome.ci_low < 0 < outcome.ci_high


def test_trial_outcome_worse_views_after_reported_worse():
    assert trial_outcome(_videos(40, 25, lift=0.5), START).status == "worse"


def test_trial_outcome_niche_wide_boom_is_not_the_users_doing():
    mine = _videos(40, 25, lift=2.0)
    outcome = trial_outcome(mine, START, niche=_niche(2.0))
    assert outcome.change == pytest.approx(1.0, abs=0.3)
    assert outcome.niche_change == pytest.approx(1.0, abs=0.2)
    assert outcome.adjusted_change == pytest.approx(0.0, abs=0.2)
    assert outcome.status == "no clear change" and "net of the niche" in outcome.text


def test_trial_outcome_young_videos_and_old_era_left_out():
    videos = _videos(40, 12, captured_days_after=60)
    young = pd.DataFrame(
        {
            "posted_s": [int(START.timestamp()) + 59 * DAY] * 5,
            "captured_s": videos["captured_s"][0],
            "views": [1.0] * 5,
            "in_group": True,
        }
    )
    ancient = pd.DataFrame(
        {
            "posted_s": [int(START.timestamp()) - 400 * DAY] * 5,
            "captured_s": videos["captured_s"][0],
            "views": [1e9] * 5,
            "in_group": False,
        }
    )
    outcome = trial_outcome(pd.concat([videos, young, ancient], ignore_index=True), START)
    assert (outcome.videos_before, outcome.videos_after) == (40, 12)


def test_trial_outcome_reports_whether_user_followed_the_recommendation():
    followed = trial_outcome(_videos(40, 25, share_before=0.1, share_after=0.8), START)
    assert followed.share_after > 0.5 > followed.share_before
    assert "close to what you did before" not in followed.text
    ignored = trial_outcome(_videos(40, 25, share_before=0.1, share_after=0.0), START)
    assert "close to what you did before" in ignored.text


def test_trial_outcome_json_round_numbers():
    data = trial_outcome(_videos(40, 25, lift=2.0), START).to_json()
    assert data["status"] == "improved" and data["started_at"] == START.strftime("%Y-%m-%d")
    assert isinstance(data["change"], float)
