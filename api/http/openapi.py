"""/openapi.json: the contract as OpenAPI 3.1, for generated clients.

Components come from the marshmallow schemas through apispec's MarshmallowPlugin; the operations
(paths, parameters, answers, keys) from the routes' own restx documentation, which docs.py generates
from the same schemas. What neither can say is added here, once: response headers, 304s, links
between operations, per-operation security, problem+json content and the merge-patch form of a schema.
"""
import copy

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from flask import Flask
from marshmallow import fields

from ..schemas import NotReadySchema
from ..web import problems
from ..web.lifecycle import deprecations
from .docs import schema_name, schemas_by_name

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"
REF = "#/components/schemas/"
# Operations whose answer is in the negotiated language (Content-Language, Vary: Accept-Language).
LOCALIZED = {"/v1/help", "/v1/categories", "/v1/countries", "/v1/bundle", "/v1/bundle/manifest", "/problems", "/problems/{kind}"}
# Operations a key may open further (an owner sees curator notes; `stale=true` lists a curator's own
# entries): optional security.
OPTIONAL_KEY = {("/v1/resources/{entry_id}", "get"), ("/v1/resources", "get")}
OPTIONAL_BODY = {"/v1/revisions/{revision_id}/reject"}  # the note is optional, and so its body
_STRING = {"type": "string"}
HEADERS = {
    "X-Request-Id": {"description": "This request's id: the one sent, if well formed, or a new one. Quote it in support requests.",
                     "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$"}},
    "Cache-Control": {"description": "`public, max-age=...` on public reads; `no-store` on errors, health and anything asked with a key.",
                      "schema": _STRING},
    "ETag": {"description": "A strong entity tag. Public reads: send it back as If-None-Match for a 304. "
                            "Entries: `\"<id>.v<version>\"`, the If-Match of the entry's next change.", "schema": _STRING},
    "Content-Language": {"description": "The BCP 47 tag of the answer's language.", "schema": _STRING},
    "Vary": {"description": "`Accept-Language` unless `lang` alone chose the language; `Authorization` on an entry.", "schema": _STRING},
    "Link": {"description": "RFC 8288 links to the first, last, previous and next pages (rel=first|last|prev|next).", "schema": _STRING},
    "X-Total-Count": {"description": "How many entries match, over every page.", "schema": {"type": "string", "pattern": "^[0-9]+$"}},
    "Location": {"description": "Where the created entry, or the revision held for review, can be read.", "schema": {"type": "string", "format": "uri-reference"}},
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "string", "pattern": "^[0-9]+$"}},
    "WWW-Authenticate": {"description": "`Bearer realm=\"helplinks\"`, with `error=\"invalid_token\"` for a wrong key.", "schema": _STRING},
    "Accept-Patch": {"description": "The content types PATCH accepts.", "schema": _STRING},
    "RateLimit-Policy": {"description": "The limits of this operation (draft-ietf-httpapi-ratelimit-headers): "
                                        "`\"<name>\";q=<requests>;w=<seconds>`, one per limit.", "schema": _STRING},
    "RateLimit": {"description": "What is left of the closest limit: `\"<name>\";r=<remaining>;t=<seconds to reset>`.", "schema": _STRING},
    "X-Helplinks-Stale": {"description": "`true` when the database could not confirm the answer (served from the last snapshot).",
                          "schema": {"type": "string", "enum": ["true"]}},
    "Warning": {"description": "`110 - \"Response is Stale\"` with X-Helplinks-Stale.", "schema": _STRING},
    "Deprecation": {"description": "RFC 9745: when the operation was deprecated, as `@<unix seconds>`.", "schema": _STRING},
    "Sunset": {"description": "RFC 8594: the HTTP-date after which the operation may stop answering.", "schema": _STRING},
}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": _STRING,
                 "description": "The ETag of the copy you hold: a 304 without a body if it is still current."}


class Converter(OpenAPIConverter):
    """apispec's converter, with what the schemas say in their own words: a Dict documented by a `model`."""

    def init_attribute_functions(self):
        super().init_attribute_functions()
        self.add_attribute_function(documented_model)
        self.add_attribute_function(mapping_size)


def mapping_size(self, field, ret, **kwargs) -> dict:
    """A Dict's Length validator bounds how many keys it has (apispec writes it as a string's length)."""
    if isinstance(field, fields.Dict):
        for bound, name in (("minLength", "minProperties"), ("maxLength", "maxProperties")):
            if bound in ret:
                ret[name] = ret.pop(bound)
    return {}


def documented_model(self, field, ret, **kwargs) -> dict:
    """A Dict field whose metadata names a schema (a stored document) is documented as that schema."""
    if "model" not in field.metadata:
        return {}
    ret.clear()
    reference = {"$ref": REF + schema_name(field.metadata["model"])}
    return {"anyOf": [reference, {"type": "null"}]} if field.allow_none else reference


class Plugin(MarshmallowPlugin):
    Converter = Converter


def openapi_document(app: Flask, swagger: dict) -> dict:
    """The OpenAPI 3.1 document for `app`, from its restx Swagger 2.0 document and the marshmallow schemas."""
    spec = APISpec(title=swagger["info"]["title"], version=swagger["info"]["version"], openapi_version=OPENAPI_VERSION,
                   plugins=[Plugin(schema_name_resolver=schema_name)], info={
                       "description": swagger["info"]["description"] + DESCRIPTION,
                       "license": {"name": "MIT", "identifier": "MIT"}})
    partial = []
    spec.components.schema("NotReady", schema=NotReadySchema)  # /readyz answers it, outside restx's models
    for name, (schema, is_partial) in schemas_by_name().items():
        if is_partial:
            partial.append(name)
        elif name not in spec.components.schemas:
            spec.components.schema(name, schema=schema)
    document = spec.to_dict()
    components = document.setdefault("components", {})
    schemas = components["schemas"]
    for name in partial:
        _merge_patch_form(schemas, name.removesuffix("Patch"))
    components["securitySchemes"] = {"bearer": {
        "type": "http", "scheme": "bearer", "bearerFormat": "hlk_<key id>_<secret>",
        "description": "A partner key, sent as `Authorization: Bearer <key>`. Operations without it are public."}}
    operation_ids = {(path, method): op["operationId"] for path, item in swagger["paths"].items()
                     for method, op in item.items() if method != "parameters"}
    deprecated = deprecations(app)
    document["servers"] = [{"url": "/", "description": "The host that serves this document"}]
    document["tags"] = swagger.get("tags", [])
    document["paths"] = {
        path: _path_item(path, item, operation_ids, deprecated) for path, item in sorted(swagger["paths"].items())}
    _close_request_bodies(document)
    return document


DESCRIPTION = """

Every error is an RFC 9457 `application/problem+json` document whose `type` (`/problems/<kind>`) says what
kind of error it is: switch on it; `GET /problems` lists them. Unknown query parameters are refused with a
400 naming them. Answers may gain fields and enums may gain values without a new version: ignore what you
do not know (docs/api.md, "Compatibility").
"""


def _parameter(swagger_param: dict) -> dict:
    schema_keys = ("type", "pattern", "enum", "minimum", "maximum", "minLength", "maxLength", "format", "default", "items")
    schema = {key: swagger_param[key] for key in schema_keys if key in swagger_param}
    parameter = {"name": swagger_param["name"], "in": swagger_param["in"], "required": bool(swagger_param.get("required")),
                 "schema": schema}
    if swagger_param.get("description"):
        parameter["description"] = swagger_param["description"]
    return parameter


def _ref(swagger_schema: dict | None) -> dict | None:
    if not swagger_schema:
        return None
    if "$ref" in swagger_schema:
        return {"$ref": REF + swagger_schema["$ref"].rsplit("/", 1)[-1]}
    return {"type": "array", "items": _ref(swagger_schema["items"])} if swagger_schema.get("type") == "array" else None


def _header(name: str, required: bool = False) -> dict:
    """A header object, written out (a reference could not say whether this answer always has it)."""
    return {**copy.deepcopy(HEADERS[name]), "required": required}


def _path_item(path: str, item: dict, operation_ids: dict, deprecated: dict) -> dict:
    converted = {}
    shared = [_parameter(p) for p in item.get("parameters", [])]
    if shared:
        converted["parameters"] = shared
    for method, operation in item.items():
        if method == "parameters":
            continue
        converted[method] = _operation(path, method, operation, operation_ids, deprecated.get(f"{method.upper()} {path}"))
    return converted


def _operation(path: str, method: str, swagger_op: dict, operation_ids: dict, deprecation) -> dict:
    secured = "security" in swagger_op
    public_read = method == "get" and not secured and "304" in swagger_op["responses"]
    operation = {key: swagger_op[key] for key in ("operationId", "summary", "description", "tags") if key in swagger_op}
    operation["security"] = ([{}, {"bearer": []}] if (path, method) in OPTIONAL_KEY
                             else [{"bearer": []}] if secured else [])
    parameters = [_parameter(p) for p in swagger_op.get("parameters", []) if p["in"] != "body"]
    conditional = "304" in swagger_op["responses"]
    if conditional:
        parameters.append(IF_NONE_MATCH)
    if parameters:
        operation["parameters"] = parameters
    body = next((p for p in swagger_op.get("parameters", []) if p["in"] == "body"), None)
    if body is not None:
        # One media type each: generators write one body class per type, and several of the same schema
        # break them. Others the API accepts as well are said in words.
        first, *others = swagger_op.get("consumes", [JSON])
        operation["requestBody"] = {"required": path not in OPTIONAL_BODY,
                                    "content": {first: {"schema": _ref(body["schema"])}}}
        if others:
            operation["requestBody"]["description"] = f"As {first}; {', '.join(others)} is accepted too."
    limited = path != "/healthz"
    operation["responses"] = {
        status: _response(path, method, status, answer, operation_ids, public_read, limited, deprecation)
        for status, answer in sorted(swagger_op["responses"].items())}
    if secured or method != "get":
        operation["responses"].setdefault("503", _response(
            path, method, "503", {"description": "The database cannot be reached: nothing was written",
                                  "schema": {"$ref": "Problem"}}, operation_ids, public_read, limited, deprecation))
    if deprecation is not None:
        operation["deprecated"] = True
    return operation


def _response(path, method, status, answer, operation_ids, public_read, limited, deprecation) -> dict:
    code = int(status)
    schema = _ref(answer.get("schema"))
    response = {"description": answer.get("description") or "OK"}
    headers = {"X-Request-Id": _header("X-Request-Id", True), "Cache-Control": _header("Cache-Control", True)}
    if code >= 400:
        headers["Content-Language"] = _header("Content-Language")
        media = problems.PROBLEM_TYPE
        if path == "/readyz" and code == 503:
            schema = {"$ref": REF + "NotReady"}
    else:
        media = JSON
    if public_read and code in (200, 304):
        headers["ETag"] = _header("ETag", True)
        if path in LOCALIZED:  # (a 304 may leave it out: it is a header of the body)
            headers["Content-Language"] = _header("Content-Language", code == 200)
            headers["Vary"] = _header("Vary")
        headers["X-Helplinks-Stale"] = _header("X-Helplinks-Stale")
        headers["Warning"] = _header("Warning")
    if path == "/v1/resources/{entry_id}" and method == "get" and code in (200, 304):
        headers["ETag"] = _header("ETag", True)
        headers["Vary"] = _header("Vary")
    if path == "/v1/resources" and method == "get" and code == 200:
        headers.update({"Link": _header("Link", True), "X-Total-Count": _header("X-Total-Count", True)})
    if method != "get" and code in (200, 201) and schema == {"$ref": REF + "PartnerEntry"}:
        headers["ETag"] = _header("ETag", True)
    if code == 201 or schema == {"$ref": REF + "Revision"} and code == 202:
        headers["Location"] = _header("Location", True)
    if code == 401:
        headers["WWW-Authenticate"] = _header("WWW-Authenticate", True)
    if code == 412:
        headers["ETag"] = _header("ETag")
    if code == 415 and method == "patch":
        headers["Accept-Patch"] = _header("Accept-Patch", True)
    if code in (429, 503):
        headers["Retry-After"] = _header("Retry-After", True)
    if limited:
        headers.update({"RateLimit-Policy": _header("RateLimit-Policy"), "RateLimit": _header("RateLimit")})
    if deprecation is not None:
        headers["Deprecation"] = _header("Deprecation", True)
        if deprecation.sunset:
            headers["Sunset"] = _header("Sunset", True)
        if deprecation.link:
            headers["Link"] = _header("Link", True)
    response["headers"] = headers
    if code == 304:
        response["description"] = "Not modified: the copy named by If-None-Match is current (no body)"
    elif schema is not None:
        response["content"] = {media: {"schema": schema}}
    if "x-links" in answer:
        response["links"] = {
            name: {"operationId": _operation_id(link["operationRef"], operation_ids), "parameters": link["parameters"]}
            for name, link in answer["x-links"].items()}
    return response


def _operation_id(reference: str, operation_ids: dict) -> str:
    """`#/paths/~1v1~1resources~1{entry_id}/patch` -> the operationId there."""
    path, method = reference.removeprefix("#/paths/").rsplit("/", 1)
    return operation_ids[(path.replace("~1", "/").replace("~0", "~"), method)]


def _merge_patch_form(schemas: dict, name: str) -> str:
    """`<name>Patch`: the JSON merge patch (RFC 7396) of a schema: nothing required, null removes a field,
    nested objects are patches too; lists are replaced whole."""
    patch_name = f"{name}Patch"
    if patch_name in schemas:
        return patch_name
    patch = copy.deepcopy(schemas[name])
    patch.pop("required", None)
    schemas[patch_name] = patch
    patch["properties"] = {key: _nullable(_patched(schemas, prop)) for key, prop in patch["properties"].items()
                           if not prop.get("readOnly")}
    return patch_name


def _patched(schemas: dict, prop: dict) -> dict:
    """A property as a merge patch states it: an object by its own patch form."""
    if "$ref" in prop:
        return {**prop, "$ref": REF + _merge_patch_form(schemas, prop["$ref"].removeprefix(REF))}
    if "anyOf" in prop:
        return {**prop, "anyOf": [_patched(schemas, option) for option in prop["anyOf"]]}
    if isinstance(prop.get("additionalProperties"), dict):
        return {**prop, "additionalProperties": _nullable(_patched(schemas, prop["additionalProperties"]))}
    return prop


def _nullable(prop: dict) -> dict:
    if "$ref" in prop:
        described = {k: v for k, v in prop.items() if k != "$ref"}
        return {**described, "anyOf": [{"$ref": prop["$ref"]}, {"type": "null"}]}
    if "anyOf" in prop:
        return prop if {"type": "null"} in prop["anyOf"] else {**prop, "anyOf": [*prop["anyOf"], {"type": "null"}]}
    if "type" in prop:
        types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
        prop = {**prop, "type": types if "null" in types else [*types, "null"]}
        if "enum" in prop and None not in prop["enum"]:
            prop["enum"] = [*prop["enum"], None]
    return prop


def _close_request_bodies(document: dict) -> None:
    """What the API refuses unknown fields in (request bodies, through every schema they reach) says
    additionalProperties: false; answers stay open, since they may gain fields (docs/api.md)."""
    schemas = document["components"]["schemas"]
    closed: set[str] = set()
    pending = [media["schema"] for item in document["paths"].values() for op in item.values() if isinstance(op, dict)
               for media in op.get("requestBody", {}).get("content", {}).values()]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith(REF):
                name = node["$ref"].removeprefix(REF)
                if name not in closed:
                    closed.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    for name, schema in schemas.items():
        if name in closed:
            schema["additionalProperties"] = False
        elif schema.get("additionalProperties") is False:
            del schema["additionalProperties"]

