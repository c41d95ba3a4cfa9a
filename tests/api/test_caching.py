"""HTTP caching of public reads: strong ETags, 304s, Cache-Control, Vary; no-store elsewhere."""
import pytest

from api import create_app
from tests.support.apps import FIXTURES
HELP = "/v1/help?country=FR&category=sextortion"
PUBLIC_READS = [HELP, "/v1/categories", "/v1/countries", "/v1/resources/fr-3018"]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_reads_have_a_strong_etag_and_cache_control(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('"') and not response.headers["ETag"].startswith("W/")
    assert response.headers["Cache-Control"] == (
        "public, max-age=300, stale-while-revalidate=3600, stale-if-error=604800")


@pytest.mark.parametrize("path", PUBLIC_READS)
@pytest.mark.parametrize("tag", ['{etag}', 'W/{etag}', '"other", {etag}', '*'])
def test_if_none_match_is_answered_304_with_the_cache_headers(client, path, tag):
    first = client.get(path)
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": tag.format(etag=etag)})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert again.headers.get("Vary") == first.headers.get("Vary")


def test_a_different_etag_gets_the_body(client):
    response = client.get(HELP, headers={"If-None-Match": '"0123"'})
    assert response.status_code == 200 and response.get_json()["country"] == "FR"


def test_cache_lifetimes_are_configurable(database_url, clock):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "CLOCK": clock, "RESOURCES_DIR": str(FIXTURES),
                      "CACHE_MAX_AGE": 60, "CACHE_STALE_WHILE_REVALIDATE": 30, "CACHE_STALE_IF_ERROR": 86400})
    app.extensions["helplinks"].store.migrate()
    response = app.test_client().get(HELP)
    assert response.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30, stale-if-error=86400"
    app.extensions["helplinks"].store.engine.dispose()


def test_vary_names_accept_language_only_when_it_chose_the_language(client):
    assert client.get(HELP).headers["Vary"] == "Accept-Language, Accept-Encoding"
    chosen = client.get(HELP + "&lang=fr")
    assert chosen.headers["Vary"] == "Accept-Encoding" and chosen.headers["Content-Language"] == "fr"
    unsupported = client.get(HELP + "&lang=haw")  # no Hawaiian catalog: Accept-Language decides
    assert unsupported.headers["Vary"] == "Accept-Language, Accept-Encoding"


def test_the_same_query_in_two_languages_gets_two_answers(client):
    english = client.get(HELP, headers={"Accept-Language": "en"})
    french = client.get(HELP, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    again = client.get(HELP, headers={"Accept-Language": "en"})
    assert english.headers["Content-Language"] == "en" and french.headers["Content-Language"] == "fr"
    assert french.get_json()["category"]["name"] != english.get_json()["category"]["name"]
    assert again.data == english.data and again.headers["ETag"] == english.headers["ETag"]


def test_repeats_skip_the_framework_and_revalidation_builds_no_body(app, client, monkeypatch):
    seen = []
    app.before_request(lambda: seen.append(1))
    first = client.get(HELP)
    assert len(seen) == 1
    import api.answers.help

    def no_rendering(*args, **kwargs):
        raise AssertionError("a body was built")

    monkeypatch.setattr(api.answers.help.help_answer_schema, "dump", no_rendering)
    assert client.get(HELP).data == first.data
    assert client.get(HELP, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.head(HELP).headers["ETag"] == first.headers["ETag"]
    assert len(seen) == 1


@pytest.mark.parametrize("path", ["/v1/help?country=XX&category=sextortion", "/v1/nowhere", "/healthz", "/readyz"])
def test_errors_and_health_are_never_stored(client, path):
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_a_read_made_with_a_key_is_no_store(client):
    client.get(HELP)
    response = client.get(HELP, headers={"Authorization": "Bearer hl_somekey"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_the_hot_path_memo_stays_within_its_bound(app, client):
    hot_reads = app.extensions["helplinks"].hot_reads
    hot_reads.max_size = 5
    for limit in range(1, 13):
        assert client.get(f"{HELP}&limit={limit}").status_code == 200
    assert len(hot_reads) == 5
