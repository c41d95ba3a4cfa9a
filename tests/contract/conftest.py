"""The contract is the HTTP surface, the same whatever stores the entries: checked on SQLite (the API tests
run every write on PostgreSQL too)."""
import pytest


@pytest.fixture
def backend():
    return "sqlite"
