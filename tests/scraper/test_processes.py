"""Browser process lists: what a process started is ended with it, and what a dead process listed
is ended by the next one to look; a process known only by a reused pid is never touched."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from compass.scraper.processes import (
    BrowserProcesses,
    BrowserRegistry,
    cpu_seconds,
    end,
    is_running,
    reap_orphans,
    start_ticks,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _group_of_sleepers(folder: Path) -> subprocess.Popen[bytes]:
    """A stand-in for Chromium: a process group leader with a child, both naming ``folder``."""
    child = f"[{sys.executable!r}, '-c', 'import time; time.sleep(300)', {str(folder)!r}]"
    script = f"import subprocess, time; subprocess.Popen({child}); time.sleep(300)"
    return subprocess.Popen([sys.executable, "-c", script, str(folder)], start_new_session=True)


def _dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def test_cpu_seconds_is_what_the_process_has_used_and_none_once_it_is_gone() -> None:
    before = os.times()
    used = cpu_seconds(os.getpid())
    after = os.times()
    assert used is not None
    tick = 1 / os.sysconf("SC_CLK_TCK")  # /proc counts whole clock ticks
    assert before.user + before.system - tick <= used <= after.user + after.system + tick
    assert cpu_seconds(_dead_pid()) is None


def test_end_stops_the_whole_group_and_reaps_it(tmp_path: Path) -> None:
    leader = _group_of_sleepers(tmp_path)
    processes = BrowserProcesses.of(leader.pid, None, own_group=True, folders=(str(tmp_path),))
    assert len(_wait_for_members(processes, 2)) == 2
    end(processes, grace=1.0)
    assert processes.alive() == [] and leader.poll() is not None


def test_reap_orphans_ends_the_browsers_of_a_dead_process_only(tmp_path: Path) -> None:
    listed = tmp_path / "browsers"
    listed.mkdir()
    orphan = _group_of_sleepers(tmp_path / "orphan")
    ours = _group_of_sleepers(tmp_path / "ours")
    entry = BrowserProcesses.of(orphan.pid, None, own_group=True, folders=(str(tmp_path / "orphan"),))
    host = socket.gethostname()
    (listed / f"{host}-{_dead_pid()}-1.json").write_text(json.dumps([entry.__dict__]))
    registry = BrowserRegistry(listed)  # this live process's own list is left alone
    registry.add(BrowserProcesses.of(ours.pid, None, own_group=True, folders=(str(tmp_path / "ours"),)))
    _wait_for_members(entry, 2)
    try:
        assert reap_orphans(listed) >= 2
        assert entry.alive() == [] and is_running(ours.pid, start_ticks(ours.pid))
        assert [p.name for p in listed.iterdir()] == [registry.path.name]
    finally:
        end(BrowserProcesses.of(ours.pid, None, own_group=True, folders=(str(tmp_path / "ours"),)), grace=1.0)


def test_the_browsers_of_every_session_of_a_process_are_listed_together(tmp_path: Path) -> None:
    """Each scrape session made its own registry of the one file: the last to write erased the other
    sessions' browsers from the list, and two writing at once failed a job (FileNotFoundError)."""
    from dataclasses import replace

    from compass.scraper.run import session_from
    from compass.settings import load_settings

    settings = replace(load_settings(), data_dir=tmp_path)
    first, second = session_from(settings).registry, session_from(settings).registry
    assert first is not None and second is not None
    first.add(BrowserProcesses(folders=(str(tmp_path / "one"),)))
    second.add(BrowserProcesses(folders=(str(tmp_path / "two"),)))
    listed = json.loads(first.path.read_text())
    assert sorted(entry["folders"] for entry in listed) == [[str(tmp_path / "one")], [str(tmp_path / "two")]]


def test_a_reused_pid_is_not_taken_for_the_listed_process() -> None:
    stranger = subprocess.Popen(["sleep", "30"])
    try:
        listed = BrowserProcesses(browser_pid=stranger.pid, browser_ticks=1, own_group=False)
        assert listed.alive() == []  # same pid, another start time: not ours
    finally:
        stranger.kill()
        stranger.wait()


def _wait_for_members(processes: BrowserProcesses, count: int) -> list[int]:
    import time

    deadline = time.monotonic() + 10
    while len(processes.alive()) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return processes.alive()
