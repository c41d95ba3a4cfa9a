"""The servers a benchmark starts on loopback, each in its own process group, and stops again."""
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_CONF = """worker_processes {workers};
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
  uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {work}/static;
    location = /v1/help {{ default_type application/json; try_files /help =404; }}
    location = /v1/bundle {{ default_type application/json; try_files /bundle =404; }}
    location = /embed/help {{ default_type "text/html; charset=utf-8"; try_files /embed =404; }}
  }}
}}
"""


class Server:
    def __init__(self, name: str, command: list[str], port: int, work: Path, env: dict | None = None):
        self.name, self.port, self.work = name, port, work
        self.pidfile = work / f"{name}.pid"
        self.log = open(work / f"{name}.log", "w")
        environment = {**os.environ, "PORT": str(port), "PIDFILE": str(self.pidfile), "ACCESS_LOG": "", **(env or {})}
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, headers: dict | None = None, timeout: float = 30):
        request = urllib.request.Request(self.url(path), headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def wait_ready(self, path: str, timeout: float = 600) -> float:
        """Seconds from start until `path` answers 200."""
        while time.monotonic() - self.started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log.name}")
            try:
                if self.get(path)[0] == 200:
                    return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.name} not ready after {timeout}s")

    def readiness(self) -> dict:
        return json.loads(self.get("/readyz")[2])

    def workers(self) -> list[int]:
        """The gunicorn workers' process ids (the children of the master named in the pid file)."""
        master = int(self.pidfile.read_text())
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]

    def worker_memory(self) -> list[dict]:
        """RSS and PSS (shared pages split between the processes sharing them) of each gunicorn worker, in MB."""
        return [{"rss": rss_mb(pid), "pss": _kb(pid, "smaps_rollup", "Pss:") / 1024} for pid in self.workers()]

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def nginx(port: int, work: Path, bodies: dict[str, bytes], workers: int) -> Server:
    """nginx serving each body as a static file: the ceiling."""
    static = work / "static"
    (work / "tmp").mkdir(exist_ok=True)
    static.mkdir(exist_ok=True)
    for name, data in bodies.items():
        (static / name).write_bytes(data)
    os.chmod(work, 0o755)
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, port=port, workers=workers))
    binary = "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx"
    return Server("nginx", [binary, "-e", str(work / "nginx-error.log"), "-c", str(conf)], port, work)


def proxy_cache(port: int, work: Path, upstream: int, workers: int) -> Server:
    """deploy/nginx.conf as shipped, its upstream and paths pointed at this run: the shared cache in front."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{upstream}").replace(
        "    server 127.0.0.1:8002 max_fails=3 fail_timeout=10s;\n", "")
    conf = conf.replace("/var/cache/nginx/helplinks", str(work / "cache")).replace("listen 80;", f"listen 127.0.0.1:{port};")
    (work / "tmp").mkdir(exist_ok=True)
    for folder in (work, work / "tmp"):  # nginx's workers write the cache and temporary files
        os.chmod(folder, 0o755)
    (work / "helplinks.conf").write_text(conf)
    main = work / "proxy.conf"
    main.write_text(f"worker_processes {workers}; daemon off; pid {work}/proxy.pid; error_log {work}/proxy-error.log warn;\n"
                    f"events {{ worker_connections 4096; }}\n"
                    f"http {{ client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; include {work}/helplinks.conf; }}\n")
    binary = "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx"
    return Server("proxy", [binary, "-e", str(work / "proxy-error.log"), "-c", str(main)], port, work)


def rss_mb(pid: int) -> float:
    return _kb(pid, "status", "VmRSS:") / 1024


def _kb(pid: int, file: str, key: str) -> int:
    for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0
