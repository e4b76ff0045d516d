"""Browser processes: each browser in its own process group, listed in a file while it runs.

A browser is Chromium (a process group of a dozen processes) plus its chromedriver. Closing one
ends the whole group and the driver, whatever state the browser was in. So that a process killed
with SIGKILL (which runs no cleanup) leaves nothing behind for long, every browser is also written
to ``<dir>/<host>-<pid>-<start>.json`` of the process that started it; the next scheduler to
start ends the browsers listed by processes that are gone (``reap_orphans``). A process is known by
its pid and its start time, so that a pid reused by an unrelated program is never signalled.

Linux only (``/proc``); elsewhere nothing is listed and closing falls back to the driver's quit.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import signal
import socket
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PROC = Path("/proc")


def _stat_fields(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), or None when gone."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2 :].split()


def start_ticks(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or None
    when no such process runs (a zombie counts as gone)."""
    fields = _stat_fields(pid)
    if fields is None or fields[0] == "Z":
        return None
    return int(fields[19])


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU the process has used so far (fields 14 and 15 of /proc/PID/stat), or None
    when no such process runs."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def is_running(pid: int, ticks: int | None) -> bool:
    found = start_ticks(pid)
    return found is not None and (ticks is None or found == ticks)


def _pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()] if PROC.exists() else []


def group_members(pgid: int) -> list[int]:
    """The live processes whose process group is ``pgid``."""
    members = []
    for pid in _pids():
        fields = _stat_fields(pid)
        if fields is not None and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(pid)
    return members


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``."""
    found = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return [child for child in found if start_ticks(child) is not None]


def processes_mentioning(*fragments: str) -> list[int]:
    """The live processes whose command line holds one of ``fragments`` (a browser's private
    profile or driver folder names every process of that browser, and no other)."""
    wanted = [fragment.encode() for fragment in fragments if fragment]
    found = []
    for pid in _pids() if wanted else ():
        try:
            cmdline = (PROC / str(pid) / "cmdline").read_bytes()
        except OSError:
            continue
        if any(fragment in cmdline for fragment in wanted) and start_ticks(pid) is not None:
            found.append(pid)
    return found


def kill_now(pids: list[int]) -> None:
    """SIGKILL, for what is left after a graceful end; children of ours are reaped."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)


@dataclass(frozen=True)
class BrowserProcesses:
    """One browser: Chromium's group leader (its pid is the group id), the driver, and the private
    folders that every one of its processes names on its command line (known before either starts,
    so that a browser killed while starting is found too)."""

    browser_pid: int | None = None
    browser_ticks: int | None = None
    driver_pid: int | None = None
    driver_ticks: int | None = None
    own_group: bool = False  # the browser leads its own process group (started through setsid)
    folders: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, browser_pid: int | None, driver_pid: int | None, own_group: bool, folders: tuple[str, ...] = ()
    ) -> BrowserProcesses:
        return cls(
            browser_pid,
            start_ticks(browser_pid) if browser_pid else None,
            driver_pid,
            start_ticks(driver_pid) if driver_pid else None,
            own_group,
            folders,
        )

    def alive(self) -> list[int]:
        pids = []
        if self.browser_pid and is_running(self.browser_pid, self.browser_ticks):
            pids.extend(group_members(self.browser_pid) if self.own_group else [self.browser_pid])
        if self.driver_pid and is_running(self.driver_pid, self.driver_ticks):
            pids.append(self.driver_pid)
        return sorted(set(pids) | set(processes_mentioning(*self.folders)))


def _signal_all(processes: BrowserProcesses, sig: signal.Signals) -> None:
    if processes.browser_pid and is_running(processes.browser_pid, processes.browser_ticks):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if processes.own_group:
                os.killpg(processes.browser_pid, sig)
            else:
                os.kill(processes.browser_pid, sig)
    if processes.driver_pid and is_running(processes.driver_pid, processes.driver_ticks):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(processes.driver_pid, sig)


def _reap_children(processes: BrowserProcesses) -> None:
    """Collects the exit status of those that are our children, so that no zombie is left."""
    for pid in (processes.browser_pid, processes.driver_pid):
        if pid:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)


def end(processes: BrowserProcesses, grace: float = 3.0) -> None:
    """Ends the browser's whole group and its driver: SIGTERM, then SIGKILL after ``grace`` s, then
    anything still naming the browser's folders."""
    _signal_all(processes, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while processes.alive() and time.monotonic() < deadline:
        _reap_children(processes)
        time.sleep(0.05)
    if processes.alive():
        _signal_all(processes, signal.SIGKILL)
        deadline = time.monotonic() + grace
        while processes.alive() and time.monotonic() < deadline:
            _reap_children(processes)
            time.sleep(0.05)
    _reap_children(processes)
    kill_now(processes_mentioning(*processes.folders))


class BrowserRegistry:
    """The list file of this process's running browsers, in ``directory``. A process has one such file
    per directory: list its browsers through ``registry_for``, which hands every caller the same
    registry."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._keys = itertools.count(1)
        self._running: dict[int, BrowserProcesses] = {}

    @property
    def path(self) -> Path:
        pid = os.getpid()
        return self.directory / f"{socket.gethostname()}-{pid}-{start_ticks(pid)}.json"

    def add(self, processes: BrowserProcesses) -> int:
        with self._lock:
            key = next(self._keys)
            self._running[key] = processes
            self._write()
            return key

    def update(self, key: int, processes: BrowserProcesses) -> None:
        with self._lock:
            self._running[key] = processes
            self._write()

    def remove(self, key: int) -> None:
        with self._lock:
            self._running.pop(key, None)
            self._write()

    def _write(self) -> None:
        path = self.path
        if not self._running:
            path.unlink(missing_ok=True)
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps([asdict(p) for p in self._running.values()]))
        temporary.replace(path)


def reap_orphans(directory: Path) -> int:
    """Ends the browsers listed by processes of this host that no longer run; returns how many
    processes were ended. The lists of running processes are left alone."""
    directory = Path(directory)
    ended = 0
    host = socket.gethostname()
    for path in sorted(directory.glob(f"{host}-*.json")) if directory.exists() else ():
        owner_pid, _, owner_ticks = path.stem[len(host) + 1 :].partition("-")
        if not owner_pid.isdigit():
            continue
        if is_running(int(owner_pid), int(owner_ticks) if owner_ticks.isdigit() else None):
            continue
        try:
            listed = [
                BrowserProcesses(**{**entry, "folders": tuple(entry.get("folders", ()))})
                for entry in json.loads(path.read_text())
            ]
        except (OSError, ValueError, TypeError):
            listed = []
        for processes in listed:
            alive = processes.alive()
            if alive:
                end(processes, grace=1.0)
                ended += len(alive)
        path.unlink(missing_ok=True)
    if ended:
        log.warning("ended %s browser processes left by a scheduler that was killed", ended)
    return ended


_registries: dict[Path, BrowserRegistry] = {}
_registries_lock = threading.Lock()


def registry_for(directory: Path) -> BrowserRegistry:
    """This process's one registry of browsers in ``directory``, whoever asks. The file is one per
    process: two registries of it would each write only their own browsers, erasing the other's from
    what a restart reaps, and would race on its temporary copy."""
    key = Path(directory).resolve()
    with _registries_lock:
        registry = _registries.get(key)
        if registry is None:
            registry = _registries[key] = BrowserRegistry(key)
        return registry
