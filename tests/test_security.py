"""Security headers on every response, CORS for public reads only, bounded requests."""
import pytest

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
