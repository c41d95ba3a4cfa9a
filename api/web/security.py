"""Headers every response carries, CORS for public reads only, and limits on what a request may send."""
from flask import Flask, request

from ..i18n import N_
from .problems import uri_too_long

MAX_QUERY_STRING = 2048
PUBLIC_METHODS = ("GET", "HEAD", "OPTIONS")
READ_METHODS = ("GET", "HEAD")
# what a web page may send with a public read: its language and the ETag it holds
SAFE_HEADERS = {"accept", "accept-language", "content-language", "if-none-match"}
PREFLIGHT_HEADERS = "Accept, Accept-Language, If-None-Match"
EXPOSED = ("ETag, Link, X-Total-Count, Content-Language, Retry-After, X-Request-Id, RateLimit, RateLimit-Policy, "
           "Deprecation, Sunset")
# The Swagger UI page runs inline scripts of its own; everything else is data and needs nothing.
DOCS_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


BASELINE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
ANONYMOUS_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED}


def baseline_headers(own, policy: str = DATA_POLICY) -> dict:
    """What every response carries; a response with its own CSP (a page) keeps it, and its framing rules."""
    headers = dict(BASELINE)
    if "Content-Security-Policy" not in own:
        headers.update({"Content-Security-Policy": policy, "X-Frame-Options": "DENY"})
    return headers


def public_read_headers(own: dict) -> dict:
    """The headers of an anonymous public read, precomputed once with its body (the hot path skips Flask)."""
    return {**baseline_headers(own), **ANONYMOUS_CORS, **own}


def register_security(app: Flask) -> None:
    @app.before_request
    def _bounded_query():
        if len(request.query_string) > MAX_QUERY_STRING:
            raise uri_too_long(N_("The query string is limited to %(limit)s bytes.", limit=MAX_QUERY_STRING))

    @app.after_request
    def _headers(response):
        headers = response.headers
        policy = DOCS_POLICY if request.path.startswith(("/docs", "/swaggerui")) else DATA_POLICY
        for name, value in baseline_headers(headers, policy).items():
            headers.setdefault(name, value)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if anonymous_read():
            headers.update(ANONYMOUS_CORS)
            if request.method == "OPTIONS":
                headers["Access-Control-Allow-Methods"] = "GET, HEAD"
                headers["Access-Control-Allow-Headers"] = PREFLIGHT_HEADERS
                headers["Access-Control-Max-Age"] = "600"
        return response


def anonymous_read() -> bool:
    """A read without a key, or a browser's preflight for one: the only requests CORS opens to any origin.

    A preflight for a write, or for a read that would send a key, gets no grant: partner tools call the
    API from servers, not from web pages of other origins.
    """
    if request.headers.get("Authorization"):
        return False
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        asked = {h.strip().lower() for h in request.headers.get("Access-Control-Request-Headers", "").split(",") if h.strip()}
        return request.headers["Access-Control-Request-Method"].upper() in READ_METHODS and asked <= SAFE_HEADERS
    return request.method in PUBLIC_METHODS
