"""A private PostgreSQL server in a temporary directory, for tests that stop the database for real.

The shared server is never touched: this one is made with Debian's initdb, listens on 127.0.0.1
only, runs as the `postgres` system user when the tests run as root (PostgreSQL refuses root),
and is removed with its directory whatever happens.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

TOOLS = ("initdb", "pg_ctl")


def binaries() -> Path | None:
    """The newest folder holding initdb and pg_ctl: Debian's /usr/lib/postgresql/<version>/bin, or PATH."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: int(Path(f).parent.name), reverse=True)
    if (found := shutil.which("initdb")) is not None:
        folders.append(str(Path(found).parent))
    return next((Path(f) for f in folders if all((Path(f) / tool).exists() for tool in TOOLS)), None)


def unavailable() -> str | None:
    """Why a private server cannot be made here (None: it can)."""
    if binaries() is None:
        return "initdb and pg_ctl are not installed (Debian package postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no postgres system user to own a private cluster"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start PostgreSQL as the postgres user"
    return None


class PrivateCluster:
    """initdb on creation; start(), stop(mode) as an operator would; destroy() removes everything."""

    def __init__(self, port: int):
        self.port = port
        self.bin = binaries()
        self.root = Path(tempfile.mkdtemp(prefix="helplinks-pg-"))
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner:
            os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        """Returns once the server accepts connections."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start")

    def stop(self, mode: str = "fast") -> None:
        """A real shutdown: `fast` ends every session and stops the server; returns once it is down."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def destroy(self) -> None:
        try:
            if self.data.exists() and self.running():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / tool), *args]
        if self.owner:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=self.root)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr or result.stdout}")
        return result
