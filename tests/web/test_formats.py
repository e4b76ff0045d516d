"""Metric columns are described once, from the definitions registry."""

from __future__ import annotations

from compass.analytics.definitions import METRICS
from compass.web import formats
from compass.web.formats import metric_columns


def test_every_formatted_metric_is_a_defined_metric() -> None:
    assert set(formats.HEADERS) <= set(METRICS) and set(formats.FORMATS) <= set(METRICS)


def test_a_metric_column_carries_its_definition_as_help() -> None:
    column = metric_columns("engagement_rate")["engagement_rate"]
    assert column["label"] == "engagement" and column["type_config"]["format"] == "percent"
    assert METRICS["engagement_rate"].formula in column["help"]
