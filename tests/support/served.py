"""The service under gunicorn (deploy/gunicorn.conf.py), in its own process group, and an HTTP client for it."""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Ports the test servers may use; several test runs side by side each find free ones.
PORTS = os.environ.get("HELPLINKS_TEST_PORTS", "8600-8699")


def free_port(taken: tuple[int, ...] = ()) -> int:
    """A port of HELPLINKS_TEST_PORTS nothing listens on, tried from a random start."""
    low, high = (int(n) for n in PORTS.split("-"))
    ports = list(range(low, high + 1))
    start = random.randrange(len(ports))
    for port in ports[start:] + ports[:start]:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def stale(self) -> bool:
        """Flagged stale in its headers and, for JSON, in its body."""
        flagged = self.headers.get("X-Helplinks-Stale") == "true"
        return flagged and (not self.headers.get("Content-Type", "").startswith("application/json")
                            or self.json().get("stale") is True)


class Gunicorn:
    def __init__(self, port: int, log: Path, **settings: str):
        self.port = port
        self.log = open(log, "w")
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "ACCESS_LOG": "", "LOG_LEVEL": "warning",
               **settings}
        command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "api:create_app()"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def request(self, method: str, path: str, headers: dict | None = None, body: bytes | None = None) -> Reply:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", body, headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, dict(error.headers), error.read())

    def get(self, path: str, headers: dict | None = None) -> Reply:
        return self.request("GET", path, headers)

    def wait_until(self, ready, timeout: float = 30) -> float:
        """Seconds until `ready(self)` is true; an exception or a dead server fails at once."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if ready(self):
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"not ready after {timeout} s")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except ProcessLookupError:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        finally:
            self.log.close()
