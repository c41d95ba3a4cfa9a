"""What requests and commands share: the store, the snapshot of the directory, the catalogs, the clock."""
import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from flask import current_app

from .web.conditional import CachePolicy
from .directory.entries import Entry
from .directory.selection import Directory
from .directory.snapshot import Snapshot
from .web.hot_reads import HotReads
from .i18n import Catalogs
from .store import Store

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Runtime:
    store: Store
    catalogs: Catalogs
    cache_seconds: int = 300
    clock: Callable[[], datetime] = utc_now
    resources_dir: Path | None = None
    caching: CachePolicy = field(default_factory=CachePolicy)
    snapshot: Snapshot = field(init=False)
    hot_reads: HotReads = field(default_factory=HotReads)

    def __post_init__(self):
        self.snapshot = Snapshot(self.load_directory, self.store.directory_version, fallback=self.load_bundled)

    def load_directory(self, previous: Directory | None = None) -> Directory:
        """The stored directory; entries whose version has not moved are taken from `previous` as they are."""
        version = self.store.directory_version()
        with _no_collection():
            if previous is None:
                entries = [Entry.from_document(s.document, s.version, s.updated_at) for s in self.store.each_entry()]
                return Directory(entries, version)
            versions = self.store.entry_versions()
            kept = [entry for entry_id, entry_version in versions.items()
                    if (entry := previous.by_id.get(entry_id)) is not None and entry.version == entry_version]
            held = {entry.id for entry in kept}
            changed = [entry_id for entry_id in versions if entry_id not in held]
            fresh = [Entry.from_document(s.document, s.version, s.updated_at) for s in self.store.each_entry(changed)]
            return Directory(sorted(kept + fresh, key=lambda entry: entry.id), version)

    def load_bundled(self) -> Directory:
        """The curated resources/ shipped with the code: what a process serves before the store answers."""
        from .store.folder import read_folder

        if self.resources_dir is None:
            return Directory([])
        documents, defects = read_folder(self.resources_dir)
        if defects:
            log.warning("bundled directory %s: %d problem(s), serving its valid entries", self.resources_dir, len(defects))
        return Directory([Entry.from_document(document) for document in documents], 0)


@contextmanager
def _no_collection():
    """Building a large directory allocates millions of objects and no cycle: the cycle collector only slows it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def current_runtime() -> Runtime:
    return current_app.extensions["helplinks"]
