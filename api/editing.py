"""How a partner's change reaches the directory: published at once, or held for an admin's review.

Contacts (what an app dials or opens), placement (kind, countries, categories, priority...) and
bringing a retired entry back are held for review unless an admin makes the change; so is every
change from a partner created with review required. Text, hours and status publish at once.

The write path knows no HTTP: it raises the errors below, and api.http says what each becomes.
"""
import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .directory.changes import review_reasons
from .directory.partners import Partner
from .directory.texts import carry_stamps
from .store import EntryExists, NotPending, RevisionRecord, StaleVersion, StoredEntry

if TYPE_CHECKING:
    from .runtime import Runtime


class ChangeRefused(Exception):
    """A change the directory cannot take as it stands."""


class VersionMoved(ChangeRefused):
    """The entry is no longer at the version the change was based on."""

    def __init__(self, entry_id: str, current: int | None):
        super().__init__(entry_id, current)
        self.entry_id, self.current = entry_id, current


class ProposalOutdated(ChangeRefused):
    """A pending revision's entry changed (or was created) after the revision was proposed."""

    def __init__(self, current: int | None = None, created: bool = False):
        super().__init__(current, created)
        self.current, self.created = current, created


class DuplicateEntry(ChangeRefused):
    def __init__(self, entry_id: str):
        super().__init__(entry_id)
        self.entry_id = entry_id


class RevisionUnknown(ChangeRefused):
    def __init__(self, revision_id: int):
        super().__init__(revision_id)
        self.revision_id = revision_id


class AlreadyDecided(ChangeRefused):
    def __init__(self, revision: RevisionRecord):
        super().__init__(revision.id)
        self.revision = revision


class NoSuchVersion(ChangeRefused):
    def __init__(self, entry_id: str, version: int):
        super().__init__(entry_id, version)
        self.entry_id, self.version = entry_id, version


@dataclass(frozen=True)
class Outcome:
    """What became of a change: the revision, and the entry as now stored when it was published."""

    revision: RevisionRecord | None
    entry: StoredEntry | None

    @property
    def pending(self) -> bool:
        return self.entry is None


def review_reasons_for(partner: Partner, old: dict | None, new: dict) -> list[str]:
    """Why the change waits for review (nothing: it publishes at once)."""
    if partner.admin:
        return []
    reasons = review_reasons(old, new)
    if partner.review_required:
        reasons.append("partner")
    return reasons


def submit(runtime: "Runtime", partner: Partner, entry_id: str, document: dict, base: StoredEntry | None,
           action: str, **record) -> Outcome:
    """Publish or hold one change based on `base` (None for a new entry); `record` goes with its revision."""
    if base is not None:
        carry_stamps(document, base.document)
    if base is not None and document == base.document and action != "verify":
        return Outcome(None, base)
    reasons = review_reasons_for(partner, base.document if base else None, document)
    if reasons:
        return Outcome(runtime.store.hold(entry_id, document, base, partner.id, action, reasons, **record), None)
    return _publish(runtime, entry_id, document, base, partner.id, action, **record)


def verify(runtime: "Runtime", partner: Partner, entry_id: str, base: StoredEntry, checked: list[str],
           note: str | None) -> Outcome:
    """Record that the entry was checked today: a new version (and ETag) in which only verified_at moves,
    to today by the runtime's clock, with who checked, what and when in its history. Even an entry
    verified earlier today gets a revision: each check is on record."""
    document = {**copy.deepcopy(base.document), "verified_at": runtime.clock().date().isoformat()}
    return submit(runtime, partner, entry_id, document, base, "verify", checked=checked, note=note)


def approve(runtime: "Runtime", admin: Partner, revision_id: int) -> Outcome:
    """Publish a pending revision, unless its entry changed since it was proposed."""
    try:
        revision, stored = runtime.store.approve(revision_id, admin.id)
    except NotPending:
        raise _not_pending(runtime, revision_id) from None
    except StaleVersion as error:
        raise ProposalOutdated(error.current) from None
    except EntryExists:
        raise ProposalOutdated(created=True) from None
    runtime.snapshot.invalidate()
    return Outcome(revision, stored)


def reject(runtime: "Runtime", admin: Partner, revision_id: int, note: str | None) -> RevisionRecord:
    try:
        return runtime.store.reject(revision_id, admin.id, note)
    except NotPending:
        raise _not_pending(runtime, revision_id) from None


def revert(runtime: "Runtime", admin: Partner, entry_id: str, version: int, base: StoredEntry) -> Outcome:
    """Publish an earlier version's document again, as a new version."""
    earlier = runtime.store.revision_at(entry_id, version)
    if earlier is None:
        raise NoSuchVersion(entry_id, version)
    return _publish(runtime, entry_id, earlier.document, base, admin.id, "revert")


def _publish(runtime, entry_id, document, base, author_id, action, **record) -> Outcome:
    try:
        revision, stored = runtime.store.publish(entry_id, document, base, author_id, action, **record)
    except StaleVersion as error:
        raise VersionMoved(entry_id, error.current) from None
    except EntryExists:
        raise DuplicateEntry(entry_id) from None
    runtime.snapshot.invalidate()
    return Outcome(revision, stored)


def _not_pending(runtime: "Runtime", revision_id: int) -> ChangeRefused:
    revision = runtime.store.revision(revision_id)
    return RevisionUnknown(revision_id) if revision is None else AlreadyDecided(revision)
