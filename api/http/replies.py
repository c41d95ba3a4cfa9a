"""What the partner routes share: the entry a key may change, the answer to a change, and the
problem each refused change becomes."""
from flask import Response

from ..web.auth import Partner, require_editor
from ..web.conditional import entry_body, version_moved
from ..answers.body import Body, quoted
from .. import editing
from ..editing import Outcome
from ..schemas import PartnerEntrySchema, entry_view
from ..schemas.partners import RevisionSchema, revision_schema
from ..i18n import N_
from ..web.problems import Problem, conflict, entry_not_found, revision_not_found, translates
from ..runtime import Runtime
from ..store import StoredEntry
from .docs import model, problem_responses
from .request import public_url

IF_MATCH = {"If-Match": {"in": "header", "type": "string", "required": True,
                         "description": "The ETag of the entry as you last read it (`*` names no version: 428)."}}
WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 413, 415, 422, 428)


def stored_entry(runtime: Runtime, entry_id: str) -> StoredEntry:
    """The entry as stored now (not as this worker's snapshot last saw it); 404 if unknown."""
    stored = runtime.store.entry(entry_id)
    if stored is None:
        raise entry_not_found(entry_id)
    return stored


def editable_entry(runtime: Runtime, partner: Partner, entry_id: str) -> StoredEntry:
    """The entry as stored, if this key may change it: 403 if not, 404 if it may not even know of it
    (an entry waiting for review is shown to no one but its owners and admins)."""
    stored = stored_entry(runtime, entry_id)
    if stored.document["needs_review"] and not partner.can_edit(entry_id):
        raise entry_not_found(entry_id)
    require_editor(partner, entry_id)
    return stored


def entry_reply(stored: StoredEntry, entry_id: str, status: int = 200, headers: dict | None = None) -> Response:
    """An entry as its owner reads it, with the ETag of its stored version."""
    body = entry_body(entry_view(stored.document, stored.version, stored.updated_at, True), entry_id, stored.version)
    return Response(body.data, status, {"ETag": quoted(body.etag), **(headers or {})}, mimetype="application/json")


def json_reply(document: dict, status: int = 200) -> Response:
    return Response(Body.of(document).data, status, mimetype="application/json")


def outcome_reply(outcome: Outcome, entry_id: str, created: bool = False) -> Response:
    """200 (201 for a new entry) with the entry and its new ETag; 202 with the revision while it waits for review."""
    if outcome.pending:
        revision = outcome.revision
        reply = json_reply(revision_schema.dump(revision), 202)
        reply.headers["Location"] = public_url(f"/v1/revisions/{revision.id}")
        return reply
    if created:
        return entry_reply(outcome.entry, entry_id, 201, {"Location": public_url(f"/v1/resources/{entry_id}")})
    return entry_reply(outcome.entry, entry_id)


def write_docs(ns, created: bool = False) -> dict:
    """restx documentation runtime by every write: the key, If-Match, the answers."""
    status = 201 if created else 200
    return {
        "security": "bearer",
        "params": {} if created else IF_MATCH,
        "responses": {
            status: ("The entry as now published, with its new ETag", model(ns, PartnerEntrySchema)),
            202: ("Held for an admin's review: the pending revision (Location)", model(ns, RevisionSchema)),
            **problem_responses(ns, *WRITE_ERRORS),
        },
    }


# -- what each refused change becomes ------------------------------------------------------------
@translates(editing.VersionMoved)
def _version_moved(error: editing.VersionMoved) -> Problem:
    return version_moved(error.entry_id, error.current)


@translates(editing.ProposalOutdated)
def _proposal_outdated(error: editing.ProposalOutdated) -> Problem:
    if error.created:
        return conflict(N_("An entry with this id was created since this revision was proposed."), "revision-outdated")
    return conflict(N_("The entry changed since this revision was proposed: reject it, "
                       "and propose the change again on the current version."), "revision-outdated",
                    current_version=error.current)


@translates(editing.DuplicateEntry)
def duplicate_entry(error: editing.DuplicateEntry) -> Problem:
    return conflict(N_("An entry %(id)s already exists: change it with PUT or PATCH.", id=repr(error.entry_id)))


@translates(editing.RevisionUnknown)
def _revision_unknown(error: editing.RevisionUnknown) -> Problem:
    return revision_not_found(error.revision_id)


@translates(editing.AlreadyDecided)
def _already_decided(error: editing.AlreadyDecided) -> Problem:
    revision = error.revision
    return conflict(N_("Revision %(id)s was already decided (%(status)s).", id=revision.id, status=revision.status),
                    "revision-decided")


@translates(editing.NoSuchVersion)
def _no_such_version(error: editing.NoSuchVersion) -> Problem:
    return Problem(422, N_("Invalid revert"),
                   N_("%(id)s has no published version %(version)s.", id=repr(error.entry_id), version=error.version),
                   errors={"version": [N_("No published version %(version)s; see the entry's history.", version=error.version)]})
