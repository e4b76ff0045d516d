from __future__ import annotations

import pytest

from compass.tiktok.status import STATUS_TABLE, PageStatus, StatusKind, is_error_code, status_from_code


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (0, StatusKind.OK),
        (10000, StatusKind.BLOCKED),
        (10201, StatusKind.NOT_FOUND),
        (10202, StatusKind.NOT_FOUND),
        (10204, StatusKind.NOT_FOUND),
        (10216, StatusKind.PRIVATE),
        (10217, StatusKind.NOT_FOUND),
        (10221, StatusKind.BANNED),
        (10222, StatusKind.PRIVATE),
        (10223, StatusKind.BANNED),
        (10231, StatusKind.GEO_BLOCKED),
    ],
)
def test_status_from_code_known_code_maps_to_its_kind(code, kind):
    status = status_from_code(code)
    assert status.kind is kind
    assert status.code == code


def test_status_from_code_unknown_code_is_unknown_with_the_code():
    status = status_from_code(10999, "something new")
    assert status.kind is StatusKind.UNKNOWN
    assert status.code == 10999
    assert "10999" in status.message and "something new" in status.message


def test_status_from_code_10204_item_doesnt_exist_is_not_found():
    status = status_from_code(10204, "item doesn't exist")
    assert status.kind is StatusKind.NOT_FOUND
    assert "item doesn't exist" in status.message


def test_status_from_code_10204_region_message_is_geo_blocked():
    status = status_from_code(10204, "This video is not available in your region")
    assert status.kind is StatusKind.GEO_BLOCKED
    assert status.code == 10204


def test_status_from_code_numeric_string_is_read_as_the_code():
    assert status_from_code("10222").kind is StatusKind.PRIVATE


@pytest.mark.parametrize("code", [None, "abc", True, 1.5])
def test_status_from_code_unreadable_code_is_unknown_without_code(code):
    status = status_from_code(code)
    assert status.kind is StatusKind.UNKNOWN
    assert status.code is None


def test_status_table_every_kind_is_a_status_kind():
    assert all(isinstance(kind, StatusKind) and isinstance(msg, str) for kind, msg in STATUS_TABLE.values())


def test_page_status_ok_property_true_only_for_ok():
    assert PageStatus(StatusKind.OK).ok
    assert not PageStatus(StatusKind.PRIVATE, 10222).ok
    assert str(PageStatus(StatusKind.PRIVATE, 10222, "x")) == "private 10222: x"


def test_is_error_code_missing_or_zero_is_not_an_error():
    assert not is_error_code(None)
    assert not is_error_code(0)
    assert not is_error_code("0")
    assert is_error_code(10202)
