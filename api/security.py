"""Headers every response carries, CORS for public reads only, and limits on what a request may send."""
from flask import Flask, request

from .problems import Problem

MAX_QUERY_STRING = 2048
PUBLIC_METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED = "ETag, Link, X-Total-Count, Content-Language, Retry-After"
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
            raise Problem(414, "URI Too Long", f"The query string is limited to {MAX_QUERY_STRING} bytes.")

    @app.after_request
    def _headers(response):
        headers = response.headers
        policy = DOCS_POLICY if request.path.startswith(("/docs", "/swaggerui")) else DATA_POLICY
        for name, value in baseline_headers(headers, policy).items():
            headers.setdefault(name, value)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.method in PUBLIC_METHODS and not request.headers.get("Authorization"):
            headers.update(ANONYMOUS_CORS)
        return response
