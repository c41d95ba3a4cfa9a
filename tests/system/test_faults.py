"""Faults: an import killed mid-transaction, the limiter's Redis gone, the database gone in the middle of writes.

Each time the service says what happened (or keeps serving), and the database holds either the whole
change or none of it.
"""
import gc
import logging
import os
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from api import create_app
from api.store import history
from api.store.folder import NOT_ENTRIES, SAFE_LOADER
from tests.support.apps import RESOURCES, store_state  # resources/: an import long enough to be caught midway
ROOT = Path(__file__).resolve().parents[2]
HELPLINKS = Path(sys.executable).with_name("helplinks")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- an import killed with SIGKILL in the middle of its transaction ------------------------------------
def writing(database_url: str, pid: int) -> bool:
    """Whether the import process holds an open write transaction right now."""
    if database_url.startswith("sqlite"):
        probe = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # "database is locked": a writer is in the middle of a transaction
            return True
        finally:
            probe.close()
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                " AND c.relname IN ('entries', 'revisions') AND l.mode = 'RowExclusiveLock' AND l.granted"
                " AND l.pid <> pg_backend_pid()")).scalar())
    finally:
        engine.dispose()


def helplinks(database_url: str, *args: str, **options) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen([str(HELPLINKS), *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **options)


def kill_mid_transaction(process: subprocess.Popen, database_url: str, seconds: float = 120) -> None:
    """Freeze the process once it writes, make sure its transaction is still open, then SIGKILL it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if writing(database_url, process.pid):
            os.kill(process.pid, signal.SIGSTOP)
            if writing(database_url, process.pid):  # frozen with its transaction open: not committed
                os.kill(process.pid, signal.SIGKILL)
                process.communicate()
                return
            os.kill(process.pid, signal.SIGCONT)
        time.sleep(0.002)
    process.kill()
    output = process.communicate()[0]
    pytest.fail(f"the import was not caught in the middle of its transaction (exit {process.poll()}): {output[-500:]}")


def test_an_import_killed_mid_transaction_leaves_the_database_as_it_was(app, database_url):
    before = store_state(app)
    importing = helplinks(database_url, "import", str(RESOURCES))
    kill_mid_transaction(importing, database_url)
    assert importing.returncode == -signal.SIGKILL

    time.sleep(0.5)  # PostgreSQL rolls the dead client's transaction back as soon as it sees the socket close
    assert store_state(app) == before

    # the same commands, run again in this process, finish the job
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).output.strip().endswith("database is up to date")
    finished = runner.invoke(args=["import", str(RESOURCES)])
    assert finished.exit_code == 0, finished.output
    imported = {entry["id"] for path in RESOURCES.glob("*.yaml") if path.name not in NOT_ENTRIES
                for entry in yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)["entries"]}
    store = app.extensions["helplinks"].store
    assert {e.document["id"] for e in store.entries()} == imported | {entry_id for entry_id, *_ in before[1]}
    assert store.directory_version() == before[0] + 1
    assert app.test_client().get("/v1/help?country=FR&category=cyberharassment").status_code == 200


# -- the limiter's Redis is down --------------------------------------------------------------------------
def test_without_redis_rate_limits_let_requests_through_and_say_so(app, clock, e_enfance, caplog):
    config = {**app.config, "CLOCK": clock, "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{closed_port()}/0",
              "RATELIMIT_READ": "1 per hour", "RATELIMIT_WRITE": "1 per hour", "RATELIMIT_REPORT": "1 per hour"}
    worker = create_app(config)
    e_enfance.client = worker.test_client()
    with caplog.at_level(logging.WARNING):
        reads = [e_enfance.client.get("/v1/help?country=FR&category=sextortion").status_code for _ in range(3)]
        writes = [e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": f"Call now ({n})"}}}).status_code
                  for n in range(3)]
        reports = [e_enfance.client.post("/v1/resources/fr-3018/reports", json={"reason": "closed"}).status_code
                   for _ in range(3)]
    assert reads == [200] * 3 and writes == [200] * 3 and reports == [202] * 3  # limits of 1 per hour not applied
    assert e_enfance.client.get("/healthz").status_code == 200
    assert any(record.levelno >= logging.WARNING and "limit" in record.getMessage().lower() for record in caplog.records)


# -- the database is gone while partners write ---------------------------------------------------------
class Proxy:
    """A TCP proxy to PostgreSQL that the test can cut, as a network or a server failure would."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.sockets, self.running = target, [], True
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, client, upstream):
        pair = {client: upstream, upstream: client}
        try:
            while self.running:
                ready, _, _ = select.select(list(pair), [], [], 0.2)
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    pair[source].sendall(data)
        except OSError:
            return

    def cut(self):
        """Stop listening and drop every connection: the database is unreachable."""
        self.running = False
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread: new connections are refused
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass


def unavailable(response) -> dict:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.content_type == "application/problem+json"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    return response.get_json()


WRITES = [
    ("PATCH", "/v1/resources/fr-3018", {"texts": {"en": {"call_to_action": "Call 3018 now"}}}),
    ("DELETE", "/v1/resources/fr-3018", None),
    ("POST", "/v1/resources/fr-3018/reports", {"reason": "closed"}),
]


class Outage:
    """The store's database made unreachable: cut() for new requests, fail() inside a running transaction."""

    def __init__(self, store, database_url: str):
        self.store, self.real_url, self.proxy = store, store.url, None
        if database_url.startswith("postgresql"):  # every connection goes through a proxy we can stop
            url = create_engine(database_url).url
            self.proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
            store.engine.dispose()
            store.__init__(url.set(port=self.proxy.port).render_as_string(hide_password=False))

    def cut(self):
        if self.proxy:
            self.proxy.cut()
        else:  # SQLite: the file cannot be opened any more
            self.store.engine.dispose()
            self.store.__init__(f"sqlite:///{Path(self.real_url.removeprefix('sqlite:///')).parent / 'gone' / 'x.db'}")

    def fail(self):
        """Lose the database in the middle of the caller's transaction."""
        if self.proxy:
            self.proxy.cut()  # the next statement finds the connection gone
        else:
            raise OperationalError("UPDATE directory_state", None, sqlite3.OperationalError("disk I/O error"))

    def restore(self):
        self.store.engine.dispose()
        self.store.__init__(self.real_url)


@pytest.fixture
def outage(app, database_url):
    outage = Outage(app.extensions["helplinks"].store, database_url)
    yield outage
    outage.restore()
    gc.collect()  # connections the outage broke are closed here, not in some later test


@pytest.mark.parametrize("method, path, body", WRITES)
def test_writes_without_a_database_are_503_with_retry_after(app, e_enfance, outage, method, path, body):
    etag = e_enfance.etag("fr-3018")
    before = store_state(app)
    outage.cut()
    response = e_enfance.open(method, path, json=body, headers={"If-Match": etag})
    assert unavailable(response)["status"] == 503
    outage.restore()
    assert store_state(app) == before
    assert e_enfance.open(method, path, json=body, headers={"If-Match": etag}).status_code in (200, 202)


def test_a_database_lost_in_the_middle_of_a_write_keeps_nothing_of_it(app, e_enfance, outage, monkeypatch):
    """The entry's UPDATE has run and its revision is added; then the database goes, before the version
    bump and the commit. The client gets a 503, and the database holds nothing of the change."""
    etag = e_enfance.etag("fr-3018")
    before = store_state(app)
    bump = history.bump_directory

    def lost_before_commit(session):
        session.flush()  # the entry's UPDATE and the revision's INSERT are sent
        outage.fail()
        bump(session)

    monkeypatch.setattr(history, "bump_directory", lost_before_commit)
    change = {"texts": {"en": {"call_to_action": "Call 3018 now"}}}
    unavailable(e_enfance.patch("fr-3018", change, etag=etag))
    monkeypatch.undo()
    outage.restore()
    assert store_state(app) == before
    assert e_enfance.patch("fr-3018", change, etag=etag).status_code == 200
