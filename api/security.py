"""Headers every response carries, CORS for public reads only, and limits on what a request may send."""
from flask import Flask, request

from .problems import Problem

MAX_QUERY_STRING = 2048
PUBLIC_METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED = "ETag, Link, X-Total-Count, Content-Language, Retry-After"
# The Swagger UI page runs inline scripts of its own; everything else is data and needs nothing.
DOCS_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


def register_security(app: Flask) -> None:
    @app.before_request
    def _bounded_query():
        if len(request.query_string) > MAX_QUERY_STRING:
            raise Problem(414, "URI Too Long", f"The query string is limited to {MAX_QUERY_STRING} bytes.")

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        policy = DOCS_POLICY if request.path.startswith(("/docs", "/swaggerui")) else DATA_POLICY
        headers.setdefault("Content-Security-Policy", policy)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.method in PUBLIC_METHODS and not request.headers.get("Authorization"):
            headers["Access-Control-Allow-Origin"] = "*"
            headers["Access-Control-Expose-Headers"] = EXPOSED
        return response
