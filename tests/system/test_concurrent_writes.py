"""No lost update: many writers with the same If-Match, exactly one wins, on SQLite and PostgreSQL.

In one process (threads on the test client), then between processes (gunicorn workers, clients on threads).
"""
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.apps import FIXTURES
ROOT = Path(__file__).resolve().parents[2]

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
    from api.store import StaleVersion

    store = app.extensions["helplinks"].store
    base = store.entry("fr-3018")
    store.publish("fr-3018", {**base.document, "free": False}, base, None, "patch")
    with pytest.raises(StaleVersion) as stale:
        store.publish("fr-3018", {**base.document, "anonymous": False}, base, None, "patch")
    assert stale.value.current == 2
    assert store.entry("fr-3018").document["anonymous"] is True


# -- the same race, between processes: gunicorn workers, clients on threads ------------------------------
WORKERS = 3
ROUNDS = 10
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, whatever the environment says


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(app, e_enfance, tmp_path):
    """The app under gunicorn with several workers, on the test's database; stopped at the end."""
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w+")
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "HELPLINKS_RESOURCES": str(FIXTURES),
           "RATELIMIT_ENABLED": "false", "SNAPSHOT_CHECK_SECONDS": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--graceful-timeout", "5", "api:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if call("GET", f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            log.seek(0)
            pytest.fail(f"gunicorn did not start:\n{log.read()}")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def call(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with DIRECT.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_workers_racing_on_one_etag_lose_nothing(served, e_enfance):
    key = {"Authorization": f"Bearer {e_enfance.key}"}
    accepted = {}
    for round_number in range(1, ROUNDS + 1):
        status, headers, _ = call("GET", f"{served}/v1/resources/fr-3018", headers=key)
        assert status == 200
        etag, barrier, outcomes = headers["ETag"], threading.Barrier(WRITERS), []

        def write(index: int):
            text = f"Call 3018 (round {round_number}, writer {index})"
            body = json.dumps({"texts": {"en": {"call_to_action": text}}}).encode()
            barrier.wait()
            status, headers, reply = call("PATCH", f"{served}/v1/resources/fr-3018", body, {
                **key, "If-Match": etag, "Content-Type": "application/merge-patch+json"})
            outcomes.append((status, headers.get("Content-Type"), text, reply))

        threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        statuses = sorted(status for status, *_ in outcomes)
        assert statuses == [200] + [412] * (WRITERS - 1), f"round {round_number}: {statuses}"
        assert all(kind == "application/problem+json" for status, kind, *_ in outcomes if status == 412)
        [(_, _, text, reply)] = [outcome for outcome in outcomes if outcome[0] == 200]
        accepted[json.loads(reply)["version"]] = text

    status, _, reply = call("GET", f"{served}/v1/resources/fr-3018/history", headers=key)
    history = json.loads(reply)
    assert history["version"] == 1 + ROUNDS and sorted(accepted) == list(range(2, 2 + ROUNDS))
    patches = {r["version"]: r for r in history["revisions"] if r["action"] == "patch"}
    assert sorted(patches) == sorted(accepted), "every accepted change, and only those, is in the history"
    for version, text in accepted.items():
        [change] = patches[version]["changes"]
        assert change == {"path": "/texts/en/call_to_action", "from": change["from"], "to": text}
    final = json.loads(call("GET", f"{served}/v1/resources/fr-3018", headers=key)[2])
    assert final["texts"]["en"]["call_to_action"] == accepted[1 + ROUNDS]
    print(f"{ROUNDS} rounds of {WRITERS} writers on {WORKERS} gunicorn workers: each round 1 x 200, "
          f"{WRITERS - 1} x 412; history versions {sorted(patches)}")
