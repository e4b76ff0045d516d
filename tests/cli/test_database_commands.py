"""`db upgrade`, `db status`, and how the command line reports bad settings."""

from __future__ import annotations

from tests.cli.conftest import CliRunner


def test_db_upgrade_on_fresh_install_creates_sqlite_database(cli: CliRunner, cli_env: dict[str, str]) -> None:
    result = cli("db", "upgrade")
    assert result.code == 0, result.err
    assert "compass.sqlite3" in result.out and "revision" in result.out


def test_db_status_json_on_empty_database_counts_zero(cli: CliRunner) -> None:
    result = cli("db", "status", "--json")
    assert result.code == 0, result.err
    status = result.json()
    assert status == {
        "users": 0,
        "creators": 0,
        "videos": 0,
        "profile_snapshots": 0,
        "video_snapshots": 0,
        "jobs": {"queued": 0, "running": 0, "succeeded": 0, "failed": 0, "cancelled": 0},
    }


def test_db_status_on_postgres_reads_database_url(cli: CliRunner, postgres_url: str) -> None:
    result = cli("db", "status", "--json", env={"DATABASE_URL": postgres_url})
    assert result.code == 0, result.err
    assert "creators" in result.json()  # type: ignore[operator]


def test_bad_database_url_stops_with_one_line_naming_the_setting(cli: CliRunner) -> None:
    result = cli("db", "status", env={"DATABASE_URL": "mysql://nowhere/db"})
    assert result.code == 1
    assert result.err.strip().count("\n") == 0
    assert "DATABASE_URL" in result.err and "Traceback" not in result.err


def test_unreachable_database_is_one_line_error_without_traceback(cli: CliRunner) -> None:
    result = cli("db", "status", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert result.code == 1
    assert "cannot open the database" in result.err and "Traceback" not in result.err


def test_bad_tiktok_url_setting_is_named(cli: CliRunner) -> None:
    result = cli("db", "status", env={"COMPASS_TIKTOK_URL": "tiktok"})
    assert result.code == 1 and "COMPASS_TIKTOK_URL" in result.err


def test_output_cut_short_by_the_reader_exits_quietly(cli_env: dict[str, str]) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        f"{sys.executable} -m compass demo >/dev/null"
        f" && {sys.executable} -m compass metrics --all --json | head -c 1",
        shell=True,
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
        executable="/bin/bash",
    )
    assert done.stdout == "[" or done.stdout == "{"
    assert "BrokenPipe" not in done.stderr and "internal error" not in done.stderr, done.stderr
