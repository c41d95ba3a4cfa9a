"""What a child's help screen says first, and says truly: the primary contact, the order, the notices,
hours (of entries and of contacts), how long "open now" may be kept, and the page a wrong link gets.
What the directory that ships says is in tests/data/test_shipped_answers.py."""
import re
from datetime import datetime, timezone

import pytest

from api.answers.page import DEFAULT_LEAVE_URL
from api.schemas import entry_schema
from api.directory.present import CHANNEL_LABELS, COVERAGE_NOTICES, KIND_LABELS, best_contact, primary
from tests.support.answers import help_for, page_for
from tests.support.apps import ids
from tests.support.languages import translation

TUESDAY_BEFORE_OPENING = datetime(2026, 12, 1, 7, 58, tzinfo=timezone.utc)  # 08:58 in Paris; the 3018 opens at 09:00


# -- primary and order ---------------------------------------------------------------------------
def test_the_primary_contact_is_the_first_listening_lines_and_listen_comes_first(client):
    answer = help_for(client, country="FR", category="sextortion")
    first = answer["listen"][0]
    assert answer["primary"] == {"group": "listen", "id": "fr-3018", "name": first["name"], "lang": first["lang"],
                                 "dir": "ltr", "contact": first["contacts"][0]}
    assert answer["primary"]["contact"]["uri"] == "tel:3018"
    keys = list(answer)
    assert keys.index("primary") < keys.index("listen") < keys.index("emergency") < keys.index("report")


def test_without_a_listening_line_the_primary_contact_is_an_emergency_number(client):
    answer = help_for(client, country="BE", category="nonconsensual_imagery")  # BE: no coverage in the fixtures
    assert answer["listen"] == [] and answer["emergency"] == []
    assert answer["emergency_numbers"] == [{"type": "phone", "value": "112", "display": "112", "uri": "tel:112",
                                            "label": "Call", "hours": None}]
    assert answer["primary"] == {"group": "emergency", "id": None, "name": None, "lang": None, "dir": None,
                                 "contact": answer["emergency_numbers"][0]}


def test_primary_prefers_what_is_open_now_among_the_first_lines_contacts():
    closed = {"open_now": False}
    phone = {"type": "phone", "uri": "tel:3018", "hours": closed}
    chat = {"type": "chat", "uri": "https://3018.fr", "hours": {"open_now": True}}
    assert best_contact([phone, chat], None) is chat
    assert best_contact([phone, {**chat, "hours": None}], closed) is phone  # all closed: the first
    assert best_contact([{"type": "web", "uri": None, "hours": None}, phone], None) is phone
    line = {"id": "x", "name": "X", "lang": "en", "dir": "ltr", "contacts": [], "hours": None}
    emergency = {**line, "id": "fr-17", "contacts": [{"type": "phone", "uri": "tel:17", "hours": None}]}
    assert primary([line], [emergency], [])["id"] == "fr-17"  # a line nobody can reach is skipped
    assert primary([], [], []) is None


def test_the_page_shows_the_first_listening_line_then_the_emergency_calls(client):
    _, page = page_for(client, "country=FR&category=sextortion&lang=en")
    assert page.all("section")[0] == {"class": "group primary entry", "aria-labelledby": "first"}
    assert page.all("section")[1] == {"class": "group urgent", "aria-labelledby": "urgent"}
    assert page.text("h2")[:2] == ["In danger right now? Call an emergency number", "Talk to someone"]
    calls = [a for a in page.all("a") if a.get("class") == "call"]
    assert [a["href"] for a in calls] == ["tel:17", "tel:112"]
    assert [a["href"] for a in page.all("a")][1] == "tel:3018"


# -- notices --------------------------------------------------------------------------------------
def test_no_promise_of_services_that_are_not_listed(app, client):
    nothing = help_for(client, country="JP", category="scams", lang="fr")
    assert nothing["listen"] == nothing["report"] == []
    assert nothing["notice"] == translation(app, "fr", COVERAGE_NOTICES["nothing"])
    listed = help_for(client, country="JP", category="sextortion", lang="fr")
    assert ids(listed["report"]) == ["intl-stopncii"]
    assert listed["notice"] == translation(app, "fr", COVERAGE_NOTICES["none"])
    _, page = page_for(client, "country=JP&category=scams&lang=fr")
    assert page.text("p").count(nothing["notice"]) == 1
    assert [a["href"] for a in page.all("a") if a.get("class") == "call"] == ["tel:110"]  # Japan's, from phonenumbers


def test_a_partial_answer_says_so_once_and_lists_the_general_lines(client):
    answer = help_for(client, country="FR", category="scams")
    assert answer["coverage"] == "partial" and answer["listen"] and answer["notice"] == COVERAGE_NOTICES["partial"]


def test_the_words_a_child_reads_are_plain():
    """Interface strings: no sector jargon, no unexplained acronym (entries' own texts are data)."""
    from babel.messages.extract import extract_from_file

    from api.answers.page import TEMPLATES

    strings = {message for template in (TEMPLATES / "embed").glob("*.html")
               for _, message, _, _ in extract_from_file("jinja2", template)}
    strings |= {*KIND_LABELS.values(), *CHANNEL_LABELS.values(), *filter(None, COVERAGE_NOTICES.values())}
    jargon = re.compile(r"platform|victim|anonymous|\b[A-Z]{3,}\b|^Gendarmerie$")
    assert [text for text in strings if jargon.search(text)] == []


# -- hours ----------------------------------------------------------------------------------------
def test_hours_set_on_a_contact_are_shown_beside_it(app, client):
    store = app.extensions["helplinks"].store
    document = store.entry("fr-3018").document
    phone, chat = document["contacts"]
    changed = {**document, "hours": None, "contacts": [{**phone, "hours": {"timezone": "Europe/Paris", "always_open": True}}, chat]}
    store.import_documents([entry_schema.dump(entry_schema.load(changed))])
    answer = help_for(client, country="FR", category="sextortion")
    assert answer["listen"][0]["hours"] is None and answer["listen"][0]["contacts"][0]["hours"]["always_open"]
    html = client.get("/embed/help?country=FR&category=sextortion").get_data(as_text=True)
    card = html[html.index('href="tel:3018"'):]
    assert re.match(r'.*?</a>\s*<span class="when"><span class="open">Open 24/7</span></span></li>', card, re.S)
    assert "Hours not known" not in card[:card.index("</article>")]


def test_open_now_answers_are_kept_only_until_the_next_opening_or_closing(client, clock):
    assert "max-age=300," in client.get("/v1/help?country=FR&category=cyberharassment").headers["Cache-Control"]
    clock.now = TUESDAY_BEFORE_OPENING
    for path in ("/v1/help?country=FR&category=cyberharassment", "/embed/help?country=FR&category=cyberharassment"):
        first = client.get(path)
        assert "max-age=120," in first.headers["Cache-Control"]
        clock.now = TUESDAY_BEFORE_OPENING.replace(second=30)
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and "max-age=90," in again.headers["Cache-Control"]
        clock.now = TUESDAY_BEFORE_OPENING
    clock.now = TUESDAY_BEFORE_OPENING.replace(hour=8, minute=0, second=1)  # open now: a new body, a new lifetime
    assert "max-age=300," in client.get("/v1/help?country=FR&category=cyberharassment").headers["Cache-Control"]


def test_answers_without_open_now_facts_keep_the_usual_lifetime(client, clock):
    clock.now = TUESDAY_BEFORE_OPENING
    assert "max-age=300," in client.get("/v1/categories").headers["Cache-Control"]


# -- a wrong link -----------------------------------------------------------------------------------
def test_a_wrong_link_is_a_page_in_the_readers_language_with_the_way_out_and_emergency_numbers(app, client):
    response, page = page_for(client, "country=FR&category=bullying&lang=fr", status=400)
    assert response.content_type == "text/html; charset=utf-8" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Language"] == "fr" and "Accept" in response.headers["Vary"]
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")  # framed like the page
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert page.all("html") == [{"lang": "fr", "dir": "ltr"}]
    assert page.text("h1") == [translation(app, "fr", "This help page could not open")]
    links = [a["href"] for a in page.all("a")]
    assert links == [DEFAULT_LEAVE_URL, "tel:17", "tel:112"]
    assert "category" in page.text("code")


@pytest.mark.parametrize("query, headers, locale, calls", [
    ("country=XX&category=sextortion", {"Accept-Language": "ar"}, "ar", []),
    ("country=JP&category=nope&lang=de", {}, "de", ["tel:110"]),
    ("country=CA&subdivision=CA-QC&category=sextortion&limit=0", {"Accept-Language": "fr-CA"}, "fr", ["tel:911"]),
    ("category=sextortion", {"Accept": "text/html"}, "en", []),
])
def test_a_wrong_link_keeps_what_it_can_of_the_query(app, client, query, headers, locale, calls):
    response, page = page_for(client, query, status=400, **headers)
    assert response.headers["Content-Language"] == locale
    assert [a["href"] for a in page.all("a")][1:] == calls
    in_danger = app.extensions["helplinks"].catalogs.get(locale).gettext("If you are in danger, call the local emergency number.")
    assert (in_danger in page.text("p")) == (not calls)


def test_the_leave_address_and_framing_settings_cannot_inject(app, client, caplog):
    app.config.update(EMBED_LEAVE_URL="javascript:alert(1)", EMBED_FRAME_ANCESTORS="* ; script-src 'unsafe-inline'")
    response, page = page_for(client, "country=FR&category=sextortion&audience=children")
    assert page.all("a")[0]["href"] == DEFAULT_LEAVE_URL
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "EMBED_LEAVE_URL" in caplog.text and "EMBED_FRAME_ANCESTORS" in caplog.text
