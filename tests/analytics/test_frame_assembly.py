"""The frame's orderings, done with Arrow and NumPy, are the ones pandas gives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from compass.analytics.frame import sorted_rows, unique_pairs


def test_rows_sort_like_pandas_stable_sort_with_text_ties() -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "creator": rng.integers(0, 5, 2000),
            "posted_s": rng.integers(0, 50, 2000),
            "tiktok_id": pd.array([str(x) for x in rng.integers(0, 10**6, 2000)], dtype="string[pyarrow]"),
        }
    )
    expected = frame.sort_values(["creator", "posted_s", "tiktok_id"], kind="stable").index.to_numpy()
    assert (sorted_rows(frame, ["creator", "posted_s", "tiktok_id"]) == expected).all()


def test_unique_pairs_drop_repeats_and_come_in_order() -> None:
    video, tag = unique_pairs(np.array([2, 0, 2, 0, 1]), np.array([1, 3, 1, 0, 3]), 4)
    assert list(zip(video.tolist(), tag.tolist(), strict=True)) == [(0, 0), (0, 3), (1, 3), (2, 1)]
    empty = unique_pairs(np.array([], dtype=np.int32), np.array([], dtype=np.int32), 0)
    assert [len(x) for x in empty] == [0, 0]
