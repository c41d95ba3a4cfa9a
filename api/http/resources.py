"""/v1/resources: entries as apps read them, and as partners create, change and retire them."""
from flask import current_app
from flask_restx import Namespace, Resource

from .. import editing
from ..web.auth import current_partner, optional_partner
from ..web.conditional import entry_body, expected_version, json_response
from ..directory import freshness
from ..directory.changes import merge_patch
from ..answers.body import Body
from ..i18n import N_
from ..web.problems import entry_not_found, forbidden
from ..schemas import (
    EntrySchema, PartnerEntrySchema, ResourcePageSchema, entry_view, language_query_schema, resource_list_query_schema,
)
from ..schemas.partners import VerificationSchema, verification_schema
from ..runtime import current_runtime
from .payload import JSON, MERGE_PATCH, json_body, load_body, load_entry
from .docs import model, problem_responses, query_params
from .replies import editable_entry, outcome_reply, stored_entry, write_docs
from .request import ENTRY_ID, load_query, page_headers, public_read

ns = Namespace("resources", path="/v1/resources", description="Directory entries")


def in_scope(partner, document: dict, current=()) -> None:
    if not partner.can_place(document["countries"], current):
        raise forbidden(N_("This key may not place entries in these countries."),
                        errors={"countries": [N_("Allowed: %(countries)s.", countries=", ".join(partner.countries) or "-")]})


def matches(entry, params: dict, unreviewed: bool = False) -> bool:
    """Whether an entry passes the listing's filters; entries waiting for review only with `unreviewed`."""
    if entry.needs_review and not unreviewed:
        return False
    status = params.get("status")
    if status and entry.status != status or not status and entry.status == "retired":
        return False
    if params.get("country") and params["country"] not in entry.countries:
        return False
    if params.get("category") and params["category"] not in entry.categories:
        return False
    return not params.get("kind") or entry.kind == params["kind"]


@ns.route("")
class ResourceList(Resource):
    @ns.doc(params=query_params(resource_list_query_schema), responses=problem_responses(ns, 400, 401))
    @ns.response(200, "One page of entries; Link headers lead to the others", model(ns, ResourcePageSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Entries, filtered by country, category, kind and status, a page at a time."""
        params = load_query(resource_list_query_schema)
        runtime = current_runtime()
        directory = runtime.snapshot.directory
        if params.get("stale"):  # a curator's work list: the key's own entries (all for an admin), oldest first
            partner = current_partner(runtime.store)
            editable = (e for e in directory.by_id.values() if partner.can_edit(e.id) and matches(e, params, unreviewed=True))
            found = freshness.stale(editable, runtime.clock().date(), current_app.config["STALE_AFTER_DAYS"])
        else:
            found = [e for _, e in sorted(directory.by_id.items()) if matches(e, params)]
        page, per_page = params["page"], params["per_page"]
        items = [entry_view(e.document, e.version, e.updated_at) for e in found[(page - 1) * per_page: page * per_page]]
        body = Body.of({"items": items, "page": page, "per_page": per_page, "total": len(found)})
        headers = page_headers(page, per_page, len(found), params)
        return public_read(lambda: body, headers, remember=False)  # the page is computed here, not per snapshot

    @ns.doc(**write_docs(ns, created=True))
    @ns.expect(model(ns, EntrySchema))
    def post(self):
        """Create an entry in one of the key's countries (a partner's new entry waits for review)."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        document = load_entry(json_body(JSON))
        in_scope(partner, document)
        if runtime.store.entry(document["id"]) is not None:
            raise editing.DuplicateEntry(document["id"])
        outcome = editing.submit(runtime, partner, document["id"], document, None, "create")
        return outcome_reply(outcome, document["id"], created=True)


@ns.route("/<entry:entry_id>")
@ns.param("entry_id", "The entry's stable id (a slug)", **ENTRY_ID)
class ResourceItem(Resource):
    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400, 401, 404))
    @ns.response(200, "The entry; with a key that may change it, its curator notes too", model(ns, PartnerEntrySchema))
    @ns.response(304, "Not modified")
    def get(self, entry_id):
        """One entry, with its version and a strong ETag (send it back as If-Match to change the entry)."""
        load_query(language_query_schema)
        runtime = current_runtime()
        partner = optional_partner(runtime.store)
        if partner is None:
            entry = runtime.snapshot.directory.by_id.get(entry_id)
            if entry is None or entry.needs_review:
                raise entry_not_found(entry_id)
            body = entry_body(entry_view(entry.document, entry.version, entry.updated_at), entry_id, entry.version)
            return public_read(lambda: body, {"Vary": "Authorization"}, remember=False)
        stored = stored_entry(runtime, entry_id)
        private = partner.can_edit(entry_id)
        if stored.document["needs_review"] and not private:
            raise entry_not_found(entry_id)
        document = entry_view(stored.document, stored.version, stored.updated_at, private)
        return json_response(entry_body(document, entry_id, stored.version))

    @ns.doc(**write_docs(ns))
    @ns.expect(model(ns, EntrySchema))
    def put(self, entry_id):
        """Replace an entry the key owns (contacts and placement wait for review)."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        base = editable_entry(runtime, partner, entry_id)
        document = load_entry(json_body(JSON), entry_id)
        expected_version(entry_id, base.version)
        in_scope(partner, document, base.document["countries"])
        return outcome_reply(editing.submit(runtime, partner, entry_id, document, base, "replace"), entry_id)

    @ns.doc(**write_docs(ns), description="A JSON merge patch (RFC 7396): the fields to change; null removes one.")
    @ns.expect(model(ns, EntrySchema, partial=True))
    @ns.vendor({"x-consumes": [MERGE_PATCH, JSON]})
    def patch(self, entry_id):
        """Change some fields of an entry the key owns, as a JSON merge patch."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        base = editable_entry(runtime, partner, entry_id)
        document = load_entry(merge_patch(base.document, json_body(MERGE_PATCH, JSON)), entry_id)
        expected_version(entry_id, base.version)
        in_scope(partner, document, base.document["countries"])
        return outcome_reply(editing.submit(runtime, partner, entry_id, document, base, "patch"), entry_id)

    @ns.doc(**write_docs(ns))
    def delete(self, entry_id):
        """Retire an entry: it leaves every answer, its history stays."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        base = editable_entry(runtime, partner, entry_id)
        expected_version(entry_id, base.version)
        document = {**base.document, "status": "retired"}
        return outcome_reply(editing.submit(runtime, partner, entry_id, document, base, "retire"), entry_id)


@ns.route("/<entry:entry_id>/verification")
@ns.param("entry_id", "The entry's stable id (a slug)", **ENTRY_ID)
class ResourceVerification(Resource):
    @ns.doc(**write_docs(ns))
    @ns.expect(model(ns, VerificationSchema))
    def post(self, entry_id):
        """Say the entry was checked today: verified_at moves to today, a new version with its history (owner or admin)."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        base = editable_entry(runtime, partner, entry_id)
        claim = load_body(verification_schema, json_body(), N_("Invalid verification"))
        expected_version(entry_id, base.version)
        outcome = editing.verify(runtime, partner, entry_id, base, claim["checked"], claim.get("note"))
        return outcome_reply(outcome, entry_id)
