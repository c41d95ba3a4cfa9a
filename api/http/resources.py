"""GET /v1/resources and /v1/resources/<id>: the published entries, as partners and apps may read them."""
import math
from urllib.parse import urlencode

from flask import request
from flask_restx import Namespace, Resource

from ..directory.snapshot import Body
from ..problems import Problem
from ..schemas import PublicEntrySchema, ResourcePageSchema, resource_list_query_schema
from ..services import services
from .docs import model, problem_responses, query_params
from .request import load_query, public_read

ns = Namespace("resources", path="/v1/resources", description="Directory entries")


PRIVATE_FIELDS = ("notes", "review_note")


def public_document(entry) -> dict:
    """The stored document (already dumped by EntrySchema) without curator notes, with its version."""
    document = {k: v for k, v in entry.document.items() if k not in PRIVATE_FIELDS}
    document["version"] = entry.version
    document["updated_at"] = entry.updated_at.isoformat() if entry.updated_at else None
    return document


def matches(entry, params: dict) -> bool:
    if entry.needs_review:
        return False
    status = params.get("status")
    if status and entry.status != status or not status and entry.status == "retired":
        return False
    if params.get("country") and params["country"] not in entry.countries:
        return False
    if params.get("category") and params["category"] not in entry.categories:
        return False
    return not params.get("kind") or entry.kind == params["kind"]


def link_header(page: int, per_page: int, last: int, params: dict) -> str:
    def url(number):
        query = {k: v for k, v in params.items() if v is not None and k not in ("page", "per_page")}
        return f"<{request.base_url}?{urlencode({**query, 'page': number, 'per_page': per_page})}>"

    links = [f'{url(1)}; rel="first"', f'{url(last)}; rel="last"']
    if page > 1:
        links.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{url(page + 1)}; rel="next"')
    return ", ".join(links)


@ns.route("")
class ResourceList(Resource):
    @ns.doc(params=query_params(resource_list_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "One page of entries; Link headers lead to the others", model(ns, ResourcePageSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Entries, filtered by country, category, kind and status, a page at a time."""
        params = load_query(resource_list_query_schema)
        shared = services()
        directory = shared.snapshot.directory
        found = [e for _, e in sorted(directory.by_id.items()) if matches(e, params)]
        page, per_page = params["page"], params["per_page"]
        last = max(1, math.ceil(len(found) / per_page))
        items = [public_document(e) for e in found[(page - 1) * per_page: page * per_page]]
        body = Body.of({"items": items, "page": page, "per_page": per_page, "total": len(found)})
        headers = {"Link": link_header(page, per_page, last, params), "X-Total-Count": str(len(found))}
        return public_read(lambda: body, headers, remember=False)  # Link headers name the host: not memoized


@ns.route("/<string:entry_id>")
@ns.param("entry_id", "The entry's stable id (a slug)")
class ResourceItem(Resource):
    @ns.doc(responses=problem_responses(ns, 404))
    @ns.response(200, "The entry", model(ns, PublicEntrySchema))
    @ns.response(304, "Not modified")
    def get(self, entry_id):
        """One entry, with its version and a strong ETag."""
        shared = services()
        entry = shared.snapshot.directory.by_id.get(entry_id)
        if entry is None or entry.needs_review:
            raise Problem(404, "Not Found", f"No entry {entry_id!r}.")
        body = Body.of(public_document(entry))
        return public_read(lambda: body, remember=False)
