"""Alembic migrations: from an empty database, and from 0001 with entries already stored."""
import json

from sqlalchemy import inspect, text

from api.store import Store

TABLES = {"entries", "directory_state", "partners", "partner_entries", "revisions", "field_reports"}


def test_an_empty_database_gets_every_table(database_url):
    store = Store(database_url)
    store.migrate()
    assert TABLES <= set(inspect(store.engine).get_table_names())
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    store.engine.dispose()


def test_entries_stored_before_partners_get_a_first_revision(database_url, app):
    documents = [stored.document for stored in app.extensions["helplinks"].store.entries()]
    app.extensions["helplinks"].store.engine.dispose()
    store = Store(database_url)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE field_reports"))
        connection.execute(text("DROP TABLE revisions"))
        connection.execute(text("DROP TABLE partner_entries"))
        connection.execute(text("DROP TABLE partners"))
        connection.execute(text("DELETE FROM entries"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        for document in documents[:2]:
            connection.execute(text(
                "INSERT INTO entries (id, kind, status, needs_review, document, version, created_at, updated_at)"
                " VALUES (:id, :kind, :status, :needs_review, :document, 3, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {**{k: document[k] for k in ("id", "kind", "status", "needs_review")}, "document": json.dumps(document)})

    store.migrate()

    first = store.revision_at(documents[0]["id"], 3)
    assert first is not None and first.action == "import" and first.document == documents[0]
    assert [r.version for r in store.revisions(entry_id=documents[1]["id"])] == [3]
    store.migrate("0001", downgrade=True)
    assert "revisions" not in inspect(store.engine).get_table_names()
    store.migrate()
    assert TABLES <= set(inspect(store.engine).get_table_names())
    store.engine.dispose()
