"""One headless Chromium for the session (tests/support/chromium.py), and phone-sized visits answered by the app."""
import pytest


@pytest.fixture(scope="session")
def browser():
    from tests.support.chromium import CHROMIUM, FLAGS, sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def backend():
    """Pages are laid out the same whichever database the answers came from: SQLite only."""
    return "sqlite"


@pytest.fixture
def visit(browser, client):
    """visit(size=..., elsewhere=..., **context options) -> a phone-sized page answered by `client`."""
    from tests.support.chromium import Visit

    visits = []

    def open_visit(**options):
        visits.append(Visit(browser, options.pop("client", client), **options))
        return visits[-1]

    yield open_visit
    for item in visits:
        item.close()
