"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from api import create_app
from api.curated import read_folder

FIXTURES = Path(__file__).parent / "fixtures" / "directory"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
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


@pytest.fixture
def empty_app(database_url, clock, tmp_path, settings):
    app = create_app({
        "TESTING": True, "DATABASE_URL": database_url, "CLOCK": clock,
        "RESOURCES_DIR": str(FIXTURES), "SNAPSHOT_CHECK_SECONDS": 0, **settings,
    })
    app.extensions["helplinks"].store.migrate()
    yield app
    app.extensions["helplinks"].store.engine.dispose()


@pytest.fixture
def app(empty_app):
    documents, defects = read_folder(FIXTURES)
    assert not defects, defects
    empty_app.extensions["helplinks"].store.import_documents(documents)
    return empty_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def ids(group: list[dict]) -> list[str]:
    return [resource["id"] for resource in group]
