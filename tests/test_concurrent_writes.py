"""No lost update: many writers with the same If-Match, exactly one wins, on SQLite and PostgreSQL."""
import json
import threading

WRITERS = 8


def test_concurrent_writers_with_the_same_etag_make_exactly_one_version(app, e_enfance):
    etag = e_enfance.etag("fr-3018")
    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = []

    def write(index: int):
        client = app.test_client()
        body = json.dumps({"texts": {"en": {"call_to_action": f"Call 3018 (writer {index})"}}})
        barrier.wait()
        response = client.patch("/v1/resources/fr-3018", data=body, headers={
            "Authorization": f"Bearer {e_enfance.key}", "If-Match": etag,
            "Content-Type": "application/merge-patch+json"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] + [412] * (WRITERS - 1)
    history = e_enfance.get("/v1/resources/fr-3018/history").get_json()
    assert history["version"] == 2
    assert [r["version"] for r in history["revisions"]] == [2, 1]


def test_the_store_refuses_a_write_on_a_stale_base(app):
    import pytest

    from api.store import StaleVersion

    store = app.extensions["helplinks"].store
    base = store.entry("fr-3018")
    store.publish("fr-3018", {**base.document, "free": False}, base, None, "patch")
    with pytest.raises(StaleVersion) as stale:
        store.publish("fr-3018", {**base.document, "anonymous": False}, base, None, "patch")
    assert stale.value.current == 2
    assert store.entry("fr-3018").document["anonymous"] is True
