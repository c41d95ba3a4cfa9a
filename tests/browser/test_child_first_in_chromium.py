"""The embed page as a child meets it, in Chromium on the directory that ships (resources/): the first
screen, focus under the leave bar, text at 200 %, and axe-core's WCAG 2.2 AA rules."""
import pytest
from babel.languages import get_official_languages

from api.directory.taxonomy import CATEGORY_SLUGS
from api.i18n.worksheets import shipped_locales
from tests.support.apps import MONDAY_MORNING, RESOURCES, Clock, make_app
from tests.support.chromium import PHONE, SMALL_PHONE, Visit  # skips this module without Chromium

COVERED = ["FR", "BE", "CH", "CA", "GB", "US", "DE"]
# every other country with a file of its own in resources/ (ISO 3166-1 alpha-2 names)
CURATED = sorted({path.stem.upper() for path in RESOURCES.glob("??.yaml")} - set(COVERED))
LANGUAGES = ["fr", "ar", "th"]  # Latin, right-to-left, and a script of a newly covered country
CATALOGS = set(shipped_locales())


def own_language(country: str) -> str:
    """The first official language of `country` (CLDR) that has a catalog, other than English; else Arabic,
    the right-to-left case."""
    return next((language for language in get_official_languages(country, de_facto=True)
                 if language in CATALOGS and language != "en"), "ar")

# Where the first call buttons are: the first listening line's best contact, the first emergency call button.
FIRST_CALLS = """() => {
  const box = selector => { const el = document.querySelector(selector); if (!el) return null;
                            const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, href: el.getAttribute('href')}; };
  return {listen: box('.primary .action'), emergency: box('.urgent .call'),
          bar: document.querySelector('.escape').getBoundingClientRect().bottom, height: innerHeight};
}"""
# Every element that sticks out of the viewport sideways, and whether the page scrolls sideways.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('main *, nav *')].filter(el => {
    const r = el.getBoundingClientRect(); return r.width && (r.right > width + 0.5 || r.left < -0.5); });
  return {scrolls: document.documentElement.scrollWidth > width, out: out.map(el => el.outerHTML.slice(0, 80))};
}"""
FOCUSED = """() => { const el = document.activeElement, r = el.getBoundingClientRect();
  return {html: el.outerHTML.slice(0, 80), top: r.top, bottom: r.bottom, inBar: !!el.closest('.escape'),
          bar: document.querySelector('.escape').getBoundingClientRect().bottom, height: innerHeight}; }"""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, sqlite_templates):
    """The shipped directory on SQLite (a copy of the session's template), once for the module: these
    tests are about layout, not storage."""
    url = sqlite_templates.copy("shipped", tmp_path_factory.mktemp("shipped"))
    app = make_app(url, Clock(MONDAY_MORNING), {}, RESOURCES, migrate=False)
    yield app.test_client()
    app.extensions["helplinks"].store.engine.dispose()


@pytest.fixture
def tab(browser, shipped):
    visits = []

    def open_tab(**options):
        visits.append(Visit(browser, shipped, **options))
        return visits[-1]

    yield open_tab
    for visit in visits:
        visit.close()


@pytest.fixture(scope="module")
def phone(browser, shipped):
    """One phone-sized tab for the module's sweeps over many pages (each page replaces the last)."""
    visit = Visit(browser, shipped, size=PHONE)
    yield visit
    visit.close()


def fully_visible(box, bar, height) -> bool:
    """Below the bar and above the bottom edge; something taller than that space shows its start."""
    if box is None or box["top"] < bar - 0.5:
        return False
    return box["bottom"] <= height + 0.5 or box["bottom"] - box["top"] > height - bar


def first_screen_misses(visit, shipped, queries) -> list:
    """Where the first listening line's call or the first emergency call is not on the first screen."""
    page, misses = visit.page, []
    for query in queries:
        answer = shipped.get(f"/v1/help?{query}").get_json()
        visit.render(f"/embed/help?{query}")
        calls = page.evaluate(FIRST_CALLS)
        if answer["listen"]:
            first = answer["primary"]["contact"]  # the first listening line's best contact
            assert answer["primary"]["id"] == answer["listen"][0]["id"], query
            if calls["listen"] is None or calls["listen"]["href"] != first["uri"] or \
                    not fully_visible(calls["listen"], calls["bar"], calls["height"]):
                misses.append((query, "listening line", calls["listen"]))
        if not fully_visible(calls["emergency"], calls["bar"], calls["height"]):
            misses.append((query, "emergency", calls["emergency"]))
    return misses


@pytest.mark.parametrize("country", COVERED)
def test_the_first_screen_holds_the_listening_line_and_an_emergency_call(tab, shipped, country):
    visit = tab(size=PHONE)
    queries = [f"country={country}&category={category}&lang={language}" for language in LANGUAGES for category in CATEGORY_SLUGS]
    assert not (misses := first_screen_misses(visit, shipped, queries)), misses
    visit.open(f"/embed/help?country={country}&category=cyberharassment&lang=fr")
    visit.screenshot(f"first-screen-{country}-fr-390x844.png", full_page=False)


@pytest.mark.parametrize("country", CURATED)
def test_in_every_curated_country_the_first_screen_holds_a_listening_line_and_an_emergency_call(phone, shipped, country):
    queries = [f"country={country}&category={category}&lang={language}"
               for category in ("cyberharassment", "sextortion", "grooming") for language in ("en", own_language(country))]
    assert not (misses := first_screen_misses(phone, shipped, queries)), misses


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_small_phone_the_first_screen_holds_the_listening_line_and_the_first_emergency_calls(tab, language):
    visit = tab(size=SMALL_PHONE)
    page, misses = visit.page, []
    for country in COVERED:
        for category in CATEGORY_SLUGS:
            visit.render(f"/embed/help?country={country}&category={category}&lang={language}")
            calls = page.evaluate(FIRST_CALLS)
            if calls["listen"] is not None and not fully_visible(calls["listen"], calls["bar"], calls["height"]):
                misses.append((country, category, "listening line", calls["listen"]))
            if calls["emergency"]["top"] >= calls["height"]:  # the first row of emergency calls starts on screen
                misses.append((country, category, "emergency", calls["emergency"]))
    assert not misses, misses
    visit.open(f"/embed/help?country=FR&category=sextortion&lang={language}")
    visit.screenshot(f"first-screen-FR-{language}-320x568.png", full_page=False)


@pytest.mark.parametrize("size, text", [(PHONE, "100%"), (SMALL_PHONE, "100%"), (SMALL_PHONE, "200%")])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_leave_bar_never_hides_the_focused_link(tab, size, text, language):
    """WCAG 2.4.11: through every link, forwards with Tab and backwards with Shift+Tab."""
    visit = tab(size=size)
    page = visit.open(f"/embed/help?country=FR&category=cyberharassment&lang={language}")
    page.evaluate(f"document.documentElement.style.fontSize = '{text}'")
    links = page.evaluate("document.querySelectorAll('a').length")
    hidden = []
    for key in ["Tab"] * links + ["Shift+Tab"] * (links - 1):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if not focused["inBar"] and not fully_visible(focused, focused["bar"], focused["height"]):
            hidden.append((key, focused))
    assert not hidden, hidden


@pytest.mark.parametrize("country, language", [(country, "de") for country in COVERED] + [("FR", "fr"), ("FR", "ar")])
def test_text_at_200_percent_fits_320_pixels(tab, country, language):
    visit = tab(size=SMALL_PHONE)
    for category in CATEGORY_SLUGS:
        page = visit.render(f"/embed/help?country={country}&category={category}&lang={language}")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate(SIDEWAYS) == {"scrolls": False, "out": []}, (country, category)
    visit.screenshot(f"text200-{country}-{language}-320x568.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path, status", [
    ("/embed/help?country=FR&category=cyberharassment&lang=fr", 200),
    ("/embed/help?country=FR&category=sextortion&lang=ar", 200),
    ("/embed/help?country=DE&category=grooming&lang=de", 200),
    ("/embed/help?country=CA&subdivision=CA-QC&category=domestic_violence&lang=fr", 200),
    ("/embed/help?country=JP&category=scams&lang=de", 200),  # no coverage
    ("/embed/help?country=FR&category=bullying&lang=fr", 400),  # a wrong link
])
def test_axe_core_finds_no_wcag_violation(tab, path, status, scheme):
    visit = tab(size=PHONE, color_scheme=scheme)
    visit.open(path, status)
    assert visit.axe() == []
