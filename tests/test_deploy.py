"""The deployment files: the gunicorn settings load, and the nginx cache config passes `nginx -t`."""
import shutil
import subprocess
from pathlib import Path

import pytest

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
