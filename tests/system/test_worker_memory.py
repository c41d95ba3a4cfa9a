"""What a worker keeps in memory has a bound, whatever the traffic and however often partners edit."""
import gc
import weakref

from api import create_app
from tests.support.apps import FIXTURES
QUERIES = [f"/v1/help?country=FR&category={category}&lang={lang}"
           for category in ("sextortion", "cyberharassment") for lang in ("fr", "en", "de", "ar", "es")]


def test_answers_of_an_earlier_directory_are_let_go_after_an_edit(app, client):
    """Remembered reads keep how to answer, not what they answered: old answers go with their directory."""
    shared = app.extensions["helplinks"]
    for path in QUERIES:
        assert client.get(path).status_code == 200 and client.get(path).status_code == 200  # now remembered
    answered = [weakref.ref(body) for body in shared.snapshot._bodies.values()]
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
    assert 0 < snapshot._bytes <= snapshot.max_bytes
    assert snapshot._bytes == sum(len(body.data) for body in snapshot._bodies.values())
    assert len(snapshot._bodies) < len(QUERIES)
    assert client.get(QUERIES[0]).get_json()["country"] == "FR"  # dropped answers are rendered again


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
