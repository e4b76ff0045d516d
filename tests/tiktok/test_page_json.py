from __future__ import annotations

import json

from compass.tiktok.page_json import (
    NEXT_DATA,
    SIGI,
    UNIVERSAL,
    blobs_from_document,
    extract_page_json,
    has_challenge_markup,
    looks_like_json,
)


def _script(script_id: str, body: str, attrs: str = 'type="application/json"') -> str:
    return f'<script id="{script_id}" {attrs}>{body}</script>'


def test_extract_page_json_all_three_eras_are_found():
    html = (
        "<html><head>"
        + _script(SIGI, '{"ItemModule": {}}')
        + _script(UNIVERSAL, '{"__DEFAULT_SCOPE__": {}}', attrs="")
        + _script(NEXT_DATA, '{"props": {}}', attrs='type="application/json" crossorigin="anonymous"')
        + "</head></html>"
    )
    page = extract_page_json(html)
    assert page.blobs == {
        SIGI: {"ItemModule": {}},
        UNIVERSAL: {"__DEFAULT_SCOPE__": {}},
        NEXT_DATA: {"props": {}},
    }
    assert page.errors == {}


def test_extract_page_json_attribute_order_and_quotes_do_not_matter():
    html = "<script type='application/json' id='SIGI_STATE'>{\"a\": 1}</script>"
    assert extract_page_json(html).blobs == {SIGI: {"a": 1}}


def test_extract_page_json_similar_ids_are_not_taken():
    html = (
        _script("SIGI_STATE_X", "{}")
        + _script("SIGI_RETRY", "{}")
        + '<script data-id="SIGI_STATE">{}</script>'
    )
    assert extract_page_json(html).empty


def test_extract_page_json_malformed_json_is_an_error_not_an_exception():
    page = extract_page_json(_script(UNIVERSAL, '{"__DEFAULT_SCOPE__": {'))
    assert page.blobs == {}
    assert UNIVERSAL in page.errors and "malformed JSON" in page.errors[UNIVERSAL]


def test_extract_page_json_first_script_of_an_id_wins():
    html = _script(SIGI, '{"n": 1}') + _script(SIGI, '{"n": 2}')
    assert extract_page_json(html).blobs[SIGI] == {"n": 1}


def test_extract_page_json_unterminated_script_reads_to_the_end():
    assert extract_page_json('<script id="SIGI_STATE">{"n": 1}').blobs == {SIGI: {"n": 1}}


def test_blobs_from_document_recognizes_each_era_by_shape():
    assert UNIVERSAL in blobs_from_document({"__DEFAULT_SCOPE__": {}}).blobs
    assert SIGI in blobs_from_document({"UserModule": {}}).blobs
    assert NEXT_DATA in blobs_from_document({"props": {"pageProps": {}}}).blobs
    assert blobs_from_document({"itemList": []}) is None
    assert blobs_from_document([1, 2]) is None


def test_has_challenge_markup_captcha_containers_are_found():
    for html in (
        '<div id="captcha-verify-container-main-page"></div>',
        '<div class="TUXModal captcha-verify-container"></div>',
        '<div class="captcha_verify_container"></div>',
        '<div id="captcha_container"></div>',
        '<div class="a secsdk-captcha-drag-icon"></div>',
        '<div id="verify-ele"></div>',
        '<script>var wci="_wafchallengeid";</script>',
    ):
        assert has_challenge_markup(html), html


def test_has_challenge_markup_interface_text_is_not_a_challenge():
    for html in (
        "<p>Please solve the captcha. This account is private.</p>",
        "<script>document.querySelector('.captcha_verify_container')</script>",
        '<script id="x">{"Webapp": {"captcha_title": "Verify to continue"}}</script>',
    ):
        assert not has_challenge_markup(html), html


def test_looks_like_json_objects_and_arrays_with_bom_and_space():
    assert looks_like_json('\ufeff  {"a": 1}')
    assert looks_like_json("[1]")
    assert not looks_like_json("<!DOCTYPE html>")
    assert json.loads("{}") == {}
