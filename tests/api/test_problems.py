"""Problems a client can switch on: a stable `type` per kind of error, explained at that address,
its title translated, `errors` a flat map of field paths to messages."""
import pytest

from api.web.problems import BY_STATUS, KINDS
from tests.support.outage import cut_database


@pytest.mark.parametrize("url, headers, kind", [
    ("/v1/help?country=FR&category=bullying", {}, "invalid-query"),
    ("/v1/help?country=FR&category=sextortion&audiance=teens", {}, "invalid-query"),
    ("/v1/resources/no-such-entry", {}, "not-found"),
    ("/nowhere", {}, "not-found"),
    ("/v1/reports", {}, "unauthorized"),
    ("/v1/reports", {"Authorization": "Bearer hlk_000000000000_wrong"}, "unauthorized"),
    ("/v1/help?" + "a" * 3000, {}, "uri-too-long"),
])
def test_each_kind_of_error_has_its_own_type(client, url, headers, kind):
    problem = client.get(url, headers=headers).get_json()
    assert problem["type"] == f"/problems/{kind}" and problem["status"] == KINDS[kind].status


def test_write_errors_name_their_kind(admin, e_enfance, client):
    assert admin.patch("fr-3018", {"priority": 101}).get_json()["type"] == "/problems/invalid-body"
    assert admin.patch("fr-3018", {}, etag='"fr-3018.v99"').get_json()["type"] == "/problems/precondition-failed"
    assert admin.open("PATCH", "/v1/resources/fr-3018", json={}).get_json()["type"] == "/problems/precondition-required"
    assert e_enfance.change("PATCH", "fr-119", {}).get_json()["type"] == "/problems/forbidden"
    malformed = admin.change("PATCH", "fr-3018", data=b"{", content_type="application/merge-patch+json")
    assert malformed.get_json()["type"] == "/problems/malformed-body"
    wrong_type = admin.change("PATCH", "fr-3018", data=b"{}", content_type="text/plain")
    assert wrong_type.get_json()["type"] == "/problems/unsupported-media-type"
    document = admin.get("/v1/resources/fr-3018").get_json()
    assert admin.post("/v1/resources", json=document).get_json()["type"] == "/problems/entry-exists"


def test_the_title_is_translated_and_the_type_is_not(client):
    english = client.get("/v1/help?country=FR&category=bullying").get_json()
    french = client.get("/v1/help?country=FR&category=bullying&lang=fr").get_json()
    assert english["type"] == french["type"] == "/problems/invalid-query"
    assert french["title"] == "Paramètres de requête invalides" != english["title"]


def test_errors_map_each_field_path_to_its_messages(admin):
    response = admin.patch("fr-3018", {"contacts": [{"type": "pager", "value": "3018"}], "priority": 101})
    errors = response.get_json()["errors"]
    assert set(errors) == {"contacts.0.type", "priority"}
    assert all(isinstance(messages, list) and all(isinstance(m, str) for m in messages) for messages in errors.values())


def test_every_type_is_explained_at_its_address(client):
    listed = client.get("/problems?lang=fr").get_json()["kinds"]
    assert [kind["name"] for kind in listed] == list(KINDS)
    for kind in listed:
        page = client.get(kind["type"])
        assert page.status_code == 200 and page.get_json()["explanation"] == KINDS[kind["name"]].explanation
    assert len({kind["type"] for kind in listed}) == len(listed)
    assert client.get("/problems/no-such-kind").status_code == 404


@pytest.mark.parametrize("cut", [False, True], ids=["before any directory read", "database unreachable"])
def test_the_kinds_of_problem_are_never_flagged_stale(app, client, cut):
    """They come from the code, not the directory: neither a snapshot not yet read nor an outage makes them stale."""
    if cut:
        cut_database(app)
        assert client.get("/v1/help?country=FR&category=cyberharassment").get_json()["stale"] is True
    for url in ("/problems", "/problems/invalid-query"):
        answer = client.get(url)
        assert answer.status_code == 200 and "stale" not in answer.get_json(), url
        assert "X-Helplinks-Stale" not in answer.headers and "max-age=30," not in answer.headers["Cache-Control"]


def test_every_status_the_api_answers_has_a_kind():
    assert {KINDS[name].status for name in BY_STATUS.values()} == set(BY_STATUS)
