"""The deployment files: the gunicorn settings load, and the nginx cache config passes `nginx -t`."""
import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES
from served import Gunicorn, free_port

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


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
    assert "%(h)s" not in config.access_log_format and "%(q)s" not in config.access_log_format
    assert callable(namespace["when_ready"]) and callable(namespace["post_worker_init"])


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx is not installed")
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
