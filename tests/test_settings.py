"""Settings: environment over secrets file, defaults that need no secrets, one clear line when bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from compass.settings import SettingsError, load_settings


def test_settings_defaults_use_sqlite_in_data_dir_and_real_tiktok(tmp_path: Path) -> None:
    settings = load_settings({"COMPASS_DATA_DIR": str(tmp_path)}, secrets_path=tmp_path / "none.toml")
    assert settings.database_url == f"sqlite:///{tmp_path / 'compass.sqlite3'}"
    assert settings.tiktok_url == "https://www.tiktok.com"
    assert not settings.oauth_configured


def test_settings_secrets_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('COMPASS_TIKTOK_URL = "http://127.0.0.1:9000"\nCOMPASS_OIDC_CLIENT_ID = "abc"\n')
    settings = load_settings({"COMPASS_OIDC_CLIENT_ID": "from-env"}, secrets_path=secrets)
    assert settings.tiktok_url == "http://127.0.0.1:9000"
    assert settings.oidc_client_id == "from-env"


def test_settings_plain_postgresql_url_gets_the_psycopg2_driver(tmp_path: Path) -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://u@h/db"}, secrets_path=tmp_path / "x")
    assert settings.database_url.startswith("postgresql+psycopg2://")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "mysql://h/db"),
        ("COMPASS_TIKTOK_URL", "ftp://x"),
        ("COMPASS_REFRESH_HOURS", "-3"),
        ("COMPASS_MAX_BROWSERS", "many"),
        ("COMPASS_PROXIES", "proxy.example:80"),
        ("COMPASS_LOG_LEVEL", "LOUD"),
    ],
)
def test_settings_bad_value_raises_error_naming_the_setting(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value}, secrets_path=tmp_path / "none.toml")


def test_settings_malformed_secrets_file_is_reported(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("this is = = not toml")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings({}, secrets_path=secrets)


def test_process_switches_are_settings_too(tmp_path: Path) -> None:
    """The browser's path, extra job modules, the log level and debug were read from the
    environment where they were used, past the one settings object (and unchecked)."""
    settings = load_settings(
        {
            "COMPASS_CHROMIUM": "/opt/chromium",
            "COMPASS_JOB_MODULES": "a.b, c",
            "COMPASS_LOG_LEVEL": "info",
            "COMPASS_DEBUG": "1",
        },
        secrets_path=tmp_path / "none.toml",
    )
    assert (settings.chromium, settings.chromedriver) == ("/opt/chromium", None)
    assert settings.job_modules == ("a.b", "c") and settings.log_level == "INFO" and settings.debug
