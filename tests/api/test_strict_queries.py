"""Unknown query parameters are refused, naming them, on every public and partner read: `audiance=teens`
must not quietly give an unfiltered screen."""
import pytest

EXAMPLES = {"country": "FR", "category": "sextortion", "entry_id": "fr-3018", "revision_id": "1", "kind": "not-found"}


def reads(document):
    for path, item in document["paths"].items():
        if "get" in item:
            yield path, item["get"]


def test_every_read_refuses_an_unknown_parameter_by_name(client, admin):
    document = client.get("/openapi.json").get_json()
    checked = 0
    for path, operation in reads(document):
        params = {p["name"]: EXAMPLES[p["name"]] for p in operation.get("parameters", []) + document["paths"][path].get("parameters", [])
                  if p["in"] in ("query", "path") and p["required"]}
        url = path.format(**params)
        query = {k: v for k, v in params.items() if f"{{{k}}}" not in path}
        response = admin.get(url, query_string={**query, "audiance": "teens"})
        assert response.status_code == 400, (path, response.get_json())
        problem = response.get_json()
        assert problem["type"] == "/problems/invalid-query" and problem["errors"] == {"audiance": ["Unknown parameter."]}, path
        assert "audiance" in problem["detail"]
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize("lang, said", [("fr", "Paramètre inconnu."), ("de", "Unbekannter Parameter.")])
def test_the_refusal_is_in_the_users_language(client, lang, said):
    problem = client.get(f"/v1/help?country=FR&category=sextortion&audiance=teens&lang={lang}").get_json()
    assert problem["errors"]["audiance"] == [said]


def test_known_parameters_still_work_and_lang_is_known_everywhere(client):
    assert client.get("/v1/help?country=FR&category=sextortion&audience=teens&lang=fr").status_code == 200
    assert client.get("/v1/bundle/manifest?lang=fr").status_code == 200
    assert client.get("/healthz?lang=fr").status_code == 200
