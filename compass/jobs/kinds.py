"""The registry of job kinds: what each does, in words a person reads, and the function that runs it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from compass.jobs.backoff import DEFAULT_RETRY, RetryPolicy
from compass.settings import load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from compass.jobs.worker import JobContext

JobHandler = Callable[["JobContext", dict[str, Any]], dict[str, Any] | None]
ParamsCheck = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    """``prepare`` normalizes a request's parameters before it is queued (a ValueError refuses it);
    ``retry_policy`` spaces its failed attempts and sets how many a job is queued with."""

    name: str
    title: str
    handler: JobHandler
    prepare: ParamsCheck | None = None
    retry_policy: RetryPolicy = DEFAULT_RETRY


@dataclass(frozen=True)
class UpkeepOptions:
    """What a scheduler's periodic upkeep is told: how often tracked data is refreshed."""

    refresh_every: timedelta


Upkeep = Callable[["Engine", UpkeepOptions], object]

JOB_KINDS: dict[str, JobKind] = {}
UPKEEP: dict[str, Upkeep] = {}  # by the registering function's qualified name, in registration order

# Modules that register the product's job kinds when imported. COMPASS_JOB_MODULES names more
# (comma-separated): the same extension point serves the built-in kinds, plugins and the tests.
BUILTIN_KIND_MODULES = (
    "compass.scraper.refresh",
    "compass.scraper.kind",
    "compass.discovery.kind",
    "compass.reanalysis.kind",
)


def load_builtin_kinds(extra_modules: tuple[str, ...] | None = None) -> dict[str, JobKind]:
    """Imports the built-in kinds and ``extra_modules`` (default: the settings' job modules)."""
    extra = load_settings().job_modules if extra_modules is None else extra_modules
    for module in (*BUILTIN_KIND_MODULES, *extra):
        importlib.import_module(module)
    return JOB_KINDS


def register_kind(kind: JobKind) -> JobKind:
    JOB_KINDS[kind.name] = kind
    return kind


def register_upkeep(task: Upkeep) -> Upkeep:
    """``task`` runs in every scheduler's upkeep (every few seconds): a feature queues its own
    periodic jobs this way, so that the generic runner imports no feature."""
    UPKEEP[f"{task.__module__}.{task.__qualname__}"] = task
    return task


def describe(kind: str, params: dict[str, Any]) -> str:
    """A one-line description of a job for lists: "Scrape @alice (100 videos)"."""
    registered = JOB_KINDS.get(kind)
    title = registered.title if registered else kind
    try:
        return title.format(**params)
    except (KeyError, IndexError, ValueError):
        return title
