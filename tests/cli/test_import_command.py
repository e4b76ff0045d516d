"""`import` as a user runs it: the JSON report, bad rows reported by number, bad files refused whole."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import CliRunner
from tests.conftest import shared_file

GOOD = "7000000000000000001"


def write_csv(tmp_path: Path, rows: list[str], name: str = "videos.csv") -> Path:
    path = tmp_path / name
    path.write_text("id,create_time,user_name,n_plays,n_likes,hashtags\n" + "\n".join(rows) + "\n")
    return path


def test_import_json_report_has_the_documented_shape(cli: CliRunner, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, [f"{GOOD},1600000000,alice,1.2M,541.2K,\"['fyp']\"", "7.47e+18,1600000000,alice,10,1,"]
    )
    result = cli("import", str(path), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["creators"] == {"added": 1, "updated": 0}
    assert report["videos"]["added"] == 1 and report["videos"]["updated"] == 0
    assert report["snapshots"] == 1  # the video's stats; no profile snapshot without a follower column
    assert [(s["row"], "7.47e+18" in s["reason"]) for s in report["skipped"]] == [(2, True)]


def test_import_same_file_twice_adds_nothing(cli: CliRunner, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [f"{GOOD},1600000000,alice,100,10,"])
    cli("import", str(path), "--captured-at", "2025-01-01T00:00:00Z")
    again = cli("import", str(path), "--captured-at", "2025-01-01T00:00:00Z", "--json").json()
    assert again["videos"] == {"added": 0, "updated": 0, "unchanged": 1}
    assert again["snapshots"] == 0


def test_import_unreadable_file_among_good_ones_imports_nothing(cli: CliRunner, tmp_path: Path) -> None:
    good = write_csv(tmp_path, [f"{GOOD},1600000000,alice,100,10,"])
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    result = cli("import", str(good), str(bad))
    assert result.code == 1 and "broken.json" in result.err and "nothing was imported" in result.err
    assert cli("db", "status", "--json").json()["videos"] == 0  # type: ignore[index]


def test_import_bad_map_option_is_one_line_error(cli: CliRunner, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [f"{GOOD},1600000000,alice,100,10,"])
    result = cli("import", str(path), "--map", "n_plays")
    assert result.code == 1 and "COLUMN=FIELD" in result.err and "Traceback" not in result.err


def test_import_real_folder_prints_summary(cli: CliRunner) -> None:
    result = cli("import", str(shared_file("data/santaclara_mit_tiktokapi")))
    assert result.code == 0, result.err
    assert "creators:" in result.out and "videos:" in result.out


def test_parse_error_page_is_a_successful_parse(cli: CliRunner) -> None:
    result = cli("parse", str(shared_file("fixtures/tiktok/ca74ca_2025-07_video_page_statusCode_10204.html")))
    assert result.code == 0
    status = result.json()["status"]  # type: ignore[index]
    assert (status["kind"], status["code"]) == ("not_found", 10204) and "does not exist" in status["message"]


def test_parse_missing_file_exits_non_zero_with_one_line(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("parse", str(tmp_path / "missing.html"))
    assert result.code == 1 and result.err.count("\n") == 1


def test_demo_loads_once_and_is_marked_demo(cli: CliRunner) -> None:
    first = cli("demo", "--creators", "8")
    assert first.code == 0 and "loaded the demo workspace" in first.out
    second = cli("demo", "--creators", "8")
    assert "already loaded" in second.out
    status = cli("db", "status", "--json").json()
    assert status["creators"] == 8 and status["videos"] > 100  # type: ignore[index]
