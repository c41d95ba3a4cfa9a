"""helplinks: localized help links for in-app help screens, served by a small Flask app."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import from_environment
from .i18n import Catalogs
from .security import register_security
from .services import Services
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
    register_commands(app)
    return app


def register_services(app: Flask) -> None:
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    shared = Services(Store(app.config["DATABASE_URL"]), Catalogs(), cache_seconds=app.config["CACHE_MAX_AGE"])
    if app.config.get("CLOCK"):
        shared.clock = app.config["CLOCK"]
    shared.snapshot.check_every = app.config["SNAPSHOT_CHECK_SECONDS"]
    app.extensions["helplinks"] = shared


def register_limits(app: Flask) -> None:
    """Rate limits on every API route; behind TRUSTED_PROXIES proxies, the client is the one they name."""
    from .limits import register_limits as register

    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=app.config["TRUSTED_PROXIES"])
    register(app)


def register_api(app: Flask) -> None:
    from .http import register_api as register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
