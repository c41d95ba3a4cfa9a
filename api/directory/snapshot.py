"""The published directory held in memory, rebuilt when the stored version moves on, kept when the store fails."""
import logging
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Protocol

from .selection import Directory

log = logging.getLogger(__name__)


class Rendered(Protocol):
    """What the snapshot caches for the read path: bytes, and until when they hold.

    A body that makes more bytes on demand (Body: compressed forms, a copy flagged stale) also has
    `when_grown(listener)`, and tells the listener how many: the snapshot counts them too.
    """

    data: bytes
    expires: datetime | None


class Snapshot:
    """One per process: the current Directory and the bodies rendered from it.

    `load(previous)` builds the stored directory, reusing what it can of the previous one.
    The stored version is read at most once every `check_every` seconds (in a background thread
    when `background` is set and a directory is already held); a new version means a new Directory
    and an empty body cache, so every worker sees a change within that delay. When the store fails
    the last directory stays in service, marked stale; a process that starts without a store
    serves `fallback()` (the bundled resources/) until the store answers. Rendered bodies, those
    kept across rebuilds (bundles) among them, are held up to `max_bytes` in all, with the compressed
    forms and stale copies they make on demand (oldest dropped first), so a worker's memory has a
    bound whatever the traffic: a client walking every bundle in every locale included.
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
        self._bodies: dict = {}  # key -> _Held: dropped when the directory changes
        self._lasting: dict = {}  # slot -> _Held: kept across rebuilds while the version holds
        self._bytes = 0  # counted for what both hold, against max_bytes
        self._arrivals = 0  # bodies held so far: orders them, oldest first
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
            self._bytes -= sum(held.charged for held in self._bodies.values())
            self._directory, self._bodies, self.source = directory, {}, source
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
        held = self._bodies.get(key)
        if held is not None and (held.body.expires is None or at < held.body.expires):
            return held.body
        body = render(directory)
        with self._lock:
            if directory is self._directory:
                self._hold(BODIES, key, body)
        return body

    def lasting(self, slot: tuple, version, render: Callable[[], Rendered]) -> Rendered:
        """The body of `slot` at `version` (which names its content), kept across rebuilds until the version moves on.

        Only the newest version of a slot is held: partners' edits replace a bundle rather than pile up copies.
        Lasting bodies count against `max_bytes` with the others.
        """
        held = self._lasting.get(slot)
        if held is not None and held.version == version:
            return held.body
        body = render()
        with self._lock:
            self._hold(LASTING, slot, body, version)
        return body

    @property
    def held_bytes(self) -> int:
        """The bytes of every body held, with what each made since (compressed forms, its copy flagged stale)."""
        return self._bytes

    def _pool(self, kind: str) -> dict:
        return self._bodies if kind == BODIES else self._lasting

    def _hold(self, kind: str, key: tuple, body: Rendered, version=None) -> None:
        """Keep a body just rendered (under the lock), dropping the oldest held, of either kind, to make room."""
        pool = self._pool(kind)
        if (replaced := pool.pop(key, None)) is not None:
            self._bytes -= replaced.charged
        size = len(body.data)
        while (self._bodies or self._lasting) and (
                len(self._bodies) + len(self._lasting) >= self.max_bodies or self._bytes + size > self.max_bytes):
            self._drop_oldest()
        self._arrivals += 1
        pool[key] = _Held(body, version, size, self._arrivals)
        self._bytes += size
        if (watch := getattr(body, "when_grown", None)) is not None:  # nobody has the body yet: nothing grew so far
            snapshot, order = weakref.ref(self), self._arrivals  # (no cycle: the body goes as soon as it is dropped)
            watch(lambda extra: (owner := snapshot()) is not None and owner._recount(kind, key, order, size + extra))

    def _recount(self, kind: str, key: tuple, order: int, charged: int) -> None:
        """A held body made compressed forms or a stale copy: count them, and make room if they do not fit."""
        with self._lock:
            held = self._pool(kind).get(key)
            if held is None or held.order != order:  # dropped, or replaced: counted no more
                return
            self._bytes += charged - held.charged
            held.charged = charged
            while self._bytes > self.max_bytes and (self._bodies or self._lasting):
                self._drop_oldest()

    def _drop_oldest(self) -> None:
        heads = [(pool, next(iter(pool))) for pool in (self._bodies, self._lasting) if pool]
        pool, key = min(heads, key=lambda head: head[0][head[1]].order)
        self._bytes -= pool.pop(key).charged


BODIES, LASTING = "bodies", "lasting"


@dataclass(slots=True)
class _Held:
    """A body the snapshot keeps: for a lasting one, the version it renders; what it is counted for, and when it came."""

    body: Rendered
    version: object
    charged: int
    order: int
