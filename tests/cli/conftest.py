from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


CliRunner = Callable[..., CliResult]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh install: a SQLite file in a temporary data folder, no secrets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPASS_", "DATABASE_URL"))}
    env["COMPASS_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def cli(cli_env: dict[str, str]) -> CliRunner:
    """Runs `python -m compass ...` as a user would, in its own process."""

    def run(*args: str, env: dict[str, str] | None = None) -> CliResult:
        completed = subprocess.run(
            [sys.executable, "-m", "compass", *args],
            capture_output=True,
            text=True,
            env={**cli_env, **(env or {})},
            cwd=ROOT,
            timeout=300,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run
