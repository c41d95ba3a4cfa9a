"""The directory that ships (resources/), as a reader gets it through the API: the lines open day and night
say so, schedules are shown and unknown hours are said, numbers read as they are dialled."""
from html import escape

import pytest

from tests.support.answers import help_for, page_for


@pytest.mark.parametrize("query, entry_id", [
    ("country=FR&category=grooming", "fr-119"),
    ("country=US&category=self_harm_suicide", "us-988"),
    ("country=CA&category=mental_health", "ca-kids-help-phone"),
])
def test_lines_open_day_and_night_say_so(shipped_app, query, entry_id):
    """Whether the directory sets their hours on the entry or on a contact."""
    client = shipped_app.test_client()
    answer = help_for(client, **dict(part.split("=") for part in query.split("&")), lang="en")
    entry = next(e for e in answer["listen"] if e["id"] == entry_id)
    html = client.get(f"/embed/help?{query}&lang=en").get_data(as_text=True)
    card = html[html.index(f">{escape(entry['name'])}<"):]
    card = card[:card.index("</article>")]
    assert "Open 24/7" in card and "Hours not known" not in card


def test_schedules_are_shown_and_unknown_hours_are_said(shipped_app):
    client = shipped_app.test_client()
    _, page = page_for(client, "country=FR&category=cyberharassment&lang=en")
    assert any(text.startswith("Every day") for text in page.text("p"))  # the 3018's schedule
    answer = help_for(client, country="FR", category="cyberharassment", lang="en")
    unknown = [e for g in ("listen", "report") for e in answer[g] if not e["hours"] and not any(c["hours"] for c in e["contacts"])]
    assert unknown and page.text("span").count("Hours not known") == len(unknown)


def test_numbers_are_shown_as_dialled_where_the_reader_is(shipped_app):
    client = shipped_app.test_client()
    victims = next(e for e in help_for(client, country="FR", category="scams", lang="fr")["listen"] if e["id"] == "fr-116006")
    assert [(c["display"], c["uri"]) for c in victims["contacts"] if c["type"] == "phone"] == [
        ("116 006", "tel:116006"), ("+33 1 80 52 33 76", "tel:+33180523376")]  # the second is to dial from abroad
    canada = help_for(client, country="CA", category="mental_health", lang="fr")
    kids = next(e for e in canada["listen"] if e["id"] == "ca-kids-help-phone")
    assert (kids["contacts"][0]["display"], kids["contacts"][0]["uri"]) == ("1 (800) 668-6868", "tel:+18006686868")
    html = client.get("/embed/help?country=CA&category=mental_health&lang=fr").get_data(as_text=True)
    assert '<a class="action phone" href="tel:+18006686868">' in html and ">1 (800) 668-6868<" in html
