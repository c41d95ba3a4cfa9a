"""Leaving quickly in Chromium: the page leaves the top window and its place in the history; a wrong link
is still a page with the way out and the country's emergency numbers, framed or not."""
import pytest

from tests.support.languages import translation
from tests.support.chromium import ORIGIN  # skips this module without Chromium

LEAVE = "https://leave.example/"
BEFORE = "https://app.example/before"  # what the web view showed before the help page
PARTNER = "http://partner.example/app"  # a partner's page that frames the help page
HELP = "/embed/help?country=FR&category=sextortion&lang=fr"
STUBS = {LEAVE: "<title>elsewhere</title><p>A neutral page.</p>", BEFORE: "<title>before</title><p>The app.</p>",
         PARTNER: f'<title>partner</title><iframe src="{ORIGIN}{HELP}" width="390" height="700"></iframe>'}


@pytest.fixture
def settings():
    return {"EMBED_LEAVE_URL": LEAVE, "EMBED_FRAME_ANCESTORS": "http://partner.example"}


def history_length(page) -> int:
    return page.evaluate("history.length")


def test_leave_quickly_replaces_the_help_page_in_the_history(visit):
    tab = visit(elsewhere=STUBS)
    page = tab.open(BEFORE)
    tab.open(HELP)
    before = history_length(page)
    page.click(".leave")
    page.wait_for_url(LEAVE)
    assert history_length(page) == before, "the help page's entry was replaced, not added to"
    page.go_back()
    assert page.url == BEFORE, "Back does not return to the help page"
    tab.screenshot("quick-exit-after-back.png")


def test_without_script_the_link_still_leaves_the_top_window(visit):
    tab = visit(elsewhere=STUBS, java_script_enabled=False)
    page = tab.open(HELP)
    page.click(".leave")
    page.wait_for_url(LEAVE)
    assert page.title() == "elsewhere"


@pytest.mark.parametrize("script", [True, False])
def test_leave_quickly_leaves_the_top_window_from_a_frame(visit, script):
    tab = visit(elsewhere=STUBS, java_script_enabled=script)
    page = tab.open(PARTNER)
    frame = page.frame_locator("iframe")
    frame.locator(".primary a[href='tel:3018']").wait_for(state="visible")  # the partner may frame it (EMBED_FRAME_ANCESTORS)
    before = history_length(page)
    tab.screenshot(f"quick-exit-framed-{'script' if script else 'no-script'}.png")
    frame.locator(".leave").click()
    page.wait_for_url(LEAVE)
    assert page.title() == "elsewhere", "the whole window left, not only the frame"
    if script:
        assert history_length(page) == before, "the partner's page was replaced in the history"


@pytest.mark.parametrize("language, first_call", [("fr", "tel:17"), ("ar", "tel:17"), ("de", "tel:17")])
def test_a_wrong_link_is_a_page_with_the_way_out_and_emergency_numbers(app, visit, language, first_call):
    tab = visit(elsewhere=STUBS)
    page = tab.open(f"/embed/help?country=FR&category=bullying&lang={language}", status=400)
    assert page.evaluate("document.documentElement.lang") == language
    assert page.title() == translation(app, language, "This help page could not open")
    assert page.locator(".leave").get_attribute("href") == LEAVE
    calls = page.locator(".urgent .call")
    assert calls.first.get_attribute("href") == first_call and calls.first.is_visible()
    assert tab.axe() == []
    tab.screenshot(f"wrong-link-{language}.png")
    page.click(".leave")
    page.wait_for_url(LEAVE)


def test_a_wrong_link_still_shows_inside_a_frame(visit):
    stubs = {**STUBS, PARTNER: f'<iframe src="{ORIGIN}/embed/help?country=FR&category=nope" width="390" height="700"></iframe>'}
    tab = visit(elsewhere=stubs)
    page = tab.open(PARTNER)
    frame = page.frame_locator("iframe")
    frame.locator(".urgent .call").first.wait_for(state="visible")  # framing an error page is not blocked
    assert not [m for m in tab.console if "frame-ancestors" in m]
