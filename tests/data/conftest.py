"""The curated folder and the catalogs are data: they are checked once, on SQLite (storage has tests of its own)."""
import pytest


@pytest.fixture
def backend():
    return "sqlite"
