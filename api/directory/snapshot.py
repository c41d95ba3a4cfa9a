"""The published directory held in memory, rebuilt when the stored version moves on."""
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .selection import Directory


@dataclass(frozen=True)
class Body:
    """A rendered answer: its bytes, a strong ETag, and until when it holds."""

    data: bytes
    etag: str  # unquoted
    expires: datetime | None

    @classmethod
    def of(cls, document: dict, expires: datetime | None = None) -> "Body":
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(data, hashlib.sha256(data).hexdigest()[:32], expires)


class Snapshot:
    """One per process: the current Directory and the bodies rendered from it.

    The stored version is read at most once every `check_every` seconds; a new version means a
    new Directory and an empty body cache, so every worker sees a change within that delay.
    """

    def __init__(self, load: Callable[[], Directory], version: Callable[[], int],
                 check_every: float = 1.0, max_bodies: int = 50_000):
        self._load, self._version = load, version
        self.check_every, self.max_bodies = check_every, max_bodies
        self._lock = threading.Lock()
        self._directory: Directory | None = None
        self._bodies: OrderedDict = OrderedDict()
        self._checked = 0.0

    @property
    def directory(self) -> Directory:
        now = time.monotonic()
        if self._directory is None or now - self._checked >= self.check_every:
            with self._lock:
                if self._directory is None or now - self._checked >= self.check_every:
                    self._refresh()
                    self._checked = now
        return self._directory

    def _refresh(self) -> None:
        version = self._version()
        if self._directory is None or version != self._directory.version:
            self._directory = self._load()
            self._bodies = OrderedDict()

    def invalidate(self) -> None:
        """Force a version check on the next read (after a write in this process)."""
        self._checked = 0.0

    def body(self, key: tuple, at: datetime, render: Callable[[Directory], Body]) -> Body:
        """The cached body for `key`, rendered again once it has expired."""
        directory = self.directory
        cached = self._bodies.get(key)
        if cached is not None and (cached.expires is None or at < cached.expires):
            return cached
        body = render(directory)
        with self._lock:
            if directory is self._directory:
                self._bodies[key] = body
                if len(self._bodies) > self.max_bodies:
                    self._bodies.popitem(last=False)
        return body
