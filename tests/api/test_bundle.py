"""GET /v1/bundle and /v1/bundle/manifest: a whole country for offline use, versioned and hashed."""
import hashlib
from datetime import datetime, timezone

import pytest

from api.directory.taxonomy import CATEGORY_SLUGS
from tests.support.outage import cut_database


def bundle(client, **params):
    response = client.get("/v1/bundle", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response


def test_a_bundle_holds_every_category_emergency_numbers_and_their_entries(client):
    document = bundle(client, country="FR", lang="fr").get_json()
    assert document["country"] == "FR" and document["locale"] == "fr" and document["dir"] == "ltr"
    assert [c["slug"] for c in document["categories"]] == list(CATEGORY_SLUGS)
    assert document["emergency"] == ["fr-17", "fr-112"]
    by_slug = {c["slug"]: c for c in document["categories"]}
    assert by_slug["sextortion"]["name"] == "Sextorsion"
    assert by_slug["sextortion"]["listen"] == ["fr-3018"] and by_slug["sextortion"]["report"] == ["fr-pharos", "intl-stopncii"]
    assert by_slug["scams"]["coverage"] == "partial" and by_slug["scams"]["listen"] == ["fr-119", "fr-fil-sante-jeunes"]
    routes = [c for c in document["categories"]] + [r for c in document["categories"] for r in c["audiences"].values()]
    referenced = set(document["emergency"]) | {i for r in routes for g in ("listen", "report") for i in r[g]}
    assert set(document["entries"]) == referenced
    assert "fr-3020" not in document["entries"] and "fr-sos-homophobie" not in document["entries"]
    assert document["labels"]["channels"]["phone"] == "Appeler"
    assert document["labels"]["closed_opens_at_parts"] == {"before": "Fermé, ouvre à ", "after": ""}
    assert document["labels"]["closed_opens_at"] == "Fermé, ouvre à %(time)s"  # deprecated, kept for older apps


def test_the_three_versions_of_a_bundle_are_named_apart(client):
    document = bundle(client, country="FR", lang="fr").get_json()
    assert document["bundle_version"] == document["version"] and isinstance(document["bundle_version"], str)
    assert document["format"] == 1
    manifest = client.get("/v1/bundle/manifest?lang=fr").get_json()
    assert manifest["directory_version"] == manifest["version"] == client.get("/healthz").get_json()["directory_version"]
    row = next(r for r in manifest["bundles"] if (r["country"], r["locale"]) == ("FR", "fr"))
    assert row["bundle_version"] == document["bundle_version"]


@pytest.mark.parametrize("country, lang", [("FR", "fr"), ("CA", "en"), ("BE", "fr")])
def test_bundles_match_their_documented_schema(client, country, lang):
    from api.schemas import BundleSchema

    document = bundle(client, country=country, lang=lang).get_json()
    assert BundleSchema().load(document)["country"] == country  # raises on any undocumented or mistyped field


def test_bundle_hours_are_rules_an_app_can_apply_offline(client):
    entry = bundle(client, country="FR", lang="fr").get_json()["entries"]["fr-3018"]
    hours = entry["hours"]
    assert hours["timezone"] == "Europe/Paris"
    assert hours["weekly"] == [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "09:00", "closes": "23:00"}]
    assert "open_now" not in hours and "next_change" not in hours
    assert hours["text"]
    assert [c["uri"] for c in entry["contacts"]] == ["tel:3018", "https://3018.fr"]


def test_every_link_in_a_bundle_is_tel_sms_or_https(client):
    for country in ("FR", "CA", "BE"):
        for entry in bundle(client, country=country).get_json()["entries"].values():
            for contact in entry["contacts"]:
                assert contact.get("uri") is None or contact["uri"].split(":")[0] in ("tel", "sms", "https")


def test_regional_services_are_listed_per_subdivision(client):
    document = bundle(client, country="CA", lang="en").get_json()
    quebec = document["subdivisions"]["CA-QC"]
    assert quebec["domestic_violence"]["listen"] == ["qc-sos-violence-conjugale"]
    assert quebec["domestic_violence"]["emergency"] == ["ca-911"]
    assert document["entries"]["qc-sos-violence-conjugale"]["subdivisions"] == ["CA-QC"]
    by_slug = {c["slug"]: c for c in document["categories"]}
    assert by_slug["domestic_violence"]["listen"] == ["ca-988"]


def test_a_bundle_does_not_change_with_the_clock_but_with_the_directory(app, client, clock):
    first = bundle(client, country="FR", lang="fr")
    clock.now = datetime(2026, 12, 5, 23, 30, tzinfo=timezone.utc)
    assert client.get("/v1/bundle?country=FR&lang=fr", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    store = app.extensions["helplinks"].store
    store.import_documents([{**store.entry("fr-3018").document, "priority": 95}])
    changed = client.get("/v1/bundle?country=FR&lang=fr", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["version"] != first.get_json()["version"]
    assert changed.get_json()["entries"]["fr-3018"] == first.get_json()["entries"]["fr-3018"]


def test_an_edit_elsewhere_leaves_a_bundle_as_it_was(app, client):
    france, canada = bundle(client, country="FR", lang="fr"), bundle(client, country="CA", lang="fr")
    store = app.extensions["helplinks"].store
    store.import_documents([{**store.entry("ca-988").document, "priority": 85}])
    assert bundle(client, country="FR", lang="fr").data == france.data
    assert bundle(client, country="CA", lang="fr").headers["ETag"] != canada.headers["ETag"]
    manifest = client.get("/v1/bundle/manifest?lang=fr").get_json()
    assert manifest["version"] == 2
    rows = {(row["country"], row["locale"]): row for row in manifest["bundles"]}
    assert rows["FR", "fr"]["etag"] == france.headers["ETag"] and rows["FR", "fr"]["version"] == france.get_json()["version"]


def test_a_stream_of_edits_leaves_one_copy_of_each_bundle_in_memory(app, client):
    """Every edit makes a new version of the country's bundles; a worker holds only the newest of each."""
    shared = app.extensions["helplinks"]
    versions = set()
    for priority in range(80, 90):
        shared.store.import_documents([{**shared.store.entry("fr-3018").document, "priority": priority}])
        versions.add(bundle(client, country="FR", lang="fr").get_json()["version"])
        bundle(client, country="FR", lang="en")
    assert len(versions) == 10
    assert len(shared.snapshot._lasting) == 2


@pytest.mark.parametrize("lang", ["fr", "en", "ar", "pl"])
def test_the_manifest_lists_each_bundle_of_its_locale_with_the_sha256_of_its_bytes(client, lang):
    response = client.get(f"/v1/bundle/manifest?lang={lang}")
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("public")
    manifest = response.get_json()
    assert manifest["locale"] == response.headers["Content-Language"] == lang
    assert [(row["country"], row["locale"]) for row in manifest["bundles"]] == [("CA", lang), ("FR", lang)]
    for row in manifest["bundles"]:
        assert row["url"] == f"/v1/bundle?country={row['country']}&lang={lang}"
        served = client.get(row["url"])
        assert hashlib.sha256(served.data).hexdigest() == row["sha256"]
        assert served.headers["ETag"] == row["etag"] and len(served.data) == row["bytes"]
        assert row["version"] == row["bundle_version"] == served.get_json()["version"]
        assert served.get_json()["locale"] == lang


def test_a_manifest_renders_the_bundles_of_its_locale_only(app, client):
    assert client.get("/v1/bundle/manifest?lang=de").status_code == 200
    assert {slot[2] for slot in app.extensions["helplinks"].snapshot._lasting} == {"de"}


@pytest.mark.parametrize("lang, accept_language, locale, vary", [
    (None, None, "en", True),                      # neither: English
    (None, "fr-CA, en;q=0.5", "fr", True),         # Accept-Language, with its CLDR parents
    ("de", "fr", "de", False),                     # lang overrides Accept-Language, which then changes nothing
    ("pt-BR", None, "pt", False),                  # lang falls back on its parent
    ("haw", "ar", "ar", True),                     # no catalog for lang: Accept-Language decides
])
def test_the_manifest_negotiates_its_locale_like_every_answer(client, lang, accept_language, locale, vary):
    response = client.get("/v1/bundle/manifest", query_string={"lang": lang} if lang else {},
                          headers={"Accept-Language": accept_language} if accept_language else {})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == locale == response.get_json()["locale"]
    assert {row["locale"] for row in response.get_json()["bundles"]} == {locale}
    assert ("Accept-Language" in response.headers.get("Vary", "")) is vary


def test_a_manifest_is_revalidated_with_its_etag(client):
    first = client.get("/v1/bundle/manifest?lang=fr")
    again = client.get("/v1/bundle/manifest?lang=fr", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == first.headers["ETag"]
    english = client.get("/v1/bundle/manifest?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert english.status_code == 200 and english.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize("query, field", [("?country=FR", "country"), ("?lang=fr&locale=fr", "locale"), ("?lang=!!", "lang")])
def test_bad_manifest_queries_are_a_400_problem(client, query, field):
    response = client.get("/v1/bundle/manifest" + query)
    assert response.status_code == 400 and response.content_type == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_manifest_hashes_follow_the_bytes_served_during_an_outage(app, client):
    cut_database(app)
    manifest = client.get("/v1/bundle/manifest").get_json()
    assert manifest["stale"] is True
    row = manifest["bundles"][0]
    served = client.get(row["url"])
    assert served.get_json()["stale"] is True
    assert hashlib.sha256(served.data).hexdigest() == row["sha256"]


@pytest.mark.parametrize("query, field", [("", "country"), ("?country=XX", "country"), ("?country=FR&lang=!!", "lang")])
def test_bad_bundle_queries_are_a_400_problem(client, query, field):
    response = client.get("/v1/bundle" + query)
    assert response.status_code == 400 and field in response.get_json()["errors"]


def test_the_api_docs_describe_bundles_and_readiness(client):
    spec = client.get("/swagger.json").get_json()
    assert {"/v1/bundle", "/v1/bundle/manifest", "/readyz", "/v1/help"} <= set(spec["paths"])
    assert "sha256" in spec["definitions"]["ManifestRow"]["properties"]
