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
from .store.folder import read_folder

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Runtime:
    """One per app: what its requests and commands share."""

    store: Store
    catalogs: Catalogs
    clock: Callable[[], datetime] = utc_now
    resources_dir: Path | None = None
    caching: CachePolicy = field(default_factory=CachePolicy)
    snapshot: Snapshot = field(init=False)
    hot_reads: HotReads = field(default_factory=HotReads)
    snapshot_settings: dict = field(default_factory=dict)

    def __post_init__(self):
        self.snapshot = Snapshot(self.load_directory, self.store.directory_version, fallback=self.load_bundled,
                                 **self.snapshot_settings)

    @classmethod
    def from_config(cls, config) -> "Runtime":
        """The runtime an app's settings describe (CATALOGS and CLOCK: objects tests may pass in)."""
        url = config["DATABASE_URL"]
        if url.startswith("sqlite:///"):
            try:
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            except OSError:  # the snapshot falls back to the bundled resources
                pass
        caching = CachePolicy(config["CACHE_MAX_AGE"], config["CACHE_STALE_WHILE_REVALIDATE"],
                              config["CACHE_STALE_IF_ERROR"], config["CACHE_STALE_MAX_AGE"])
        snapshot = {"check_every": config["SNAPSHOT_CHECK_SECONDS"], "background": config["SNAPSHOT_BACKGROUND"],
                    "max_bytes": config["BODY_CACHE_MB"] << 20}
        return cls(Store(url), config.get("CATALOGS") or Catalogs(), clock=config.get("CLOCK") or utc_now,
                   resources_dir=Path(config["RESOURCES_DIR"]), caching=caching,
                   hot_reads=HotReads(config["HOT_READS_MAX"]), snapshot_settings=snapshot)

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
    """The runtime of the app handling this request."""
    return current_app.extensions["helplinks"]
