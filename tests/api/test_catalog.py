"""Categories, countries and the entries themselves: localized, paginated, documented."""
import pytest

from api.directory.taxonomy import CATEGORY_SLUGS


def test_categories_are_the_contract_slugs_in_order(client):
    body = client.get("/v1/categories").get_json()
    assert [c["slug"] for c in body["categories"]] == list(CATEGORY_SLUGS)
    assert body["categories"][0]["name"] == "Online harassment"


def test_categories_are_translated(client):
    body = client.get("/v1/categories?lang=fr").get_json()
    assert body["locale"] == "fr"
    assert body["categories"][3] == {"slug": "sextortion", "name": "Sextorsion",
                                     "description": body["categories"][3]["description"]}
    assert "images intimes" in body["categories"][3]["description"]


def test_countries_lists_covered_countries_with_cldr_names(client):
    body = client.get("/v1/countries?lang=fr").get_json()
    by_code = {c["code"]: c for c in body["countries"]}
    assert set(by_code) == {"FR", "CA"}
    assert by_code["CA"]["name"] == "Canada" and by_code["FR"]["name"] == "France"
    assert by_code["FR"]["coverage"] == "partial"  # the fixture has nothing for scams
    assert "cyberharassment" in by_code["FR"]["categories"] and "scams" not in by_code["FR"]["categories"]


def test_countries_all_lists_every_country_with_its_coverage(client):
    body = client.get("/v1/countries?all=true&lang=fr").get_json()
    by_code = {c["code"]: c for c in body["countries"]}
    assert by_code["DE"]["name"] == "Allemagne" and by_code["DE"]["coverage"] == "none"
    assert len(by_code) > 240


def test_resources_are_paginated_with_link_headers(client):
    first = client.get("/v1/resources?per_page=4")
    assert first.status_code == 200
    body = first.get_json()
    assert body["total"] == 11  # retired and unreviewed entries are not listed
    assert len(body["items"]) == 4 and first.headers["X-Total-Count"] == "11"
    assert 'rel="next"' in first.headers["Link"] and 'rel="prev"' not in first.headers["Link"]
    last = client.get("/v1/resources?per_page=4&page=3")
    assert len(last.get_json()["items"]) == 3 and 'rel="next"' not in last.headers["Link"]
    seen = [i["id"] for page in (1, 2, 3) for i in client.get(f"/v1/resources?per_page=4&page={page}").get_json()["items"]]
    assert len(seen) == len(set(seen)) == 11


@pytest.mark.parametrize("query, expected", [
    ("country=CA", {"ca-911", "ca-988", "qc-sos-violence-conjugale"}),
    ("country=intl", {"intl-stopncii"}),
    ("category=domestic_violence", {"fr-119", "fr-3919", "qc-sos-violence-conjugale"}),
    ("kind=emergency&country=FR", {"fr-17", "fr-112"}),
    ("status=retired", {"fr-3020"}),
])
def test_resources_filters(client, query, expected):
    assert {i["id"] for i in client.get(f"/v1/resources?{query}").get_json()["items"]} == expected


def test_one_resource_without_curator_notes(client):
    response = client.get("/v1/resources/fr-3018")
    body = response.get_json()
    assert body["id"] == "fr-3018" and body["version"] == 1
    assert "notes" not in body and "review_note" not in body
    assert response.headers["ETag"]


def test_unknown_and_unreviewed_resources_are_404_problems(client):
    for entry_id in ("nope", "fr-sos-homophobie"):
        response = client.get(f"/v1/resources/{entry_id}")
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"


def test_bad_listing_parameters_are_400(client):
    problem = client.get("/v1/resources?per_page=1000&kind=hotline").get_json()
    assert problem["status"] == 400 and set(problem["errors"]) == {"per_page", "kind"}


def test_health(client):
    assert client.get("/healthz").get_json()["status"] == "ok"
