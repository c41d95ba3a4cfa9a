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
