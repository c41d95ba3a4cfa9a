"""The deployment files: the gunicorn settings load, and the nginx cache config passes `nginx -t`."""
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import brotli
import pytest

from tests.support.apps import FIXTURES, make_app
from tests.support.served import Gunicorn, free_port

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_gunicorn_settings_log_no_client_address_and_warm_the_snapshot(monkeypatch):
    from gunicorn.config import Config

    monkeypatch.setenv("PORT", "8499")
    config = Config()
    namespace: dict = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)
    for key, value in namespace.items():
        if key in config.settings:
            config.set(key, value)
    assert config.bind == ["127.0.0.1:8499"] and config.preload_app
    assert config.worker_class_str == "gthread" and config.threads >= 4  # a slow client holds a thread, not a worker
    assert "%(h)s" not in config.access_log_format and "%(q)s" not in config.access_log_format
    assert callable(namespace["when_ready"]) and callable(namespace["post_worker_init"])


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(not NGINX, reason="nginx is not installed")
def test_the_nginx_cache_config_is_valid(tmp_path):
    conf = (DEPLOY / "nginx.conf").read_text().replace("/var/cache/nginx/helplinks", str(tmp_path / "cache"))
    conf = conf.replace("listen 80;", "listen 127.0.0.1:8498;")
    (tmp_path / "helplinks.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; include {tmp_path}/helplinks.conf; }}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run([nginx, "-t", "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    work = tmp_path_factory.mktemp("gunicorn")
    server = Gunicorn(free_port(), work / "gunicorn.log", DATABASE_URL=f"sqlite:///{work / 'helplinks.db'}",
                      HELPLINKS_RESOURCES=str(FIXTURES), WORKERS="1")
    try:
        server.wait_until(lambda s: s.get("/healthz").status == 200)
        yield server
    finally:
        server.stop()


def raw(port: int, request: bytes) -> tuple[int, dict, bytes]:
    """Send bytes as they are (no client library would send these) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    return int(status_line.split()[1]), dict(line.split(": ", 1) for line in lines), body


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /v1/help?country=FR HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 9000 + b"\r\n\r\n", 431),
    (b"GET /v1/help?" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /v1/help HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n", 400),
    (b"NOT AN HTTP REQUEST\r\n\r\n", 400),
])
def test_what_gunicorn_refuses_itself_is_a_problem_document_too(gunicorn, request_bytes, status):
    got, headers, body = raw(gunicorn.port, request_bytes)
    assert got == status
    assert headers["Content-Type"] == "application/problem+json" and int(headers["Content-Length"]) == len(body)
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cache-Control"] == "no-store"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    problem = json.loads(body)
    kinds = {400: "bad-request", 414: "uri-too-long", 431: "headers-too-large"}
    assert problem["status"] == status and problem["title"] and problem["type"] == f"/problems/{kinds[status]}"
    assert b"aaaa" not in body  # the refused request is not echoed back


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx is not installed")
def test_the_shared_cache_passes_the_apps_compression_through(gunicorn):
    """deploy/nginx.conf compresses nothing itself: each client gets the app's own coding and ETag, cached per coding."""
    sys.path.insert(0, str(DEPLOY.parent / "bench"))
    from servers import proxy_cache

    work = Path(tempfile.mkdtemp(prefix="helplinks-nginx-"))  # nginx's workers (nobody) must reach it
    cache = proxy_cache(free_port((gunicorn.port,)), work, gunicorn.port, 1)
    path = "/embed/help?country=FR&category=sextortion&lang=fr"
    try:
        cache.wait_ready(path, timeout=30)
        plain = gunicorn.get(path)
        for accept, coding in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)]:
            for attempt in ("first", "again"):
                status, headers, body = cache.get(path, {"Accept-Encoding": accept})
                assert status == 200 and headers.get("Content-Encoding") == coding, (accept, attempt, headers)
                assert {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](body) == plain.body
                assert headers["ETag"] == plain.headers["ETag"][:-1] + {"br": "-br", "gzip": "-gz", None: ""}[coding] + '"'
                assert "Accept-Encoding" in headers["Vary"]
            assert headers["X-Cache-Status"] == "HIT", accept
    finally:
        cache.stop()
        shutil.rmtree(work, ignore_errors=True)


# -- as `make run` starts it: slow clients, chunked bodies ---------------------------------------------------
def made(sqlite_templates, work: Path) -> dict:
    """Settings of a SQLite database in `work` holding the test directory, as `make db` leaves it (a copy
    of the session's template)."""
    return {"DATABASE_URL": sqlite_templates.copy("fixtures", work), "HELPLINKS_RESOURCES": str(FIXTURES)}


@pytest.fixture(scope="module")
def make_run(tmp_path_factory, sqlite_templates):
    """The server as `make run` starts it (deploy/gunicorn.conf.py, 2 workers) on a database holding the test
    directory (a copy of the session's template: what `make db` leaves), with one admin key."""
    work = tmp_path_factory.mktemp("make-run")
    settings = made(sqlite_templates, work)
    created = make_app(settings["DATABASE_URL"], migrate=False).test_cli_runner().invoke(
        args=["partners", "create", "curators", "--admin"])
    key = created.output.strip().splitlines()[-1]
    server = Gunicorn(free_port(), work / "gunicorn.log", WORKERS="2", **settings)
    try:
        server.wait_until(lambda s: s.get("/healthz").status == 200)
        server.key = key
        yield server
    finally:
        server.stop()


def trickle(port: int, until: float) -> None:
    """A client that sends its request headers one line every second, and never finishes them."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        while time.monotonic() < until:
            connection.sendall(b"X-Slow: 1\r\n")
            time.sleep(1)


def test_two_slow_clients_do_not_stop_make_run_from_answering(make_run):
    """With sync workers, two clients trickling their headers took both workers: /healthz timed out."""
    until = time.monotonic() + 7
    slow = [threading.Thread(target=trickle, args=(make_run.port, until), daemon=True) for _ in range(2)]
    for thread in slow:
        thread.start()
    time.sleep(1.5)
    timings = []
    while time.monotonic() < until - 1:
        started = time.monotonic()
        assert make_run.get("/healthz").status == 200
        assert make_run.get("/v1/help?country=FR&category=sextortion").status == 200
        timings.append(time.monotonic() - started)
        time.sleep(0.5)
    for thread in slow:
        thread.join(15)
    assert len(timings) >= 5 and max(timings) < 2, timings
    assert "WORKER TIMEOUT" not in Path(make_run.log.name).read_text()


def chunked_request(port: int, key: str, body: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        etag = json.loads(raw(port, b"GET /v1/resources/fr-3018 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    b"Authorization: Bearer " + key.encode() + b"\r\n\r\n")[2])["version"]
        connection.sendall(b"PATCH /v1/resources/fr-3018 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                           b"Authorization: Bearer " + key.encode() + b"\r\nContent-Type: application/merge-patch+json\r\n"
                           b'If-Match: "fr-3018.v' + str(etag).encode() + b'"\r\nTransfer-Encoding: chunked\r\n\r\n')
        for start in range(0, len(body), 8192):
            chunk = body[start:start + 8192]
            try:
                connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            except OSError:  # the server answered and closed before the end: fine
                break
        else:
            connection.sendall(b"0\r\n\r\n")
        return int(connection.recv(64).split()[1])


def test_a_chunked_body_over_the_limit_is_413_under_gunicorn(make_run):
    small = json.dumps({"texts": {"en": {"call_to_action": "Call now"}}}).encode()
    assert chunked_request(make_run.port, make_run.key, small + b" " * 200_000) == 413
    assert chunked_request(make_run.port, make_run.key, small + b" " * 1_000) == 200


# -- behind deploy/nginx.conf: the client is the address nginx saw -----------------------------------------
@pytest.mark.skipif(not NGINX, reason="nginx is not installed")
def test_behind_the_shipped_nginx_a_made_up_x_forwarded_for_does_not_dodge_the_report_limit(tmp_path, sqlite_templates):
    app_port = free_port()
    proxy_port = free_port((app_port,))
    server = Gunicorn(app_port, tmp_path / "gunicorn.log", WORKERS="1", TRUSTED_PROXIES="1",
                      RATELIMIT_REPORT="3 per minute", **made(sqlite_templates, tmp_path))
    conf = (DEPLOY / "nginx.conf").read_text().replace("server 127.0.0.1:8001", f"server 127.0.0.1:{app_port}")
    conf = conf.replace("    server 127.0.0.1:8002 max_fails=3 fail_timeout=10s;\n", "")
    conf = conf.replace("/var/cache/nginx/helplinks", str(tmp_path / "cache")).replace(
        "listen 80;", f"listen 127.0.0.1:{proxy_port};")
    (tmp_path / "helplinks.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; include {tmp_path}/helplinks.conf; }}\n")
    proxy = subprocess.Popen([NGINX, "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
                             start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        server.wait_until(lambda s: s.get("/healthz").status == 200)
        through = Gunicorn.__new__(Gunicorn)
        through.port = proxy_port
        through.process = proxy
        through.wait_until(lambda s: s.get("/healthz").status == 200, timeout=10)
        statuses = [through.request("POST", "/v1/resources/fr-3919/reports", body=b'{"reason": "closed"}', headers={
            "Content-Type": "application/json", "X-Forwarded-For": f"192.0.2.{n}", "X-Real-IP": f"192.0.2.{n}"}).status
            for n in range(6)]
        assert statuses == [202, 202, 202, 429, 429, 429]
    finally:
        os.killpg(proxy.pid, 15)
        proxy.wait(10)
        server.stop()
