"""Compressed public answers: chosen by Accept-Encoding, compressed once per body, an ETag per coding."""
import gzip

import brotli
import pytest

from api.answers.body import Body, preferred_codings
from tests.support.outage import cut_database

READS = ["/v1/help?country=FR&category=sextortion&lang=fr", "/embed/help?country=FR&category=sextortion&lang=fr",
         "/v1/bundle?country=FR&lang=fr", "/v1/categories?lang=ar"]
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize("accept, coding", [
    ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0.5, gzip", "gzip"), ("*", "br"),
    ("identity", None), ("br;q=0, gzip;q=0", None), (None, None),
])
def test_the_coding_follows_accept_encoding_and_the_bytes_are_the_same_answer(client, path, accept, coding):
    plain = client.get(path)
    headers = {"Accept-Encoding": accept} if accept else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == coding
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert (DECODE[coding](response.data) if coding else response.data) == plain.data
    assert "Accept-Encoding" in response.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    suffix = {"br": "-br", "gzip": "-gz", None: ""}[coding]
    assert response.headers["ETag"] == plain.headers["ETag"][:-1] + suffix + '"'
    if coding:
        assert len(response.data) < len(plain.data) / 2


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_revalidation_compares_the_etag_of_the_coding_served(client, coding):
    path, accept = READS[1], {"Accept-Encoding": coding}
    first = client.get(path, headers=accept)
    again = client.get(path, headers={**accept, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Vary"] == first.headers["Vary"] and "Content-Encoding" not in again.headers
    other = client.get(path, headers={"If-None-Match": first.headers["ETag"]})  # the same tag, another coding
    assert other.status_code == 200 and "Content-Encoding" not in other.headers


def test_the_hot_path_and_flask_answer_alike(app, client):
    seen = []
    app.before_request(lambda: seen.append(1))
    path = READS[0]
    for accept in ("gzip", "br", None, "gzip"):
        headers = {"Accept-Encoding": accept} if accept else {}
        first_pass = len(seen)
        response = client.get(path, headers=headers)
        assert response.headers.get("Content-Encoding") == accept
        assert len(seen) <= first_pass + 1
    assert len(seen) == 1, "after the first request, every coding is served before Flask"
    assert client.head(path, headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"


def test_each_body_is_compressed_once(app, client, monkeypatch):
    calls = []
    real = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda data, **options: calls.append(1) or real(data, **options))
    for _ in range(3):
        client.get(READS[2], headers={"Accept-Encoding": "gzip"})
    assert len(calls) == 1


def test_a_stale_answer_is_compressed_with_its_flag(app, client):
    client.get(READS[0])
    cut_database(app)
    response = client.get(READS[0], headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip" and response.headers["X-Helplinks-Stale"] == "true"
    assert gzip.decompress(response.data).startswith(b'{"stale":true,')


def test_a_body_too_small_to_gain_is_sent_as_it_is():
    body = Body.of({"a": 1})
    assert not body.offers("gzip") and body.encoded(None) == (body.data, body.etag)


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br", ("br", "gzip")), ("x-gzip", ("gzip",)), ("GZIP;q=0.8, br;q=0.9", ("br", "gzip")),
    ("*;q=0.5, br;q=0", ("gzip",)), ("deflate", ()), ("gzip;q=abc", ()), ("", ()),
])
def test_accept_encoding_is_read_with_its_q_values(header, expected):
    assert preferred_codings(header) == expected
