"""Apps under test: the settings every test app shares, the directories they serve, a clock tests can move."""
import json
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from sqlalchemy import func, select

from api import create_app
from api.i18n import Catalogs
from api.store.folder import read_folder
from api.store.tables import FieldReportRow, RevisionRow

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "directory"
RESOURCES = ROOT / "resources"
# Monday 30 November 2026, 11:00 in Paris: the 3018 (09:00-23:00) is open.
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
TEST_SETTINGS = {
    "TESTING": True, "SNAPSHOT_CHECK_SECONDS": 0,
    # tests lower these where they test the limits themselves
    "RATELIMIT_READ": "10000 per minute", "RATELIMIT_WRITE": "10000 per minute", "RATELIMIT_REPORT": "10000 per minute",
}


class Clock:
    """A clock the tests can move; it knows whether it was moved."""

    def __init__(self, now: datetime = MONDAY_MORNING):
        self._now, self.moved = now, False

    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, value: datetime) -> None:
        self._now, self.moved = value, True

    def __call__(self) -> datetime:
        return self._now


@cache
def shipped_catalogs() -> Catalogs:
    """The catalogs of locales/, read once per test process (an app only reads them)."""
    return Catalogs()


def make_app(database_url: str, clock=None, settings: dict | None = None, resources: Path = FIXTURES, migrate: bool = True):
    """An app on `database_url` (migrated unless told otherwise), with `resources` as its bundled directory."""
    app = create_app({**TEST_SETTINGS, "DATABASE_URL": database_url, "CLOCK": clock or Clock(),
                      "RESOURCES_DIR": str(resources), "CATALOGS": shipped_catalogs(), **(settings or {})})
    if migrate:
        app.extensions["helplinks"].store.migrate()
    return app


@cache
def documents(folder: Path) -> tuple:
    """A curated folder's documents, read once per test process."""
    read, defects = read_folder(folder)
    assert not defects, defects
    return tuple(read)


def import_folder(app, folder: Path = FIXTURES):
    app.extensions["helplinks"].store.import_documents(list(documents(folder)))
    return app


def ids(group: list[dict]) -> list[str]:
    return [resource["id"] for resource in group]


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
