"""Which language a help screen is written in: lang, Accept-Language, fallbacks."""
import pytest
from babel import Locale

from api.directory.locales import direction, negotiate_locale, text_chain

SUPPORTED = ["en", "fr", "de", "ar", "pt", "zh_Hant", "sr", "sr_Latn"]


@pytest.mark.parametrize("lang, header, expected", [
    ("fr", "de", "fr"),                                   # lang overrides Accept-Language
    (None, "fr-CA,fr;q=0.9,en;q=0.8", "fr"),              # region falls back to the base language
    (None, "en-GB", "en"),
    (None, "de;q=0.2, pt;q=0.9", "pt"),                   # q-values order the choices
    (None, "es, de;q=0.5", "de"),                         # unsupported first choice is skipped
    (None, "*", "en"),                                    # wildcard: the default
    (None, "fr;q=0, de;q=0.1", "de"),                     # q=0 means "not this one"
    (None, "zh-TW", "zh_Hant"),                           # a region implies its script
    (None, "zh-Hant-HK", "zh_Hant"),
    (None, "sr-RS", "sr"),                                # Serbian: Cyrillic unless the Latin script is asked for
    ("sr-Latn-RS", None, "sr_Latn"),
    (None, "sr-Latn, en;q=0.5", "sr_Latn"),
    ("pt-BR", None, "pt"),
    (None, None, "en"),
    (None, "xx-invalid-!!", "en"),
])
def test_negotiation(lang, header, expected):
    assert negotiate_locale(lang, header, SUPPORTED) == expected


def test_entry_text_falls_back_to_its_own_language_then_english():
    assert text_chain("fr_CA", "nl") == ["fr_CA", "fr", "nl", "en"]
    assert text_chain("en", "fr") == ["en", "fr"]


def test_direction_comes_from_cldr():
    assert direction("ar") == "rtl" and direction("fr") == "ltr"


@pytest.mark.parametrize("tag", ["ar", "ar_EG", "fa", "ur", "ps", "he", "yi", "ckb", "ug", "sd", "sd_Deva", "pa", "pa_Arab",
                                 "uz", "uz_Arab", "ff_Adlm", "ff", "ks", "ks_Deva", "fr", "en", "ja", "zh_Hant", "sr_Latn"])
def test_direction_is_the_character_order_cldr_gives_the_locale(tag):
    assert direction(tag) == ("rtl" if Locale.parse(tag).character_order == "right-to-left" else "ltr")


def test_direction_loads_no_locale_data():
    """Texts come in a hundred languages: knowing their direction must not hold each one's CLDR data in a worker."""
    import babel.localedata

    direction.cache_clear()
    loaded = set(babel.localedata._cache)
    assert [direction(tag) for tag in ("dv", "mzn", "lrc", "syr", "sw", "am")] == ["rtl"] * 4 + ["ltr"] * 2
    assert set(babel.localedata._cache) == loaded


def test_api_answers_in_the_negotiated_language(client):
    response = client.get("/v1/help?country=FR&category=cyberharassment",
                          headers={"Accept-Language": "fr-CA, en;q=0.5"})
    assert response.headers["Content-Language"] == "fr"
    assert "Accept-Language" in response.headers["Vary"]
    answer = response.get_json()
    assert answer["locale"] == "fr"
    assert answer["category"]["name"] == "Cyberharcèlement"
    line = answer["listen"][0]
    assert line["name"].startswith("3018 – Harcèlement") and line["lang"] == "fr"
    assert line["contacts"][0]["label"] == "Appeler"


def test_lang_parameter_wins_over_accept_language(client):
    response = client.get("/v1/help?country=FR&category=cyberharassment&lang=en",
                          headers={"Accept-Language": "fr"})
    assert response.headers["Content-Language"] == "en"
    assert response.get_json()["listen"][0]["name"] == "3018 – Online harassment helpline"


def test_entry_without_text_in_the_locale_uses_its_own_language(client):
    answer = client.get("/v1/help?country=FR&category=domestic_violence&lang=en&audience=adults").get_json()
    line = answer["listen"][0]
    assert line["id"] == "fr-3919" and line["lang"] == "fr" and line["name"] == "3919 – Violences Femmes Info"


def test_missing_fields_fall_back_one_by_one(client):
    # 119 has a French name but only an English description
    answer = client.get("/v1/help?country=FR&category=grooming&lang=fr").get_json()
    line = answer["listen"][0]
    assert line["name"] == "119 – Allô Enfance en Danger"
    assert line["description"] == "For children in danger, day and night."


def test_same_query_in_two_languages_has_two_etags(client):
    french = client.get("/v1/help?country=FR&category=sextortion&lang=fr")
    english = client.get("/v1/help?country=FR&category=sextortion&lang=en")
    assert french.headers["ETag"] != english.headers["ETag"]


@pytest.mark.parametrize("lang, header, expected", [
    (None, "en-GB", "en"),                                # CLDR parent chain en_GB -> en_001 -> en
    (None, "pt-AO", "pt"),                                # pt_AO -> pt_PT -> pt
    (None, "FR-ca", "fr"),                                # tags are case-insensitive
    (None, "fr;q=0.5, *;q=0.8", "en"),                    # the wildcard ranks by its own q-value
    (None, "*, fr;q=0.5", "en"),
    (None, "de, *;q=0.1", "de"),
    (None, "en;q=0, fr;q=0.1", "fr"),                     # q=0 refuses a language
    ("xx-!!", "de", "de"),                                # an unusable lang falls through to the header
    ("ja", "ar-EG", "ar"),                                # an unsupported lang too
    (None, "zh-TW", "en"),                                # Traditional Chinese never falls back to zh (Simplified)
    (None, "zh-CN", "zh"),
    (None, "sr-Latn-RS", "en"),                           # nor Latin Serbian to Cyrillic sr
    (None, "sr-RS", "sr"),
    (None, "a" * 2000, "en"),
])
def test_negotiation_follows_cldr_parents_and_q_values(lang, header, expected):
    assert negotiate_locale(lang, header, ["en", "fr", "de", "ar", "pt", "zh", "sr"]) == expected


@pytest.mark.parametrize("header, locale, direction_", [
    ("fr-FR", "fr", "ltr"), ("en-US", "en", "ltr"), ("de-AT", "de", "ltr"), ("nl-BE", "nl", "ltr"),
    ("it-CH", "it", "ltr"), ("es-MX", "es", "ltr"), ("pt-BR", "pt", "ltr"), ("pl-PL", "pl", "ltr"),
    ("tr-TR", "tr", "ltr"), ("ar-MA", "ar", "rtl"),
    ("zh-TW", "zh-Hant", "ltr"), ("zh-Hant-HK", "zh-Hant", "ltr"), ("zh-CN", "zh", "ltr"),  # each script its catalog
])
def test_every_shipped_locale_is_negotiated_and_announced(client, header, locale, direction_):
    for path in ("/v1/help?country=FR&category=sextortion", "/v1/categories", "/v1/countries"):
        response = client.get(path, headers={"Accept-Language": f"{header}, en;q=0.1"})
        assert response.headers["Content-Language"] == locale
        answer = response.get_json()
        assert (answer["locale"], answer["dir"]) == (locale, direction_)


def test_problems_speak_the_requested_language(client):
    response = client.get("/v1/help?country=FR&category=sextortion&limit=0", headers={"Accept-Language": "de"})
    assert response.status_code == 400 and response.headers["Content-Language"] == "de"
    problem = response.get_json()
    assert problem["title"] == "Ungültige Abfrageparameter"
    assert problem["detail"] == "Bitte prüfen: limit."
    assert problem["errors"] == {"limit": ["Muss zwischen 1 und 50 liegen."]}


def test_an_invalid_query_still_honours_a_valid_lang(client):
    problem = client.get("/v1/help?country=XX&category=sextortion&lang=ar").get_json()
    assert problem["title"] == "معلمات استعلام غير صالحة"
    message = problem["errors"]["country"][0]
    assert message.startswith("يجب أن تكون إحدى القيم التالية: ") and " FR, " in message


def test_http_errors_speak_the_requested_language(client):
    missing = client.get("/v1/nowhere", headers={"Accept-Language": "fr"})
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    assert missing.get_json()["title"] == "Introuvable"
    wrong_method = client.post("/v1/help", headers={"Accept-Language": "pl"})
    assert wrong_method.status_code == 405 and wrong_method.get_json()["title"] == "Niedozwolona metoda"
    no_entry = client.get("/v1/resources/nope?lang=es").get_json()
    assert no_entry["detail"] == "No hay ninguna entrada 'nope'."


@pytest.mark.parametrize("params, field", [
    ({"category": "sextortion"}, "country"),
    ({"country": "FR", "category": "sextortion", "limit": "many"}, "limit"),
    ({"country": "FR", "category": "sextortion", "lang": "not a language"}, "lang"),
    ({"country": "FR", "category": "sextortion", "lang": "x" * 40}, "lang"),
    ({"country": "CA", "category": "sextortion", "subdivision": "quebec"}, "subdivision"),
    ({"country": "FR", "category": "bullying"}, "category"),
])
def test_every_query_error_is_translated(client, params, field):
    english = client.get("/v1/help", query_string=params, headers={"Accept-Language": "en"}).get_json()
    turkish = client.get("/v1/help", query_string=params, headers={"Accept-Language": "tr"}).get_json()
    assert turkish["errors"][field] and turkish["errors"][field] != english["errors"][field]


def test_partners_get_their_problems_in_their_language(e_enfance, admin, client):
    """Write problems (401, 403, 412, 415, 428, 409) are said in the negotiated language, not in English."""
    stale = e_enfance.patch("fr-3018", {"free": False}, etag='"fr-3018.v9"', headers={"Accept-Language": "fr"})
    assert stale.status_code == 412 and stale.headers["Content-Language"] == "fr"
    assert stale.get_json()["title"] == "Condition préalable non remplie"
    assert stale.get_json()["detail"].startswith("La fiche a changé depuis ta lecture")

    other = e_enfance.patch("fr-119", {"free": False}, etag="*", headers={"Accept-Language": "de"}).get_json()
    assert (other["title"], other["detail"]) == ("Nicht erlaubt", "Dieser Schlüssel darf 'fr-119' nicht ändern.")
    no_key = client.patch("/v1/resources/fr-3018?lang=es", json={}).get_json()
    assert no_key["title"] == "No autorizado" and "Authorization: Bearer <key>" in no_key["detail"]
    missing_etag = e_enfance.open("PATCH", "/v1/resources/fr-3018?lang=ar", json={}).get_json()
    assert missing_etag["title"] == "مطلوب شرط مسبق"
    wrong_type = e_enfance.patch("fr-3018", {}, content_type="text/plain", headers={"Accept-Language": "pl"}).get_json()
    assert wrong_type["detail"] == "Wyślij treść żądania jako application/merge-patch+json, application/json."
    taken = admin.post("/v1/resources?lang=tr", json={**admin.get("/v1/resources/fr-119").get_json(), "version": None})
    assert taken.get_json()["detail"] == "'fr-119' kaydı zaten var: PUT ya da PATCH ile değiştir."
    english = e_enfance.patch("fr-3018", {"free": False}, etag='"fr-3018.v9"').get_json()
    assert english["title"] == "Precondition failed"
