"""The embed page in headless Chromium at phone size: French and Arabic, links, layout, contrast, CSP."""
import pytest

from tests.support.languages import translation
import tests.support.chromium  # noqa: F401 - skips this module without Chromium

FRENCH = "/embed/help?country=FR&category=sextortion&lang=fr"
ARABIC = "/embed/help?country=FR&category=sextortion&lang=ar"

LAYOUT = """() => {
  const doc = document.documentElement;
  const targets = [...document.querySelectorAll('a')].map(a => {
    const box = a.getBoundingClientRect();
    return {href: a.getAttribute('href'), width: box.width, height: box.height, left: box.left, right: box.right};
  });
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, targets,
          lang: doc.lang, dir: doc.dir, sections: [...document.querySelectorAll('h2')].map(h => h.textContent)};
}"""

# WCAG 2.x contrast of each text element against the first opaque background behind it.
CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                                if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  const worst = [];
  for (const el of document.querySelectorAll('h1, h2, h3, p, a, .badge, .kind, .label, .number')) {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push([el.className || el.tagName, ratio]);
  }
  return worst;
}"""



def check_phone_layout(layout):
    assert layout["scrollWidth"] <= layout["clientWidth"] == 390, "no horizontal scroll at 390 px"
    for target in layout["targets"]:
        assert target["width"] >= 44 and target["height"] >= 44, target
        assert target["href"].split(":")[0] in ("tel", "sms", "https"), target


def test_french_page_at_phone_size(app, visit):
    tab = visit()
    page = tab.open(FRENCH)
    layout = page.evaluate(LAYOUT)
    assert layout["lang"] == "fr" and layout["dir"] == "ltr"
    assert layout["sections"][1:3] == [translation(app, "fr", "In danger right now? Call an emergency number"),
                                       translation(app, "fr", "Talk to someone")]
    check_phone_layout(layout)
    assert [t["href"] for t in layout["targets"]][1:6] == ["tel:3018", "tel:17", "tel:112", "tel:3018", "https://3018.fr"]
    assert page.evaluate("getComputedStyle(document.querySelector('.action')).minHeight") == "48px"  # CSS applied
    assert not [m for m in tab.console if "Content Security Policy" in m]
    assert tab.refused == []
    tab.screenshot("embed-fr.png")


def test_arabic_page_reads_right_to_left(app, visit):
    tab = visit()
    page = tab.open(ARABIC)
    layout = page.evaluate(LAYOUT)
    assert layout["lang"] == "ar" and layout["dir"] == "rtl"
    check_phone_layout(layout)
    leave = layout["targets"][0]
    assert leave["right"] < 390 / 2, "the leave button sits at the end of the line: the left in Arabic"
    assert page.inner_text("h1") == translation(app, "ar", "Sextortion")
    tab.screenshot("embed-ar.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(visit, scheme):
    tab = visit(color_scheme=scheme)
    page = tab.open(FRENCH)
    assert page.evaluate(CONTRAST) == []
    if scheme == "dark":
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
        tab.screenshot("embed-fr-dark.png")


def test_keyboard_focus_starts_at_leave_quickly_and_is_visible(app, visit):
    page = visit().open(FRENCH)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const el = document.activeElement; const s = getComputedStyle(el);
        return {text: el.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth}; }""")
    assert focused == {"text": translation(app, "fr", "Leave quickly"), "outline": "solid", "width": "3px"}


def test_the_page_works_without_javascript(visit):
    page = visit(java_script_enabled=False).open(FRENCH)
    assert page.locator(".primary a[href='tel:3018']").is_visible()
    assert page.locator("a[href='https://www.google.com/']").is_visible()


def test_the_contrast_check_sees_faint_text(visit):
    page = visit().open(FRENCH)
    page.evaluate("document.querySelector('h1').style.color = '#bbbbbb'")
    assert [name for name, _ in page.evaluate(CONTRAST)] == ["H1"]
