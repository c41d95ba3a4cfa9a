"""helplinks: localized help links for in-app help screens, served by a small Flask app."""
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import from_environment, public_base_url
from .runtime import Runtime
from .web.conditional import register_cache_defaults, register_write_guard
from .web.lifecycle import register_lifecycle
from .web.request_id import RequestIds, install_log_records
from .web.security import register_security


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, the runtime, the HTTP plumbing, the API, the limits, the commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(from_environment(app.instance_path))
    app.config.update(config or {})
    app.config["PUBLIC_BASE_URL"] = public_base_url(app.config["PUBLIC_BASE_URL"])
    register_runtime(app)
    register_middleware(app)
    register_security(app)
    register_api(app)
    register_limits(app)
    register_lifecycle(app)
    register_commands(app)
    return app


def register_runtime(app: Flask) -> None:
    """The store, the snapshot, the catalogs, the clock: what requests and commands share."""
    app.extensions["helplinks"] = Runtime.from_config(app.config)


def register_middleware(app: Flask) -> None:
    """WSGI in front of Flask, outermost last: the request id first (every answer has one, the hot path's
    too), ProxyFix then sets the client address, then hot reads answer repeated public reads (so those
    skip Flask, its hooks and Flask-Limiter)."""
    app.wsgi_app = app.extensions["helplinks"].hot_reads.wrap(app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.wsgi_app = RequestIds(app.wsgi_app)
    install_log_records()
    register_cache_defaults(app)
    register_write_guard(app)


def register_limits(app: Flask) -> None:
    """Rate limits on every API route; behind TRUSTED_PROXIES proxies, the client is the one they name."""
    from .web.limits import register_limits as register

    register(app)


def register_api(app: Flask) -> None:
    from .http import register_api as register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
