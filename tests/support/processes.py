"""The browser processes a scheduler started, found by the data folder they inherit from it: what tests
check is gone once a scheduler has stopped."""

from __future__ import annotations

from pathlib import Path

from compass.scraper.processes import start_ticks

BROWSER_NAMES = ("chromium", "chrome", "chromedriver", "chrome_crashpad")


def browser_processes(data_dir: Path) -> list[int]:
    """Live Chromium and ChromeDriver processes started by a scheduler of ``data_dir`` (they inherit
    its COMPASS_DATA_DIR), whoever their parent is now."""
    marker = f"COMPASS_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if name.startswith(BROWSER_NAMES) and marker in environ.split(b"\0") and start_ticks(int(entry.name)):
            found.append(int(entry.name))
    return found
