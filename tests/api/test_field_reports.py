"""Field reports: anyone may flag an entry; nothing about the sender is kept; owners and admins read them."""
import pytest
from sqlalchemy import text


def report(client, entry_id="fr-3018", **body):
    return client.post(f"/v1/resources/{entry_id}/reports", json=body or {"reason": "wrong_number"},
                       headers={"User-Agent": "HelpApp/2.1 (iPhone; iOS 18)"}, environ_base={"REMOTE_ADDR": "203.0.113.7"})


def test_an_app_reports_a_wrong_number_and_the_owner_reads_it(client, e_enfance, make_partner):
    response = report(client, reason="wrong_number", comment="Le 3018 ne répond pas depuis ce matin.")

    assert response.status_code == 202, response.get_json()
    kept = response.get_json()
    assert (kept["entry_id"], kept["entry_version"], kept["reason"]) == ("fr-3018", 1, "wrong_number")
    reports = e_enfance.get("/v1/resources/fr-3018/reports")
    assert reports.status_code == 200 and reports.headers["Cache-Control"] == "no-store"
    assert [r["comment"] for r in reports.get_json()["reports"]] == ["Le 3018 ne répond pas depuis ce matin."]
    assert [r["id"] for r in e_enfance.get("/v1/reports").get_json()["reports"]] == [kept["id"]]
    other = make_partner("Fil Santé Jeunes", entries=["fr-fil-sante-jeunes"])
    assert other.get("/v1/resources/fr-3018/reports").status_code == 403
    assert other.get("/v1/reports").get_json()["reports"] == []


def test_admins_read_every_report(client, admin):
    report(client, "fr-3018")
    report(client, "fr-119", reason="closed")
    assert {r["entry_id"] for r in admin.get("/v1/reports").get_json()["reports"]} == {"fr-3018", "fr-119"}


def test_reports_need_a_key_to_be_read(client):
    report(client)
    assert client.get("/v1/reports").status_code == 401
    assert client.get("/v1/resources/fr-3018/reports").status_code == 401


def test_no_personal_data_is_kept(app, client):
    comment = "Appelez-moi au 06 12 34 56 78 ou écrivez à lea.martin@example.org\x00 merci"
    assert report(client, reason="other", comment=comment).get_json()["comment"] == (
        "Appelez-moi au [removed] ou écrivez à [removed] merci")
    with app.extensions["helplinks"].store.engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM field_reports")).mappings().one()
    assert set(row) == {"id", "entry_id", "entry_version", "reason", "comment", "created_at"}
    stored = " ".join(map(str, row.values()))
    assert "203.0.113.7" not in stored and "HelpApp" not in stored and "06 12" not in stored
    assert ":00:00" in str(row["created_at"])  # kept to the hour


@pytest.mark.parametrize("body, field", [
    ({"reason": "rude"}, "reason"),
    ({}, "reason"),
    ({"reason": "closed", "comment": "x" * 281}, "comment"),
    ({"reason": "closed", "email": "lea@example.org"}, "email"),
])
def test_bad_reports_are_422_naming_the_field(client, body, field):
    response = client.post("/v1/resources/fr-3018/reports", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_reports_on_unknown_or_unpublished_entries_are_404(client):
    assert report(client, "fr-9999").status_code == 404
    assert report(client, "fr-sos-homophobie").status_code == 404  # waiting for review, never shown


@pytest.mark.parametrize("entry_id, comment, kept", [
    # foreign numbers on a French entry, any number on an international one
    ("fr-3018", "mon GSM francais 06 12 34 56 78 / belge 0470 12 34 56", "mon GSM francais [removed] / belge [removed]"),
    ("intl-stopncii", "my number is 06 12 34 56 78 or 07700 900123, call me", "my number is [removed] or [removed], call me"),
    ("fr-3018", "appelle moi us 212-555-0100", "appelle moi us [removed]"),
    ("ca-988", "call me at (416) 555-0199 or +44 20 7946 0958", "call me at [removed] or [removed]"),
    ("fr-3018", "mon numero: +32470123456 / 0032 470 12 34 56", "mon numero: [removed] / [removed]"),
    ("fr-3018", "O6 I2 34 56 78 c'est moi", "[removed] c'est moi"),  # letters standing for digits
    ("fr-3018", "٠٦١٢٣٤٥٦٧٨ أو ０６１２３４５６７８", "[removed] أو [removed]"),  # Arabic-Indic and fullwidth digits
    # e-mail addresses, plain, partial and spelled out; handles
    ("fr-3018", "lea.dupont (at) gmail (dot) com / lea.dupont@gmail / lea@localhost", "[removed] / [removed] / [removed]"),
    ("fr-3018", "ecris a lea arobase gmail point com stp", "ecris a [removed] stp"),
    ("fr-3018", "mail: lea [at] gmail [.] com", "mail: [removed]"),
    ("fr-3018", "insta: @lea.dupont2011 ou lea＠gmail.com", "insta: [removed] ou [removed]"),
    # query strings of links, where tokens and addresses travel
    ("fr-3018", "le lien https://3018.fr/chat?email=lea%40x.com&t=1 est mort", "le lien https://3018.fr/chat [removed] est mort"),
    ("fr-3018", "voir www.3018.fr/contact#token=abc", "voir www.3018.fr/contact [removed]"),
    ("fr-3018", "https://3018.fr/contact ne marche pas", "https://3018.fr/contact ne marche pas"),
    # service numbers stay: short ones, and the entry's own
    ("fr-3018", "Le 3018 ne répond pas, ni le 116 006 ni le 119", "Le 3018 ne répond pas, ni le 116 006 ni le 119"),
    ("fr-fil-sante-jeunes", "le 0 800 235 236 sonne occupé", "le 0 800 235 236 sonne occupé"),
    ("ca-988", "I called at noon. Nobody answered, 3 times", "I called at noon. Nobody answered, 3 times"),
])
def test_no_phone_number_of_any_country_no_address_and_no_query_string_is_kept(client, entry_id, comment, kept):
    response = report(client, entry_id, reason="other", comment=comment)
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["comment"] == kept
