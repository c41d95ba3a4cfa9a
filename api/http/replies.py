"""What the partner routes share: the entry a key may change, and the answer to a change."""
from flask import Response

from ..web.auth import Partner, require_editor
from ..web.conditional import entry_body
from ..answers.body import Body
from ..editing import Outcome
from ..schemas.partners import PartnerEntrySchema, RevisionSchema, revision_schema
from ..i18n import N_
from ..web.problems import not_found
from ..runtime import Runtime
from ..store import StoredEntry
from .docs import model, problem_responses

PRIVATE_FIELDS = ("notes", "review_note")
IF_MATCH = {"If-Match": {"in": "header", "type": "string", "required": True,
                         "description": "The ETag of the entry as you last read it (`*`: any version)."}}
WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 413, 415, 422, 428)


def representation(document: dict, version: int, updated_at, private: bool = False) -> dict:
    """The stored document (already dumped by EntrySchema) with its version; curator notes only when private."""
    shown = dict(document) if private else {k: v for k, v in document.items() if k not in PRIVATE_FIELDS}
    shown["version"] = version
    shown["updated_at"] = updated_at.isoformat() if updated_at else None
    return shown


def stored_entry(runtime: Runtime, entry_id: str) -> StoredEntry:
    """The entry as stored now (not as this worker's snapshot last saw it); 404 if unknown."""
    stored = runtime.store.entry(entry_id)
    if stored is None:
        raise not_found(N_("No entry %(id)s.", id=repr(entry_id)))
    return stored


def editable_entry(runtime: Runtime, partner: Partner, entry_id: str) -> StoredEntry:
    stored = stored_entry(runtime, entry_id)
    require_editor(partner, entry_id)
    return stored


def entry_reply(stored: StoredEntry, entry_id: str, status: int = 200, headers: dict | None = None) -> Response:
    """An entry as its owner reads it, with the ETag of its stored version."""
    body = entry_body(representation(stored.document, stored.version, stored.updated_at, True), entry_id, stored.version)
    return Response(body.data, status, {"ETag": f'"{body.etag}"', **(headers or {})}, mimetype="application/json")


def json_reply(document: dict, status: int = 200) -> Response:
    return Response(Body.of(document).data, status, mimetype="application/json")


def outcome_reply(outcome: Outcome, entry_id: str, created: bool = False) -> Response:
    """200 (201 for a new entry) with the entry and its new ETag; 202 with the revision while it waits for review."""
    if outcome.pending:
        revision = outcome.revision
        reply = json_reply(revision_schema.dump(revision), 202)
        reply.headers["Location"] = f"/v1/revisions/{revision.id}"
        return reply
    if created:
        return entry_reply(outcome.entry, entry_id, 201, {"Location": f"/v1/resources/{entry_id}"})
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
