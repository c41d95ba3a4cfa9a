"""helplinks: localized help links for in-app help screens, served by a small Flask app."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .web.conditional import CachePolicy, register_cache_defaults
from .config import from_environment
from .web.hot_reads import HotReads
from .i18n import Catalogs
from .web.lifecycle import register_lifecycle
from .web.request_id import RequestIds, install_log_records
from .web.security import register_security
from .runtime import Runtime
from .store import Store


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, the store and snapshot, the API, the commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(from_environment(app.instance_path))
    app.config.update(config or {})
    register_services(app)
    register_security(app)
    register_api(app)
    register_limits(app)
    register_lifecycle(app)
    register_commands(app)
    app.wsgi_app = RequestIds(app.wsgi_app)  # outermost: every answer has an id, the hot path's too
    install_log_records()
    return app


def register_services(app: Flask) -> None:
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        try:
            Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        except OSError:  # the snapshot falls back to the bundled resources
            pass
    config = app.config
    caching = CachePolicy(config["CACHE_MAX_AGE"], config["CACHE_STALE_WHILE_REVALIDATE"],
                          config["CACHE_STALE_IF_ERROR"], config["CACHE_STALE_MAX_AGE"])
    runtime = Runtime(Store(config["DATABASE_URL"]), config.get("CATALOGS") or Catalogs(),
                      cache_seconds=config["CACHE_MAX_AGE"], resources_dir=Path(config["RESOURCES_DIR"]),
                      caching=caching, hot_reads=HotReads(config["HOT_READS_MAX"]))
    if config.get("CLOCK"):
        runtime.clock = config["CLOCK"]
    runtime.snapshot.check_every = config["SNAPSHOT_CHECK_SECONDS"]
    runtime.snapshot.background = config["SNAPSHOT_BACKGROUND"]
    runtime.snapshot.max_bytes = config["BODY_CACHE_MB"] << 20
    app.extensions["helplinks"] = runtime
    app.wsgi_app = runtime.hot_reads.wrap(app.wsgi_app)
    register_cache_defaults(app)


def register_limits(app: Flask) -> None:
    """Rate limits on every API route; behind TRUSTED_PROXIES proxies, the client is the one they name."""
    from .web.limits import register_limits as register

    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=app.config["TRUSTED_PROXIES"])
    register(app)


def register_api(app: Flask) -> None:
    from .http import register_api as register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
