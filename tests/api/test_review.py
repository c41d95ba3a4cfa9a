"""Sensitive changes wait for an admin; history records every change; an admin reverts."""
import re

import pytest

# 0 800 200 200 was the Net Écoute number before the 3018 replaced it in 2021 (see resources/):
# a plausible stale edit, which is exactly what review is for.
OLD_NET_ECOUTE = "0 800 200 200"


def listen_numbers(client):
    answer = client.get("/v1/help?country=FR&category=cyberharassment").get_json()
    return [contact["value"] for entry in answer["listen"] for contact in entry["contacts"] if contact["type"] == "phone"]


def phone_change(partner, number=OLD_NET_ECOUTE, **options):
    contacts = partner.get("/v1/resources/fr-3018").get_json()["contacts"]
    contacts[0]["value"] = number
    return partner.patch("fr-3018", {"contacts": contacts}, **options)


def test_a_phone_change_waits_for_approval_then_reaches_the_help_screen(client, e_enfance, admin):
    response = phone_change(e_enfance)

    assert response.status_code == 202, response.get_json()
    revision = response.get_json()
    assert response.headers["Location"] == f"/v1/revisions/{revision['id']}"
    assert revision["status"] == "pending" and revision["held_for"] == ["contacts"]
    assert {"path": "/contacts/0/value", "from": "3018", "to": OLD_NET_ECOUTE} in revision["changes"]
    assert listen_numbers(client) == ["3018"]
    assert e_enfance.get("/v1/resources/fr-3018").get_json()["version"] == 1

    pending = admin.get("/v1/revisions?status=pending").get_json()["revisions"]
    assert [r["id"] for r in pending] == [revision["id"]]
    approved = admin.post(f"/v1/revisions/{revision['id']}/approve")

    assert approved.status_code == 200, approved.get_json()
    assert approved.headers["ETag"] == '"fr-3018.v2"'
    assert listen_numbers(client) == ["0800200200"]
    assert admin.get("/v1/revisions?status=pending").get_json()["revisions"] == []
    assert admin.post(f"/v1/revisions/{revision['id']}/approve").status_code == 409


def test_text_publishes_at_once_but_hours_status_and_placement_wait(e_enfance):
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call 3018, free"}}}).status_code == 200
    held = e_enfance.patch("fr-3018", {"status": "temporarily_closed"})
    assert held.status_code == 202 and held.get_json()["held_for"] == ["status"]
    held = e_enfance.patch("fr-3018", {"priority": 100, "kind": "emergency"})
    assert held.status_code == 202
    assert held.get_json()["held_for"] == ["kind", "priority"]


def help_entry(client, entry_id="fr-3018", **params):
    answer = client.get("/v1/help", query_string={"country": "FR", "category": "cyberharassment", "lang": "fr",
                                                   **params}).get_json()
    return next((e for group in ("emergency", "listen", "report") for e in answer[group] if e["id"] == entry_id), None)


SCRATCH = {"timezone": "Europe/Paris", "weekly": [{"days": ["sun"], "opens": "03:00", "closes": "03:01"}]}


@pytest.mark.parametrize("changes, held_for", [
    ({"texts": {"fr": {"name": "3018 a change de numero : appelle le 06 12 34 56 78",
                       "call_to_action": "Appelle le 06 12 34 56 78"}},
      "alert": {"fr": "Nouveau numero : 06 12 34 56 78 (le 3018 ne repond plus)"}}, ["texts", "alert"]),
    ({"texts": {"en": {"description": "New number: +44 20 7946 0958"}}}, ["texts"]),
    ({"texts": {"en": {"description": "Or call 116 006"}}}, ["texts"]),
    ({"texts": {"en": {"call_to_action": "Chat on https://evil.example/3018"}}}, ["texts"]),
    ({"texts": {"fr": {"description": "Écris-nous : aide@evil.example"}}}, ["texts"]),
    ({"alert": {"ar": "رقم جديد: ٠٦١٢٣٤٥٦٧٨"}}, ["alert"]),
    ({"organisation": "e-Enfance, 0899 12 34 56"}, ["organisation"]),
    ({"status": "temporarily_closed", "hours": SCRATCH}, ["status", "hours"]),
    ({"audiences": ["professionals"], "min_age": 99}, ["audiences", "min_age"]),
    ({"anonymous": False, "confidential": False, "free": False}, ["free", "anonymous", "confidential"]),
    ({"notes": "Verified by phone by the curation team, OK to approve any change."}, ["notes"]),
])
def test_what_a_child_reads_waits_for_review_even_without_review_required(client, e_enfance, admin, changes, held_for):
    before = help_entry(client)
    response = e_enfance.patch("fr-3018", changes)

    assert response.status_code == 202, response.get_json()
    assert response.get_json()["held_for"] == held_for
    assert help_entry(client) == before
    assert help_entry(client, audience="teens") is not None
    assert admin.post(f"/v1/revisions/{response.get_json()['id']}/approve").status_code == 200


def test_retiring_a_published_entry_waits_for_review(client, e_enfance):
    response = e_enfance.change("DELETE", "fr-3018")
    assert response.status_code == 202 and response.get_json()["held_for"] == ["status"]
    assert help_entry(client) is not None


def test_a_text_that_names_the_entrys_own_number_and_site_publishes_at_once(client, e_enfance):
    changes = {"texts": {"fr": {"call_to_action": "Appelle le 30 18 ou écris sur 3018.fr"}},
               "alert": {"fr": "Le 3018 répond aussi le dimanche"}}
    response = e_enfance.patch("fr-3018", changes)
    assert response.status_code == 200, response.get_json()
    assert help_entry(client)["call_to_action"] == "Appelle le 30 18 ou écris sur 3018.fr"


def test_a_review_required_partner_waits_even_for_text(make_partner, client):
    newcomer = make_partner("new partner", entries=["fr-3919"], review_required=True)
    response = newcomer.patch("fr-3919", {"texts": {"fr": {"name": "3919 – Violences Femmes Info (gratuit)"}}})
    assert response.status_code == 202
    assert response.get_json()["held_for"] == ["partner"]
    assert client.get("/v1/resources/fr-3919").get_json()["texts"]["fr"]["name"] == "3919 – Violences Femmes Info"


def test_approving_a_revision_whose_base_moved_on_is_a_409_not_an_overwrite(client, e_enfance, admin):
    revision = phone_change(e_enfance).get_json()
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call 3018 now"}}}).status_code == 200

    conflict = admin.post(f"/v1/revisions/{revision['id']}/approve")

    assert conflict.status_code == 409
    assert conflict.content_type == "application/problem+json"
    assert listen_numbers(client) == ["3018"]
    assert admin.get(f"/v1/revisions/{revision['id']}").get_json()["status"] == "pending"
    rejected = admin.post(f"/v1/revisions/{revision['id']}/reject", json={"note": "Resubmit on the current version."})
    assert rejected.status_code == 200 and rejected.get_json()["status"] == "rejected"


def test_only_admins_decide(e_enfance):
    revision = phone_change(e_enfance).get_json()
    assert e_enfance.post(f"/v1/revisions/{revision['id']}/approve").status_code == 403
    assert e_enfance.post(f"/v1/revisions/{revision['id']}/reject").status_code == 403
    assert e_enfance.get(f"/v1/revisions/{revision['id']}").get_json()["document"]["contacts"][0]["value"] == OLD_NET_ECOUTE


def test_a_partner_sees_its_own_revisions_only(e_enfance, make_partner):
    phone_change(e_enfance)
    other = make_partner("Fil Santé Jeunes", entries=["fr-fil-sante-jeunes"])
    assert {r["entry_id"] for r in other.get("/v1/revisions").get_json()["revisions"]} == {"fr-fil-sante-jeunes"}
    assert [r["entry_id"] for r in e_enfance.get("/v1/revisions?status=pending").get_json()["revisions"]] == ["fr-3018"]
    revision_id = e_enfance.get("/v1/revisions").get_json()["revisions"][0]["id"]
    assert other.get(f"/v1/revisions/{revision_id}").status_code == 403


def test_an_approved_new_entry_belongs_to_its_author(client, e_enfance, admin):
    document = {k: v for k, v in e_enfance.get("/v1/resources/fr-3018").get_json().items()
                if k not in ("version", "updated_at")}
    revision = e_enfance.post("/v1/resources", json={**document, "id": "fr-3018-bis"}).get_json()
    assert admin.post(f"/v1/revisions/{revision['id']}/approve").status_code == 200
    assert client.get("/v1/resources/fr-3018-bis").status_code == 200
    assert e_enfance.patch("fr-3018-bis", {"texts": {"en": {"call_to_action": "Call"}}}).status_code == 200


def test_history_records_who_changed_what_and_an_admin_reverts(client, e_enfance, admin):
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call us"}}}).status_code == 200
    assert admin.patch("fr-3018", {"anonymous": False}).status_code == 200

    history = e_enfance.get("/v1/resources/fr-3018/history").get_json()

    assert history["version"] == 3
    assert [(r["version"], r["action"], r["author"]) for r in history["revisions"]] == [
        (3, "patch", "directory curators"), (2, "patch", "e-Enfance"), (1, "import", None)]
    assert history["revisions"][1]["changes"] == [{"path": "/texts/en/call_to_action", "from": "Call 3018", "to": "Call us"}]

    reverted = admin.open("POST", "/v1/resources/fr-3018/revert", json={"version": 1},
                          headers={"If-Match": '"fr-3018.v3"'})
    assert reverted.status_code == 200, reverted.get_json()
    assert reverted.headers["ETag"] == '"fr-3018.v4"'
    entry = client.get("/v1/resources/fr-3018").get_json()
    assert (entry["texts"]["en"]["call_to_action"], entry["anonymous"], entry["version"]) == ("Call 3018", True, 4)
    latest = admin.get("/v1/resources/fr-3018/history").get_json()["revisions"][0]
    assert latest["action"] == "revert" and latest["author"] == "directory curators"


@pytest.mark.parametrize("body, headers, status", [
    ({"version": 1}, {}, 428),
    ({"version": 1}, {"If-Match": '"fr-3018.v9"'}, 412),
    ({"version": 9}, {"If-Match": '"fr-3018.v1"'}, 422),
    ({"version": "1"}, {"If-Match": '"fr-3018.v1"'}, 422),
    ({}, {"If-Match": '"fr-3018.v1"'}, 422),
])
def test_revert_needs_if_match_and_a_published_version(admin, body, headers, status):
    response = admin.open("POST", "/v1/resources/fr-3018/revert", json=body, headers=headers)
    assert response.status_code == status
    if status == 422:
        assert "version" in response.get_json()["errors"]


def test_partners_cannot_revert_or_read_others_history(e_enfance):
    assert e_enfance.open("POST", "/v1/resources/fr-3018/revert", json={"version": 1},
                          headers={"If-Match": "*"}).status_code == 403
    assert e_enfance.get("/v1/resources/fr-119/history").status_code == 403


def test_numbers_beyond_what_the_database_holds_are_unknown_not_errors(admin):
    assert admin.post(f"/v1/revisions/{10**25}/approve").status_code == 404
    assert admin.get(f"/v1/revisions/{2**31}").status_code == 404
    response = admin.open("POST", "/v1/resources/fr-3018/revert", json={"version": 10**20}, headers={"If-Match": "*"})
    assert response.status_code == 422 and "version" in response.get_json()["errors"]


def links(response) -> dict:
    """rel -> URL of a Link header."""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])}


def test_a_flood_of_revisions_hides_no_pending_change(client, e_enfance, admin, make_partner):
    """Every pending revision stays reachable page by page, however many a key sends after it."""
    first = phone_change(e_enfance).get_json()["id"]
    flooder = make_partner("flooder", entries=["fr-119"], review_required=True)
    for n in range(24):
        assert flooder.patch("fr-119", {"texts": {"fr": {"description": f"Texte {n}"}}}).status_code == 202

    response = admin.get("/v1/revisions?status=pending&per_page=10")
    page = response.get_json()
    assert (page["page"], page["per_page"], page["total"]) == (1, 10, 25)
    assert response.headers["X-Total-Count"] == "25"
    assert links(response)["last"].endswith("/v1/revisions?status=pending&page=3&per_page=10")
    seen = [r["id"] for r in page["revisions"]]
    while "next" in links(response):
        response = admin.get(links(response)["next"])
        seen += [r["id"] for r in response.get_json()["revisions"]]
    assert len(seen) == 25 and seen[-1] == first and seen == sorted(seen, reverse=True)
    assert admin.get("/v1/revisions?status=pending&per_page=10&page=9").get_json()["revisions"] == []


def test_an_entrys_history_is_paged_too(e_enfance, admin):
    for n in range(5):
        assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": f"Call ({n})"}}}).status_code == 200
    response = e_enfance.get("/v1/resources/fr-3018/history?per_page=2&page=3")
    history = response.get_json()
    assert (history["total"], [r["version"] for r in history["revisions"]]) == (6, [2, 1])
    assert set(links(response)) == {"first", "last", "prev"}


@pytest.mark.parametrize("query", ["per_page=0", "per_page=201", "page=0", "page=x", f"page={2**31}", "limit=5&per_page=1&per_page=2"])
def test_revision_pages_are_bounded(admin, query):
    response = admin.get(f"/v1/revisions?{query}")
    assert response.status_code == 400 and response.content_type == "application/problem+json"
