"""Settings from the environment, with safe defaults: SQLite under instance/, the bundled resources/."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def from_environment(instance_path: str) -> dict:
    env = os.environ.get
    return {
        "DATABASE_URL": env("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'helplinks.db'}",
        "RESOURCES_DIR": env("HELPLINKS_RESOURCES") or str(ROOT / "resources"),
        "SNAPSHOT_CHECK_SECONDS": float(env("SNAPSHOT_CHECK_SECONDS", "1")),
        "STALE_AFTER_DAYS": int(env("STALE_AFTER_DAYS", "365")),
        "CACHE_MAX_AGE": int(env("CACHE_MAX_AGE", "300")),
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(64 * 1024))),
        # flask-restx: errors are ours (problem+json), the spec is served whole
        "ERROR_INCLUDE_MESSAGE": False,
        "RESTX_ERROR_404_HELP": False,
        "RESTX_MASK_SWAGGER": False,
        "RESTX_VALIDATE": False,
        "JSON_SORT_KEYS": False,
    }
