"""Rate limits with Flask-Limiter: generous on reads, strict on writes and field reports.

Each API route gets the limit of its scope from the configuration (RATELIMIT_READ, _WRITE,
_REPORT), read at request time so tests and operators can change them. Writes count per partner
key, once the key is verified (by its key id: however the header is spelled, one key is one
counter); anything else counts per client address. Counters are keyed by a salted hash: the
limiter's storage never holds an address or a key id. A breach is a 429 problem with Retry-After.
If the storage (Redis) fails, requests go through and the error is logged: a help screen must not
go down with the limiter.

The client address is the peer's, or behind TRUSTED_PROXIES proxies the one they name in
X-Forwarded-For (deploy/nginx.conf sets it from $remote_addr). With memory:// each worker process
counts on its own, so N workers allow N times the limit: use Redis (RATELIMIT_STORAGE_URI) to share them.

Every limited answer says its limits as draft-ietf-httpapi-ratelimit-headers has them:
`RateLimit-Policy: "read-60s";q=600;w=60` (each limit of the operation) and `RateLimit: "read-60s";r=599;t=42`
(what is left of the closest one, and the seconds until it resets).
"""
import hashlib
import logging
import math
import time
from functools import partial

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter, RequestLimit

from .auth import current_partner
from .problems import Problem

logger = logging.getLogger(__name__)

READS = ("GET", "HEAD")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def client_key() -> str:
    """A salted hash of the client's address."""
    return _digest(request.remote_addr or "-")


def writer_key() -> str:
    """Writes count per verified partner key; without a valid key (a 401 to come), per address."""
    try:
        current_partner(current_app.extensions["helplinks"].store)
    except Problem:
        return client_key()
    return "key-" + _digest(g.key_id)


def _digest(value: str) -> str:
    return hashlib.sha256(f"{current_app.config['RATELIMIT_SALT']}:{value}".encode()).hexdigest()[:24]


SCOPES = {
    "read": ("RATELIMIT_READ", client_key),
    "write": ("RATELIMIT_WRITE", writer_key),
    "report": ("RATELIMIT_REPORT", client_key),
}


def _configured(name: str) -> str:
    return current_app.config[name]


def _retry_after(limit: RequestLimit) -> Response:
    seconds = max(1, math.ceil(limit.reset_at - time.time()))
    return Response(status=429, headers={"Retry-After": str(seconds)})


def scopes_of(view_class) -> dict[str, list[str]]:
    """scope -> methods for a restx Resource: reads, writes, unless the class says otherwise.

    A Resource sets `rate_limits = {"POST": "report"}` to change a method's scope, or `None` to opt out.
    """
    overrides = getattr(view_class, "rate_limits", {})
    if overrides is None:
        return {}
    grouped: dict[str, list[str]] = {}
    for method in view_class.methods or ():
        scope = overrides.get(method) or ("read" if method in READS else "write" if method in WRITES else None)
        if scope:
            grouped.setdefault(scope, []).append(method)
    if "GET" in grouped.get("read", []):
        grouped["read"].append("HEAD")
    return grouped


def _policy_name(scope: str, limit) -> str:
    return f"{scope}-{limit.get_expiry()}s"


def ratelimit_headers(limiter: Limiter) -> dict:
    """RateLimit-Policy and RateLimit for the current request's limits; none where nothing was counted."""
    current = limiter.current_limit
    view_class = getattr(current_app.view_functions.get(request.endpoint), "view_class", None)
    if current is None or view_class is None:
        return {}
    scope = next((name for name, methods in scopes_of(view_class).items() if request.method in methods), None)
    if scope is None:
        return {}
    policies = ", ".join(f'"{_policy_name(scope, item.limit)}";q={item.limit.amount};w={item.limit.get_expiry()}'
                         for item in limiter.current_limits)
    reset = max(0, math.ceil(current.reset_at - time.time()))
    remaining = 0 if current.breached else max(0, current.remaining)
    return {"RateLimit-Policy": policies, "RateLimit": f'"{_policy_name(scope, current.limit)}";r={remaining};t={reset}'}


def register_limits(app: Flask) -> Limiter:
    limiter = Limiter(
        key_func=client_key, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        key_prefix=app.config["RATELIMIT_KEY_PREFIX"], on_breach=_retry_after,
        swallow_errors=True, headers_enabled=False,
    )
    for endpoint, view in list(app.view_functions.items()):
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            continue
        for scope, methods in scopes_of(view_class).items():
            setting, key = SCOPES[scope]
            view = limiter.shared_limit(partial(_configured, setting), scope=scope, key_func=key, methods=methods)(view)
        app.view_functions[endpoint] = view
    # The decorators hold the limiter weakly; Flask-Limiter keeps no reference of its own when disabled.
    app.extensions["helplinks.limiter"] = limiter

    @app.after_request
    def _ratelimit_headers(response):
        try:
            response.headers.update(ratelimit_headers(limiter))
        except Exception:  # the storage went away since the check: the answer leaves without them
            logger.warning("rate limit headers left out: the limits' storage did not answer")
        return response

    return limiter
