"""Partners change their own entries through /v1/resources: scope, If-Match, validation, retirement."""
import copy

import pytest

from tests.support.answers import help_for
from tests.support.apps import ids, names

NEW_HOURS = {"timezone": "Europe/Paris", "weekly": [
    {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "12:00", "closes": "23:00"}]}


def test_a_partner_changes_its_text_and_the_help_screen_follows_at_once(client, e_enfance):
    before = help_for(client, country="FR", category="cyberharassment", lang="en")["listen"][0]
    assert before["id"] == "fr-3018" and before["call_to_action"] == "Call 3018"

    etag = e_enfance.etag("fr-3018")
    response = e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call 3018, it is free"}}}, etag=etag)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["version"] == 2
    assert response.headers["ETag"] not in (etag, None)
    assert response.headers["Cache-Control"] == "no-store"
    after = help_for(client, country="FR", category="cyberharassment", lang="en")["listen"][0]
    assert after["call_to_action"] == "Call 3018, it is free"
    assert after["contacts"][0]["value"] == "3018"


def test_a_partners_new_hours_reach_the_help_screen_once_approved(client, e_enfance, admin):
    before = help_for(client, country="FR", category="cyberharassment")["listen"][0]
    assert before["id"] == "fr-3018" and before["hours"]["open_now"] is True  # 11:00 in Paris

    response = e_enfance.patch("fr-3018", {"hours": NEW_HOURS})

    assert response.status_code == 202 and response.get_json()["held_for"] == ["hours"]
    assert help_for(client, country="FR", category="cyberharassment")["listen"][0]["hours"]["open_now"] is True
    assert admin.post(f"/v1/revisions/{response.get_json()['id']}/approve").status_code == 200
    assert help_for(client, country="FR", category="cyberharassment")["listen"][0]["hours"]["open_now"] is False


def test_the_etag_follows_the_stored_version_and_is_the_same_in_every_worker(app, client, database_url, clock):
    from api import create_app

    other_worker = create_app({**app.config, "CLOCK": clock}).test_client()
    first = client.get("/v1/resources/fr-3018")
    assert first.headers["ETag"] == other_worker.get("/v1/resources/fr-3018").headers["ETag"]
    assert first.get_json()["version"] == 1
    assert client.get("/v1/resources/fr-3018", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_merge_patch_null_removes_a_field_and_plain_json_is_accepted_too(e_enfance):
    removal = {"texts": {"en": {"description": None, "translated_from": {"description": None}}}}
    response = e_enfance.patch("fr-3018", removal, content_type="application/json")
    assert response.status_code == 200, response.get_json()
    assert "description" not in response.get_json()["texts"]["en"]


def test_put_replaces_the_whole_entry_as_read(e_enfance):
    read = e_enfance.get("/v1/resources/fr-3018")
    document = read.get_json()
    document["texts"]["en"]["description"] = "Trained listeners help you, every day, free and anonymous."
    response = e_enfance.change("PUT", "fr-3018", document, etag=read.headers["ETag"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["texts"]["en"]["description"].startswith("Trained listeners help you, every day")


def test_an_unchanged_write_keeps_the_version(e_enfance):
    response = e_enfance.patch("fr-3018", {"priority": 90})
    assert response.status_code == 200 and response.get_json()["version"] == 1


def test_another_partners_entry_is_403(e_enfance):
    response = e_enfance.patch("fr-119", {"hours": NEW_HOURS}, etag='"fr-119.v1"')
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"


def test_unknown_entry_is_404(e_enfance):
    assert e_enfance.patch("fr-9999", {"priority": 1}, etag='"fr-9999.v1"').status_code == 404


@pytest.mark.parametrize("headers, status", [({}, 428), ({"If-Match": '"fr-3018.v7"'}, 412),
                                             ({"If-Match": 'W/"fr-3018.v1"'}, 412), ({"If-Match": "*"}, 428),
                                             ({"If-Match": '"fr-3018.v9", *'}, 428), ({"If-Match": '"fr-3018.v1"'}, 200)])
def test_writes_need_the_current_etag(e_enfance, headers, status):
    """`If-Match: *` names no version: it would overwrite whatever changed since, so it is refused like no If-Match."""
    response = e_enfance.open("PATCH", "/v1/resources/fr-3018", headers=headers,
                              data='{"texts": {"en": {"call_to_action": "Call us"}}}', content_type="application/merge-patch+json")
    assert response.status_code == status, response.get_json()
    if status >= 400:
        assert response.content_type == "application/problem+json"


def test_a_second_write_with_the_same_etag_is_412_not_a_lost_update(e_enfance):
    etag = e_enfance.etag("fr-3018")
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call us"}}}, etag=etag).status_code == 200
    stale = e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call now"}}}, etag=etag)
    assert stale.status_code == 412
    assert stale.get_json()["current_version"] == 2
    assert e_enfance.get("/v1/resources/fr-3018").get_json()["texts"]["en"]["description"]


def test_wrong_content_type_is_415_and_oversized_body_413(app, e_enfance):
    response = e_enfance.change("PATCH", "fr-3018", data="priority=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "application/merge-patch+json" in response.headers["Accept-Patch"]
    big = {"notes": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    assert e_enfance.patch("fr-3018", big).status_code == 413
    assert e_enfance.change("PATCH", "fr-3018", data="{not json", content_type="application/json").status_code == 400


LINKS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
         "http://3018.fr", "HTTP://3018.fr", " https://3018.fr", "\thttps://3018.fr", "https://user@evil.example",
         "//3018.fr", "https:3018.fr"]


@pytest.mark.parametrize("link", LINKS)
def test_only_https_links_are_accepted(admin, link):
    document = admin.get("/v1/resources/fr-3018").get_json()
    document["contacts"][1]["value"] = link
    response = admin.change("PUT", "fr-3018", document)
    assert response.status_code == 422
    assert response.get_json()["errors"]["contacts.1.value"]


@pytest.mark.parametrize("number", ["12", "0 800 235 23", "not a number", "+33 1", "3018 3018 3018 3018"])
def test_invalid_phones_are_422_naming_the_contact(admin, number):
    response = admin.patch("fr-3018", {"contacts": [{"type": "phone", "value": number}]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["contacts.0.value"]


@pytest.mark.parametrize("changes, field", [
    ({"website": "https://3018.fr"}, "website"),
    ({"priority": 101}, "priority"),
    ({"texts": {"fr": {"name": "x" * 121}}}, "texts"),
    ({"sources": ["https://3018.fr"] * 21}, "sources"),
    ({"id": "fr-3019"}, "id"),
    ({"kind": "helpline"}, "kind"),
    ({"alert": {"fr": "Fermé\x00"}}, "alert"),
])
def test_invalid_changes_are_422_naming_the_field(admin, changes, field):
    response = admin.patch("fr-3018", changes)
    assert response.status_code == 422
    problem = response.get_json()
    assert names(problem["errors"], field) and field in problem["detail"]


def test_text_is_stored_as_sent_plain_text(e_enfance, client):
    name = "3018 <b>gratuit</b> & anonyme"
    response = e_enfance.patch("fr-3018", {"texts": {"fr": {"name": name}}})
    assert response.status_code == 200
    assert client.get("/v1/resources/fr-3018").get_json()["texts"]["fr"]["name"] == name


def test_a_partner_entry_read_with_its_key_shows_curator_notes_and_is_not_cached(admin, client):
    assert admin.patch("fr-3018", {"notes": "Checked by phone."}).status_code == 200
    public = client.get("/v1/resources/fr-3018")
    assert "notes" not in public.get_json() and "public" in public.headers["Cache-Control"]
    private = admin.get("/v1/resources/fr-3018")
    assert private.get_json()["notes"] == "Checked by phone."
    assert private.headers["Cache-Control"] == "no-store"


def test_delete_retires_the_entry_but_keeps_it_and_its_history(client, e_enfance, admin):
    response = admin.change("DELETE", "fr-3018")
    assert response.status_code == 200 and response.get_json()["status"] == "retired"
    assert "fr-3018" not in ids(help_for(client, country="FR", category="cyberharassment")["listen"])
    assert client.get("/v1/resources/fr-3018").get_json()["status"] == "retired"
    history = e_enfance.get("/v1/resources/fr-3018/history").get_json()
    assert [r["action"] for r in history["revisions"]] == ["retire", "import"]


def test_an_admin_creates_an_entry_that_is_published_at_once(client, admin):
    document = copy.deepcopy(admin.get("/v1/resources/fr-3919").get_json())
    document.update(id="fr-3919-bis", version=None)
    del document["version"], document["updated_at"]
    response = admin.post("/v1/resources", json=document)
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].endswith("/v1/resources/fr-3919-bis")
    assert response.headers["ETag"] == '"fr-3919-bis.v1"'
    assert admin.post("/v1/resources", json=document).status_code == 409
    assert "fr-3919-bis" in ids(help_for(client, country="FR", category="domestic_violence", audience="adults")["listen"])


def test_a_partner_creates_only_in_its_countries_and_its_new_entry_waits_for_review(client, e_enfance):
    document = {k: v for k, v in e_enfance.get("/v1/resources/fr-3018").get_json().items()
                if k not in ("version", "updated_at")}
    elsewhere = {**document, "id": "be-3018", "countries": ["BE"]}
    assert e_enfance.post("/v1/resources", json=elsewhere).status_code == 403
    response = e_enfance.post("/v1/resources", json={**document, "id": "fr-3018-chat"})
    assert response.status_code == 202
    assert response.headers["Location"].startswith("/v1/revisions/")
    assert client.get("/v1/resources/fr-3018-chat").status_code == 404


def test_another_partners_key_reads_the_public_entry_only(e_enfance, admin, make_partner, client):
    assert admin.patch("fr-3018", {"notes": "Checked by phone."}).status_code == 200
    other = make_partner("Fil Santé Jeunes", entries=["fr-fil-sante-jeunes"])
    seen = other.get("/v1/resources/fr-3018")
    assert seen.status_code == 200 and "notes" not in seen.get_json()
    assert seen.headers["Cache-Control"] == "no-store"
    assert other.get("/v1/resources/fr-sos-homophobie").status_code == 404  # waiting for review
    assert "Authorization" in client.get("/v1/resources/fr-3018").headers["Vary"]


# -- links and numbers, one check per contact type ------------------------------------------------------
@pytest.mark.parametrize("kind, value", [
    ("email", "https://\u0430pple.com:8443/@x.co"), ("email", "https://evil.example\\@x.co"),
    ("email", "javascript:alert(1)//@x.co"), ("email", "https://evil.example/@x.co"), ("email", "lea@localhost"),
    ("email", "mailto:contact@3018.fr"), ("email", "contact@3018.fr?subject=x"), ("email", "contact@xn--pple-43d.com"),
    ("email", "contact@\u0430pple.com"), ("email", "contact@3018.fr\u202e"), ("email", "contact@@3018.fr"),
    ("chat", "https://%D0%B0pple.com/"), ("chat", "https://xn--pple-43d.com/"), ("web", "https://XN--pple-43d.com/"),
    ("web", "https://3018.xn--p1ai/"), ("chat", "https://3018%2efr/"), ("app", "https://3018.fr:443/"),
    ("whatsapp", "https://wa.me/33612345678\u200b"), ("chat", "contact@3018.fr"), ("web", "https://-3018.fr/"),
])
def test_a_link_or_address_is_accepted_only_where_it_belongs(admin, kind, value):
    contacts = [{"type": "phone", "value": "3018"}, {"type": kind, "value": value}]
    response = admin.patch("fr-3018", {"contacts": contacts})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"]["contacts.1.value"]


def test_an_email_contact_becomes_a_mailto_link_and_nothing_else(admin, client):
    contacts = [{"type": "phone", "value": "3018"}, {"type": "email", "value": "contact+app@e-enfance.org"},
                {"type": "web", "value": "https://e-enfance.org/contact?from=app"}]
    assert admin.patch("fr-3018", {"contacts": contacts}).status_code == 200
    shown = next(e for e in help_for(client, country="FR", category="cyberharassment")["listen"] if e["id"] == "fr-3018")
    assert [c["uri"] for c in shown["contacts"]] == [
        "tel:3018", "mailto:contact+app@e-enfance.org", "https://e-enfance.org/contact?from=app"]
    page = client.get("/embed/help?country=FR&category=cyberharassment").get_data(as_text=True)
    assert 'href="mailto:contact+app@e-enfance.org"' in page


@pytest.mark.parametrize("kind, number, why", [
    ("phone", "0899 12 34 56", "premium-rate"), ("phone", "+33 8 99 12 34 56", "premium-rate"),
    ("phone", "0810 12 34 56", "shared-cost"), ("phone", "0820 12 34 56", "shared-cost"),
    ("sms", "0899 12 34 56", "premium-rate"),
    ("phone", "3018;ext=123", "extension"), ("phone", "3018,,1234", "extension"),
    ("phone", "01 23 45 67 89 ext. 12", "extension"), ("phone", "+33 1 23 45 67 89 x12", "extension"),
])
def test_numbers_that_cost_extra_or_need_an_extension_are_refused(admin, kind, number, why):
    response = admin.patch("fr-3018", {"contacts": [{"type": kind, "value": number}]})
    assert response.status_code == 422, response.get_json()
    assert why in response.get_json()["errors"]["contacts.0.value"][0]


@pytest.mark.parametrize("number, uri", [("0 800 235 236", "tel:+33800235236"), ("3919", "tel:3919"),
                                         ("01 23 45 67 89", "tel:+33123456789")])
def test_free_and_ordinary_numbers_are_accepted(admin, client, number, uri):
    assert admin.patch("fr-3018", {"contacts": [{"type": "phone", "value": number}]}).status_code == 200
    shown = next(e for e in help_for(client, country="FR", category="cyberharassment")["listen"] if e["id"] == "fr-3018")
    assert shown["contacts"][0]["uri"] == uri


# -- an entry waiting for review is no one's business but its owners' and admins' -----------------------
@pytest.mark.parametrize("method, path", [
    ("PATCH", "/v1/resources/fr-sos-homophobie"), ("PUT", "/v1/resources/fr-sos-homophobie"),
    ("DELETE", "/v1/resources/fr-sos-homophobie"), ("GET", "/v1/resources/fr-sos-homophobie"),
    ("GET", "/v1/resources/fr-sos-homophobie/history"), ("GET", "/v1/resources/fr-sos-homophobie/reports"),
])
def test_an_unpublished_entry_is_404_like_an_unknown_one_to_other_keys(e_enfance, method, path):
    headers = {"If-Match": '"fr-sos-homophobie.v1"', "Content-Type": "application/merge-patch+json"}
    hidden = e_enfance.open(method, path, headers=headers, data='{"free": false}')
    unknown = e_enfance.open(method, path.replace("fr-sos-homophobie", "fr-no-such-entry"),
                             headers=headers, data='{"free": false}')
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.get_json()["detail"].replace("fr-sos-homophobie", "X") == unknown.get_json()["detail"].replace(
        "fr-no-such-entry", "X")


def test_a_published_entry_of_another_partner_is_still_403(e_enfance):
    assert e_enfance.patch("fr-119", {"free": False}, etag='"fr-119.v1"').status_code == 403
