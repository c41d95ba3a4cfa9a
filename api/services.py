"""What requests and commands share: the store, the snapshot of the directory, the catalogs, the clock."""
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from flask import current_app

from .directory.entries import Entry
from .directory.selection import Directory
from .directory.snapshot import Snapshot
from .i18n import Catalogs
from .store import Store


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Services:
    store: Store
    catalogs: Catalogs
    cache_seconds: int = 300
    clock: Callable[[], datetime] = utc_now
    snapshot: Snapshot = field(init=False)

    def __post_init__(self):
        self.snapshot = Snapshot(self.load_directory, self.store.directory_version)

    def load_directory(self) -> Directory:
        version = self.store.directory_version()
        entries = [Entry.from_document(s.document, s.version, s.updated_at) for s in self.store.entries()]
        return Directory(entries, version)


def services() -> Services:
    return current_app.extensions["helplinks"]
