"""GET /embed/help: the page a web view shows, checked as HTML (tests/browser renders it in Chromium)."""
import base64
import hashlib
import re


from api.schemas import entry_schema
from tests.support.languages import translation
from tests.support.page import Page
from api.answers.page import SCRIPT

PAGE = "/embed/help?country=FR&category=sextortion&lang=fr"



def page_of(client, url=PAGE, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.data
    return response, Page(response.get_data(as_text=True))


def test_the_page_is_french_and_child_first(app, client):
    """The listening line first, the emergency numbers as a row of calls, then the rest."""
    response, page = page_of(client)
    assert response.content_type == "text/html; charset=utf-8"
    assert page.all("html") == [{"lang": "fr", "dir": "ltr"}]
    assert page.text("h1") == [translation(app, "fr", "Sextortion")]
    assert page.all("h2")[0] == {"id": "first"}  # the first listening line, named by its own name
    assert page.text("h2") == [translation(app, "fr", message) for message in (
        "In danger right now? Call an emergency number", "Talk to someone", "Report it", "What each emergency number is for")]
    links = [a["href"] for a in page.all("a")]
    assert links[0] == "https://www.google.com/"  # leave quickly, first in the page
    assert links[1:4] == ["tel:3018", "tel:17", "tel:112"]  # the line's best contact, then the emergency calls
    assert links[4:] == ["tel:3018", "https://3018.fr", "https://www.internet-signalement.gouv.fr",
                         "https://stopncii.org", "tel:17", "tel:112"]  # then the rest
    assert translation(app, "fr", "Leave quickly") in page.text("a")
    assert translation(app, "fr", "Open 24/7") in page.text("span")


def test_arabic_is_right_to_left_and_entry_texts_keep_their_language(app, client):
    _, page = page_of(client, "/embed/help?country=FR&category=sextortion&lang=ar")
    assert page.all("html") == [{"lang": "ar", "dir": "rtl"}]
    assert page.text("h1") == [translation(app, "ar", "Sextortion")]
    names = [attrs for attrs in page.all("span") if attrs.get("lang") == "fr"]
    assert names and all(attrs["dir"] == "ltr" for attrs in names)


def test_only_tel_sms_and_https_links_our_one_script_and_no_third_party_resource(client):
    for category in ("sextortion", "self_harm_suicide", "domestic_violence"):
        for country in ("FR", "CA", "BE", "JP"):
            response, page = page_of(client, f"/embed/help?country={country}&category={category}")
            for name, attrs in page.elements:
                assert name not in ("link", "img", "iframe", "form", "object")
                assert "src" not in attrs and not any(key.startswith("on") for key in attrs)
                if name == "a":
                    assert re.match(r"(tel:\+?\d+|sms:\+?\d+|https://)", attrs["href"]), attrs
            assert [name for name, _ in page.elements].count("script") == 1
            assert page.text("script") == [SCRIPT]


def test_a_strict_csp_allows_exactly_the_inline_stylesheet_and_script(client):
    response, _ = page_of(client)
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"
    html = response.get_data(as_text=True)
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        inline = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S).group(1)
        assert policy[directive] == f"'sha256-{base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()}'"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_page_is_cached_like_the_api_and_revalidates(client):
    response, _ = page_of(client)
    assert response.headers["Cache-Control"].startswith("public, max-age=300")
    again = client.get(PAGE, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_entry_text_is_escaped(app, client):
    store = app.extensions["helplinks"].store
    document = store.entry("fr-3018").document
    texts = {**document["texts"], "fr": {**document["texts"]["fr"], "name": '<script>alert("x")</script> 3018'}}
    store.import_documents([entry_schema.dump(entry_schema.load({**document, "texts": texts}))])
    html = client.get(PAGE).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; 3018" in html


def test_leave_quickly_and_framing_are_configurable(app, client):
    app.config.update(EMBED_LEAVE_URL="https://www.bing.com/", EMBED_FRAME_ANCESTORS="'none'")
    response, page = page_of(client, PAGE + "&audience=teens")
    assert page.all("a")[0]["href"] == "https://www.bing.com/"
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    app.config.update(EMBED_FRAME_ANCESTORS="https://app.example")
    response = client.get(PAGE + "&audience=children")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors https://app.example")
    assert "X-Frame-Options" not in response.headers  # it cannot name another origin: CSP alone says it


def test_by_default_only_the_service_itself_may_frame_the_page(client):
    response = client.get(PAGE)
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_json_client_still_gets_the_problem_document(client):
    for accept in ("application/json", "application/problem+json", "application/json, text/html;q=0.5"):
        response = client.get("/embed/help?country=FR&category=nope", headers={"Accept": accept})
        assert response.status_code == 400 and response.content_type == "application/problem+json"
        assert "category" in response.get_json()["errors"]


def test_every_string_of_the_pages_is_extractable_and_translated_in_french():
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    from api.i18n import LOCALES_DIR
    from api.answers.page import TEMPLATES

    found = {message for template in (TEMPLATES / "embed").glob("*.html")
             for _, message, _, _ in extract_from_file("jinja2", template)}
    assert {"Leave quickly", "Talk to someone", "Free", "Hours not known", "This help page could not open"} <= found
    with open(LOCALES_DIR / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        french = read_po(handle)
    assert all(french.get(message) is not None and french[message].string for message in found)
