"""The screen rules (docs/screens.md): every help screen a child or a teen can reach is complete and right.

The fixture directory has France complete and Canada without a reporting route for minors, so that
both a kept rule and a broken one show.
"""
import shutil
from pathlib import Path

import pytest
import yaml

from api.directory.entries import AGE_BANDS, YOUNG, Entry
from api.directory.screens import MINOR_REPORT_CATEGORIES, Break, breaks, young_screens
from api.directory.selection import Directory, HelpQuery, Selection
from api.directory.taxonomy import CATEGORY_SLUGS
from api.schemas import BundleSchema
from tests.support.answers import help_for
from tests.support.apps import FIXTURES, ids
from tests.support.languages import translation
from tests.support.page import Page

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
REPORT_KINDS = ("police", "gendarmerie", "reporting_platform")


def entry(**fields) -> Entry:
    """A minimal French entry; `fields` change it."""
    return Entry.from_document({
        "id": "x", "kind": "listening_line", "countries": ["FR"], "categories": ["mental_health"], "language": "fr",
        "texts": {"fr": {"name": "X"}}, "contacts": [{"type": "web", "value": "https://example.org"}],
        "sources": ["https://example.org"], "verified_at": "2025-01-01", **fields,
    })


# -- age bands: defined once, honoured with min_age and max_age ---------------------------------------
def test_the_age_bands():
    assert AGE_BANDS == {"children": (0, 12), "teens": (13, 17), "adults": (18, None)}


@pytest.mark.parametrize("fields, children, teens, adults", [
    ({}, True, True, True),                                        # no audience, no age: everyone
    ({"audiences": ["children", "teens"]}, True, True, False),
    ({"audiences": ["adults"]}, False, False, True),
    ({"min_age": 18}, False, False, True),                         # StopNCII
    ({"audiences": ["children", "teens", "adults"], "min_age": 18}, False, False, True),  # the age wins
    ({"max_age": 12}, True, False, False),
    ({"max_age": 17}, True, True, False),                          # Take It Down
    ({"min_age": 13}, False, True, True),                          # Report Harmful Content
    ({"min_age": 16}, False, True, True),                          # 16+: some teens
    ({"audiences": ["children", "teens", "adults"], "min_age": 12, "max_age": 25}, True, True, True),  # Fil Santé Jeunes
    ({"audiences": ["teens", "adults"], "max_age": 12}, False, False, False),
], ids=str)
def test_an_entry_reaches_an_age_band_when_its_audiences_and_its_ages_both_allow(fields, children, teens, adults):
    shown = entry(**fields)
    assert (shown.serves("children"), shown.serves("teens"), shown.serves("adults")) == (children, teens, adults)
    assert shown.serves(None)  # a screen for anyone shows everything...


@pytest.mark.parametrize("fields, adults_only", [
    ({}, False),
    ({"min_age": 18}, True),
    ({"audiences": ["adults"]}, True),
    ({"audiences": ["adults", "parents", "professionals"]}, True),
    ({"audiences": ["adults", "witnesses"]}, False),  # a witness may be any age
    ({"audiences": ["teens", "adults"]}, False),
    ({"min_age": 16}, False),
])
def test_adults_only_means_18_and_over_or_for_grown_ups_only(fields, adults_only):
    shown = entry(**fields)
    assert shown.adults_only is adults_only
    if adults_only:  # ...and an adults-only entry never reaches a young screen
        assert not any(map(shown.serves, YOUNG))


# -- regional entries only in their region, national ones everywhere ---------------------------------
@pytest.mark.parametrize("subdivisions, asked, shown", [
    ([], None, True),
    ([], "CA-QC", True),            # a national service is never hidden for want of (or because of) a region
    (["CA-QC"], "CA-QC", True),
    (["CA-QC"], None, False),       # a regional service only where the query names its region
    (["CA-QC"], "CA-ON", False),
    (["CA-QC", "CA-ON"], "CA-ON", True),
])
def test_regional_entries_show_only_in_their_subdivisions(subdivisions, asked, shown):
    assert entry(countries=["CA"], subdivisions=subdivisions).in_area("CA", asked) is shown


# -- every young screen of the fixtures, as GET /v1/help answers it -----------------------------------
SCREENS = [(country, category, audience) for country in ("FR", "CA") for category in CATEGORY_SLUGS for audience in YOUNG]


@pytest.mark.parametrize("country, category, audience", SCREENS, ids=["-".join(s) for s in SCREENS])
def test_every_young_screen_has_someone_to_talk_to_emergency_numbers_and_nothing_for_adults(client, country, category, audience):
    answer = help_for(client, country=country, category=category, audience=audience)
    assert answer["listen"], "someone to talk to"
    assert answer["emergency"], "the emergency numbers"
    shown = [e for group in ("emergency", "listen", "report") for e in answer[group]]
    assert not [e["id"] for e in shown if e["adults_only"]]
    assert not [e["id"] for e in shown if e["min_age"] is not None and e["min_age"] > AGE_BANDS[audience][1]]
    assert not [e["id"] for e in shown if e["max_age"] is not None and e["max_age"] < AGE_BANDS[audience][0]]
    if country == "FR":
        assert "fr-119" in ids(answer["listen"]), "the child helpline, whatever the category"


@pytest.mark.parametrize("category", MINOR_REPORT_CATEGORIES)
@pytest.mark.parametrize("audience", YOUNG)
def test_a_young_french_screen_about_sexual_harm_has_a_national_route_for_reports_about_minors(client, category, audience):
    report = help_for(client, country="FR", category=category, audience=audience)["report"]
    assert [e["id"] for e in report if e["kind"] in REPORT_KINDS] == ["fr-pharos"]  # StopNCII is 18+


def test_the_child_helpline_joins_a_childs_screen_even_where_the_category_has_its_own_line(client):
    assert ids(help_for(client, country="FR", category="cyberharassment")["listen"]) == ["fr-3018"]
    assert ids(help_for(client, country="FR", category="cyberharassment", audience="children")["listen"]) == ["fr-3018", "fr-119"]


def test_a_category_with_only_a_reporting_route_still_gets_someone_to_talk_to(client):
    answer = help_for(client, country="FR", category="hate_speech")
    assert answer["coverage"] == "full" and ids(answer["report"]) == ["fr-pharos"]
    assert ids(answer["listen"]) == ["fr-119", "fr-fil-sante-jeunes"]  # the general lines, since PHAROS only takes reports


def test_without_an_audience_adult_only_services_stay_and_say_so(client):
    answer = help_for(client, country="FR", category="sextortion")
    stopncii = next(e for e in answer["report"] if e["id"] == "intl-stopncii")
    assert stopncii["adults_only"] is True and stopncii["ages"] == "Ages 18 and over"
    assert next(e for e in answer["report"] if e["id"] == "fr-pharos")["adults_only"] is False
    french = help_for(client, country="FR", category="sextortion", lang="fr")["report"]
    assert next(e for e in french if e["id"] == "intl-stopncii")["ages"] == "À partir de 18 ans"


@pytest.mark.parametrize("audience", YOUNG)
def test_a_young_screen_never_shows_an_adult_only_service(client, audience):
    assert "intl-stopncii" not in ids(help_for(client, country="FR", category="sextortion", audience=audience)["report"])


def test_the_page_labels_adult_only_services(app, client):
    page = Page(client.get("/embed/help?country=FR&category=sextortion&lang=fr").get_data(as_text=True))
    assert translation(app, "fr", "Adults only") in page.text("span")
    teens = Page(client.get("/embed/help?country=FR&category=sextortion&lang=fr&audience=teens").get_data(as_text=True))
    assert translation(app, "fr", "Adults only") not in teens.text("span")
    assert "https://stopncii.org" not in [a["href"] for a in teens.all("a")]


def test_a_bundle_carries_each_young_screen_and_the_adult_only_label(client):
    bundle = client.get("/v1/bundle?country=FR&lang=fr").get_json()
    BundleSchema().load(bundle)
    sextortion = next(c for c in bundle["categories"] if c["slug"] == "sextortion")
    assert sextortion["report"] == ["fr-pharos", "intl-stopncii"]
    assert sextortion["audiences"]["teens"] == {"coverage": "full", "listen": ["fr-3018", "fr-119"], "report": ["fr-pharos"]}
    assert bundle["entries"]["intl-stopncii"]["adults_only"] is True
    assert bundle["labels"]["adults_only"] == "Réservé aux adultes"


def test_a_bundle_gives_each_region_its_young_screens(client):
    quebec = client.get("/v1/bundle?country=CA&lang=fr").get_json()["subdivisions"]["CA-QC"]
    assert quebec["domestic_violence"]["audiences"]["teens"]["listen"] == ["qc-sos-violence-conjugale"]


# -- the rules checked on a screen -------------------------------------------------------------------
def test_a_screen_that_shows_an_adult_only_or_another_regions_service_breaks_the_rules():
    emergency = entry(id="fr-17", kind="emergency", categories=[])
    line = entry(id="line", audiences=["children", "teens"])
    adults = entry(id="adults", kind="police", audiences=["adults"], categories=["grooming"])
    regional = entry(id="quebec", countries=["FR"], subdivisions=["FR-75"], categories=["grooming"])
    screen = HelpQuery("FR", "grooming", audience="teens")
    shown = Selection("full", (emergency,), (line, regional), (adults,))
    assert [str(b) for b in breaks(screen, shown)] == [
        "minor_report: no national police, gendarmerie or reporting platform here takes reports about minors",
        "region: quebec: a service of another region",
        "adults_only: adults: restricted to adults, or not for this age",
    ]
    assert breaks(screen, Selection("full", (), (), ())) == (Break("listen"), Break("minor_report"), Break("emergency"))


def test_a_country_with_regional_entries_has_screens_in_each_region():
    documents = yaml.safe_load((FIXTURES / "ca.yaml").read_text())["entries"]
    directory = Directory(Entry.from_document(d) for d in documents)
    screens = young_screens(directory, "CA")
    assert len(screens) == len(CATEGORY_SLUGS) * 2 * 2  # children and teens, nationally and in CA-QC
    assert {s.subdivision for s in screens} == {None, "CA-QC"}


# -- helplinks screens and /v1/countries ---------------------------------------------------------------
CANADA_BREAKS = [f"CA {area}{category} {audience}: minor_report" for area in ("", "CA-QC ")
                 for category in MINOR_REPORT_CATEGORIES for audience in YOUNG]


def test_screens_lists_each_broken_screen_with_the_rule_it_breaks_and_fails(runner):
    result = runner.invoke(args=["screens", str(FIXTURES)])
    assert result.exit_code == 1, result.output
    *lines, summary = result.output.splitlines()
    assert [line.split(": no ")[0] for line in lines] == CANADA_BREAKS
    assert summary == "68 of 84 screens complete"


def test_screens_of_a_complete_country_pass(runner):
    result = runner.invoke(args=["screens", str(FIXTURES), "--country", "fr"])
    assert result.exit_code == 0, result.output
    assert result.output == "28 of 28 screens complete\n"


def test_screens_names_the_rule_when_a_route_goes(runner, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(FIXTURES, folder)
    french = yaml.safe_load((folder / "fr.yaml").read_text())
    pharos = next(e for e in french["entries"] if e["id"] == "fr-pharos")
    pharos["categories"].remove("grooming")
    (folder / "fr.yaml").write_text(yaml.safe_dump(french, allow_unicode=True))
    result = runner.invoke(args=["screens", str(folder), "--country", "FR"])
    assert result.exit_code == 1
    assert [line.split(": no ")[0] for line in result.output.splitlines()[:-1]] == [
        "FR grooming children: minor_report", "FR grooming teens: minor_report"]


def test_screens_reads_what_the_database_serves(runner):
    result = runner.invoke(args=["screens", "--database", "--country", "FR"])
    assert result.exit_code == 0 and result.output == "28 of 28 screens complete\n"


@pytest.mark.parametrize("option", [["--country", "XX"], ["--country", "INTL"]])
def test_screens_refuses_an_unknown_country(runner, option):
    result = runner.invoke(args=["screens", str(FIXTURES), *option])
    assert result.exit_code == 2 and "--country" in result.output


def test_every_young_screen_of_the_shipped_directory_is_complete(runner):
    result = runner.invoke(args=["screens", str(RESOURCES)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(" screens complete\n")


def test_countries_count_their_complete_screens(client):
    countries = {c["code"]: c for c in client.get("/v1/countries").get_json()["countries"]}
    assert countries["FR"]["screens"] == {"complete": 28, "total": 28}
    assert countries["CA"]["screens"] == {"complete": 40, "total": 56}  # CA and CA-QC: no route for reports about minors
    everywhere = {c["code"]: c for c in client.get("/v1/countries?all=true").get_json()["countries"]}
    assert everywhere["BE"]["screens"] == {"complete": 0, "total": 28}  # not covered: no emergency numbers, nobody local


def test_the_screen_counts_are_documented(client):
    definitions = client.get("/swagger.json").get_json()["definitions"]
    assert "screens" in definitions["CountryOut"]["required"]
    assert set(definitions["ScreenCount"]["properties"]) == {"complete", "total"}
    assert "adults_only" in definitions["HelpResource"]["required"]
