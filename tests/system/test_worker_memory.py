"""What a worker keeps in memory has a bound, whatever the traffic and however often partners edit."""
import gc
import weakref

from api import create_app
from tests.support.apps import FIXTURES
from tests.support.outage import cut_database
QUERIES = [f"/v1/help?country=FR&category={category}&lang={lang}"
           for category in ("sextortion", "cyberharassment") for lang in ("fr", "en", "de", "ar", "es")]


def test_answers_of_an_earlier_directory_are_let_go_after_an_edit(app, client):
    """Remembered reads keep how to answer, not what they answered: old answers go with their directory."""
    shared = app.extensions["helplinks"]
    for path in QUERIES:
        assert client.get(path).status_code == 200 and client.get(path).status_code == 200  # now remembered
    answered = [weakref.ref(held.body) for held in shared.snapshot._bodies.values()]
    assert len(answered) == len(QUERIES) and len(shared.hot_reads) == len(QUERIES)
    for priority in (91, 92):
        document = shared.store.entry("fr-3018").document
        shared.store.import_documents([{**document, "priority": priority}])
        assert client.get(QUERIES[0]).get_json()["version"] == shared.snapshot.directory.version
    gc.collect()
    assert [ref for ref in answered if ref() is not None] == []
    assert len(shared.hot_reads) == len(QUERIES)


def test_rendered_answers_are_held_within_the_byte_budget(app, client):
    snapshot = app.extensions["helplinks"].snapshot
    snapshot.max_bytes = 3 * len(client.get(QUERIES[0]).data)  # room for about three answers
    for path in QUERIES:
        assert client.get(path).status_code == 200
    assert 0 < snapshot.held_bytes <= snapshot.max_bytes
    assert snapshot.held_bytes == held(snapshot)
    assert len(snapshot._bodies) < len(QUERIES)
    assert client.get(QUERIES[0]).get_json()["country"] == "FR"  # dropped answers are rendered again


def test_bundles_count_against_the_same_budget_whatever_the_locales_asked(app, client):
    """Bundles outlive a rebuild, not the budget: walking every locale's manifest and bundles keeps a worker within it."""
    snapshot = app.extensions["helplinks"].snapshot
    first = client.get("/v1/bundle?country=FR&lang=fr").data
    snapshot.max_bytes = 6 * len(first)  # room for a few bundles, a manifest and a help answer or two
    locales = app.extensions["helplinks"].catalogs.supported
    for lang in locales:
        for row in client.get(f"/v1/bundle/manifest?lang={lang}").get_json()["bundles"]:
            assert client.get(row["url"]).status_code == 200
            assert snapshot.held_bytes <= snapshot.max_bytes
        assert client.get(QUERIES[0]).status_code == 200
    assert 0 < len(snapshot._lasting) < 2 * len(locales) and snapshot.held_bytes == held(snapshot)
    assert client.get("/v1/bundle?country=FR&lang=fr").data == first  # a dropped bundle is rendered again, the same


def test_compressed_forms_and_stale_copies_count_too(app, client):
    snapshot = app.extensions["helplinks"].snapshot
    plain = client.get("/v1/bundle?country=FR&lang=fr")
    before = snapshot.held_bytes
    assert before == held(snapshot) and before >= len(plain.data)
    gzipped = client.get("/v1/bundle?country=FR&lang=fr", headers={"Accept-Encoding": "gzip"})
    brotli = client.get("/v1/bundle?country=FR&lang=fr", headers={"Accept-Encoding": "br"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and brotli.headers["Content-Encoding"] == "br"
    assert snapshot.held_bytes == before + len(gzipped.data) + len(brotli.data) == held(snapshot)
    cut_database(app)
    stale = client.get("/v1/bundle?country=FR&lang=fr", headers={"Accept-Encoding": "gzip"})
    assert stale.headers["X-Helplinks-Stale"] == "true"
    flagged = snapshot._lasting["bundle", "FR", "fr"].body.flagged_stale  # the copy served, and its compressed forms
    assert flagged.data == b'{"stale":true,' + plain.data[1:] and flagged.extra_bytes >= len(stale.data)
    grown = len(flagged.data) + flagged.extra_bytes
    assert snapshot.held_bytes == before + len(gzipped.data) + len(brotli.data) + grown == held(snapshot)


def test_a_dropped_body_is_counted_no_more(app, client):
    snapshot = app.extensions["helplinks"].snapshot
    client.get("/v1/bundle?country=FR&lang=fr")
    france = snapshot._lasting["bundle", "FR", "fr"].body
    snapshot.max_bytes = 1  # each new body drops the ones before it
    client.get("/v1/bundle?country=CA&lang=fr")
    assert list(snapshot._lasting) == [("bundle", "CA", "fr")] and not snapshot._bodies
    before = snapshot.held_bytes
    assert france.offers("gzip") and france.extra_bytes > 0  # compressed by whoever still had it
    assert snapshot.held_bytes == before == held(snapshot)


def held(snapshot) -> int:
    """What the snapshot should count: every body it holds, with the bytes each made since."""
    return sum(len(h.body.data) + h.body.extra_bytes for pool in (snapshot._bodies, snapshot._lasting) for h in pool.values())


def test_operators_set_both_bounds(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "RESOURCES_DIR": str(FIXTURES),
                      "HOT_READS_MAX": 7, "BODY_CACHE_MB": 2})
    shared = app.extensions["helplinks"]
    shared.store.migrate()
    client = app.test_client()
    for path in QUERIES:
        assert client.get(path).status_code == 200
    assert len(shared.hot_reads) == 7 and shared.snapshot.max_bytes == 2 * 1024 * 1024
    shared.store.engine.dispose()
