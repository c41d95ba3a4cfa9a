"""Field reports: apps flag a wrong number, a dead link or a closed service; owners and admins read them."""
from flask_restx import Namespace, Resource

from ..web.auth import current_partner
from ..directory.field_reports import scrub
from ..schemas.partners import (
    FieldReportInSchema, FieldReportListSchema, FieldReportSchema, field_report_in_schema, field_report_list_schema,
    field_report_schema, list_query_schema,
)
from ..i18n import N_
from ..web.problems import not_found
from ..runtime import current_runtime
from .payload import json_body, load_body
from .docs import model, problem_responses, query_params
from .replies import editable_entry, json_reply
from .request import ENTRY_ID, load_query

ns = Namespace("reports", path="/v1", description="Field reports from apps")



@ns.route("/resources/<entry:entry_id>/reports")
@ns.param("entry_id", "The entry's stable id", **ENTRY_ID)
class EntryReports(Resource):
    rate_limits = {"POST": "report"}

    @ns.doc(responses=problem_responses(ns, 400, 404, 413, 415, 422))
    @ns.expect(model(ns, FieldReportInSchema))
    @ns.response(202, "Received: the report as kept (the comment without phone numbers or e-mail addresses)",
                 model(ns, FieldReportSchema))
    def post(self, entry_id):
        """Flag what seems wrong with an entry. No key needed; nothing about the sender is kept."""
        runtime = current_runtime()
        entry = runtime.snapshot.directory.by_id.get(entry_id)
        if entry is None or not entry.published:
            raise not_found(N_("No published entry %(id)s.", id=repr(entry_id)))
        report = load_body(field_report_in_schema, json_body(), N_("Invalid report"))
        comment = scrub(report.get("comment"), entry)
        stored = runtime.store.add_report(entry_id, entry.version, report["reason"], comment)
        return json_reply(field_report_schema.dump(stored), 202)

    @ns.doc(security="bearer", params=query_params(list_query_schema), responses=problem_responses(ns, 400, 401, 403, 404))
    @ns.response(200, "The entry's field reports, newest first", model(ns, FieldReportListSchema))
    def get(self, entry_id):
        """Field reports about one entry (its owners and admins)."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        editable_entry(runtime, partner, entry_id)
        reports = runtime.store.reports(entry_id=entry_id, limit=load_query(list_query_schema)["limit"])
        return json_reply(field_report_list_schema.dump({"reports": reports}))


@ns.route("/reports")
class Reports(Resource):
    @ns.doc(security="bearer", params=query_params(list_query_schema), responses=problem_responses(ns, 400, 401))
    @ns.response(200, "Field reports, newest first: all for an admin, on its own entries for a partner",
                 model(ns, FieldReportListSchema))
    def get(self):
        """Field reports about the entries this key may change."""
        runtime = current_runtime()
        partner = current_partner(runtime.store)
        reports = runtime.store.reports(visible_to=partner, limit=load_query(list_query_schema)["limit"])
        return json_reply(field_report_list_schema.dump({"reports": reports}))
