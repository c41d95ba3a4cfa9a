"""What clients need over the API's life: RateLimit headers on limited answers, Deprecation and Sunset
on operations on their way out, and an X-Request-Id on every answer to quote to support."""
import logging
import re

import pytest

POLICY = re.compile(r'^"(\w+)-(\d+)s";q=(\d+);w=(\d+)$')
LEFT = re.compile(r'^"(\w+)-(\d+)s";r=(\d+);t=(\d+)$')


def test_limited_answers_say_their_policy_and_what_is_left(app, e_enfance):
    app.config["RATELIMIT_WRITE"] = "3 per minute;100 per day"
    said = [{"texts": {"en": {"call_to_action": words}}} for words in ("Call now", "Call today", "Call us", "Call")]
    first = e_enfance.patch("fr-3018", said[0])  # a text change without a number: it publishes at once
    assert first.status_code == 200, first.get_json()
    assert first.headers["RateLimit-Policy"] == '"write-60s";q=3;w=60, "write-86400s";q=100;w=86400'
    name, window, remaining, reset = LEFT.match(first.headers["RateLimit"]).groups()
    assert (name, window, remaining) == ("write", "60", "2") and 0 <= int(reset) <= 61
    e_enfance.patch("fr-3018", said[1])
    e_enfance.patch("fr-3018", said[2])
    refused = e_enfance.patch("fr-3018", said[3], etag='"fr-3018.v1"')
    assert refused.status_code == 429 and LEFT.match(refused.headers["RateLimit"]).group(3) == "0"
    assert refused.get_json()["type"] == "/problems/rate-limited"


def test_reads_say_the_read_policy(app, client):
    app.config["RATELIMIT_READ"] = "600 per minute"
    response = client.get("/v1/help?country=FR&category=grooming")
    assert response.headers["RateLimit-Policy"] == '"read-60s";q=600;w=60'
    assert LEFT.match(response.headers["RateLimit"]).group(3) == "599"


def test_health_probes_are_not_limited(client):
    assert "RateLimit" not in client.get("/healthz").headers


@pytest.fixture
def settings():
    return {"DEPRECATIONS": {"GET /v1/countries": {"since": "2026-12-01", "sunset": "2027-06-01",
                                                  "link": "https://docs.example.org/countries"}}}


def test_a_deprecated_operation_says_so_and_when_it_goes(client):
    for _ in range(2):  # the second answer comes from the hot path
        response = client.get("/v1/countries?lang=fr")
        assert response.status_code == 200
        assert response.headers["Deprecation"] == "@1796083200"  # 2026-12-01T00:00:00Z
        assert response.headers["Sunset"] == "Tue, 01 Jun 2027 00:00:00 GMT"
        assert response.headers["Link"] == '<https://docs.example.org/countries>; rel="deprecation"'
    assert "Deprecation" not in client.get("/v1/categories").headers
    operation = client.get("/openapi.json").get_json()["paths"]["/v1/countries"]["get"]
    assert operation["deprecated"] is True
    assert operation["responses"]["200"]["headers"]["Sunset"]["required"]
    assert "deprecated" not in client.get("/openapi.json").get_json()["paths"]["/v1/categories"]["get"]


def test_a_well_formed_request_id_is_echoed(client):
    for _ in range(2):  # through Flask, then the hot path
        response = client.get("/v1/help?country=FR&category=grooming", headers={"X-Request-Id": "app-42.retry:1"})
        assert response.headers["X-Request-Id"] == "app-42.retry:1"
        assert "X-Request-Id" in response.headers["Access-Control-Expose-Headers"]  # a web page may read it


@pytest.mark.parametrize("sent", [None, "", "x" * 65, "two words", "<script>", "é"])
def test_otherwise_a_new_one_is_made(client, sent):
    headers = {"X-Request-Id": sent} if sent is not None else {}
    ids = {client.get("/v1/categories", headers=headers).headers["X-Request-Id"] for _ in range(3)}
    assert len(ids) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)


def test_problems_carry_the_id_and_the_logs_quote_it(client, caplog, monkeypatch):
    app = client.application

    @app.route("/v1/broken")
    def broken():
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR):
        response = client.get("/v1/broken", headers={"X-Request-Id": "support-123"})
    assert response.status_code == 500 and response.headers["X-Request-Id"] == "support-123"
    assert any("[request support-123]" in record.getMessage() for record in caplog.records)
