"""Parts of a hand-made digest that a view under test does not read."""

from __future__ import annotations

from compass.analytics.config import InsightConfig
from compass.analytics.slots import SlotReport

NO_SLOTS = SlotReport("UTC", (), (), (), (), InsightConfig())
