"""The one interface the rest of the service uses to reach the database."""
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from .history import (  # noqa: F401 - the store's public names
    EntryExists, EntryHistory, NotPending, RevisionRecord, StaleVersion, StoredEntry, bump_directory, entry_columns,
    new_row, record_import,
)
from .partners import PartnerAccounts, PartnerError, PartnerRecord  # noqa: F401
from .reports import FieldReportRecord, FieldReports  # noqa: F401
from .tables import DirectoryState, EntryRow

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 3  # seconds: an unreachable database must fail fast, the snapshot keeps serving


class Store(EntryHistory, PartnerAccounts, FieldReports):
    """Entries, their history, partners, field reports and the directory version, behind one object."""

    def __init__(self, url: str):
        self.url = url
        # hide_parameters: statements may be logged, and errors show them, but never the values
        # they carry (key ids, texts, comments)
        options = {"pool_pre_ping": True, "hide_parameters": True}
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        elif url.startswith("postgresql"):
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
        self.engine: Engine = create_engine(url, **options)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    # -- schema ----------------------------------------------------------------------------
    def migrate(self, target: str = "head", downgrade: bool = False) -> None:
        """Create or upgrade the schema to the newest migration (or to `target`, either way)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if downgrade else command.upgrade)(config, target)

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
                    session.add(new_row(document))
                    record_import(session, document["id"], None, document, 1)
                    counts["created"] += 1
                elif row.document != document:
                    old = row.document
                    _apply(row, document)
                    record_import(session, row.id, old, document, row.version)
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
            if counts["created"] or counts["updated"]:
                bump_directory(session)
        return counts

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")


def _apply(row: EntryRow, document: dict) -> None:
    for name, value in entry_columns(document).items():
        setattr(row, name, value)
    row.version += 1


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
