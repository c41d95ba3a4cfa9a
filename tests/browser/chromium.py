"""Headless Chromium (Debian's package) driven by Playwright, serving the app without a socket.

Imported by the browser tests for its fixtures; skips them where Chromium is missing.
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ORIGIN = "http://helplinks.test"
OUTPUT = Path(__file__).resolve().parents[1] / "output"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)", allow_module_level=True)
sync_playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras").sync_playwright


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Visit:
    """A phone-sized page whose requests to ORIGIN are answered by the Flask test client; any other is refused."""

    def __init__(self, browser, client, **options):
        self.client, self.elsewhere, self.console = client, [], []
        self.context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
        self.page = self.context.new_page()
        self.page.route("**/*", self._answer)
        self.page.on("console", lambda message: self.console.append(message.text))

    def _answer(self, route):
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            self.elsewhere.append(url)
            return route.abort()
        parts = urlsplit(url)
        response = self.client.get(parts.path, query_string=parts.query, headers=dict(route.request.headers))
        route.fulfill(status=response.status_code, headers=dict(response.headers), body=response.data)

    def open(self, path: str):
        response = self.page.goto(ORIGIN + path)
        assert response.status == 200
        return self.page

    def screenshot(self, name: str) -> Path:
        OUTPUT.mkdir(exist_ok=True)
        path = OUTPUT / name
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, client):
    visits = []

    def open_visit(**options):
        visits.append(Visit(browser, client, **options))
        return visits[-1]

    yield open_visit
    for item in visits:
        item.close()
