"""/swagger.json documents every endpoint, its parameters and its error answers."""
import re

from api.schemas import HelpAnswerSchema


def spec(client):
    return client.get("/swagger.json").get_json()


def test_every_route_is_documented(app, client):
    paths = spec(client)["paths"]
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith(("/v1", "/healthz"))}
    assert routes <= set(paths)


def test_query_operations_document_their_400_problem(client):
    paths = spec(client)["paths"]
    for path in ("/v1/help", "/v1/categories", "/v1/countries", "/v1/resources"):
        responses = paths[path]["get"]["responses"]
        assert responses["400"]["schema"]["$ref"] == "#/definitions/Problem"
    assert paths["/v1/resources/{entry_id}"]["get"]["responses"]["404"]["schema"]["$ref"] == "#/definitions/Problem"


def test_help_parameters_match_the_schema(client):
    parameters = {p["name"]: p for p in spec(client)["paths"]["/v1/help"]["get"]["parameters"]}
    assert parameters["country"]["required"] and parameters["category"]["required"]
    assert "sextortion" in parameters["category"]["enum"]
    assert parameters["limit"]["minimum"] == 1 and parameters["limit"]["maximum"] == 50
    assert set(parameters) == {"country", "subdivision", "category", "audience", "limit", "lang"}


def test_the_documented_answer_is_what_the_api_returns(client):
    definition = spec(client)["definitions"]["HelpAnswer"]
    answer = client.get("/v1/help?country=FR&category=cyberharassment").get_json()
    assert set(definition["properties"]) == set(HelpAnswerSchema().fields)
    assert set(definition["properties"]) - set(answer) == {"stale"}  # only while the database is away
    resource = spec(client)["definitions"]["HelpResource"]
    assert set(resource["properties"]) == set(answer["listen"][0])


def test_docs_page_is_served(client):
    assert client.get("/docs").status_code == 200
