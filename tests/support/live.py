"""An app on the test fixtures for the contract checks, its /openapi.json, and the same app on loopback."""
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from api import create_app
from api.store.folder import read_folder
from .served import free_port

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "directory"
TOOLS = ROOT / "node_modules" / ".bin"
# Node tools run offline: no telemetry, no update check.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_UPDATE_NOTIFIER": "1", "CI": "true"}


def fixture_app(folder: Path):
    """The app on a fresh SQLite database holding the fixtures, every limit generous."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'helplinks.db'}", "RESOURCES_DIR": str(FIXTURES),
                      "SNAPSHOT_CHECK_SECONDS": 0, "RATELIMIT_READ": "100000 per minute",
                      "RATELIMIT_WRITE": "100000 per minute", "RATELIMIT_REPORT": "100000 per minute"})
    store = app.extensions["helplinks"].store
    store.migrate()
    documents, defects = read_folder(FIXTURES)
    assert not defects, defects
    store.import_documents(documents)
    return app


@contextmanager
def on_loopback(app):
    """The app served by werkzeug on 127.0.0.1, in a thread; its base URL."""
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory):
    """The app the outside tools check, shared by a module's tests (modules import this fixture)."""
    app = fixture_app(tmp_path_factory.mktemp("db"))
    yield app
    app.extensions["helplinks"].store.engine.dispose()
