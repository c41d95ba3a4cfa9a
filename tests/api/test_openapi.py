"""/openapi.json states the contract so that generators get it right: typed maps, null as a type,
no giant enums, every header, 304s and 202s with their own shapes, per-operation security, links."""
import re

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts, get_spec_version

from api import create_app

METHODS = ("get", "put", "patch", "post", "delete")


@pytest.fixture(scope="module")
def documented_app():
    """The document needs no database: one app for the module."""
    return create_app({"DATABASE_URL": "sqlite://", "RATELIMIT_ENABLED": False})


@pytest.fixture(scope="module")
def document(documented_app):
    client = documented_app.test_client()
    response = client.get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert client.get("/openapi.json", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    return response.get_json()


def operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def schemas(node, where=""):
    """Every schema object inside a document, with where it is."""
    if isinstance(node, dict):
        if "type" in node or "$ref" in node or "anyOf" in node or "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from schemas(value, f"{where}/{index}")


def test_it_is_a_valid_openapi_3_1_document(document):
    assert document["openapi"] == "3.1.0"
    assert get_spec_version(document) == consts.OPENAPIV31
    validate(document)


def test_every_route_is_documented(documented_app, document):
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in documented_app.url_map.iter_rules()
              if rule.rule.startswith(("/v1", "/healthz", "/readyz", "/problems"))}
    assert routes == set(document["paths"])


def test_no_object_is_left_untyped(document):
    """A map says what its values are; an object says its properties (no `Record<string, never>`)."""
    for where, schema in schemas(document):
        types = schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")]
        if "object" in types:
            assert schema.get("properties") or isinstance(schema.get("additionalProperties"), dict), where
            assert schema.get("additionalProperties") != {}, where


def test_null_is_a_type_never_a_flag(document):
    for where, schema in schemas(document):
        assert "nullable" not in schema and "x-nullable" not in schema and "allOf" not in schema, where
        for option in schema.get("anyOf", []):
            assert set(option) <= {"$ref", "type"}, where
    assert document["components"]["schemas"]["HoursOut"]["properties"]["next_change"]["type"] == ["string", "null"]
    assert document["components"]["schemas"]["HelpResource"]["properties"]["hours"]["anyOf"] == [
        {"$ref": "#/components/schemas/HoursOut"}, {"type": "null"}]


def test_time_zones_are_a_documented_string_not_an_enum(document):
    for where, schema in schemas(document):
        assert len(schema.get("enum", [])) < 300 or "FR" in schema["enum"], where  # the countries are the largest
    for name in ("Hours", "HoursOut", "RulesOut"):
        timezone = document["components"]["schemas"][name]["properties"]["timezone"]
        assert timezone["type"] == "string" and timezone["pattern"] and "IANA" in timezone["description"]


def test_problems_are_typed(document):
    problem = document["components"]["schemas"]["Problem"]
    assert problem["properties"]["errors"]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    assert set(problem["required"]) == {"type", "title", "status"}
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                [media] = response["content"]
                assert media == "application/problem+json", (path, method, status)


def test_request_bodies_are_closed_and_answers_open(document):
    components = document["components"]["schemas"]
    assert components["Entry"]["additionalProperties"] is False and components["EntryPatch"]["additionalProperties"] is False
    assert "additionalProperties" not in components["HelpAnswer"] and "additionalProperties" not in components["Problem"]


def test_a_merge_patch_requires_nothing_and_null_removes(document):
    patch = document["components"]["schemas"]["EntryPatch"]
    assert "required" not in patch
    assert patch["properties"]["organisation"]["type"] == ["string", "null"]
    assert patch["properties"]["hours"]["anyOf"] == [{"$ref": "#/components/schemas/HoursPatch"}, {"type": "null"}]
    [media] = document["paths"]["/v1/resources/{entry_id}"]["patch"]["requestBody"]["content"]
    assert media == "application/merge-patch+json"


def test_every_answer_documents_its_headers(document):
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            headers = response["headers"]
            assert headers["X-Request-Id"]["required"] and headers["Cache-Control"]["required"], (path, method, status)
            if path != "/healthz":
                assert "RateLimit" in headers and "RateLimit-Policy" in headers, (path, method, status)
            if status in ("429", "503"):
                assert headers["Retry-After"]["required"], (path, method, status)
            if status == "201" or status == "202" and not path.endswith("/reports"):
                assert headers["Location"]["required"], (path, method, status)
            if status == "401":
                assert headers["WWW-Authenticate"]["required"]
    listing = document["paths"]["/v1/resources"]["get"]["responses"]["200"]["headers"]
    assert listing["Link"]["required"] and listing["X-Total-Count"]["required"]
    help_answer = document["paths"]["/v1/help"]["get"]["responses"]["200"]["headers"]
    assert help_answer["ETag"]["required"] and help_answer["Content-Language"]["required"]


def test_conditional_reads_document_their_304_without_a_body(document):
    for path in ("/v1/help", "/v1/categories", "/v1/countries", "/v1/bundle", "/v1/bundle/manifest",
                 "/v1/resources", "/v1/resources/{entry_id}"):
        operation = document["paths"][path]["get"]
        not_modified = operation["responses"]["304"]
        assert "content" not in not_modified and not_modified["headers"]["ETag"]["required"], path
        assert any(p["name"] == "If-None-Match" and p["in"] == "header" for p in operation["parameters"]), path


@pytest.mark.parametrize("path, method", [("/v1/resources/{entry_id}", "put"), ("/v1/resources/{entry_id}", "patch"),
                                          ("/v1/resources/{entry_id}", "delete"), ("/v1/resources", "post")])
def test_a_change_held_for_review_is_a_202_revision_not_an_entry(document, path, method):
    responses = document["paths"][path][method]["responses"]
    published = responses["201" if method == "post" else "200"]
    assert published["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PartnerEntry"}
    assert published["headers"]["ETag"]["required"]
    held = responses["202"]
    assert held["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Revision"}
    assert held["links"]["Read"] == {"operationId": "get_revision_item", "parameters": {"revision_id": "$response.body#/id"}}


def test_security_is_stated_per_operation(document):
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "security" not in document
    for path, method, operation in operations(document):
        if method == "get" and not path.startswith(("/v1/revisions", "/v1/reports")) and not path.endswith(("/history", "/reports")):
            expected = [{}, {"bearer": []}] if path in ("/v1/resources/{entry_id}", "/v1/resources") else []
            assert operation["security"] == expected, (path, method)
        elif (path, method) == ("/v1/resources/{entry_id}/reports", "post"):
            assert operation["security"] == []
        else:
            assert operation["security"] == [{"bearer": []}], (path, method)


def test_links_lead_from_an_entry_to_its_change_with_its_etag(document):
    links = document["paths"]["/v1/resources/{entry_id}"]["get"]["responses"]["200"]["links"]
    for name, operation_id in (("Patch", "patch_resource_item"), ("Replace", "put_resource_item")):
        assert links[name] == {"operationId": operation_id, "parameters": {
            "entry_id": "$request.path.entry_id", "header.If-Match": "$response.header.ETag"}}
    ids = {operation["operationId"] for _, _, operation in operations(document)}
    for _, _, operation in operations(document):
        for response in operation["responses"].values():
            assert {link["operationId"] for link in response.get("links", {}).values()} <= ids


def test_the_three_versions_are_named_apart(document):
    components = document["components"]["schemas"]
    assert components["HelpAnswer"]["properties"]["version"]["deprecated"] is True
    assert "directory_version" in components["HelpAnswer"]["required"]
    assert components["Bundle"]["properties"]["version"]["deprecated"] is True
    assert components["Bundle"]["properties"]["bundle_version"]["type"] == "string"
    assert "bundle format" in components["Bundle"]["properties"]["format"]["description"]
    assert "stored version" in components["PartnerEntry"]["properties"]["version"]["description"]


def test_instants_are_rfc_3339(document):
    for where, schema in schemas(document["components"]):
        name = where.rsplit("/", 1)[-1]
        if name in ("next_change", "updated_at", "created_at", "decided_at"):
            assert schema["format"] == "date-time", where

