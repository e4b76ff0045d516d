"""One settings object, read from the environment and ``.streamlit/secrets.toml``.

The environment wins over the secrets file so that a deployment can override a committed default.
A bad value raises :class:`SettingsError` naming the setting, which every entry point turns into
one line on stderr.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path
    tiktok_url: str
    public_url: str
    oidc_issuer: str
    oidc_client_id: str | None
    oidc_client_secret: str | None
    refresh_hours: float
    max_browsers: int
    job_lease_seconds: float
    scrape_interval: float
    scrape_delay: float
    proxies: tuple[str, ...]
    tiktok_cookies: Path | None = None  # a Netscape cookies.txt of the user's TikTok session
    chromium: str | None = None  # the browser's path; None: the usual places, then PATH
    chromedriver: str | None = None
    job_modules: tuple[str, ...] = ()  # modules that register more job kinds (plugins, tests)
    log_level: str = "WARNING"  # of the command line and the scheduler
    debug: bool = False  # the command line shows an internal error's traceback

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def oauth_configured(self) -> bool:
        return bool(self.oidc_client_id and self.oidc_client_secret)


def _read_secrets(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    flat: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            for inner_key, inner_value in value.items():
                flat[f"{key}_{inner_key}".upper()] = str(inner_value)
        else:
            flat[key.upper()] = str(value)
    return flat


def _http_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name}: expected an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _positive_number(name: str, value: str, kind: type[int] | type[float]) -> int | float:
    try:
        number = kind(value)
    except ValueError:
        raise SettingsError(f"{name}: expected a positive number, got {value!r}") from None
    if number <= 0:
        raise SettingsError(f"{name}: expected a positive number, got {value!r}")
    return number


def _non_negative(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name}: expected a number of seconds, got {value!r}") from None
    if number < 0:
        raise SettingsError(f"{name}: expected zero or more seconds, got {value!r}")
    return number


def _database_url(value: str | None, data_dir: Path) -> str:
    if not value:
        return f"sqlite:///{data_dir / 'compass.sqlite3'}"
    try:
        url = make_url(value)
    except ArgumentError:
        raise SettingsError(
            f"DATABASE_URL: not an SQLAlchemy URL: {value!r} "
            "(expected e.g. postgresql+psycopg2://user@host/db or sqlite:///path)"
        ) from None
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise SettingsError(
            f"DATABASE_URL: unsupported database {url.get_backend_name()!r} (use postgresql or sqlite)"
        )
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg2")
    return url.render_as_string(hide_password=False)


def _cookie_file(value: str | None) -> Path | None:
    """The cookies file, checked to be readable as cookies.txt; its content is never kept here."""
    if not value:
        return None
    from compass.scraper.cookies import CookieFileError, read_cookie_file

    path = Path(value).expanduser()
    try:
        read_cookie_file(path)
    except CookieFileError as exc:
        raise SettingsError(f"COMPASS_TIKTOK_COOKIES: {exc}") from None
    return path


def load_settings(environ: Mapping[str, str] | None = None, secrets_path: Path | None = None) -> Settings:
    env = dict(_read_secrets(secrets_path or DEFAULT_SECRETS_PATH))
    env.update(os.environ if environ is None else environ)

    data_dir = Path(env.get("COMPASS_DATA_DIR") or DEFAULT_DATA_DIR)
    proxies = tuple(p.strip() for p in env.get("COMPASS_PROXIES", "").split(",") if p.strip())
    for proxy in proxies:
        if urlsplit(proxy).scheme not in ("http", "https", "socks5"):
            raise SettingsError(f"COMPASS_PROXIES: {proxy!r} is not an http://, https:// or socks5:// URL")
    cookies = _cookie_file(env.get("COMPASS_TIKTOK_COOKIES"))
    return Settings(
        database_url=_database_url(env.get("DATABASE_URL"), data_dir),
        data_dir=data_dir,
        tiktok_url=_http_url("COMPASS_TIKTOK_URL", env.get("COMPASS_TIKTOK_URL") or "https://www.tiktok.com"),
        public_url=_http_url("COMPASS_PUBLIC_URL", env.get("COMPASS_PUBLIC_URL") or "http://localhost:8501"),
        oidc_issuer=_http_url(
            "COMPASS_OIDC_ISSUER", env.get("COMPASS_OIDC_ISSUER") or "https://accounts.google.com"
        ),
        oidc_client_id=env.get("COMPASS_OIDC_CLIENT_ID") or None,
        oidc_client_secret=env.get("COMPASS_OIDC_CLIENT_SECRET") or None,
        refresh_hours=float(
            _positive_number("COMPASS_REFRESH_HOURS", env.get("COMPASS_REFRESH_HOURS") or "24", float)
        ),
        max_browsers=int(
            _positive_number("COMPASS_MAX_BROWSERS", env.get("COMPASS_MAX_BROWSERS") or "2", int)
        ),
        scrape_interval=_non_negative("COMPASS_SCRAPE_INTERVAL", env.get("COMPASS_SCRAPE_INTERVAL") or "2.0"),
        scrape_delay=_non_negative("COMPASS_SCRAPE_DELAY", env.get("COMPASS_SCRAPE_DELAY") or "0.8"),
        job_lease_seconds=float(
            _positive_number("COMPASS_JOB_LEASE_SECONDS", env.get("COMPASS_JOB_LEASE_SECONDS") or "60", float)
        ),
        proxies=proxies,
        tiktok_cookies=cookies,
        chromium=env.get("COMPASS_CHROMIUM") or None,
        chromedriver=env.get("COMPASS_CHROMEDRIVER") or None,
        job_modules=tuple(m.strip() for m in env.get("COMPASS_JOB_MODULES", "").split(",") if m.strip()),
        log_level=_log_level(env.get("COMPASS_LOG_LEVEL") or "WARNING"),
        debug=bool(env.get("COMPASS_DEBUG")),
    )


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(value: str) -> str:
    if value.upper() not in _LOG_LEVELS:
        raise SettingsError(f"COMPASS_LOG_LEVEL: {value!r} is not one of {', '.join(_LOG_LEVELS)}")
    return value.upper()
