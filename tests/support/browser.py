"""A plain Selenium Chromium for tests and benchmarks that drive the app or the stand-in as a person's
browser would: the scraper's own flags and binaries (``compass.scraper.browser``), nothing hidden."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from compass.scraper.browser import CHROMIUM_FLAGS, BrowserUnavailable, chromedriver_path, chromium_path


def plain_chrome(width: int = 1280, height: int = 900) -> WebDriver:
    """Raises ``BrowserUnavailable`` (naming what is missing) when Chromium or its driver is not found."""
    chromium, driver = chromium_path(), chromedriver_path()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    # Chromium asks before a site's second and later downloads; a walk that downloads every table says yes.
    downloads = {"profile.default_content_setting_values.automatic_downloads": 1}
    options.add_experimental_option("prefs", downloads)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.set_window_size(width, height)
    return browser


def chrome_for_test(width: int = 1280, height: int = 900) -> WebDriver:
    """``plain_chrome`` for a test: a missing browser skips it, and fails it under CI=true."""
    from tests.conftest import _require

    try:
        return plain_chrome(width, height)
    except BrowserUnavailable as exc:
        _require("Chromium", str(exc))
        raise
