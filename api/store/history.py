"""Entry writes with their history: every accepted change is a revision, written in the same transaction.

A change is checked against the version it was based on with a conditional
`UPDATE ... WHERE version = :base`, so two writers can never both win, on SQLite and PostgreSQL alike.
"""
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..directory.changes import diff
from ..directory.partners import Partner
from .partners import grant
from .tables import DirectoryState, EntryRow, PartnerRow, RevisionRow, utcnow

PUBLISHED = ("applied", "approved")


class StaleVersion(Exception):
    """The entry is no longer at the version the change was based on."""

    def __init__(self, current: int | None):
        super().__init__(f"the entry is now at version {current}")
        self.current = current


class EntryExists(Exception):
    """A new entry's id is taken."""


class NotPending(Exception):
    """The revision is unknown or was already decided."""


@dataclass(frozen=True)
class StoredEntry:
    document: dict
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class RevisionRecord:
    id: int
    entry_id: str
    action: str
    status: str
    base_version: int
    version: int | None
    document: dict
    changes: list
    held_for: list
    author_id: int | None
    author: str | None
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    checked: list | None = None


class EntryHistory:
    """The Store's write and history methods (mixed into Store)."""

    def publish(self, entry_id: str, document: dict, base: StoredEntry | None, author_id: int | None,
                action: str, **record) -> tuple[RevisionRecord, StoredEntry]:
        """Write the entry if it is still at `base` (None: it must not exist yet), with its revision
        (`record`: its note and, for a verification, what was checked)."""
        with _unique(), self.sessions.begin() as session:
            stored = write_entry(session, entry_id, document, base)
            row = _revision(entry_id, document, base, author_id, action, "applied", version=stored.version, **record)
            session.add(row)
            bump_directory(session)
            session.flush()
            revision_id = row.id
        return self.revision(revision_id), stored

    def hold(self, entry_id: str, document: dict, base: StoredEntry | None, author_id: int, action: str,
             reasons: list[str], **record) -> RevisionRecord:
        """Keep a change as a pending revision; the entry itself does not move."""
        with self.sessions.begin() as session:
            row = _revision(entry_id, document, base, author_id, action, "pending", held_for=reasons, **record)
            session.add(row)
            session.flush()
            revision_id = row.id
        return self.revision(revision_id)

    def approve(self, revision_id: int, admin_id: int) -> tuple[RevisionRecord, StoredEntry]:
        """Publish a pending revision, unless its entry has moved on since (StaleVersion)."""
        with _unique(), self.sessions.begin() as session:
            row = _decide(session, revision_id, "approved", admin_id)
            current = session.get(EntryRow, row.entry_id)
            if (current.version if current else 0) != row.base_version:
                raise StaleVersion(current.version if current else None)
            base = StoredEntry(current.document, current.version, current.updated_at) if current else None
            stored = write_entry(session, row.entry_id, row.document, base)
            row.version = stored.version
            if base is None and row.author_id is not None:
                grant(session, row.author_id, row.entry_id)
            bump_directory(session)
        return self.revision(revision_id), stored

    def reject(self, revision_id: int, admin_id: int, note: str | None) -> RevisionRecord:
        with self.sessions.begin() as session:
            _decide(session, revision_id, "rejected", admin_id).note = note
        return self.revision(revision_id)

    # -- reads -----------------------------------------------------------------------------
    def revision(self, revision_id: int) -> RevisionRecord | None:
        with self.sessions() as session:
            row = session.get(RevisionRow, revision_id)
            return _records(session, [row])[0] if row else None

    def revisions(self, *, entry_id: str | None = None, status: str | None = None,
                  visible_to: Partner | None = None, limit: int = 100) -> list[RevisionRecord]:
        """Newest first; `visible_to` keeps those the partner may read (Partner.can_read_revision)."""
        query = select(RevisionRow).order_by(RevisionRow.id.desc()).limit(limit)
        if entry_id:
            query = query.where(RevisionRow.entry_id == entry_id)
        if status:
            query = query.where(RevisionRow.status == status)
        if visible_to is not None and visible_to.entry_scope is not None:
            owned = sorted(visible_to.entry_scope)
            query = query.where(or_(RevisionRow.author_id == visible_to.id, RevisionRow.entry_id.in_(owned)))
        with self.sessions() as session:
            return _records(session, list(session.scalars(query)))

    def revision_at(self, entry_id: str, version: int) -> RevisionRecord | None:
        """The published revision that made `version` of the entry."""
        with self.sessions() as session:
            row = session.scalar(select(RevisionRow).where(
                RevisionRow.entry_id == entry_id, RevisionRow.version == version, RevisionRow.status.in_(PUBLISHED)))
            return _records(session, [row])[0] if row else None


def entry_columns(document: dict) -> dict:
    """An entries row's columns for a document: the ones we filter on are copied out of it."""
    return {"kind": document["kind"], "status": document["status"], "needs_review": document["needs_review"],
            "document": document, "updated_at": utcnow()}


def new_row(document: dict) -> EntryRow:
    columns = entry_columns(document)
    return EntryRow(id=document["id"], version=1, created_at=columns["updated_at"], **columns)


def write_entry(session: Session, entry_id: str, document: dict, base: StoredEntry | None) -> StoredEntry:
    columns = entry_columns(document)
    if base is None:
        session.add(new_row(document))
        session.flush()  # a taken id fails here, as the transaction's first write
        return StoredEntry(document, 1, columns["updated_at"])
    changed = session.execute(
        update(EntryRow).where(EntryRow.id == entry_id, EntryRow.version == base.version)
        .values(version=EntryRow.version + 1, **columns).execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise StaleVersion(session.scalar(select(EntryRow.version).where(EntryRow.id == entry_id)))
    return StoredEntry(document, base.version + 1, columns["updated_at"])


def record_import(session: Session, entry_id: str, old: dict | None, document: dict, version: int) -> None:
    session.add(RevisionRow(entry_id=entry_id, action="import", status="applied", base_version=version - 1,
                            version=version, document=document, changes=diff(old or {}, document), held_for=[],
                            created_at=utcnow()))


@contextmanager
def _unique():
    """A new entry whose id is taken (also by a concurrent writer) is an EntryExists."""
    try:
        yield
    except IntegrityError:
        raise EntryExists() from None


def bump_directory(session: Session) -> None:
    """Move the directory's version on, in the caller's transaction: every worker's snapshot follows."""
    changed = session.execute(
        update(DirectoryState).where(DirectoryState.id == 1)
        .values(version=DirectoryState.version + 1, updated_at=utcnow())
    ).rowcount
    if not changed:
        session.add(DirectoryState(id=1, version=1, updated_at=utcnow()))


def _revision(entry_id, document, base, author_id, action, status, version=None, held_for=(), note=None,
              checked=None) -> RevisionRow:
    return RevisionRow(entry_id=entry_id, action=action, status=status, base_version=base.version if base else 0,
                       version=version, document=document, changes=diff(base.document if base else {}, document),
                       held_for=list(held_for), author_id=author_id, created_at=utcnow(), note=note, checked=checked)


def _decide(session: Session, revision_id: int, status: str, admin_id: int) -> RevisionRow:
    claimed = session.execute(
        update(RevisionRow).where(RevisionRow.id == revision_id, RevisionRow.status == "pending")
        .values(status=status, decided_by=admin_id, decided_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise NotPending(revision_id)
    return session.get(RevisionRow, revision_id)


def _records(session: Session, rows: list[RevisionRow]) -> list[RevisionRecord]:
    ids = {i for row in rows for i in (row.author_id, row.decided_by) if i is not None}
    rows_named = session.execute(select(PartnerRow.id, PartnerRow.name).where(PartnerRow.id.in_(ids))) if ids else ()
    names = {partner_id: name for partner_id, name in rows_named}
    return [RevisionRecord(
        row.id, row.entry_id, row.action, row.status, row.base_version, row.version, row.document, row.changes,
        row.held_for, row.author_id, names.get(row.author_id), row.created_at, names.get(row.decided_by),
        row.decided_at, row.note, row.checked) for row in rows]
