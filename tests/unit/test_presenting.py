"""How hours, languages and an entry's own texts are said in a language (CLDR and the catalogs)."""
import shutil
from datetime import datetime, timezone

import pytest

from api.directory.entries import Entry
from api.directory.hours import OpeningHours
from api.directory.locales import text_chain
from api.directory.present import Presenter
from api.i18n import LOCALES_DIR, Catalogs

CATALOGS = Catalogs()
OFFICE_HOURS = OpeningHours.from_document({"timezone": "Europe/Paris", "weekly": [
    {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"},
    {"days": ["sat"], "opens": "10:00", "closes": "13:00"},
]})
EVERY_EVENING = OpeningHours.from_document({"timezone": "Europe/Paris", "weekly": [
    {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "18:00", "closes": "02:00"},
]})
SATURDAY_EVENING = datetime(2026, 12, 5, 20, 0, tzinfo=timezone.utc)  # 21:00 in Paris
FRIDAY_EVENING = datetime(2026, 12, 4, 21, 0, tzinfo=timezone.utc)
TUESDAY_DAWN = datetime(2026, 12, 1, 5, 0, tzinfo=timezone.utc)  # 06:00 in Paris


def presenter(locale: str) -> Presenter:
    return Presenter(locale, CATALOGS.get(locale))


@pytest.mark.parametrize("locale, expected", [
    ("en", "Mon\u2009–\u2009Fri 9:00\u202fAM\u2009–\u20098:00\u202fPM and Sat 10:00\u202fAM\u2009–\u20091:00\u202fPM"),
    ("fr", "lun.\u2009–\u2009ven. 09:00\u2009–\u200920:00 et sam. 10:00\u2009–\u200913:00"),
    ("de", "Mo\u2009–\u2009Fr 09:00–20:00 Uhr und Sa 10:00–13:00 Uhr"),
    ("pl", "pon.\u2009–\u2009pt. 09:00–20:00 i sob. 10:00–13:00"),
    ("ar", "الاثنين – الجمعة 9:00 ص\u2009–\u20098:00 م والسبت 10:00 ص\u2009–\u20091:00 م"),
])
def test_weekly_hours_use_cldr_days_times_ranges_and_lists(locale, expected):
    assert presenter(locale).hours(OFFICE_HOURS, TUESDAY_DAWN)["text"] == expected


@pytest.mark.parametrize("locale, expected", [
    ("en", "Every day 6:00\u202fPM\u2009–\u20092:00\u202fAM"),
    ("fr", "Tous les jours 18:00\u2009–\u200902:00"),
    ("tr", "Her gün 18:00–02:00"),
])
def test_a_service_open_every_evening_says_so(locale, expected):
    assert presenter(locale).hours(EVERY_EVENING, TUESDAY_DAWN)["text"] == expected


@pytest.mark.parametrize("locale, later_today, tomorrow, after_the_weekend", [
    ("en", "Closed, opens at 9:00\u202fAM", "Closed, opens tomorrow at 10:00\u202fAM", "Closed, opens Monday at 9:00\u202fAM"),
    ("fr", "Fermé, ouvre à 09:00", "Fermé, ouvre demain à 10:00", "Fermé, ouvre lundi à 09:00"),
    ("de", "Gerade nicht erreichbar, wieder ab 09:00", "Gerade nicht erreichbar, wieder morgen ab 10:00",
     "Gerade nicht erreichbar, wieder am Montag ab 09:00"),
    ("ar", "مغلق، يفتح الساعة 9:00 ص", "مغلق، يفتح غدًا الساعة 10:00 ص", "مغلق، يفتح يوم الاثنين الساعة 9:00 ص"),
])
def test_a_closed_service_says_when_it_opens_again(locale, later_today, tomorrow, after_the_weekend):
    say = presenter(locale)
    assert say.hours(OFFICE_HOURS, TUESDAY_DAWN)["state"] == later_today
    assert say.hours(OFFICE_HOURS, FRIDAY_EVENING)["state"] == tomorrow
    assert say.hours(OFFICE_HOURS, SATURDAY_EVENING)["state"] == after_the_weekend


@pytest.mark.parametrize("locale, codes, expected", [
    ("en", ("fr", "en"), "2 languages: French and English"),
    ("fr", ("fr",), "1 langue\u00a0: français"),
    ("fr", ("fr", "pt-BR"), "2 langues\u00a0: français et portugais (Brésil)"),
    ("pl", ("fr", "en", "ar"), "3 języki: francuski, angielski i arabski"),
    ("pl", ("fr", "en", "ar", "de", "es"), "5 języków: francuski, angielski, arabski, niemiecki i hiszpański"),
    ("ar", ("fr",), "لغة واحدة: الفرنسية"),
    ("ar", ("fr", "en"), "لغتان: الفرنسية والإنجليزية"),
    ("ar", ("fr", "en", "ar"), "3 لغات: الفرنسية والإنجليزية والعربية"),
    ("ar", tuple("ar de en es fr it nl pl pt tr tl".split()), "11 لغة: العربية والألمانية والإنجليزية والإسبانية والفرنسية "
     "والإيطالية والهولندية والبولندية والبرتغالية والتركية والفلبينية"),
])
def test_languages_are_named_by_cldr_and_counted_with_plural_rules(locale, codes, expected):
    said = presenter(locale).languages(codes)
    assert said["languages_text"] == expected
    assert len(said["language_names"]) == len(codes)


def test_no_languages_no_text():
    assert presenter("fr").languages(()) == {"language_names": [], "languages_text": None}


def entry(texts: dict, language: str) -> Entry:
    return Entry.from_document({
        "id": "x", "kind": "listening_line", "countries": ["NL"], "categories": ["mental_health"],
        "language": language, "texts": texts, "contacts": [{"type": "web", "value": "https://example.org"}],
        "sources": ["https://example.org"], "verified_at": "2025-01-01",
    })


def test_each_text_falls_back_on_its_own_and_says_its_language():
    listening = entry({"nl": {"name": "Luisterlijn", "description": "Praat met iemand."},
                       "en": {"name": "Listening line", "call_to_action": "Call now"}}, "nl")
    assert text_chain("ar", "nl") == ["ar", "nl", "en"]
    language, texts, languages = listening.text(text_chain("ar", "nl"))
    assert (language, texts["name"], texts["description"], texts["call_to_action"]) == (
        "nl", "Luisterlijn", "Praat met iemand.", "Call now")
    assert languages == {"name": "nl", "description": "nl", "call_to_action": "en"}
    document = presenter("ar").entry(listening, TUESDAY_DAWN)
    assert (document["lang"], document["dir"]) == ("nl", "ltr")
    assert document["text_langs"] == {"name": "nl", "description": "nl", "call_to_action": "en"}


def test_regional_texts_are_found_whatever_their_spelling():
    brazilian = entry({"pt-BR": {"name": "Pode Falar"}, "en": {"name": "Talk line"}}, "pt-BR")
    document = presenter("fr").entry(brazilian, TUESDAY_DAWN)
    assert (document["name"], document["lang"]) == ("Pode Falar", "pt-BR")


def test_requested_language_wins_when_the_entry_has_it():
    both = entry({"nl": {"name": "Luisterlijn"}, "ar": {"name": "خط الاستماع"}}, "nl")
    document = presenter("ar").entry(both, TUESDAY_DAWN)
    assert (document["name"], document["lang"], document["dir"]) == ("خط الاستماع", "ar", "rtl")


def test_a_catalog_never_compiled_is_compiled_in_memory(tmp_path):
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(LOCALES_DIR / "de" / "LC_MESSAGES" / "messages.po", folder)
    catalogs = Catalogs(tmp_path)
    assert catalogs.supported == ("de", "en")
    assert catalogs.get("de").gettext("Call") == "Anrufen"
