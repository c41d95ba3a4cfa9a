"""How a partner's change reaches the directory: published at once, or held for an admin's review.

Contacts (what an app dials or opens), placement (kind, countries, categories, priority...) and
bringing a retired entry back are held for review unless an admin makes the change; so is every
change from a partner created with review required. Text, hours and status publish at once.
"""
from dataclasses import dataclass

from .web.auth import Partner
from .web.conditional import stale
from .directory.changes import review_reasons
from .i18n import N_
from .web import problems
from .web.problems import Problem, not_found, of_kind, revision_decided, revision_outdated
from .runtime import Runtime
from .store import EntryExists, NotPending, RevisionRecord, StaleVersion, StoredEntry


@dataclass(frozen=True)
class Outcome:
    """What became of a change: the revision, and the entry as now stored when it was published."""

    revision: RevisionRecord | None
    entry: StoredEntry | None

    @property
    def pending(self) -> bool:
        return self.entry is None


def held_for(partner: Partner, old: dict | None, new: dict) -> list[str]:
    """Why the change waits for review (nothing: it publishes at once)."""
    if partner.admin:
        return []
    reasons = review_reasons(old, new)
    if partner.review_required:
        reasons.append("partner")
    return reasons


def submit(runtime: Runtime, partner: Partner, entry_id: str, document: dict, base: StoredEntry | None,
           action: str) -> Outcome:
    """Publish or hold one change based on `base` (None for a new entry)."""
    if base is not None and document == base.document:
        return Outcome(None, base)
    reasons = held_for(partner, base.document if base else None, document)
    if reasons:
        return Outcome(runtime.store.hold(entry_id, document, base, partner.id, action, reasons), None)
    return _publish(runtime, entry_id, document, base, partner.id, action)


def approve(runtime: Runtime, admin: Partner, revision_id: int) -> Outcome:
    """Publish a pending revision; a 409 if its entry changed since it was proposed."""
    try:
        revision, stored = runtime.store.approve(revision_id, admin.id)
    except NotPending:
        raise _not_pending(runtime, revision_id) from None
    except StaleVersion as error:
        raise revision_outdated(N_("The entry changed since this revision was proposed: reject it, "
                                   "and propose the change again on the current version."), current_version=error.current) from None
    except EntryExists:
        raise problems.entry_exists(N_("An entry with this id was created since this revision was proposed.")) from None
    runtime.snapshot.invalidate()
    return Outcome(revision, stored)


def reject(runtime: Runtime, admin: Partner, revision_id: int, note: str | None) -> RevisionRecord:
    try:
        return runtime.store.reject(revision_id, admin.id, note)
    except NotPending:
        raise _not_pending(runtime, revision_id) from None


def revert(runtime: Runtime, admin: Partner, entry_id: str, version: int, base: StoredEntry) -> Outcome:
    """Publish an earlier version's document again, as a new version."""
    earlier = runtime.store.revision_at(entry_id, version)
    if earlier is None:
        raise of_kind("invalid-body", N_("%(id)s has no published version %(version)s.", id=repr(entry_id), version=version),
                      title=N_("Invalid revert"), errors={"version": [N_("No published version %(version)s; see the entry's history.", version=version)]})
    return _publish(runtime, entry_id, earlier.document, base, admin.id, "revert")


def _publish(runtime, entry_id, document, base, author_id, action) -> Outcome:
    try:
        revision, stored = runtime.store.publish(entry_id, document, base, author_id, action)
    except StaleVersion as error:
        raise stale(entry_id, error.current) from None
    except EntryExists:
        raise entry_exists(entry_id) from None
    runtime.snapshot.invalidate()
    return Outcome(revision, stored)


def _not_pending(runtime: Runtime, revision_id: int) -> Problem:
    revision = runtime.store.revision(revision_id)
    if revision is None:
        return not_found(N_("No revision %(id)s.", id=revision_id))
    return revision_decided(N_("Revision %(id)s was already decided (%(status)s).", id=revision_id, status=revision.status))


def entry_exists(entry_id: str) -> Problem:
    return problems.entry_exists(N_("An entry %(id)s already exists: change it with PUT or PATCH.", id=repr(entry_id)))
