"""The HTTP layer: one flask-restx Api, one Namespace per concern, routes only."""
from flask import Flask
from flask_restx import Api

from ..answers.body import Body
from ..runtime import current_runtime
from ..web import problems
from ..web.conditional import json_response
from . import bundle, categories, countries, health, help, problem_types, reports, resources, revisions
from .embed import embed
from .openapi import openapi_document
from .request import EntryIdConverter

AUTHORIZATIONS = {
    "bearer": {"type": "apiKey", "in": "header", "name": "Authorization",
               "description": "A partner key, sent as `Authorization: Bearer <key>`."},
}
ITEM = "#/paths/~1v1~1resources~1{entry_id}"
REVISION = "#/paths/~1v1~1revisions~1{revision_id}"
_SAME_ENTRY = {"entry_id": "$request.path.entry_id", "header.If-Match": "$response.header.ETag"}
_HELD = {"Read": (f"{REVISION}/get", {"revision_id": "$response.body#/id"}),
         "Approve": (f"{REVISION}~1approve/post", {"revision_id": "$response.body#/id"}),
         "Reject": (f"{REVISION}~1reject/post", {"revision_id": "$response.body#/id"})}
_CHANGE_AGAIN = {"Read": (f"{ITEM}/get", {"entry_id": "$request.path.entry_id"}),
                 "Patch": (f"{ITEM}/patch", _SAME_ENTRY), "Retire": (f"{ITEM}/delete", _SAME_ENTRY)}
# How one answer leads to the next request (OpenAPI links, `x-links` in Swagger 2.0): an entry's
# ETag is the If-Match of its next change; a held change is a revision to read, approve or reject.
LINKS = {
    ("/v1/resources", "get", "200"): {"Read": (f"{ITEM}/get", {"entry_id": "$response.body#/items/0/id"})},
    ("/v1/resources", "post", "201"): {
        "Read": (f"{ITEM}/get", {"entry_id": "$response.body#/id"}),
        "Patch": (f"{ITEM}/patch", {"entry_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}),
        "Retire": (f"{ITEM}/delete", {"entry_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"})},
    ("/v1/resources", "post", "202"): _HELD,
    ("/v1/resources/{entry_id}", "get", "200"): {
        "Patch": (f"{ITEM}/patch", _SAME_ENTRY), "Replace": (f"{ITEM}/put", _SAME_ENTRY),
        "Retire": (f"{ITEM}/delete", _SAME_ENTRY), "History": (f"{ITEM}~1history/get", {"entry_id": "$request.path.entry_id"}),
        "Report": (f"{ITEM}~1reports/post", {"entry_id": "$request.path.entry_id"})},
    ("/v1/resources/{entry_id}", "patch", "200"): _CHANGE_AGAIN,
    ("/v1/resources/{entry_id}", "put", "200"): _CHANGE_AGAIN,
    ("/v1/resources/{entry_id}", "patch", "202"): _HELD,
    ("/v1/resources/{entry_id}", "put", "202"): _HELD,
    ("/v1/resources/{entry_id}", "delete", "202"): _HELD,
    ("/v1/revisions", "get", "200"): {"Read": (f"{REVISION}/get", {"revision_id": "$response.body#/revisions/0/id"})},
}


# OpenAPI's own order of a path's operations: restx keeps a resource's methods in a set, whose order changes
# with the process's hash seed, and the documents (and their ETags) must be the same bytes in every process.
METHOD_ORDER = ("parameters", "get", "put", "post", "delete", "options", "head", "patch", "trace")


class HelplinksApi(Api):
    """restx's Swagger 2.0 spec, with what restx cannot say: per-operation `consumes`, problem+json
    among the answers, links from an answer to the requests it enables, and operations in a fixed order."""

    @property
    def __schema__(self):
        schema = super().__schema__
        schema["paths"] = {path: {key: item[key] for key in sorted(item, key=_method_rank)}
                           for path, item in schema.get("paths", {}).items()}
        schema["definitions"] = dict(sorted(schema.get("definitions", {}).items()))
        schema["produces"] = list(dict.fromkeys([*schema.get("produces", []), problems.PROBLEM_TYPE]))
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                if isinstance(operation, dict) and "x-consumes" in operation:
                    operation["consumes"] = operation.pop("x-consumes")
        for (path, method, status), links in LINKS.items():
            response = schema["paths"][path][method]["responses"][status]
            response["x-links"] = {name: {"operationRef": ref, "parameters": parameters}
                                   for name, (ref, parameters) in links.items()}
        return schema


def _method_rank(key: str) -> int:
    return METHOD_ORDER.index(key) if key in METHOD_ORDER else len(METHOD_ORDER)


def register_api(app: Flask) -> Api:
    app.url_map.converters["entry"] = EntryIdConverter
    api = HelplinksApi(
        app,
        version="1.0",
        title="helplinks",
        description="Localized help links (listening lines, emergency numbers, reporting platforms) for in-app help "
                    "screens. Partners keep their own entries current with a key.",
        doc="/docs",
        catch_all_404s=True,
        authorizations=AUTHORIZATIONS,
    )
    for namespace in (help.ns, bundle.ns, categories.ns, countries.ns, resources.ns, revisions.ns, reports.ns, health.ns,
                      problem_types.ns):
        api.add_namespace(namespace)
    api.errorhandler(Exception)(problems.handle)
    app.register_blueprint(embed)
    problems.register_problems(app)
    app.add_url_rule("/openapi.json", "openapi", lambda: serve_openapi(app, api))
    return api


def serve_openapi(app: Flask, api: Api):
    """The OpenAPI 3.1 contract, built once per app, revalidated with its ETag."""
    body = app.extensions.get("helplinks.openapi")
    if body is None:
        body = app.extensions["helplinks.openapi"] = Body.of(openapi_document(app, api.__schema__))
    return json_response(body, {"Cache-Control": current_runtime().caching.public()})
