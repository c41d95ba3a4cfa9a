"""Answers in each shipped language: the service's own words translated, numbers and links untouched."""
from datetime import datetime, timezone

import pytest

from api.directory.locales import bcp47
from api.directory.taxonomy import CATEGORIES
from tests.support.databases import only_sqlite
from tests.support.languages import SAME_AS_ENGLISH, SHIPPED
QUERIES = [
    {"country": "FR", "category": "cyberharassment"},       # full coverage, weekly hours, a chat
    {"country": "FR", "category": "scams"},                 # partial: a notice
    {"country": "BE", "category": "nonconsensual_imagery"},  # none: another notice
    {"country": "CA", "category": "self_harm_suicide"},     # an sms contact
    {"country": "FR", "category": "domestic_violence", "audience": "adults"},
]
SATURDAY_NIGHT = datetime(2026, 12, 5, 23, 30, tzinfo=timezone.utc)  # 00:30 on Sunday in Paris
ARABIC = range(0x0600, 0x0700)


def service_texts(answer: dict) -> dict:
    """Every text of a help answer that the service writes itself (not the entries' own texts), by place."""
    texts = {"category.name": answer["category"]["name"], "category.description": answer["category"]["description"],
             "notice": answer["notice"]}
    for group in ("emergency", "listen", "report"):
        for resource in answer[group]:
            at = f"{group}.{resource['id']}"
            texts[f"{at}.kind_label"] = resource["kind_label"]
            texts[f"{at}.languages_text"] = resource["languages_text"]
            texts.update({f"{at}.audience.{i}": label for i, label in enumerate(resource["audience_labels"])})
            for i, contact in enumerate(resource["contacts"]):
                texts[f"{at}.contact.{i}.label"] = contact["label"]
                for key in ("text", "state"):
                    texts[f"{at}.contact.{i}.hours.{key}"] = (contact["hours"] or {}).get(key)
            for key in ("text", "state"):
                texts[f"{at}.hours.{key}"] = (resource["hours"] or {}).get(key)
    return {place: text for place, text in texts.items() if text is not None}


class Recorder:
    """A catalog that remembers every message looked up in it and whether it had a translation."""

    def __init__(self, catalog):
        self.catalog, self.untranslated = catalog, set()

    def gettext(self, message: str) -> str:
        said = self.catalog.gettext(message)
        if said == message:
            self.untranslated.add(message)
        return said

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        said = self.catalog.ngettext(singular, plural, n)
        if said in (singular, plural):
            self.untranslated.add(singular)
        return said


def numbers(answer: dict) -> list:
    return [(r["id"], c["type"], c["value"], c["display"], c["uri"])
            for group in ("emergency", "listen", "report") for r in answer[group] for c in r["contacts"]]


@only_sqlite  # the catalogs' work: the same on every database
@pytest.mark.parametrize("locale", SHIPPED)
@pytest.mark.parametrize("moment", ["open", "closed"])
def test_no_english_is_left_in_the_services_own_words(app, client, clock, locale, moment):
    if moment == "closed":
        clock.now = SATURDAY_NIGHT
    catalogs = app.extensions["helplinks"].catalogs
    catalogs.translations[locale] = recorder = Recorder(catalogs.translations[locale])
    allowed = {english for code, english in SAME_AS_ENGLISH if code == locale}
    for query in QUERIES:
        english = client.get("/v1/help", query_string={**query, "lang": "en"}).get_json()
        answer = client.get("/v1/help", query_string={**query, "lang": locale}).get_json()
        theirs, ours = service_texts(answer), service_texts(english)
        assert theirs.keys() == ours.keys()
        leftovers = {place: text for place, text in theirs.items() if text == ours[place] and text not in allowed}
        assert not leftovers, f"{locale} {query}: still in English: {leftovers}"
        assert numbers(answer) == numbers(english)  # the same numbers, whatever the language
    assert recorder.untranslated <= allowed, f"{locale}: used without a translation: {recorder.untranslated - allowed}"


@only_sqlite
@pytest.mark.parametrize("locale", ["en", *SHIPPED])
def test_categories_are_named_in_each_language(app, client, locale):
    response = client.get(f"/v1/categories?lang={bcp47(locale)}")
    assert response.headers["Content-Language"] == bcp47(locale)
    translations = app.extensions["helplinks"].catalogs.get(locale)
    names = {c["slug"]: c["name"] for c in response.get_json()["categories"]}
    assert names == {c.slug: translations.gettext(c.name) for c in CATEGORIES}
    if locale != "en":
        assert not [c.slug for c in CATEGORIES if names[c.slug] == c.name], f"{locale}: category names left in English"


def test_an_arabic_screen_in_france_keeps_the_french_numbers(client):
    french = client.get("/v1/help?country=FR&category=cyberharassment", headers={"Accept-Language": "fr"})
    arabic = client.get("/v1/help?country=FR&category=cyberharassment", headers={"Accept-Language": "ar"})
    assert arabic.headers["Content-Language"] == "ar"
    answer, reference = arabic.get_json(), french.get_json()
    assert (answer["locale"], answer["dir"]) == ("ar", "rtl")
    assert answer["country_name"] == "فرنسا" and answer["category"]["name"] == "التنمر الإلكتروني"
    line = answer["listen"][0]
    assert line["kind_label"] == "خط المساعدة"
    assert [c["label"] for c in line["contacts"]] == ["اتصل", "دردش"]
    assert all(ord(ch) in ARABIC or not ch.isalpha() for ch in line["hours"]["text"] + line["languages_text"])
    # the entry has no Arabic text: its own French, marked so that the app lays it out left to right
    assert (line["lang"], line["dir"], line["name"]) == ("fr", "ltr", "3018 – Harcèlement et violences numériques")
    assert line["language_names"] == ["الفرنسية"]
    assert numbers(answer) == numbers(reference)
    assert [c["uri"] for c in line["contacts"]] == ["tel:3018", "https://3018.fr"]


@pytest.mark.parametrize("locale, canada, france, uncovered", [
    ("en", "3 services", "7 services", "0 services"),
    ("fr", "3 services", "7 services", "0 service"),
    ("pl", "3 punkty pomocy", "7 punktów pomocy", "0 punktów pomocy"),
    ("ar", "3 خدمات", "7 خدمات", "لا توجد خدمات"),
    ("tr", "3 hizmet", "7 hizmet", "0 hizmet"),
])
def test_country_coverage_is_counted_with_the_plural_rules_of_the_language(client, locale, canada, france, uncovered):
    answer = client.get(f"/v1/countries?all=true&lang={locale}").get_json()
    by_code = {country["code"]: country for country in answer["countries"]}
    assert (by_code["CA"]["services"], by_code["FR"]["services"], by_code["BE"]["services"]) == (3, 7, 0)
    assert [by_code[code]["coverage_text"] for code in ("CA", "FR", "BE")] == [canada, france, uncovered]


def test_country_names_come_from_cldr_and_sort_without_tripping_on_accents(client):
    names = [c["name"] for c in client.get("/v1/countries?all=true&lang=fr").get_json()["countries"]]
    assert "Égypte" in names and "Allemagne" in names
    assert names.index("Dominique") < names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
    arabic = client.get("/v1/countries?lang=ar").get_json()
    assert {c["code"]: c["name"] for c in arabic["countries"]} == {"CA": "كندا", "FR": "فرنسا"}
    assert arabic["dir"] == "rtl"
