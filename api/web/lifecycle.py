"""Deprecation and Sunset headers for operations on their way out (RFC 9745, RFC 8594).

An operation is deprecated by configuration, so that no code changes on the day it is announced:

    DEPRECATIONS = {"GET /v1/countries": {"since": "2026-12-01", "sunset": "2027-06-01",
                                          "link": "https://example.org/changes/countries"}}

From then on its answers carry `Deprecation: @<unix seconds>`, `Sunset: <HTTP-date>` and
`Link: <...>; rel="deprecation"`, and /openapi.json marks the operation `deprecated` with those headers.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime

from flask import Flask, current_app, request


@dataclass(frozen=True)
class Deprecation:
    since: datetime
    sunset: datetime | None = None
    link: str | None = None

    def headers(self) -> dict:
        headers = {"Deprecation": f"@{int(self.since.timestamp())}"}
        if self.sunset:
            headers["Sunset"] = format_datetime(self.sunset, usegmt=True)
        if self.link:
            headers["Link"] = f'<{self.link}>; rel="deprecation"'
        return headers


def _moment(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def deprecations(app: Flask) -> dict[str, Deprecation]:
    """"METHOD /path/{param}" -> its Deprecation, from the DEPRECATIONS setting."""
    return {operation: Deprecation(_moment(said["since"]), _moment(said.get("sunset")), said.get("link"))
            for operation, said in (app.config.get("DEPRECATIONS") or {}).items()}


def _template(rule: str) -> str:
    """A Flask rule as OpenAPI writes its path: /v1/resources/<entry:entry_id> -> /v1/resources/{entry_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def lifecycle_headers() -> dict:
    """The Deprecation headers of the current request's operation, if it is deprecated."""
    if request.url_rule is None or not current_app.config.get("DEPRECATIONS"):
        return {}
    method = "GET" if request.method == "HEAD" else request.method
    found = deprecations(current_app).get(f"{method} {_template(request.url_rule.rule)}")
    return found.headers() if found else {}


def with_lifecycle(headers) -> dict:
    """`headers` (a dict or werkzeug Headers) with the operation's Deprecation headers; a Link is added to, not replaced."""
    merged = dict(headers)
    for name, value in lifecycle_headers().items():
        if name == "Link" and merged.get("Link"):
            merged["Link"] = merged["Link"] if value in merged["Link"] else f"{merged['Link']}, {value}"
        else:
            merged.setdefault(name, value)
    return merged


def register_lifecycle(app: Flask) -> None:
    @app.after_request
    def _deprecation(response):
        if app.config.get("DEPRECATIONS"):
            for name, value in with_lifecycle({k: response.headers.get(k) for k in ("Link",) if k in response.headers}).items():
                response.headers[name] = value
        return response
