"""GET /v1/help: the groups, their order, coverage, audiences, limits and every 400."""
from datetime import datetime, timezone

import pytest

from tests.support.answers import help_for
from tests.support.apps import ids


def test_france_cyberharassment_shows_3018_pharos_and_emergency_numbers(client):
    answer = help_for(client, country="FR", category="cyberharassment")
    assert answer["coverage"] == "full"
    assert ids(answer["listen"]) == ["fr-3018"]
    assert ids(answer["report"]) == ["fr-pharos"]
    assert ids(answer["emergency"]) == ["fr-17", "fr-112"]  # priority order
    phone = answer["listen"][0]["contacts"][0]
    assert phone == {"type": "phone", "value": "3018", "display": "3018", "uri": "tel:3018",
                     "label": "Call", "hours": None}


def test_country_code_is_case_insensitive(client):
    assert help_for(client, country="fr", category="sextortion")["country"] == "FR"


def test_emergency_numbers_come_with_every_category(client):
    for category in ("scams", "grooming", "mental_health"):
        assert ids(help_for(client, country="FR", category=category)["emergency"]) == ["fr-17", "fr-112"]


def test_retired_and_unreviewed_entries_are_never_shown(client):
    bullying = help_for(client, country="FR", category="school_bullying")
    assert "fr-3020" not in ids(bullying["listen"])
    hate = help_for(client, country="FR", category="hate_speech")
    assert "fr-sos-homophobie" not in ids(hate["listen"])


def test_partial_coverage_falls_back_to_general_listening_lines(client):
    answer = help_for(client, country="FR", category="scams")
    assert answer["coverage"] == "partial"
    assert answer["notice"]
    assert set(ids(answer["listen"])) == {"fr-119", "fr-fil-sante-jeunes"}
    assert answer["emergency"]


def test_uncovered_country_gets_international_services_and_a_flag(client):
    answer = help_for(client, country="BE", category="nonconsensual_imagery")
    assert answer["coverage"] == "none"
    assert answer["notice"]
    assert ids(answer["report"]) == ["intl-stopncii"]
    assert answer["emergency"] == []


def test_international_services_join_covered_countries_where_they_apply(client):
    answer = help_for(client, country="FR", category="sextortion")
    assert ids(answer["report"]) == ["fr-pharos", "intl-stopncii"]  # the national route first (priority)
    assert ids(help_for(client, country="FR", category="cyberharassment")["report"]) == ["fr-pharos"]


def test_audience_filter_keeps_entries_for_that_audience_or_everyone(client):
    teens = help_for(client, country="FR", category="domestic_violence", audience="teens")
    assert ids(teens["listen"]) == ["fr-119"]
    adults = help_for(client, country="FR", category="domestic_violence", audience="adults")
    assert ids(adults["listen"]) == ["fr-3919"]
    assert ids(help_for(client, country="FR", category="sextortion", audience="teens")["report"]) == ["fr-pharos"]  # no StopNCII (18+)


def test_limit_caps_each_group(client):
    answer = help_for(client, country="FR", category="domestic_violence", limit=1)
    assert len(answer["emergency"]) == 1 and len(answer["listen"]) == 1
    assert ids(answer["emergency"]) == ["fr-17"]


def test_open_lines_come_before_closed_ones_of_the_same_priority(client, clock):
    # both general lines: 119 (24/7, priority 80) then Fil Santé Jeunes (09:00-23:00, priority 50)
    clock.now = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)  # 00:30 in Paris
    answer = help_for(client, country="FR", category="scams")
    first, second = answer["listen"]
    assert first["id"] == "fr-119" and first["hours"]["open_now"] is True
    assert second["hours"]["open_now"] is False
    assert second["hours"]["next_change"] == "2026-12-01T08:00:00Z"


def test_same_priority_orders_open_now_first(app, client, clock):
    store = app.extensions["helplinks"].store
    entry = store.entry("fr-fil-sante-jeunes").document
    store.import_documents([{**entry, "priority": 80}])
    clock.now = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
    assert ids(help_for(client, country="FR", category="scams")["listen"]) == ["fr-119", "fr-fil-sante-jeunes"]
    clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
    # both open: name decides ("119 – ..." before "Fil Santé Jeunes")
    assert ids(help_for(client, country="FR", category="scams")["listen"]) == ["fr-119", "fr-fil-sante-jeunes"]


def test_open_now_follows_the_clock(client, clock):
    clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
    assert help_for(client, country="FR", category="sextortion")["listen"][0]["hours"]["open_now"] is True
    clock.now = datetime(2026, 11, 30, 22, 30, tzinfo=timezone.utc)  # 23:30 in Paris
    hours = help_for(client, country="FR", category="sextortion")["listen"][0]["hours"]
    assert hours["open_now"] is False
    assert hours["state"] == "Closed, opens tomorrow at 9:00\u202fAM"


def test_subdivision_entries_show_only_in_their_subdivision(client):
    quebec = help_for(client, country="CA", subdivision="ca-qc", category="domestic_violence")
    assert ids(quebec["listen"]) == ["qc-sos-violence-conjugale"]
    assert quebec["coverage"] == "full"
    ontario = help_for(client, country="CA", subdivision="CA-ON", category="domestic_violence")
    assert ontario["coverage"] == "partial"
    assert ids(ontario["listen"]) == ["ca-988"]


def test_a_subdivision_of_another_country_adds_nothing(client):
    answer = help_for(client, country="CA", subdivision="FR-75C", category="domestic_violence")
    assert answer["coverage"] == "partial" and ids(answer["listen"]) == ["ca-988"]


@pytest.mark.parametrize("subdivision", ["FR-Z00", "FR-Z19", "CA-XX", "ca-qq", "ZZ-1", "FR-999"])
def test_an_unknown_subdivision_is_a_400_not_a_fresh_answer_to_render(client, subdivision):
    """Each subdivision is its own cached answer: made-up ones would make every request a new render."""
    response = client.get("/v1/help", query_string={"country": "FR", "category": "scams", "subdivision": subdivision})
    assert response.status_code == 400 and "subdivision" in response.get_json()["errors"]


def test_an_unknown_subdivision_in_an_entry_is_422(admin):
    response = admin.patch("fr-3018", {"subdivisions": ["FR-IDF", "FR-Z00"]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["subdivisions.1"] == ["Must be an ISO 3166-2 code such as CA-QC."]


def test_an_unknown_language_falls_back_instead_of_failing(client):
    response = client.get("/v1/help?country=FR&category=sextortion&lang=tlh")
    assert response.status_code == 200 and response.headers["Content-Language"] == "en"


def test_sms_contact_has_an_sms_uri(client):
    contacts = help_for(client, country="CA", category="self_harm_suicide")["listen"][0]["contacts"]
    assert [c["uri"] for c in contacts] == ["tel:988", "sms:988"]


def test_full_numbers_are_dialled_nationally_and_linked_in_e164(client):
    contact = help_for(client, country="FR", category="mental_health")["listen"][0]["contacts"][0]
    assert contact["value"] == "0800235236"
    assert contact["display"] == "0 800 23 52 36"
    assert contact["uri"] == "tel:+33800235236"


@pytest.mark.parametrize("params, field, allowed", [
    ({"category": "sextortion"}, "country", None),
    ({"country": "XX", "category": "sextortion"}, "country", "FR"),
    ({"country": "FRA", "category": "sextortion"}, "country", "FR"),
    ({"country": "FR"}, "category", None),
    ({"country": "FR", "category": "bullying"}, "category", "school_bullying"),
    ({"country": "FR", "category": "sextortion", "audience": "aliens"}, "audience", "teens"),
    ({"country": "FR", "category": "sextortion", "limit": "0"}, "limit", None),
    ({"country": "FR", "category": "sextortion", "limit": "many"}, "limit", None),
    ({"country": "FR", "category": "sextortion", "lang": "not a language"}, "lang", None),
    ({"country": "CA", "category": "sextortion", "subdivision": "quebec"}, "subdivision", None),
])
def test_bad_parameters_are_a_400_problem_naming_the_field(client, params, field, allowed):
    response = client.get("/v1/help", query_string=params)
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400 and problem["title"]
    assert field in problem["errors"]
    if allowed:
        assert allowed in " ".join(problem["errors"][field])


def test_answers_carry_an_etag_and_304_on_revalidation(client):
    first = client.get("/v1/help?country=FR&category=sextortion")
    assert first.headers["ETag"].startswith('"')
    again = client.get("/v1/help?country=FR&category=sextortion", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_change_in_the_store_reaches_the_next_answer(app, client):
    store = app.extensions["helplinks"].store
    before = help_for(client, country="FR", category="cyberharassment")
    entry = store.entry("fr-3018").document
    store.import_documents([{**entry, "status": "retired"}])
    after = help_for(client, country="FR", category="cyberharassment")
    assert "fr-3018" not in ids(after["listen"]) and after["version"] == before["version"] + 1


def test_an_entry_label_shows_only_in_its_language(app, client):
    store = app.extensions["helplinks"].store
    entry = store.entry("fr-3018").document
    entry["contacts"][1]["label"] = {"fr": "Tchat sur 3018.fr"}
    store.import_documents([entry])
    french = help_for(client, country="FR", category="sextortion", lang="fr")["listen"][0]["contacts"][1]
    english = help_for(client, country="FR", category="sextortion", lang="en")["listen"][0]["contacts"][1]
    assert french["label"] == "Tchat sur 3018.fr"
    assert english["label"] == "Chat"
