"""PostgreSQL stopped for real under the running service, then started again.

Reads keep answering (flagged stale), a write fails without leaving anything half-written, and
the service recovers by itself. The database is a private server made for this test
(tests/support/private_postgres.py), never the shared one; the service runs under gunicorn with two
workers, as deployed. Timings go to tests/output/database-restart.json.
"""
import json
import time
from pathlib import Path

import pytest

from api.web.auth import new_key
from api.store.folder import read_folder
from api.store import Store
from tests.support.apps import FIXTURES, ids
from tests.support.private_postgres import PrivateCluster, unavailable
from tests.support.served import Gunicorn, Reply, free_port

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))

HELP = "/v1/help?country=FR&category=cyberharassment&lang=fr"
BUNDLE = "/v1/bundle?country=FR&lang=fr"
ENTRY = "fr-3018"
CHANGED = "Des écoutants t'aident tous les jours, c'est gratuit et anonyme."
OUTPUT = Path(__file__).resolve().parents[1] / "output"


@pytest.fixture
def database():
    cluster = PrivateCluster(free_port())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def partner_key(database) -> str:
    """The fixture directory imported, and a key for the 3018's team (it owns fr-3018)."""
    store = Store(database.url)
    try:
        store.migrate()
        store.import_documents(read_folder(FIXTURES)[0])
        key = new_key()
        store.add_partner("e-Enfance", key.key_id, key.key_hash, entries=[ENTRY], countries=["FR"])
    finally:
        store.engine.dispose()
    return key.key


@pytest.fixture
def service(database, partner_key, tmp_path):
    server = Gunicorn(free_port((database.port,)), tmp_path / "gunicorn.log", DATABASE_URL=database.url,
                      HELPLINKS_RESOURCES=str(FIXTURES), WORKERS="2", SNAPSHOT_CHECK_SECONDS="1",
                      RATELIMIT_READ="100000 per minute", RATELIMIT_WRITE="100 per minute")
    try:
        server.wait_until(lambda s: s.get("/readyz").status == 200)
        yield server
    finally:
        server.stop()
        print("gunicorn:", (tmp_path / "gunicorn.log").read_text()[-3000:], "postgresql:", database.log_tail(), sep="\n")


def settle(server: Gunicorn, stale: bool, quiet: float = 2.0, timeout: float = 15) -> tuple[float, list[Reply]]:
    """Read the help screen and the bundle until every answer for `quiet` seconds is (or is not) flagged stale.

    Returns how long it took until the last answer that was not, and every answer seen.
    """
    started = last_other = time.monotonic()
    replies = []
    while time.monotonic() - last_other < quiet:
        assert time.monotonic() - started < timeout, f"answers not {'stale' if stale else 'fresh'} after {timeout} s"
        for path in (HELP, BUNDLE):
            replies.append(server.get(path))
            if replies[-1].stale != stale:
                last_other = time.monotonic()
        time.sleep(0.01)
    return last_other - started, replies


def without_flag(reply: Reply) -> dict:
    return {name: value for name, value in reply.json().items() if name != "stale"}


def test_postgresql_stopped_and_restarted_under_the_service(database, partner_key, service):
    key = {"Authorization": f"Bearer {partner_key}"}
    timings: dict[str, float | int] = {}
    before = {path: service.get(path) for path in (HELP, BUNDLE)}
    assert [(r.status, r.stale) for r in before.values()] == [(200, False), (200, False)]
    entry = service.get(f"/v1/resources/{ENTRY}", key)
    history = service.get(f"/v1/resources/{ENTRY}/history", key).json()

    started = time.monotonic()
    database.stop("fast")
    timings["pg_ctl_stop_s"] = time.monotonic() - started
    timings["stale_after_s"], outage = settle(service, stale=True)
    assert {r.status for r in outage} == {200}, "every read answers while the database is down"
    last = outage[-2:]
    assert ids(last[0].json()["listen"]) == ids(before[HELP].json()["listen"]) == ["fr-3018"]
    assert ids(last[0].json()["emergency"]) == ["fr-17", "fr-112"]
    assert without_flag(last[1]) == without_flag(before[BUNDLE]), "the bundle is the same, only flagged"
    assert last[0].headers["Warning"].startswith("110") and "max-age=30," in last[0].headers["Cache-Control"]
    readiness = service.get("/readyz")
    assert readiness.status == 503 and readiness.json()["database"] == "unreachable"

    change = json.dumps({"texts": {"fr": {"description": CHANGED}}}).encode()
    patch = {**key, "If-Match": entry.headers["ETag"], "Content-Type": "application/merge-patch+json"}
    started = time.monotonic()
    refused = service.request("PATCH", f"/v1/resources/{ENTRY}", patch, change)
    timings["patch_during_outage_s"] = time.monotonic() - started
    timings["reads_during_outage"] = len(outage)

    started = time.monotonic()
    database.start()
    timings["pg_ctl_start_s"] = time.monotonic() - started
    timings["fresh_after_start_s"], recovered = settle(service, stale=False)
    assert {r.status for r in recovered} == {200}
    assert timings["fresh_after_start_s"] < 5, "answers are fresh again within a few seconds"
    assert without_flag(recovered[-1]) == without_flag(before[BUNDLE])
    timings["ready_after_start_s"] = time.monotonic() - started
    assert all(service.get("/readyz").status == 200 for _ in range(6))

    unchanged = service.get(f"/v1/resources/{ENTRY}", key)
    assert unchanged.headers["ETag"] == entry.headers["ETag"] and unchanged.body == entry.body, "nothing half-written"
    assert service.get(f"/v1/resources/{ENTRY}/history", key).json() == history
    accepted = service.request("PATCH", f"/v1/resources/{ENTRY}", patch, change)
    assert accepted.status == 200, accepted.body
    assert accepted.json()["texts"]["fr"]["description"] == CHANGED

    def served_everywhere(server):
        answers = [server.get(HELP).json() for _ in range(8)]
        return all(a["listen"][0]["description"] == CHANGED and "stale" not in a for a in answers)

    timings["edit_served_after_s"] = service.wait_until(served_everywhere, timeout=10)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "database-restart.json").write_text(json.dumps(
        {**{k: round(v, 3) for k, v in timings.items()}, "patch_during_outage_status": refused.status}, indent=2) + "\n")
    print(timings)

    assert refused.status == 503, refused.body
    assert refused.headers["Content-Type"] == "application/problem+json" and int(refused.headers["Retry-After"]) > 0
