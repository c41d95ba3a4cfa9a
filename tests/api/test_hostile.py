"""Hostile input: each attempt gets a clear 4xx problem, and nothing is stored, nor the directory's version moved."""
import gc
import hmac
import io
import json
import statistics
import time
from contextlib import contextmanager

import pytest
from babel.localedata import locale_identifiers

from api.schemas.entry import TEXT_LANGUAGES
from api.web import auth
from tests.support.apps import names, store_state
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "'); DROP TABLE entries; --"
TRIES = 300  # per kind of wrong key, for the timing probe
PAYLOADS = [SCRIPT, SQL, "\" OR \"1\"=\"1", "{{7*7}} ${7*7} %s %(x)s", "javascript:alert(1)", "مرحبا evil"]
# Characters that hide text or reorder how it shows: bidi embeddings, overrides and isolates, marks,
# zero-width characters, the byte order mark, the soft hyphen, a blank letter, a tag character.
INVISIBLE = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
             "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u3164", "\U000e0041"]


@pytest.fixture
def untouched(app):
    """`with untouched(): ...` fails if what happened inside stored anything."""

    @contextmanager
    def check():
        before = store_state(app)
        yield
        assert store_state(app) == before, "a refused request changed the store"

    return check


def refused(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem["title"]
    return problem


# -- bodies ---------------------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_413(app, admin, untouched):
    with untouched():
        refused(admin.patch("fr-3018", {"notes": "x" * app.config["MAX_CONTENT_LENGTH"]}), 413)
        refused(admin.post("/v1/resources", data=b"[" * 100_000 + b"]" * 100_000, content_type="application/json"), 413)


@pytest.mark.parametrize("body", [
    b"{not json", b'{"texts": ', b"\x00", b"[" * 30_000 + b"]" * 30_000,  # deeper than the parser's stack
    b'{"texts": {"fr": {"name": {"a": ' + b"[" * 20 + b"1" + b"]" * 20 + b"}}}}",  # deeper than any entry
    b'{"free": true, "free": false, "texts": ' + b'{"a": ' * 900 + b"1" + b"}" * 900 + b"}",
])
def test_malformed_or_deeply_nested_json_is_400(app, admin, body, untouched):
    with untouched():
        problem = refused(admin.change("PATCH", "fr-3018", data=body, content_type="application/merge-patch+json"), 400)
        assert "JSON" in problem["detail"] or "nested" in problem["detail"]


def test_a_hundred_thousand_nested_arrays_do_not_hurt_the_process(app, admin, client, untouched):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    with untouched():
        deep = b"[" * 100_000 + b"]" * 100_000
        refused(admin.post("/v1/resources", data=deep, content_type="application/json"), 400)
        refused(client.post("/v1/resources/fr-3018/reports", data=deep, content_type="application/json"), 400)
    assert client.get("/v1/help?country=FR&category=sextortion").status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "application/xml", "application/json-patch+json", None])
def test_another_content_type_is_415(admin, content_type, untouched):
    with untouched():
        refused(admin.change("PATCH", "fr-3018", data='{"free": false}', content_type=content_type), 415)
        refused(admin.post("/v1/resources", data="{}", content_type=content_type), 415)


@pytest.mark.parametrize("raw", [b'{"notes": "\xff\xfe"}', b'{"notes": "caf\xe9"}', b'{"notes": "\xed\xa0\x80"}',
                                 b'{"notes": "\\ud800"}', b'{"\\udfff": 1}'])
def test_invalid_utf8_in_the_body_is_400(admin, client, raw, untouched):
    with untouched():
        refused(admin.change("PATCH", "fr-3018", data=raw, content_type="application/merge-patch+json"), 400)
        refused(client.post("/v1/resources/fr-3018/reports", data=raw.replace(b"notes", b"comment"),
                            content_type="application/json"), 400)


@pytest.mark.parametrize("changes, field", [
    ({"notes": "a\x00b"}, "notes"), ({"contacts": [{"type": "email", "value": "a\x00b@example.org"}]}, "contacts"),
    ({"texts": {"fr\x00": {"name": "3018"}}}, "texts"), ({"sources": ["https://3018.fr/\x00"]}, "sources"),
])
def test_nul_and_control_characters_are_422_naming_the_field(admin, changes, field, untouched):
    with untouched():
        assert names(refused(admin.patch("fr-3018", changes), 422)["errors"], field)


@pytest.mark.parametrize("changes, field", [
    ({"website": "https://3018.fr"}, "website"), ({"__proto__": {"admin": True}}, "__proto__"),
    ({"version": 99, "owner": "me"}, "owner"), ({"texts": {"fr": {"name": "3018", "html": "<b>"}}}, "texts"),
])
def test_unknown_fields_are_422_naming_them(admin, changes, field, untouched):
    with untouched():
        assert names(refused(admin.patch("fr-3018", changes), 422)["errors"], field)


def test_texts_in_more_languages_than_the_bound_are_422_naming_texts(admin, untouched):
    languages = sorted({identifier.split("_")[0] for identifier in locale_identifiers()})[:TEXT_LANGUAGES + 1]
    text = {"name": "3018", "description": "Appelle le 3018.", "call_to_action": "Appeler"}
    with untouched():
        problem = refused(admin.patch("fr-3018", {"texts": {language: text for language in languages}}), 422)
        assert names(problem["errors"], "texts")
    accepted = admin.patch("fr-3018", {"texts": {language: text for language in languages[:TEXT_LANGUAGES - 1]}})
    assert accepted.status_code == 200, accepted.get_data(as_text=True)[:300]


def test_a_field_report_with_unknown_fields_is_422(client, untouched):
    with untouched():
        response = client.post("/v1/resources/fr-3018/reports", json={"reason": "closed", "email": "kid@example.org"})
        assert "email" in refused(response, 422)["errors"]


# -- requests ---------------------------------------------------------------------------------------------
def test_a_huge_query_string_is_414_on_writes_too(admin, untouched):
    with untouched():
        refused(admin.patch("fr-3018?x=" + "a" * 5000, {"free": False}, etag="*"), 414)


@pytest.mark.parametrize("header", ["Accept-Language", "If-Match", "X-Forwarded-For", "Cookie", "User-Agent"])
def test_huge_headers_are_harmless(admin, client, header, untouched):
    huge = ("fr-CA;q=0.5, " * 5000) if header == "Accept-Language" else "x" * 60_000
    with untouched():
        response = admin.patch("fr-3018", {"free": False}, headers={header: huge}, etag="W/\"stale\"")
        assert response.status_code == 412 and response.content_type == "application/problem+json"
    assert client.get("/v1/help?country=FR&category=sextortion", headers={header: huge}).status_code == 200


# -- text payloads ---------------------------------------------------------------------------------------
def text_fields(document: dict, payload: str) -> dict:
    """A merge patch putting the payload in every text an entry holds."""
    return {
        "texts": {"fr": {"name": payload, "description": payload, "call_to_action": payload}},
        "alert": {"fr": payload, "en": payload}, "organisation": payload, "notes": payload, "review_note": payload,
        "contacts": [{**document["contacts"][0], "label": {"fr": payload}}, *document["contacts"][1:]],
        "hours": {**document["hours"], "exceptions": [{"date": "2026-12-25", "closed": True, "note": payload}]},
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_and_sql_in_every_text_come_back_byte_identical(app, admin, client, payload):
    document = admin.get("/v1/resources/fr-3018").get_json()
    response = admin.patch("fr-3018", text_fields(document, payload))
    assert response.status_code == 200, response.get_json()
    for reader in (admin.get("/v1/resources/fr-3018"), client.get("/v1/resources/fr-3018")):
        assert reader.content_type == "application/json"
        assert reader.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in reader.headers["Content-Security-Policy"]
        stored = reader.get_json()
        assert stored["texts"]["fr"] == {"name": payload, "description": payload, "call_to_action": payload}
        assert stored["alert"] == {"fr": payload, "en": payload} and stored["organisation"] == payload
        assert stored["contacts"][0]["label"] == {"fr": payload}
        assert stored["hours"]["exceptions"][0]["note"] == payload
    assert admin.get("/v1/resources/fr-3018").get_json()["notes"] == payload
    screen = client.get("/v1/help?country=FR&category=cyberharassment&lang=fr").get_json()
    shown = next(r for r in screen["listen"] if r["id"] == "fr-3018")
    assert shown["name"] == payload and shown["contacts"][0]["label"] == payload
    assert app.extensions["helplinks"].store.count() > 1  # the table is still there
    docs = client.get("/docs").get_data(as_text=True)
    assert payload not in docs and "<script>alert" not in docs


@pytest.mark.parametrize("char", INVISIBLE + ["a\u200cb", "a\u200db", "\u200d", "👨\u200d👩"])
def test_invisible_and_direction_changing_characters_are_422_in_every_text_naming_the_field(admin, client, char,
                                                                                            untouched):
    """A caption stored as "87 65 43 21 60" after U+202E shows as "06 12 34 56 78": such text is refused."""
    document = admin.get("/v1/resources/fr-3018").get_json()
    with untouched():
        problem = refused(admin.patch("fr-3018", text_fields(document, f"Appeler le {char}87 65 43 21 60")), 422)
        assert {path.split(".")[0] for path in problem["errors"]} == {
            "texts", "alert", "organisation", "notes", "review_note", "contacts", "hours"}
        assert "U+" in problem["errors"]["texts.fr.value.name"][0]
        for changes in ({"sources": [f"https://3018.fr/{char}"]},
                        {"contacts": [{"type": "chat", "value": f"https://3018.fr/{char}x"}]},
                        {"contacts": [{"type": "phone", "value": f"30{char}18"}]}):
            assert {path.split(".")[0] for path in refused(admin.patch("fr-3018", changes), 422)["errors"]} == set(changes)
        report = client.post("/v1/resources/fr-3018/reports", json={"reason": "other", "comment": f"ok{char}ko"})
        assert set(refused(report, 422)["errors"]) == {"comment"}


@pytest.mark.parametrize("text", ["می‌خواهم کمک بگیرم", "क्‍षमा करें", "ज़िन्दगी", "Appeler le 3018"])
def test_joiners_between_letters_of_scripts_that_need_them_are_kept(admin, client, text):
    response = admin.patch("fr-3018", {"texts": {"fr": {"description": text}}})
    assert response.status_code == 200, response.get_json()
    assert client.get("/v1/resources/fr-3018").get_json()["texts"]["fr"]["description"] == text


@pytest.mark.parametrize("payload", [SCRIPT, SQL])
def test_script_and_sql_in_reports_and_notes_are_plain_text(admin, client, payload):
    sent = client.post("/v1/resources/fr-3018/reports", json={"reason": "other", "comment": payload})
    assert sent.status_code == 202 and sent.get_json()["comment"] == payload
    assert admin.get("/v1/resources/fr-3018/reports").get_json()["reports"][0]["comment"] == payload
    held = admin.get("/v1/revisions").get_json()  # the table behind is still there
    assert "revisions" in held


def test_a_hostile_entry_id_in_the_url_is_a_plain_404(client, admin, untouched):
    with untouched():
        for entry_id in ["<script>alert(1)<%2Fscript>", "fr-3018' OR '1'='1", "..%2F..%2Fetc%2Fpasswd", "%00"]:
            refused(client.get(f"/v1/resources/{entry_id}"), 404)
            refused(admin.patch(entry_id, {"free": False}, etag="*"), 404)


# -- keys -------------------------------------------------------------------------------------------------
def forged_keys(real: str) -> list[str]:
    """Keys that look like `real` and are not it (a random key may end in x, or have no letter to upper-case)."""
    prefix, key_id, secret = real.split("_", 2)
    return [key for key in [
        f"hlx_{key_id}_{secret}", f"HLK_{key_id}_{secret}", f"{key_id}_{secret}",  # wrong prefix
        f"{prefix}_{key_id}_{'A' * len(secret)}", f"{prefix}_{key_id}_{secret[:-1]}x",  # right id, wrong secret
        real[:-1], real[: len(real) // 2], f"{prefix}_{key_id}_",  # truncated
        real + "A" * 10_000, f"{prefix}_{key_id}_{secret}{secret}",  # too long
        f"{prefix}_{key_id}_{secret[:-1]}é", f"{prefix}_é{key_id}_{secret}", "hlk_\xff\xfe_\x00",  # not ASCII
        f"{prefix}_{key_id.upper()}_{secret}", f" {real} x", f"{prefix}__{secret}",
    ] if key != real]


def test_forged_keys_are_401_and_change_nothing(client, e_enfance, untouched):
    with untouched():
        for forged in forged_keys(e_enfance.key):
            response = client.patch("/v1/resources/fr-3018", data='{"free": false}', headers={
                "Authorization": f"Bearer {forged}", "If-Match": "*", "Content-Type": "application/merge-patch+json"})
            problem = refused(response, 401)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert forged not in json.dumps(problem)
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call"}}}).status_code == 200  # the real key works


def test_keys_are_compared_in_constant_time_on_equal_lengths(client, e_enfance, monkeypatch):
    compared = []
    real_compare = hmac.compare_digest

    def spy(a, b):
        compared.append((len(a), len(b)))
        return real_compare(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    prefix, key_id, secret = e_enfance.key.split("_", 2)
    for key in [f"{prefix}_{key_id}_{'B' * len(secret)}", f"{prefix}_0123456789ab_{secret}", "hlk_nope", e_enfance.key]:
        client.get("/v1/reports", headers={"Authorization": f"Bearer {key}"})
    assert len(compared) == 4 and all(a == b == 64 for a, b in compared)


@pytest.mark.serial  # a timing probe: alone on the machine
def test_an_unknown_key_id_and_a_wrong_secret_take_the_same_time(client, e_enfance):
    prefix, key_id, secret = e_enfance.key.split("_", 2)
    unknown = f"{prefix}_{'f' * len(key_id)}_{secret}"
    wrong_secret = f"{prefix}_{key_id}_{'A' * len(secret)}"

    def probe(key):
        return lambda: client.get("/v1/reports", headers={"Authorization": f"Bearer {key}"})

    timings = {unknown: [], wrong_secret: []}
    gc.collect()
    gc.disable()  # a collection in the middle of one request would weigh on one side only
    try:
        for index in range(TRIES + 20):
            for key in (unknown, wrong_secret) if index % 2 else (wrong_secret, unknown):  # interleaved
                start = time.perf_counter()
                probe(key)()
                if index >= 20:  # the first ones warm both paths up
                    timings[key].append(time.perf_counter() - start)
    finally:
        gc.enable()
    unknown_median, wrong_median = statistics.median(timings[unknown]), statistics.median(timings[wrong_secret])
    print(f"401 for an unknown key id: {unknown_median * 1000:.3f} ms; for a wrong secret: {wrong_median * 1000:.3f} ms")
    assert abs(unknown_median - wrong_median) < 0.25 * max(unknown_median, wrong_median) + 0.0005


def chunked(client, method: str, path: str, body: bytes, **headers):
    """A request whose body comes chunked (no Content-Length), as gunicorn hands it over; a partner's client
    sends its key."""
    if hasattr(client, "key"):
        client, headers = client.client, {"Authorization": f"Bearer {client.key}", **headers}
    return client.open(path, method=method, input_stream=io.BytesIO(body),
                       headers={"Transfer-Encoding": "chunked", **headers}, environ_overrides={"wsgi.input_terminated": True})


def padded(document: dict, size: int) -> bytes:
    body = json.dumps(document).encode()
    return body + b" " * (size - len(body))


@pytest.mark.parametrize("extra", [1, 100, 2_000_000])
def test_a_chunked_body_over_the_limit_is_413_not_cut_short(app, admin, client, extra, untouched):
    """Werkzeug stops reading a chunked body at MAX_CONTENT_LENGTH: what it cut must not pass for the whole."""
    size = app.config["MAX_CONTENT_LENGTH"] + extra
    with untouched():
        refused(chunked(admin, "PATCH", "/v1/resources/fr-3018", padded({"texts": {"en": {"call_to_action": "Hi"}}}, size),
                        **{"If-Match": admin.etag("fr-3018"), "Content-Type": "application/merge-patch+json"}), 413)
        refused(chunked(client, "POST", "/v1/resources/fr-3018/reports", padded({"reason": "closed"}, size),
                        **{"Content-Type": "application/json"}), 413)


def test_a_chunked_body_within_the_limit_is_read_whole(app, admin):
    body = padded({"texts": {"en": {"call_to_action": "Hi"}}}, app.config["MAX_CONTENT_LENGTH"])
    response = chunked(admin, "PATCH", "/v1/resources/fr-3018", body,
                       **{"If-Match": admin.etag("fr-3018"), "Content-Type": "application/merge-patch+json"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["texts"]["en"]["call_to_action"] == "Hi"
