"""History, revert and review: every change to an entry is a revision; admins approve the pending ones."""
from flask_restx import Namespace, Resource

from .. import editing
from ..directory.partners import Partner
from ..web.auth import current_partner, require_admin
from ..web.conditional import expected_version
from ..schemas import PartnerEntrySchema
from ..schemas.partners import (
    MAX_INTEGER, DecisionSchema, HistorySchema, RevertSchema, RevisionListSchema, RevisionSchema,
    decision_schema, history_schema, page_query_schema, revert_schema, revision_list_schema, revision_query_schema,
    revision_schema,
)
from ..i18n import N_
from ..web.problems import forbidden, revision_not_found
from ..runtime import current_runtime
from ..schemas import language_query_schema
from .payload import json_body, load_body
from .docs import model, problem_responses, query_params
from .replies import IF_MATCH, editable_entry, entry_reply, json_reply, stored_entry
from .request import ENTRY_ID, load_query, page_headers

ns = Namespace("revisions", path="/v1", description="History and review of changes (partner key)")



@ns.route("/resources/<entry:entry_id>/history")
@ns.param("entry_id", "The entry's stable id", **ENTRY_ID)
class History(Resource):
    @ns.doc(security="bearer", params=query_params(page_query_schema), responses=problem_responses(ns, 400, 401, 403, 404))
    @ns.response(200, "One page of the entry's revisions, newest first; Link headers lead to the others",
                 model(ns, HistorySchema))
    def get(self, entry_id):
        """Who changed what and when, as a diff, including changes waiting for review."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        stored = editable_entry(runtime, partner, entry_id)
        params = load_query(page_query_schema)
        page = revision_page(runtime, params, entry_id=entry_id)
        return paged_reply(history_schema.dump({"entry_id": entry_id, "version": stored.version, **page}), params)


@ns.route("/resources/<entry:entry_id>/revert")
@ns.param("entry_id", "The entry's stable id", **ENTRY_ID)
class Revert(Resource):
    @ns.doc(security="bearer", params=IF_MATCH, responses=problem_responses(ns, 400, 401, 403, 404, 412, 413, 415, 422, 428))
    @ns.expect(model(ns, RevertSchema))
    @ns.response(200, "The entry as published again, with its new ETag", model(ns, PartnerEntrySchema))
    def post(self, entry_id):
        """Publish an earlier version of an entry again, as a new version (admin)."""
        runtime = current_runtime()
        admin = require_admin(current_partner(runtime.store))
        base = stored_entry(runtime, entry_id)
        version = load_body(revert_schema, json_body(), N_("Invalid revert"))["version"]
        expected_version(entry_id, base.version)
        outcome = editing.revert(runtime, admin, entry_id, version, base)
        return entry_reply(outcome.entry, entry_id)


@ns.route("/revisions")
class Revisions(Resource):
    @ns.doc(security="bearer", params=query_params(revision_query_schema), responses=problem_responses(ns, 400, 401))
    @ns.response(200, "One page of revisions, newest first: all for an admin, a partner's own and its entries' "
                 "otherwise; Link headers lead to the other pages", model(ns, RevisionListSchema))
    def get(self):
        """Revisions, e.g. ?status=pending: the changes waiting for an admin, every one of them page by page."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        params = load_query(revision_query_schema)
        page = revision_page(runtime, params, status=params.get("status"), visible_to=partner)
        return paged_reply(revision_list_schema.dump(page), params)


def revision_page(runtime, params: dict, **filters) -> dict:
    """One page of revisions, with where it stands among all of them (however many a flood added)."""
    page, per_page = params["page"], params["per_page"]
    revisions = runtime.store.revisions(limit=per_page, offset=(page - 1) * per_page, **filters)
    return {"revisions": revisions, "page": page, "per_page": per_page, "total": runtime.store.revision_count(**filters)}


def paged_reply(document: dict, params: dict):
    reply = json_reply(document)
    reply.headers.update(page_headers(document["page"], document["per_page"], document["total"], params))
    return reply


def numbered(revision_id: int) -> int:
    """A revision number the database can hold; any larger one is unknown."""
    if revision_id > MAX_INTEGER:
        raise revision_not_found(revision_id)
    return revision_id


def revision_for(partner: Partner, revision_id: int):
    revision = current_runtime().store.revision(numbered(revision_id))
    if revision is None:
        raise revision_not_found(revision_id)
    if not partner.can_read_revision(revision.author_id, revision.entry_id):
        raise forbidden(N_("This key may not read revision %(id)s.", id=revision_id))
    return revision


@ns.route("/revisions/<int:revision_id>")
@ns.param("revision_id", "The revision's number", minimum=1, maximum=MAX_INTEGER)
class RevisionItem(Resource):
    @ns.doc(security="bearer", params=query_params(language_query_schema), responses=problem_responses(ns, 400, 401, 403, 404))
    @ns.response(200, "The revision, with the entry as it makes it", model(ns, RevisionSchema))
    def get(self, revision_id):
        """One revision: its diff, and the whole entry as it would be (or was) published."""
        load_query(language_query_schema)
        partner = current_partner(current_runtime().store)
        return json_reply(revision_schema.dump(revision_for(partner, revision_id)))


@ns.route("/revisions/<int:revision_id>/approve")
@ns.param("revision_id", "The revision's number", minimum=1, maximum=MAX_INTEGER)
class Approve(Resource):
    @ns.doc(security="bearer", responses=problem_responses(ns, 401, 403, 404, 409))
    @ns.response(200, "The entry as now published, with its new ETag", model(ns, PartnerEntrySchema))
    def post(self, revision_id):
        """Publish a pending revision (admin); a 409 if the entry changed since it was proposed."""
        runtime = current_runtime()
        admin = require_admin(current_partner(runtime.store))
        outcome = editing.approve(runtime, admin, numbered(revision_id))
        return entry_reply(outcome.entry, outcome.revision.entry_id)


@ns.route("/revisions/<int:revision_id>/reject")
@ns.param("revision_id", "The revision's number", minimum=1, maximum=MAX_INTEGER)
class Reject(Resource):
    @ns.doc(security="bearer", responses=problem_responses(ns, 400, 401, 403, 404, 409, 413, 415, 422))
    @ns.expect(model(ns, DecisionSchema))
    @ns.response(200, "The rejected revision", model(ns, RevisionSchema))
    def post(self, revision_id):
        """Reject a pending revision (admin), with an optional note for its author."""
        runtime = current_runtime()
        admin = require_admin(current_partner(runtime.store))
        note = load_body(decision_schema, json_body(optional=True), N_("Invalid decision")).get("note")
        return json_reply(revision_schema.dump(editing.reject(runtime, admin, numbered(revision_id), note)))

