"""Metric columns are described once, from the definitions registry."""

from __future__ import annotations

import pandas as pd

from compass.analytics.definitions import METRICS
from compass.web import formats
from compass.web.formats import metric_columns, metric_columns_of


def test_every_formatted_metric_is_a_defined_metric() -> None:
    assert set(formats.HEADERS) <= set(METRICS) and set(formats.FORMATS) <= set(METRICS)


def test_a_metric_column_carries_its_definition_as_help() -> None:
    column = metric_columns("engagement_rate")["engagement_rate"]
    assert column["label"] == "engagement" and column["type_config"]["format"] == "percent"
    assert METRICS["engagement_rate"].formula in column["help"]


def test_every_metric_column_of_a_table_is_formatted_consistency_as_a_percentage() -> None:
    """The Insights creators table once showed consistency 0.96 where Home says 96%."""
    frame = pd.DataFrame(columns=["handle", *METRICS, "you"])
    columns = metric_columns_of(frame)
    assert set(columns) == {*METRICS, "you"}
    assert columns["consistency"]["type_config"]["format"] == "percent"
    assert all(columns[key]["type_config"].get("format") for key in METRICS)
