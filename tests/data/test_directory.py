"""The curated directory in resources/: valid, and every covered country answers every category."""
import pytest

from api.directory.locales import bcp47
from api.directory.taxonomy import CATEGORY_SLUGS
from api.i18n.worksheets import shipped_locales
from api.store.folder import read_folder
from tests.support.apps import RESOURCES, documents

COVERED = ("FR", "BE", "CH", "CA", "GB", "US", "DE")


def hidden() -> set[str]:
    return {d["id"] for d in documents(RESOURCES) if d["needs_review"] or d["status"] == "retired"}


@pytest.fixture
def directory_client(shipped_app):
    return shipped_app.test_client()


def test_resources_pass_validation(runner):
    result = runner.invoke(args=["validate", str(RESOURCES)])
    assert result.exit_code == 0, result.output
    assert not read_folder(RESOURCES)[1]


def test_every_entry_keeps_its_sources_and_verified_date():
    for document in documents(RESOURCES):
        assert document["sources"] and all(s.startswith("https://") for s in document["sources"])
        assert document["verified_at"]


def test_unconfirmed_facts_are_kept_out_of_answers():
    assert {"fr-3020", "be-ecops"} <= hidden()          # merged into 3018; closed
    assert {"fr-sos-homophobie", "us-ccri", "ch-142"} <= hidden()


def test_france_cyberharassment_shows_the_3018(directory_client):
    answer = directory_client.get("/v1/help?country=FR&category=cyberharassment&lang=fr").get_json()
    assert answer["coverage"] == "full"
    first = answer["listen"][0]
    assert first["id"] == "fr-3018"
    assert first["contacts"][0]["uri"] == "tel:3018"
    emergency = {c["value"] for e in answer["emergency"] for c in e["contacts"]}
    assert {"15", "17", "18", "112", "114"} <= emergency


def test_the_114_is_text_only(directory_client):
    answer = directory_client.get("/v1/help?country=FR&category=domestic_violence").get_json()
    entry = next(e for e in answer["emergency"] if e["id"] == "fr-114")
    assert "phone" not in {c["type"] for c in entry["contacts"]}
    assert "sms:114" in {c["uri"] for c in entry["contacts"]}


@pytest.mark.parametrize("country", COVERED)
def test_every_covered_country_answers_every_category(directory_client, country):
    for category in CATEGORY_SLUGS:
        response = directory_client.get(f"/v1/help?country={country}&category={category}")
        assert response.status_code == 200
        answer = response.get_json()
        assert answer["coverage"] in ("full", "partial")
        assert answer["emergency"], (country, category)
        shown = [e for group in ("emergency", "listen", "report") for e in answer[group]]
        assert not {e["id"] for e in shown} & hidden()
        for entry in shown:
            for contact in entry["contacts"]:
                assert contact["uri"] is None or contact["uri"].startswith(("tel:", "sms:", "https://", "mailto:"))
        if country == "FR":
            assert answer["coverage"] == "full" and answer["listen"], category


def test_a_country_reads_its_emergency_numbers_in_each_of_its_languages_the_interface_speaks(directory_client):
    """An entry's text is served only in a language with a catalog: every such text reaches its country's screen."""
    catalogs, held = set(shipped_locales()), hidden()
    written = {(country, language) for document in documents(RESOURCES) if document["kind"] == "emergency"
               and document["id"] not in held for country in document["countries"]
               for language in document["texts"] if language in catalogs}
    unread = []
    for country, language in sorted(written):
        query = f"country={country}&category=cyberharassment&lang={bcp47(language)}"
        answer = directory_client.get(f"/v1/help?{query}").get_json()
        if answer["locale"] != bcp47(language) or \
                not any(entry["text_langs"]["name"] == bcp47(language) for entry in answer["emergency"]):
            unread.append((country, language))
    assert not unread
    assert {("PK", "ur"), ("MT", "mt"), ("PH", "fil"), ("IE", "ga"), ("TW", "zh_Hant")} <= written


def test_an_international_service_is_written_in_every_language_the_interface_speaks():
    """Every country's screen shows it: a new catalog asks for its texts (helplinks texts missing xx --country INTL)."""
    catalogs = set(shipped_locales())
    international = [document for document in documents(RESOURCES) if document["countries"] == ["INTL"]]
    assert international
    assert {document["id"]: sorted(catalogs - set(document["texts"])) for document in international} == \
        {document["id"]: [] for document in international}


def test_quebec_adds_its_own_services(directory_client):
    canada = directory_client.get("/v1/help?country=CA&category=domestic_violence").get_json()
    quebec = directory_client.get("/v1/help?country=CA&subdivision=CA-QC&category=domestic_violence").get_json()
    assert "qc-sos-violence-conjugale" in {e["id"] for e in quebec["listen"]}
    assert "qc-sos-violence-conjugale" not in {e["id"] for e in canada["listen"]}
