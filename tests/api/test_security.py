"""Security headers on every response, CORS for public reads only, bounded requests, docs, logs."""
import logging
import re
import socket
from pathlib import Path
from unittest.mock import patch

import pytest
from openapi_spec_validator import validate as validate_spec

PATHS = ["/v1/help?country=FR&category=sextortion", "/v1/help?country=XX", "/v1/categories", "/v1/resources/nope",
         "/swagger.json", "/healthz", "/nowhere"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_public_reads_are_open_to_any_origin(client):
    response = client.get("/v1/help?country=FR&category=sextortion", headers={"Origin": "https://app.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_requests_with_credentials_get_no_cors_grant(client):
    response = client.get("/v1/resources/fr-3018", headers={"Origin": "https://evil.example", "Authorization": "Bearer x"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_docs_page_may_run_its_own_scripts_only(client):
    response = client.get("/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy and "http" not in policy
    page = response.get_data(as_text=True)
    assert 'src="/swaggerui/' in page and 'src="http' not in page and 'href="http' not in page


def test_a_huge_query_string_is_a_414_problem(client):
    response = client.get("/v1/help?country=FR&category=sextortion&x=" + "a" * 5000)
    assert response.status_code == 414
    assert response.content_type == "application/problem+json"


def test_invalid_utf8_in_the_query_is_a_400_naming_the_field(client):
    response = client.get("/v1/help?country=F%FF&category=sextortion")
    assert response.status_code == 400
    assert "country" in response.get_json()["errors"]


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00"])
def test_hostile_query_values_are_rejected_not_echoed_as_markup(client, payload):
    response = client.get("/v1/help", query_string={"country": "FR", "category": payload})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert "<script>" not in response.get_data(as_text=True)


def test_answers_from_the_hot_path_carry_the_same_headers(client):
    first = client.get("/v1/help?country=FR&category=sextortion")
    repeat = client.get("/v1/help?country=FR&category=sextortion")
    assert client.application.extensions["helplinks"].hot_reads  # the repeat was answered before Flask
    for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Content-Security-Policy",
                 "Access-Control-Allow-Origin", "Cache-Control", "ETag", "Content-Language"):
        assert repeat.headers[name] == first.headers[name], name


# -- the partner API: same headers, no CORS grant, nothing cached --------------------------------------
PARTNER_REQUESTS = [
    ("GET", "/v1/resources/fr-3018", None), ("GET", "/v1/resources/fr-3018/history", None),
    ("GET", "/v1/revisions", None), ("GET", "/v1/reports", None), ("GET", "/v1/resources/fr-119/history", None),
    ("PATCH", "/v1/resources/fr-3018", {"free": False}), ("PATCH", "/v1/resources/fr-119", {"free": False}),
    ("PUT", "/v1/resources/fr-3018", {"id": "fr-3018"}), ("DELETE", "/v1/resources/fr-9999", None),
    ("POST", "/v1/resources", {"id": "x"}), ("POST", "/v1/revisions/1/approve", None),
]


@pytest.mark.parametrize("method, path, body", PARTNER_REQUESTS)
def test_partner_answers_carry_the_security_headers_and_no_cors_grant(e_enfance, method, path, body):
    response = e_enfance.open(method, path, json=body, headers={"If-Match": "*", "Origin": "https://app.example"})
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer" and "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in headers


def test_field_reports_and_hostile_answers_carry_them_too(client):
    for response in (client.post("/v1/resources/fr-3018/reports", json={"reason": "closed"}),
                     client.post("/v1/resources/fr-3018/reports", data="x", content_type="text/plain"),
                     client.patch("/v1/resources/fr-3018", json={}), client.get("/v1/help?x=" + "a" * 3000)):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "Access-Control-Allow-Origin" not in response.headers or response.request.method == "GET"


@pytest.mark.parametrize("method", ["PATCH", "PUT", "POST", "DELETE"])
def test_a_preflight_for_a_write_gets_no_grant(client, method):
    response = client.options("/v1/resources/fr-3018", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type, if-match"})
    assert not [name for name in response.headers.keys() if name.lower().startswith("access-control-allow")]


def test_a_preflight_for_a_read_with_a_key_gets_no_grant(client):
    response = client.options("/v1/resources/fr-3018", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    assert not [name for name in response.headers.keys() if name.lower().startswith("access-control-allow")]


def test_a_preflight_for_a_public_read_is_granted(client):
    response = client.options("/v1/help", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "accept-language, if-none-match"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert set(response.headers["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert {"accept-language", "if-none-match"} <= set(response.headers["Access-Control-Allow-Headers"].lower().replace(" ", "").split(","))


# -- the API docs ----------------------------------------------------------------------------------------
def test_the_docs_page_loads_every_asset_it_names(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page.get_data(as_text=True))
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        response = client.get(asset, buffered=True)
        response.close()
        assert response.status_code == 200, asset
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        expected = {"js": "javascript", "css": "text/css", "png": "image/png"}[asset.rsplit(".", 1)[-1]]
        assert expected in response.content_type, (asset, response.content_type)


def test_the_spec_is_valid_swagger_2(client):
    spec = client.get("/swagger.json").get_json()
    assert spec["swagger"] == "2.0"
    validate_spec(spec)  # raises on any error


# -- logs ---------------------------------------------------------------------------------------------------
PHONE, EMAIL = "06 12 34 56 78", "lea.martin@example.org"
CLIENT, FORWARDED = "203.0.113.77", "198.51.100.23"


def test_logs_hold_no_key_and_no_personal_data(app, runner, caplog):
    """A realistic session, logged at DEBUG (SQL statements and rows included): no key, secret, phone
    number, e-mail address or client address ever reaches the log."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    app.config["RATELIMIT_REPORT"] = "2 per minute"
    keys = [runner.invoke(args=["partners", "create", name, *scope]).output.strip().splitlines()[-1]
            for name, scope in (("e-Enfance", ["--owns", "fr-3018"]), ("curators", ["--admin"]))]
    owner, admin = keys
    client = app.test_client()
    env = {"REMOTE_ADDR": CLIENT}
    headers = {"X-Forwarded-For": FORWARDED, "User-Agent": "HelpApp/2.1 (Lea's phone)"}

    def send(method, path, key=None, **options):
        extra = {**headers, **({"Authorization": f"Bearer {key}"} if key else {}), **options.pop("headers", {})}
        return client.open(path, method=method, headers=extra, environ_base=env, **options)

    etag = send("GET", "/v1/resources/fr-3018", owner).headers["ETag"]
    assert send("PATCH", "/v1/resources/fr-3018", owner, json={"texts": {"en": {"call_to_action": "Call us"}}},
                headers={"If-Match": etag}).status_code == 200
    held = send("PATCH", "/v1/resources/fr-3018", owner, json={"contacts": [{"type": "phone", "value": "3018"}]},
                headers={"If-Match": '"fr-3018.v2"'})
    assert held.status_code == 202
    assert send("POST", held.headers["Location"] + "/approve", admin).status_code == 200
    comment = f"Personne ne répond. Rappelez-moi au {PHONE} ou {EMAIL}"
    statuses = [send("POST", "/v1/resources/fr-3018/reports", json={"reason": "wrong_number", "comment": comment}).status_code
                for _ in range(3)]
    assert statuses == [202, 202, 429]
    assert send("GET", "/v1/reports", owner).status_code == 200
    # errors: a forged key carrying the real secret, a stale ETag, an invalid body, a server error
    forged = "hlx" + owner[3:]
    assert send("PATCH", "/v1/resources/fr-3018", forged, json={}, headers={"If-Match": "*"}).status_code == 401
    assert send("PATCH", "/v1/resources/fr-3018", owner, json={}, headers={"If-Match": '"fr-3018.v1"'}).status_code == 412
    assert send("PATCH", "/v1/resources/fr-3018", owner, json={"notes": EMAIL * 100}, headers={"If-Match": "*"}).status_code == 422
    with patch.object(app.extensions["helplinks"].store, "reports", side_effect=RuntimeError("boom")):
        assert send("GET", "/v1/reports", admin).status_code == 500

    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert "SELECT" in logged and "partners" in logged, "SQL was logged"
    for key in keys:
        assert key not in logged and key.split("_", 2)[2] not in logged
    assert "boom" in logged, "the server error was logged"
    for secret in (PHONE, PHONE.replace(" ", ""), "+33612345678", "612345678", EMAIL, CLIENT, FORWARDED, "Lea's phone"):
        assert secret not in logged, secret


def test_links_partners_send_are_never_fetched(admin, client, monkeypatch):
    """No request to a partner's link leaves the service (no server-side request forgery): links are
    checked as text, stored, and handed to apps."""
    opened = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        opened.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: pytest.fail(f"name lookup: {args}"))
    for link in ("https://169.254.169.254/latest/meta-data/", "https://localhost/admin", "https://e-enfance.org/"):
        response = admin.patch("fr-3018", {"sources": [link]})
        assert response.status_code == 200 and response.get_json()["sources"] == [link]
        assert client.get("/v1/resources/fr-3018").get_json()["sources"] == [link]
    assert not [a for a in opened if isinstance(a, tuple) and a[0] not in ("127.0.0.1", "::1")], opened


def test_security_md_covers_the_owasp_top_10_with_tests_that_exist():
    root = Path(__file__).resolve().parents[2]
    guide = (root / "SECURITY.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", guide, flags=re.M)
    for number in range(1, 11):
        [section] = [s for s in sections if s.startswith(f"API{number}:2023 ")]
        assert re.search(r"`tests/[\w/]+\.py::\w+`", section), f"API{number} names no test"
    for path, name in re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", guide):
        assert re.search(rf"^def {name}\(", (root / path).read_text(encoding="utf-8"), re.M), f"{path}::{name}"


# -- links in answers: from PUBLIC_BASE_URL, never from the Host header -----------------------------------
def test_links_never_name_the_host_a_client_sent(client, e_enfance):
    response = client.get("/v1/resources?country=FR&per_page=2", headers={"Host": "evil.example"})
    assert "public" in response.headers["Cache-Control"]
    assert "evil.example" not in response.headers["Link"]
    assert response.headers["Link"].startswith("</v1/resources?country=FR&page=1&per_page=2>")
    held = e_enfance.patch("fr-3018", {"free": False}, headers={"Host": "evil.example"})
    assert held.status_code == 202 and held.headers["Location"].startswith("/v1/revisions/")


def test_links_are_absolute_under_the_configured_public_base_url(app, admin):
    app.config["PUBLIC_BASE_URL"] = "https://helplinks.example.org"
    response = admin.get("/v1/resources?country=FR&per_page=2", headers={"Host": "evil.example"})
    assert response.headers["Link"].startswith("<https://helplinks.example.org/v1/resources?country=FR&page=1")
    document = {k: v for k, v in admin.get("/v1/resources/fr-3018").get_json().items() if k not in ("version", "updated_at")}
    created = admin.post("/v1/resources", json={**document, "id": "fr-3018-bis"}, headers={"Host": "evil.example"})
    assert created.headers["Location"] == "https://helplinks.example.org/v1/resources/fr-3018-bis"


@pytest.mark.parametrize("value", ["helplinks.example.org", "https://helplinks.example.org?x=1", "javascript:alert(1)",
                                   "https://user@helplinks.example.org", "https://helplinks.example.org/#x"])
def test_a_public_base_url_that_is_not_one_stops_the_app_from_starting(app, clock, value):
    from api import create_app

    with pytest.raises(ValueError, match="PUBLIC_BASE_URL"):
        create_app({**app.config, "CLOCK": clock, "PUBLIC_BASE_URL": value})
