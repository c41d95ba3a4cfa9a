"""POST /v1/resources/<id>/verification: a partner says it checked an entry today, and the history keeps it."""
import json

import pytest

from tests.support.apps import names, store_state
TODAY = "2026-11-30"  # the test clock's date (tests/support/apps.py: MONDAY_MORNING)
CHECKED = {"checked": ["contacts", "hours"], "note": "Called 3018 and read 3018.fr/horaires."}


def verify(partner, entry_id="fr-3018", body=CHECKED, etag=None, **options):
    headers = {"If-Match": etag or partner.etag(entry_id), **options.pop("headers", {})}
    if body is not None:
        options.setdefault("data", json.dumps(body))
        options.setdefault("content_type", "application/json")
    return partner.post(f"/v1/resources/{entry_id}/verification", headers=headers, **options)


def test_the_owner_verifies_an_entry_today_as_a_new_version_with_its_history(client, e_enfance):
    before = e_enfance.get("/v1/resources/fr-3018").get_json()
    response = verify(e_enfance)

    assert response.status_code == 200, response.get_json()
    entry = response.get_json()
    assert entry["verified_at"] == TODAY and entry["version"] == 2
    assert response.headers["ETag"] == '"fr-3018.v2"'
    assert {k: v for k, v in entry.items() if k not in ("verified_at", "version", "updated_at")} == \
           {k: v for k, v in before.items() if k not in ("verified_at", "version", "updated_at")}
    revision = e_enfance.get("/v1/resources/fr-3018/history").get_json()["revisions"][0]
    assert (revision["action"], revision["status"], revision["author"]) == ("verify", "applied", "e-Enfance")
    assert revision["checked"] == ["contacts", "hours"] and revision["note"] == CHECKED["note"]
    assert revision["changes"] == [{"path": "/verified_at", "from": "2025-11-07", "to": TODAY}]
    listen = client.get("/v1/help?country=FR&category=cyberharassment").get_json()["listen"]
    assert listen[0]["verified_at"] == TODAY


def test_a_second_check_the_same_day_is_on_record_too(e_enfance):
    assert verify(e_enfance).status_code == 200
    again = verify(e_enfance, body={"checked": ["texts"]})
    assert again.status_code == 200 and again.headers["ETag"] == '"fr-3018.v3"'
    revisions = e_enfance.get("/v1/resources/fr-3018/history").get_json()["revisions"]
    assert [(r["action"], r["checked"], r["changes"]) for r in revisions[:2]] == [
        ("verify", ["texts"], []), ("verify", ["contacts", "hours"], [{"path": "/verified_at", "from": "2025-11-07", "to": TODAY}])]


def test_an_admin_verifies_any_entry_even_one_waiting_for_review(admin):
    assert verify(admin, "fr-3919", {"checked": ["sources"]}).status_code == 200
    hidden = verify(admin, "fr-sos-homophobie", {"checked": ["contacts"]})
    assert hidden.status_code == 200 and hidden.get_json()["verified_at"] == TODAY


def test_a_key_that_may_not_change_the_entry_is_refused(app, e_enfance, admin):
    before = store_state(app)
    refused = verify(e_enfance, "fr-119", etag='"fr-119.v1"')
    assert refused.status_code == 403 and refused.content_type == "application/problem+json"
    unseen = verify(e_enfance, "fr-sos-homophobie", etag='"fr-sos-homophobie.v1"')  # not public: as if it did not exist
    assert unseen.status_code == 404
    assert verify(e_enfance, "nope", etag='"nope.v1"').status_code == 404
    assert store_state(app) == before


def test_without_a_key_it_is_a_401(client):
    response = client.post("/v1/resources/fr-3018/verification", json=CHECKED, headers={"If-Match": '"fr-3018.v1"'})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_it_needs_if_match_like_every_write(app, e_enfance):
    before = store_state(app)
    missing = e_enfance.post("/v1/resources/fr-3018/verification", json=CHECKED)
    assert missing.status_code == 428
    assert verify(e_enfance, etag='"fr-3018.v7"').status_code == 412
    assert store_state(app) == before


@pytest.mark.parametrize("body, field", [
    ({}, "checked"),
    ({"checked": []}, "checked"),
    ({"checked": "contacts"}, "checked"),
    ({"checked": ["phone numbers"]}, "checked"),
    ({"checked": ["hours", "hours"]}, "checked"),
    ({"checked": ["hours"], "note": "x" * 501}, "note"),
    ({"checked": ["hours"], "note": "bell\u0007"}, "note"),
    ({"checked": ["hours"], "verified_at": "2030-01-01"}, "verified_at"),  # the date is the server's, not the client's
    ([], "_schema"),
])
def test_a_bad_body_is_a_422_naming_the_field_and_writes_nothing(app, e_enfance, body, field):
    before = store_state(app)
    response = verify(e_enfance, body=body)
    assert response.status_code == 422, response.get_json()
    problem = response.get_json()
    assert response.content_type == "application/problem+json" and names(problem["errors"], field), problem
    assert store_state(app) == before


def test_an_unknown_item_is_refused_with_the_allowed_ones(e_enfance):
    errors = verify(e_enfance, body={"checked": ["hours", "vibes"]}).get_json()["errors"]
    assert "contacts, hours, texts, audiences, categories, sources" in json.dumps(errors)


@pytest.mark.parametrize("options, status", [
    ({"data": "{", "content_type": "application/json"}, 400),
    ({"data": "checked=hours", "content_type": "application/x-www-form-urlencoded"}, 415),
])
def test_a_body_that_is_not_json_is_refused(app, e_enfance, options, status):
    before = store_state(app)
    assert verify(e_enfance, body=None, **options).status_code == status
    assert store_state(app) == before


def test_a_partner_whose_changes_wait_for_review_has_its_check_reviewed_too(make_partner, admin, client):
    newcomer = make_partner("new partner", entries=["fr-3919"], review_required=True)
    held = verify(newcomer, "fr-3919", {"checked": ["contacts"]})
    assert held.status_code == 202
    revision = held.get_json()
    assert (revision["action"], revision["held_for"], revision["checked"]) == ("verify", ["partner"], ["contacts"])
    assert client.get("/v1/resources/fr-3919").get_json()["verified_at"] == "2025-12-01"
    approved = admin.post(f"/v1/revisions/{revision['id']}/approve")
    assert approved.status_code == 200 and approved.get_json()["verified_at"] == TODAY


def test_it_is_all_or_nothing(app, e_enfance, monkeypatch):
    import api.store.history as history

    def fail(_session):
        raise RuntimeError("the database went away mid-transaction")

    etag = e_enfance.etag("fr-3018")
    before = store_state(app)
    monkeypatch.setattr(history, "bump_directory", fail)
    response = verify(e_enfance, etag=etag)
    assert response.status_code == 500
    assert store_state(app) == before


def test_the_api_docs_describe_the_verification(client):
    spec = client.get("/swagger.json").get_json()
    operation = spec["paths"]["/v1/resources/{entry_id}/verification"]["post"]
    assert {"200", "202", "401", "403", "404", "412", "422", "428"} <= set(operation["responses"])
    checked = spec["definitions"]["Verification"]["properties"]["checked"]
    assert checked["items"]["enum"] == ["contacts", "hours", "texts", "audiences", "categories", "sources"]
    assert "verify" in spec["definitions"]["Revision"]["properties"]["action"]["enum"]
