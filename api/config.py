"""Settings from the environment, with safe defaults: SQLite under instance/, the bundled resources/."""
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def from_environment(instance_path: str) -> dict:
    env = os.environ.get
    return {
        "DATABASE_URL": env("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'helplinks.db'}",
        "RESOURCES_DIR": env("HELPLINKS_RESOURCES") or str(ROOT / "resources"),
        "SNAPSHOT_CHECK_SECONDS": float(env("SNAPSHOT_CHECK_SECONDS", "1")),
        "STALE_AFTER_DAYS": int(env("STALE_AFTER_DAYS", "365")),
        "SNAPSHOT_BACKGROUND": env("SNAPSHOT_BACKGROUND", "1") not in ("0", "false", "no"),
        "READY_MAX_SNAPSHOT_AGE": float(env("READY_MAX_SNAPSHOT_AGE", "60")),
        # public reads: Cache-Control max-age, stale-while-revalidate, stale-if-error (seconds)
        "CACHE_MAX_AGE": int(env("CACHE_MAX_AGE", "300")),
        "CACHE_STALE_WHILE_REVALIDATE": int(env("CACHE_STALE_WHILE_REVALIDATE", "3600")),
        "CACHE_STALE_IF_ERROR": int(env("CACHE_STALE_IF_ERROR", str(7 * 86400))),
        "CACHE_STALE_MAX_AGE": int(env("CACHE_STALE_MAX_AGE", "30")),
        # what a worker keeps in memory: requests it answers before Flask, rendered bodies (MiB)
        "HOT_READS_MAX": int(env("HOT_READS_MAX", "4096")),
        "BODY_CACHE_MB": int(env("BODY_CACHE_MB", "32")),
        # the embed page: where "leave quickly" goes, who may frame it
        "EMBED_LEAVE_URL": env("EMBED_LEAVE_URL") or "https://www.google.com/",
        "EMBED_FRAME_ANCESTORS": env("EMBED_FRAME_ANCESTORS") or "'self'",
        # where links in answers (Link, Location) point: e.g. https://helplinks.example.org; relative when unset
        "PUBLIC_BASE_URL": env("PUBLIC_BASE_URL", ""),
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(64 * 1024))),
        # rate limits (Flask-Limiter syntax, per client): memory:// counts per process, so
        # several workers need a runtime storage such as redis://host:6379/0
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_ENABLED": env("RATELIMIT_ENABLED", "true").lower() not in ("0", "false", "no"),
        "RATELIMIT_KEY_PREFIX": env("RATELIMIT_KEY_PREFIX", "helplinks"),
        "RATELIMIT_READ": env("RATELIMIT_READ", "600 per minute"),
        "RATELIMIT_WRITE": env("RATELIMIT_WRITE", "30 per minute;300 per day"),
        "RATELIMIT_REPORT": env("RATELIMIT_REPORT", "5 per minute;20 per day"),
        "RATELIMIT_SALT": env("RATELIMIT_SALT", "helplinks"),
        # how many proxies in front of the app set X-Forwarded-For (1 behind deploy/nginx.conf); 0: the
        # peer is the client. Never more than there are: a client could then name any address it likes.
        "TRUSTED_PROXIES": int(env("TRUSTED_PROXIES", "0")),
        # flask-restx: errors are ours (problem+json), the spec is served whole
        "ERROR_INCLUDE_MESSAGE": False,
        "RESTX_ERROR_404_HELP": False,
        "RESTX_MASK_SWAGGER": False,
        "RESTX_VALIDATE": False,
        "JSON_SORT_KEYS": False,
    }


_BASE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?")


def public_base_url(value: str) -> str:
    """PUBLIC_BASE_URL without its trailing slash; a ValueError unless it is http(s)://host[:port][/path]."""
    value = (value or "").rstrip("/")
    if value and not _BASE_URL.fullmatch(value):
        raise ValueError(f"PUBLIC_BASE_URL must look like https://helplinks.example.org, not {value!r}")
    return value
