"""Headless Chromium (Debian's package) driven by Playwright, serving the app without a socket.

Imported by tests/browser/conftest.py, which skips (under CI: fails) where Chromium is missing; the fixtures
that use it are there (one browser for the whole session).
"""
import os
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from .services import absent

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://helplinks.test"
OUTPUT = ROOT / "tests" / "output"
# axe-core, installed from package-lock.json by `make install` (never fetched by a test)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
PHONE = (390, 844)
SMALL_PHONE = (320, 568)

if not Path(CHROMIUM).exists():
    absent(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)", module=True)
from playwright.sync_api import sync_playwright  # noqa: E402 (a test extra)


class Visit:
    """A phone-sized page whose requests to ORIGIN are answered by the Flask test client, and those to
    the addresses of `elsewhere` by their HTML; any other request is refused (and remembered)."""

    def __init__(self, browser, client, size=PHONE, elsewhere: dict | None = None, **options):
        self.client, self.pages, self.refused, self.console = client, elsewhere or {}, [], []
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]}, **options)
        self.page = self.context.new_page()
        self.context.route("**/*", self._answer)
        self.page.on("console", lambda message: self.console.append(message.text))

    def _answer(self, route):
        url = route.request.url
        if url in self.pages:
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.pages[url])
        if not url.startswith(ORIGIN + "/"):
            self.refused.append(url)
            return route.abort()
        parts = urlsplit(url)
        # fulfilled bodies reach the page as they are: ask for them uncompressed
        headers = {name: value for name, value in route.request.headers.items() if name.lower() != "accept-encoding"}
        response = self.client.get(parts.path, query_string=parts.query, headers=headers)
        route.fulfill(status=response.status_code, headers=dict(response.headers), body=response.data)

    def open(self, path: str, status: int = 200):
        response = self.page.goto(path if "://" in path else ORIGIN + path)
        assert response.status == status
        return self.page

    def render(self, path: str):
        """The page the app answers for `path`, laid out in this tab without a navigation: three times
        faster than open(), for sweeps over many pages. Its Content-Security-Policy still applies (as a
        <meta>, which enforces style-src and script-src): an inline style it does not allow stays out."""
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        policy, html = escape(response.headers["Content-Security-Policy"]), response.get_data(as_text=True)
        assert html.count("<head>") == 1, "the policy goes first in the page's head"
        html = html.replace("<head>", f'<head><meta http-equiv="Content-Security-Policy" content="{policy}">')
        self.page.set_content(html)
        return self.page

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        OUTPUT.mkdir(exist_ok=True)
        path = OUTPUT / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def axe(self) -> list:
        """axe-core's WCAG 2.2 AA violations on the page as it is: [(rule, impact, [html...])]."""
        if not AXE.exists():
            absent(f"no {AXE.relative_to(ROOT)}: `make node-tools` installs axe-core (part of `make test`)")
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        return self.page.evaluate("""async tags => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.html.slice(0, 160))]);
        }""", WCAG_AA)

    def close(self):
        self.context.close()
