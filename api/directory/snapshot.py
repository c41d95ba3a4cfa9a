"""The published directory held in memory, rebuilt when the stored version moves on, kept when the store fails."""
import logging
import threading
import time
from datetime import datetime
from typing import Callable, Protocol

from .selection import Directory

log = logging.getLogger(__name__)


class Rendered(Protocol):
    """What the snapshot caches for the read path: bytes, and until when they hold."""

    data: bytes
    expires: datetime | None


class Snapshot:
    """One per process: the current Directory and the bodies rendered from it.

    `load(previous)` builds the stored directory, reusing what it can of the previous one.
    The stored version is read at most once every `check_every` seconds (in a background thread
    when `background` is set and a directory is already held); a new version means a new Directory
    and an empty body cache, so every worker sees a change within that delay. When the store fails
    the last directory stays in service, marked stale; a process that starts without a store
    serves `fallback()` (the bundled resources/) until the store answers. Rendered bodies are held
    up to `max_bytes` in all (oldest dropped first), so a worker's memory has a bound whatever the traffic.
    """

    def __init__(self, load: Callable[[Directory | None], Directory], version: Callable[[], int],
                 check_every: float = 1.0, max_bodies: int = 50_000, max_bytes: int = 32 << 20,
                 fallback: Callable[[], Directory] | None = None, background: bool = False):
        self._load, self._version, self._fallback = load, version, fallback
        self.check_every, self.max_bodies, self.background = check_every, max_bodies, background
        self.max_bytes = max_bytes
        self._lock = threading.Lock()  # short: installing a directory, caching a body
        self._refresh_lock = threading.RLock()  # one refresh at a time, readers never wait on it
        self._directory: Directory | None = None
        self._bodies: dict = {}
        self._bytes = 0  # held in _bodies
        self._lasting: dict = {}  # slot -> (version, body): kept across rebuilds while the version holds
        self._checked = 0.0
        self._forced = False
        self._refreshing = False
        self.source = "none"  # database | resources
        self.failing = False
        self.confirmed_at: float | None = None  # monotonic time of the last successful check
        self.build_seconds: float | None = None
        self.last_error: str | None = None

    # -- the directory -------------------------------------------------------------------------
    @property
    def directory(self) -> Directory:
        now = time.monotonic()
        if self._directory is None or self._forced:
            with self._refresh_lock:
                if self._directory is None or self._forced:
                    self.refresh()
        elif now - self._checked >= self.check_every:
            if self.background and self.check_every > 0:
                self._refresh_in_background(now)
            else:
                with self._refresh_lock:
                    if now - self._checked >= self.check_every:
                        self.refresh()
        return self._directory

    @property
    def stale(self) -> bool:
        """True when what is served could not be confirmed against the store."""
        return self.failing or self.source != "database"

    def age(self) -> float | None:
        """Seconds since the store last confirmed this snapshot."""
        return None if self.confirmed_at is None else time.monotonic() - self.confirmed_at

    @property
    def current(self) -> Directory | None:
        """The directory held now, without asking the store."""
        return self._directory

    def watch(self) -> threading.Event:
        """Check the store every `check_every` seconds whether requests come or not; set the event to stop."""
        stop = threading.Event()

        def keep_checking():
            while not stop.wait(max(self.check_every, 0.01)):
                try:
                    self.refresh()
                except Exception:  # a bug, not the store: keep the thread alive, say it
                    log.exception("snapshot: refresh failed")

        threading.Thread(target=keep_checking, name="snapshot-watch", daemon=True).start()
        return stop

    def invalidate(self) -> None:
        """Check the store on the next read, in the reading thread (after a write in this process)."""
        self._forced = True

    def refresh(self) -> None:
        """Compare the stored version with ours; load the directory again when it moved on."""
        with self._refresh_lock:
            self._checked, self._forced = time.monotonic(), False
            try:
                version = self._version()
                current = self._directory
                if current is None or self.source != "database" or version != current.version:
                    previous = current if self.source == "database" else None
                    self._install(self._timed(lambda: self._load(previous)), "database")
            except Exception as error:  # the store is down: keep serving what we hold
                self._failed(error)
                return
            self.failing, self.last_error, self.confirmed_at = False, None, time.monotonic()

    def _timed(self, load: Callable[[], Directory]) -> Directory:
        started = time.perf_counter()
        directory = load()
        self.build_seconds = time.perf_counter() - started
        return directory

    def _install(self, directory: Directory, source: str) -> None:
        with self._lock:
            self._directory, self._bodies, self._bytes, self.source = directory, {}, 0, source
        log.info("snapshot: version %s from %s (%d entries, %.2fs)",
                 directory.version, source, len(directory.by_id), self.build_seconds or 0)

    def _failed(self, error: Exception) -> None:
        if not self.failing:
            log.warning("snapshot: the store is unreachable (%s), serving the last directory", type(error).__name__)
        self.failing, self.last_error = True, type(error).__name__
        if self._directory is None:
            self._install(self._timed(self._fallback) if self._fallback else Directory([]), "resources")

    def _refresh_in_background(self, now: float) -> None:
        with self._lock:
            if self._refreshing or now - self._checked < self.check_every:
                return
            self._refreshing, self._checked = True, now
        threading.Thread(target=self._background_refresh, name="snapshot-refresh", daemon=True).start()

    def _background_refresh(self) -> None:
        try:
            self.refresh()
        finally:
            self._refreshing = False

    # -- rendered bodies -----------------------------------------------------------------------
    def body(self, key: tuple, at: datetime, render: Callable[[Directory], Rendered]) -> Rendered:
        """The cached body for `key`, rendered again once it has expired."""
        directory = self.directory
        bodies = self._bodies
        cached = bodies.get(key)
        if cached is not None and (cached.expires is None or at < cached.expires):
            return cached
        body = render(directory)
        with self._lock:
            if directory is self._directory:
                bodies = self._bodies
                if (replaced := bodies.pop(key, None)) is not None:
                    self._bytes -= len(replaced.data)
                while bodies and (len(bodies) >= self.max_bodies or self._bytes + len(body.data) > self.max_bytes):
                    self._bytes -= len(bodies.pop(next(iter(bodies))).data)
                bodies[key] = body
                self._bytes += len(body.data)
        return body

    def lasting(self, slot: tuple, version, render: Callable[[], Rendered]) -> Rendered:
        """The body of `slot` at `version` (which names its content), kept across rebuilds until the version moves on.

        Only the newest version of a slot is held: partners' edits replace a bundle rather than pile up copies.
        """
        held = self._lasting.get(slot)
        if held is not None and held[0] == version:
            return held[1]
        body = render()
        with self._lock:
            if slot not in self._lasting and len(self._lasting) >= self.max_bodies:
                self._lasting.pop(next(iter(self._lasting)))
            self._lasting[slot] = (version, body)
        return body
