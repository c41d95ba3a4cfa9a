"""Fixtures every layer's tests share: a database per test (SQLite, and PostgreSQL under the `postgres`
marker), apps on it, partners with keys. Helpers live in tests/support/, imported as `tests.support.*`."""
import gc
import json
import os
import shutil

import pytest
from hypothesis import HealthCheck, settings as hypothesis_settings

from api.web.auth import new_key
from tests.support.apps import MONDAY_MORNING, RESOURCES, Clock, make_app
from tests.support.databases import POSTGRESQL, PostgresTemplates, SqliteTemplates, Writes, sources_digest
from tests.support.kept import ClockHand, KeptApps, Lease, dispose, may_pass_on
from tests.support.routes import share_compiled_routes
from tests.support.services import absent, redis_or_absent

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
# property tests: 300 examples each by default; `make test-fast` asks for the quick profile
hypothesis_settings.register_profile("thorough", deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("quick", deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("thorough")
share_compiled_routes()
# the database a test starts from, by the app fixture it asks for (the first one found wins)
CONTENT = {"shipped_app": "shipped", "app": "fixtures", "empty_app": "migrated"}
# where each folder of tests/ stands in the layers (docs/architecture.md): its marker
LAYERS = {"unit", "api", "data", "system", "contract", "browser"}


def pytest_collection_finish(session):
    """What is alive once the tests are collected (libraries, CLDR data, the tests) stays to the end: the
    cycle collector stops walking it, and runs less often (a test makes many short-lived objects)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


def pytest_collection_modifyitems(config, items):
    """Each test carries its folder's marker (`-m unit`, `-m "not system"`...)."""
    for item in items:
        parts = item.path.relative_to(config.rootpath / "tests").parts
        if parts[0] in LAYERS:
            item.add_marker(parts[0])


@pytest.fixture(scope="session")
def sqlite_templates(request):
    """Template files in pytest's cache folder, under the digest of what builds them; older ones go."""
    kept = request.config.cache.mkdir("helplinks-templates")
    folder = kept / sources_digest()
    folder.mkdir(exist_ok=True)
    for older in kept.iterdir():
        if older != folder:
            shutil.rmtree(older, ignore_errors=True)
    return SqliteTemplates(folder)


@pytest.fixture(scope="session")
def postgresql_templates():
    if not POSTGRES_URL:
        absent("TEST_DATABASE_URL is not set (a PostgreSQL database, e.g. postgresql+psycopg://postgres@127.0.0.1/test)")
    templates = PostgresTemplates(POSTGRES_URL)
    yield templates
    templates.close()


@pytest.fixture(params=["sqlite", POSTGRESQL])
def backend(request):
    return request.param


@pytest.fixture
def database_url(request, backend, tmp_path):
    """This test's own database, a copy of the template its app starts from (empty if it asks for no app).

    A test that names `database_url` itself, or a system test (other processes), may write past this
    process's engines: its database is never handed on."""
    content = next((content for name, content in CONTENT.items() if name in request.fixturenames), None)
    templates = request.getfixturevalue(f"{backend}_templates")
    url, writes = templates.copy(content, tmp_path), Writes.count
    yield url
    trusted = "database_url" not in request.node._fixtureinfo.argnames and not request.node.get_closest_marker("system")
    templates.release(trusted and Writes.count == writes, schema_intact=trusted)


@pytest.fixture
def clock():
    return Clock(MONDAY_MORNING)


@pytest.fixture
def settings():
    """Extra settings for the app under test (override in a module to change them)."""
    return {}


def _serve(request, backend: str, content: str, clock, settings, **options):
    """An app starting from `content`: the one a previous test left as it found it (tests/support/kept.py),
    or a new one on a fresh copy of the template."""
    templates = request.getfixturevalue(f"{backend}_templates")
    kept, own_url = request.getfixturevalue("kept_apps"), "database_url" in request.fixturenames
    key = (backend, content, clock.now, repr(sorted(settings.items())), repr(sorted(options.items())))
    passing_on = not own_url and may_pass_on(request)
    app = kept.take(key, templates.generation, clock) if passing_on else None
    if app is None:
        url = request.getfixturevalue("database_url") if own_url else templates.copy(content, request.getfixturevalue("tmp_path"))
        app = make_app(url, ClockHand(clock), settings, migrate=False, **options)
    lease = Lease(app, clock)
    yield app
    clean = lease.clean()
    if not own_url:  # else the database_url fixture releases it
        templates.release(clean)
    if passing_on and clean:
        kept.keep(key, templates.generation, app)
    else:
        dispose(app)


@pytest.fixture(scope="session")
def kept_apps():
    kept = KeptApps()
    yield kept
    kept.close()


@pytest.fixture
def empty_app(request, backend, clock, settings):
    """An app on a migrated database that holds no entry."""
    yield from _serve(request, backend, "migrated", clock, settings)


@pytest.fixture
def app(request, backend, clock, settings):
    """An app serving the test directory (tests/fixtures/directory)."""
    yield from _serve(request, backend, "fixtures", clock, settings)


@pytest.fixture
def shipped_app(request, backend, clock, settings):
    """An app serving the curated directory that ships (resources/), not the test fixtures."""
    yield from _serve(request, backend, "shipped", clock, settings, resources=RESOURCES)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def redis_url():
    return redis_or_absent()


class PartnerClient:
    """The test client, sending one partner's key: what a partner's integration does."""

    def __init__(self, client, name: str, key: str):
        self.client, self.name, self.key = client, name, key

    def open(self, method: str, url: str, headers: dict | None = None, **options):
        headers = {"Authorization": f"Bearer {self.key}", **(headers or {})}
        return self.client.open(url, method=method, headers=headers, **options)

    def get(self, url: str, **options):
        return self.open("GET", url, **options)

    def post(self, url: str, **options):
        return self.open("POST", url, **options)

    def etag(self, entry_id: str) -> str:
        response = self.get(f"/v1/resources/{entry_id}")
        assert response.status_code == 200, response.get_json()
        return response.headers["ETag"]

    def change(self, method: str, entry_id: str, body=None, etag: str | None = None, **options):
        """PUT, PATCH or DELETE with the current ETag as If-Match (or the one given)."""
        headers = {"If-Match": etag or self.etag(entry_id), **options.pop("headers", {})}
        if method == "PATCH" and body is not None:
            options.setdefault("content_type", "application/merge-patch+json")
            options["data"] = json.dumps(body)
        elif body is not None:
            options["json"] = body
        return self.open(method, f"/v1/resources/{entry_id}", headers=headers, **options)

    def patch(self, entry_id: str, changes: dict, **options):
        return self.change("PATCH", entry_id, changes, **options)


@pytest.fixture
def make_partner(app, client):
    """make_partner(name, admin=False, entries=(), countries=(), review_required=False) -> PartnerClient."""

    def make(name: str, **scope) -> PartnerClient:
        key = new_key()
        app.extensions["helplinks"].store.add_partner(name, key.key_id, key.key_hash, **scope)
        return PartnerClient(client, name, key.key)

    return make


@pytest.fixture
def admin(make_partner):
    return make_partner("directory curators", admin=True)


@pytest.fixture
def e_enfance(make_partner):
    """The 3018's team: owns fr-3018, may create entries in France."""
    return make_partner("e-Enfance", entries=["fr-3018"], countries=["FR"])
