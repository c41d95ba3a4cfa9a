"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from api import create_app
from api.web.auth import new_key
from api.store.folder import read_folder
from api.store.tables import FieldReportRow, RevisionRow

FIXTURES = Path(__file__).parent / "fixtures" / "directory"
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
SHIPPED = ["ar", "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "he", "hi", "hr", "hu", "id", "is", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "th", "tr", "uk", "vi"]  # catalogs; English is the source language
# translations spelled like the English on purpose (the same word in that language)
SAME_AS_ENGLISH = {
    ("fr", "Police"), ("fr", "Gendarmerie (police)"), ("fr", "Parents"), ("fr", "%(count)s service"),
    ("da", "Chat"), ("nb", "Chat"), ("ro", "Conflict"),
}
# Monday 30 November 2026, 11:00 in Paris: the 3018 (09:00-23:00) is open.
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)


def fresh_database(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'helplinks.db'}"
    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


class Clock:
    """A clock the tests can move."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    return fresh_database(request.param, tmp_path)


@pytest.fixture
def clock():
    return Clock(MONDAY_MORNING)


@pytest.fixture
def settings():
    """Extra settings for the app under test (override in a module to change them)."""
    return {}


def make_app(database_url: str, clock, settings: dict, resources: Path = FIXTURES):
    """An app on a migrated, empty database, with `resources` as its bundled directory."""
    app = create_app({
        "TESTING": True, "DATABASE_URL": database_url, "CLOCK": clock,
        "RESOURCES_DIR": str(resources), "SNAPSHOT_CHECK_SECONDS": 0,
        # tests lower these where they test the limits themselves
        "RATELIMIT_READ": "10000 per minute", "RATELIMIT_WRITE": "10000 per minute", "RATELIMIT_REPORT": "10000 per minute",
        **settings,
    })
    app.extensions["helplinks"].store.migrate()
    return app


def import_folder(app, folder: Path = FIXTURES):
    documents, defects = read_folder(folder)
    assert not defects, defects
    app.extensions["helplinks"].store.import_documents(documents)
    return app


@pytest.fixture
def empty_app(database_url, clock, tmp_path, settings):
    app = make_app(database_url, clock, settings)
    yield app
    app.extensions["helplinks"].store.engine.dispose()


@pytest.fixture
def app(empty_app):
    return import_folder(empty_app)


@pytest.fixture
def shipped_app(database_url, clock, settings):
    """An app serving the curated directory that ships (resources/), not the test fixtures."""
    app = import_folder(make_app(database_url, clock, settings, RESOURCES), RESOURCES)
    yield app
    app.extensions["helplinks"].store.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def ids(group: list[dict]) -> list[str]:
    return [resource["id"] for resource in group]


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


def names(errors: dict, field: str) -> list[str]:
    """The paths of a problem's `errors` (`contacts.0.value`) that are `field` or lie inside it."""
    return [path for path in errors if path == field or path.startswith(f"{field}.")]


def store_state(app) -> tuple:
    """Everything a write could leave behind: the directory version, each entry, the revisions and reports."""
    store = app.extensions["helplinks"].store
    with store.sessions() as session:
        revisions = session.scalar(select(func.count()).select_from(RevisionRow))
        reports = session.scalar(select(func.count()).select_from(FieldReportRow))
    entries = tuple((e.document["id"], e.version, json.dumps(e.document, sort_keys=True)) for e in store.entries())
    return store.directory_version(), entries, revisions, reports


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (tests/browser/chromium.py; its modules skip without it)."""
    from chromium import CHROMIUM, FLAGS, sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def visit(browser, client):
    """visit(size=..., elsewhere=..., **context options) -> a phone-sized page answered by `client`."""
    from chromium import Visit

    visits = []

    def open_visit(**options):
        visits.append(Visit(browser, options.pop("client", client), **options))
        return visits[-1]

    yield open_visit
    for item in visits:
        item.close()
