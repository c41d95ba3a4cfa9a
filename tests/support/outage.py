"""Making the database unreachable for one app, without touching the shared server."""
from api.store import Store

UNREACHABLE = {
    "sqlite": "sqlite:////dev/null/helplinks.db",  # a path that cannot exist
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/helplinks",  # a closed port
}


def unreachable_url(url: str) -> str:
    return UNREACHABLE["sqlite" if url.startswith("sqlite") else "postgresql"]


def cut_database(app) -> str:
    """Point the app's store at a database that cannot be reached; returns the URL to restore."""
    store = app.extensions["helplinks"].store
    url = store.url
    store.engine.dispose()
    Store.__init__(store, unreachable_url(url))
    return url


def restore_database(app, url: str) -> None:
    store = app.extensions["helplinks"].store
    store.engine.dispose()
    Store.__init__(store, url)
