"""What every public operation answers validates against the response it documents: the body against its
schema, closed (a field the document does not name fails), and the headers it says are always there."""
import copy

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.support.live import contract_app  # noqa: F401 (a fixture)

pytestmark = pytest.mark.contract
# Every public read, as an app calls it; each answers 200, then 304 for its ETag.
READS = [
    "/v1/help?country=FR&category=cyberharassment&lang=fr", "/v1/help?country=CA&subdivision=CA-QC&category=grooming",
    "/v1/help?country=JP&category=scams&lang=ar", "/v1/categories?lang=de", "/v1/countries?all=true",
    "/v1/resources?country=FR&per_page=5", "/v1/resources/fr-3018", "/v1/bundle?country=FR&lang=fr",
    "/v1/bundle?country=CA", "/v1/bundle/manifest", "/problems", "/problems/invalid-query", "/healthz", "/readyz",
]
# And what they answer when asked wrongly.
REFUSED = ["/v1/help?country=FR&category=bullying", "/v1/help?country=FR&category=scams&audiance=teens",
           "/v1/resources/no-such-entry", "/problems/nope", "/v1/bundle?country=XX"]


def closed(node):
    """The schemas with additionalProperties: false wherever an object names its properties."""
    if isinstance(node, dict):
        node = {key: closed(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    return [closed(item) for item in node] if isinstance(node, list) else node


@pytest.fixture(scope="module")
def app(contract_app):
    return contract_app


@pytest.fixture(scope="module")
def document(app):
    return app.test_client().get("/openapi.json").get_json()


def operation_for(document, url: str):
    path = url.split("?")[0]
    for template, item in document["paths"].items():
        parts, given = template.split("/"), path.split("/")
        if len(parts) == len(given) and all(p == g or p.startswith("{") for p, g in zip(parts, given)):
            return item["get"]
    raise AssertionError(f"{path} is not documented")


def check(document, url, response):
    documented = operation_for(document, url)["responses"][str(response.status_code)]
    for name, header in documented.get("headers", {}).items():
        if header["required"]:
            assert name in response.headers, (url, response.status_code, name)
        if name in response.headers:
            Draft202012Validator(header["schema"], format_checker=FormatChecker()).validate(response.headers[name])
    if response.status_code == 304:
        assert not response.data and "content" not in documented
        return
    [(media, content)] = documented["content"].items()
    assert response.mimetype == media, url
    schema = {**content["schema"], "components": closed(copy.deepcopy(document["components"]))}
    errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(response.get_json()), key=str)
    assert not errors, f"{url}: {[f'{list(e.absolute_path)}: {e.message}' for e in errors[:5]]}"


@pytest.mark.parametrize("url", READS)
def test_every_public_read_answers_as_documented(app, document, url):
    client = app.test_client()
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_json()
    check(document, url, answer)
    if "ETag" in answer.headers:
        check(document, url, client.get(url, headers={"If-None-Match": answer.headers["ETag"]}))


@pytest.mark.parametrize("url", REFUSED)
def test_refusals_are_documented_problems(app, document, url):
    answer = app.test_client().get(url)
    assert answer.status_code in (400, 404)
    check(document, url, answer)


def test_instants_are_rfc_3339_in_utc(app):
    answer = app.test_client().get("/v1/help?country=FR&category=cyberharassment").get_json()
    moments = [r["hours"]["next_change"] for group in ("listen", "report") for r in answer[group] if r.get("hours")]
    assert moments and all(m is None or (m.endswith("Z") and len(m) == 20) for m in moments)
