"""The snapshot: rebuilt from what changed, every other entry kept as it was."""


def test_a_rebuild_reuses_the_entries_that_did_not_change(app, client):
    shared = app.extensions["helplinks"]
    before = shared.snapshot.directory
    document = shared.store.entry("fr-3018").document
    shared.store.import_documents([{**document, "priority": 95}])
    after = shared.snapshot.directory
    assert after.version == before.version + 1
    assert after.by_id["fr-3018"] is not before.by_id["fr-3018"] and after.by_id["fr-3018"].priority == 95
    assert all(after.by_id[i] is before.by_id[i] for i in before.by_id if i != "fr-3018")
    assert set(after.by_id) == set(before.by_id)
    assert client.get("/v1/help?country=FR&category=sextortion").get_json()["version"] == after.version


def test_entries_keep_their_document_compactly(app):
    entry = app.extensions["helplinks"].snapshot.directory.by_id["fr-3018"]
    assert entry.document == app.extensions["helplinks"].store.entry("fr-3018").document
    assert isinstance(entry.source, bytes) and not hasattr(entry, "__dict__")
