"""Never down, never empty: the last snapshot answers while the database is unreachable."""
import threading
import time

import pytest

from api import create_app
from api.directory.selection import Directory
from api.directory.snapshot import Snapshot
from tests.support.apps import FIXTURES, ids, import_folder
from tests.support.databases import only_postgresql
from tests.support.outage import cut_database, restore_database, unreachable_url

HELP = "/v1/help?country=FR&category=cyberharassment"


def test_answers_keep_coming_from_the_last_snapshot_when_the_database_goes_away(app, client):
    before = client.get(HELP)
    assert "X-Helplinks-Stale" not in before.headers and "stale" not in before.get_json()
    url = cut_database(app)

    during = client.get(HELP)
    assert during.status_code == 200
    answer = during.get_json()
    assert answer["stale"] is True
    assert ids(answer["listen"]) == ["fr-3018"] and ids(answer["emergency"]) == ["fr-17", "fr-112"]
    assert during.headers["X-Helplinks-Stale"] == "true"
    assert during.headers["Warning"].startswith("110")
    assert "max-age=30," in during.headers["Cache-Control"]  # caches come back soon
    assert during.headers["ETag"] != before.headers["ETag"]

    restore_database(app, url)
    after = client.get(HELP)
    assert after.headers["ETag"] == before.headers["ETag"] and "X-Helplinks-Stale" not in after.headers
    assert after.data == before.data


def test_revalidation_during_an_outage_answers_with_the_flagged_body(app, client):
    etag = client.get(HELP).headers["ETag"]
    cut_database(app)
    response = client.get(HELP, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.get_json()["stale"] is True
    again = client.get(HELP, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.headers["X-Helplinks-Stale"] == "true"


def test_readiness_tells_the_truth_about_the_database(app, client):
    ready = client.get("/readyz")
    assert ready.status_code == 200
    state = ready.get_json()
    assert state["status"] == "ready" and state["database"] == "reachable" and state["source"] == "database"
    assert state["entries"] == 13 and state["snapshot_age_seconds"] < 5
    cut_database(app)
    client.get(HELP)
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert not_ready.content_type == "application/problem+json"
    problem = not_ready.get_json()
    assert problem["database"] == "unreachable" and problem["stale"] is True and problem["entries"] == 13
    assert not_ready.headers["Cache-Control"] == "no-store" and not_ready.headers["Retry-After"]
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.get_json()["stale"] is True


@pytest.fixture
def app_started_without_database(database_url, clock):
    app = create_app({
        "TESTING": True, "DATABASE_URL": unreachable_url(database_url), "CLOCK": clock,
        "RESOURCES_DIR": str(FIXTURES), "SNAPSHOT_CHECK_SECONDS": 0,
    })
    yield app
    app.extensions["helplinks"].store.engine.dispose()


def test_a_worker_started_without_database_serves_the_bundled_resources(app_started_without_database):
    client = app_started_without_database.test_client()
    response = client.get(HELP)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["stale"] is True and answer["coverage"] == "full"
    assert ids(answer["listen"]) == ["fr-3018"] and ids(answer["report"]) == ["fr-pharos"]
    assert response.headers["X-Helplinks-Stale"] == "true"
    problem = client.get("/readyz").get_json()
    assert problem["status"] == 503 and problem["source"] == "resources"


def test_the_store_answering_again_replaces_the_bundled_directory(app_started_without_database, database_url):
    client = app_started_without_database.test_client()
    assert client.get(HELP).get_json()["version"] == 0
    restore_database(app_started_without_database, database_url)
    store = app_started_without_database.extensions["helplinks"].store
    store.migrate()
    import_folder(app_started_without_database)
    answer = client.get(HELP).get_json()
    assert "stale" not in answer and answer["version"] == 1
    assert client.get("/readyz").status_code == 200


def test_background_checks_never_make_a_reader_wait():
    loading, release = threading.Event(), threading.Event()
    versions = iter([1, 2, 2, 2, 2, 2])

    def load(_previous):
        version = current["version"]
        if version == 2:
            loading.set()
            release.wait(5)
        return Directory([], version)

    current = {"version": 1}

    def version():
        current["version"] = next(versions)
        return current["version"]

    snapshot = Snapshot(load, version, check_every=0.01, background=True)
    assert snapshot.directory.version == 1
    time.sleep(0.02)
    assert snapshot.directory.version == 1  # starts the check, does not wait for it
    assert loading.wait(5)
    started = time.monotonic()
    assert snapshot.directory.version == 1  # still loading: the old directory answers at once
    assert time.monotonic() - started < 0.5
    release.set()
    deadline = time.monotonic() + 5
    while snapshot.directory.version != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert snapshot.directory.version == 2


def test_a_watched_snapshot_follows_the_store_without_requests():
    current = {"version": 1}
    snapshot = Snapshot(lambda _previous: Directory([], current["version"]), lambda: current["version"], check_every=0.01)
    assert snapshot.directory.version == 1
    stop = snapshot.watch()
    current["version"] = 2
    deadline = time.monotonic() + 5
    while snapshot.current.version != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    assert snapshot.current.version == 2


@only_postgresql  # SQLite readers never wait on a lock (WAL)
def test_a_hanging_database_is_given_up_quickly(app, client, database_url):
    from sqlalchemy import create_engine, text

    client.get(HELP)
    locker = create_engine(database_url)
    with locker.begin() as connection:
        connection.execute(text("LOCK TABLE directory_state IN ACCESS EXCLUSIVE MODE"))  # every read of it waits
        started = time.monotonic()
        response = client.get(HELP)
        waited = time.monotonic() - started
    locker.dispose()
    assert response.status_code == 200 and response.get_json()["stale"] is True
    assert waited < 6


def test_directory_entries_are_flagged_stale_too(app, client):
    cut_database(app)
    response = client.get("/v1/resources/fr-3018")
    assert response.status_code == 200 and response.get_json()["stale"] is True
    assert response.headers["X-Helplinks-Stale"] == "true"
