"""The one interface the rest of the service uses to reach the database."""
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .tables import DirectoryState, EntryRow, utcnow

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 3  # seconds: an unreachable database must fail fast, the snapshot keeps serving


@dataclass(frozen=True)
class StoredEntry:
    document: dict
    version: int
    updated_at: datetime


class Store:
    """Entries and the directory version, behind a handful of methods."""

    def __init__(self, url: str):
        self.url = url
        options = {"pool_pre_ping": True}
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        elif url.startswith("postgresql"):
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
        self.engine: Engine = create_engine(url, **options)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    # -- schema ----------------------------------------------------------------------------
    def migrate(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    # -- reads -----------------------------------------------------------------------------
    def directory_version(self) -> int:
        """Asked every second by every worker: cheap, and quick to fail when the database hangs."""
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SET LOCAL statement_timeout = {CONNECT_TIMEOUT * 1000}")
            return connection.execute(select(DirectoryState.version).where(DirectoryState.id == 1)).scalar() or 0

    def entries(self, ids: list[str] | None = None) -> list[StoredEntry]:
        """Every entry in id order, or only those of `ids`."""
        return list(self.each_entry(ids))

    def each_entry(self, ids: list[str] | None = None) -> Iterator[StoredEntry]:
        """Like entries(), a thousand rows at a time: a snapshot of a large directory never holds every document at once."""
        columns = select(EntryRow.document, EntryRow.version, EntryRow.updated_at).order_by(EntryRow.id)
        with self.engine.connect().execution_options(yield_per=1000) as connection:
            for chunk in [None] if ids is None else _chunks(ids, 500):
                query = columns if chunk is None else columns.where(EntryRow.id.in_(chunk))
                for row in connection.execute(query):
                    yield StoredEntry(*row)

    def entry_versions(self) -> dict[str, int]:
        """Each entry's version: what a snapshot compares to reuse the entries it already holds."""
        with self.engine.connect() as connection:
            return dict(connection.execute(select(EntryRow.id, EntryRow.version)).all())

    def entry(self, entry_id: str) -> StoredEntry | None:
        with self.sessions() as session:
            row = session.get(EntryRow, entry_id)
            return StoredEntry(row.document, row.version, row.updated_at) if row else None

    def count(self) -> int:
        with self.sessions() as session:
            return session.query(EntryRow).count()

    # -- writes ----------------------------------------------------------------------------
    def import_documents(self, documents: list[dict]) -> dict:
        """Insert or update every document in one transaction; unchanged ones are left alone."""
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with self.sessions.begin() as session:
            existing = {row.id: row for row in session.scalars(select(EntryRow).with_for_update())}
            for document in documents:
                row = existing.get(document["id"])
                if row is None:
                    session.add(_new_row(document))
                    counts["created"] += 1
                elif row.document != document:
                    _apply(row, document)
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
            if counts["created"] or counts["updated"]:
                _bump(session)
        return counts

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")


def _new_row(document: dict) -> EntryRow:
    now = utcnow()
    return EntryRow(
        id=document["id"], kind=document["kind"], status=document["status"],
        needs_review=document["needs_review"], document=document, version=1, created_at=now, updated_at=now,
    )


def _apply(row: EntryRow, document: dict) -> None:
    row.kind, row.status, row.needs_review = document["kind"], document["status"], document["needs_review"]
    row.document = document
    row.version += 1
    row.updated_at = utcnow()


def _bump(session: Session) -> None:
    changed = session.execute(
        update(DirectoryState).where(DirectoryState.id == 1)
        .values(version=DirectoryState.version + 1, updated_at=utcnow())
    ).rowcount
    if not changed:
        session.add(DirectoryState(id=1, version=1, updated_at=utcnow()))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
