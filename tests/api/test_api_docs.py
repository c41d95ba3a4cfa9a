"""/swagger.json documents the partner API as the code accepts it: key, bodies from EntrySchema, every error."""
import pytest

from api.schemas import EntrySchema

WRITE_ERRORS = {"400", "401", "403", "404", "409", "412", "413", "415", "422", "428", "429"}


@pytest.fixture
def spec(client):
    response = client.get("/swagger.json")
    assert response.status_code == 200
    return response.get_json()


def body_of(operation) -> str:
    [body] = [p for p in operation["parameters"] if p["in"] == "body"]
    return body["schema"]["$ref"].rsplit("/", 1)[-1]


def test_the_key_is_a_documented_bearer_header(spec):
    assert spec["securityDefinitions"]["bearer"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": "A partner key, sent as `Authorization: Bearer <key>`."}
    for path, method in [("/v1/resources", "post"), ("/v1/resources/{entry_id}", "put"),
                         ("/v1/revisions", "get"), ("/v1/reports", "get")]:
        assert spec["paths"][path][method]["security"] == [{"bearer": []}]
    assert "security" not in spec["paths"]["/v1/resources/{entry_id}/reports"]["post"]


def test_write_bodies_are_documented_from_entry_schema(spec):
    item = spec["paths"]["/v1/resources/{entry_id}"]
    assert body_of(spec["paths"]["/v1/resources"]["post"]) == "Entry" == body_of(item["put"])
    assert body_of(item["patch"]) == "EntryPatch"
    assert item["patch"]["consumes"] == ["application/merge-patch+json", "application/json"]
    entry = spec["definitions"]["Entry"]
    schema = EntrySchema()
    assert set(entry["properties"]) == set(schema.fields)
    assert set(entry["required"]) == {name for name, field in schema.fields.items() if field.required}
    assert "required" not in spec["definitions"]["EntryPatch"]
    assert entry["properties"]["id"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert entry["properties"]["contacts"]["maxItems"] == 20


@pytest.mark.parametrize("path, method", [("/v1/resources", "post"), ("/v1/resources/{entry_id}", "put"),
                                          ("/v1/resources/{entry_id}", "patch"), ("/v1/resources/{entry_id}", "delete")])
def test_every_write_documents_its_answers(spec, path, method):
    operation = spec["paths"][path][method]
    assert WRITE_ERRORS <= set(operation["responses"])
    assert {"202"} <= set(operation["responses"])
    if method != "post":
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])


def test_every_api_operation_documents_the_rate_limit(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters" and path != "/healthz":
                assert "429" in operation["responses"], (method, path)
    assert "application/problem+json" in spec["produces"]
