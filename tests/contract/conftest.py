"""The app the outside tools check, on the fixtures, shared by a module's tests."""
import pytest

from live import fixture_app


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory):
    app = fixture_app(tmp_path_factory.mktemp("db"))
    yield app
    app.extensions["helplinks"].store.engine.dispose()
