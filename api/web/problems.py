"""One error shape for every answer: RFC 9457 problem+json, naming the field at fault, in the user's language.

Each kind of error has a stable `type` a client can switch on: a path of this API, `/problems/<kind>`
(RFC 9457 resolves it against the answer's address), the same on every host and deployment, and
served with a short explanation. The `title` is the kind's, translated; `detail` says this case.
"""
import logging
from dataclasses import dataclass
from typing import Callable

from flask import Flask, current_app, request
from marshmallow import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..i18n import N_, content_language, translate

PROBLEM_TYPE = "application/problem+json"
PROBLEMS_PATH = "/problems"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    """A kind of error: its status, its title (translated) and what a client should do (English)."""

    name: str
    status: int
    title: str
    explanation: str

    @property
    def type(self) -> str:
        return f"{PROBLEMS_PATH}/{self.name}"


KINDS = {kind.name: kind for kind in (
    Kind("invalid-query", 400, N_("Invalid query parameters"),
         "A query parameter is unknown, repeated or invalid. `errors` names each one with what is allowed."),
    Kind("malformed-body", 400, N_("Malformed JSON"),
         "The body is not JSON, nests deeper than 16 levels, or holds a lone UTF-16 surrogate."),
    Kind("bad-request", 400, N_("Bad request"), "The request could not be read."),
    Kind("unauthorized", 401, N_("Unauthorized"),
         "No partner key, or a wrong, rotated or revoked one. Send `Authorization: Bearer <key>`."),
    Kind("forbidden", 403, N_("Forbidden"),
         "The key is valid but may not do this: not an entry it owns, a country outside its scope, or not an admin."),
    Kind("not-found", 404, N_("Not found"), "No entry, revision or address of that name."),
    Kind("method-not-allowed", 405, N_("Method not allowed"), "The address does not accept this method; see `Allow`."),
    Kind("not-acceptable", 406, N_("Not acceptable"), "The API cannot answer in the format asked for."),
    Kind("entry-exists", 409, N_("Conflict"), "An entry with this id exists already: change it with PUT or PATCH."),
    Kind("revision-outdated", 409, N_("Conflict"),
         "The entry changed since this revision was proposed: reject it and propose the change again."),
    Kind("revision-decided", 409, N_("Conflict"), "The revision was already approved or rejected."),
    Kind("precondition-failed", 412, N_("Precondition failed"),
         "The entry changed since you read it (If-Match): GET it again, redo the change. `current_version` says its version."),
    Kind("body-too-large", 413, N_("Request too large"), "The body is over MAX_CONTENT_LENGTH (64 KiB by default)."),
    Kind("uri-too-long", 414, N_("Query string too long"), "The query string is over 2 KiB, or the request line over 4 KiB."),
    Kind("unsupported-media-type", 415, N_("Unsupported media type"),
         "Send the body with one of the content types the operation accepts (see `Accept-Patch` for PATCH)."),
    Kind("invalid-body", 422, N_("Invalid entry"),
         "The body is JSON but breaks the schema: `errors` maps each field's path (dotted, e.g. `contacts.0.value`) to its messages."),
    Kind("precondition-required", 428, N_("Precondition required"),
         "A write needs If-Match with the ETag of the entry as you last read it."),
    Kind("rate-limited", 429, N_("Too many requests"), "Over the rate limit: wait `Retry-After` seconds (see RateLimit)."),
    Kind("headers-too-large", 431, N_("Request headers too large"), "A header is over 8 KiB (refused by the server, in English)."),
    Kind("server-error", 500, N_("Internal server error"), "Something went wrong on our side. Quote `X-Request-Id` to support."),
    Kind("unavailable", 503, N_("Service unavailable"),
         "The database cannot be reached: nothing was written. Try again after `Retry-After` seconds."),
    Kind("not-ready", 503, "Not ready",  # for probes: in English
         "/readyz: the database is unreachable or the snapshot is old; the body says which."),
)}
# The kind of an answer that names none: one per status.
BY_STATUS = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    406: "not-acceptable", 409: "entry-exists", 412: "precondition-failed", 413: "body-too-large", 414: "uri-too-long",
    415: "unsupported-media-type", 422: "invalid-body", 428: "precondition-required", 429: "rate-limited",
    431: "headers-too-large", 500: "server-error", 503: "unavailable",
}
# What HTTP itself can answer (no route, wrong method, body too large...), in our own words.
HTTP_PROBLEMS = {
    400: (N_("Bad request"), N_("We could not read this request.")),
    404: (N_("Not found"), N_("There is nothing at this address.")),
    405: (N_("Method not allowed"), N_("This address does not accept this method.")),
    406: (N_("Not acceptable"), N_("We cannot answer in the format you asked for.")),
    413: (N_("Request too large"), N_("The request body is too large.")),
    415: (N_("Unsupported media type"), N_("Send the body as JSON.")),
    429: (N_("Too many requests"), N_("Too many requests: wait a moment and try again.")),
    503: (N_("Service unavailable"), N_("The service is unavailable for a moment: try again soon.")),
}
SERVER_ERROR = (N_("Internal server error"), N_("Something went wrong on our side."))
# The database cannot be reached (refused, dropped, locked too long, no connection free): nothing was
# written, since every write is one transaction; the client may try again shortly.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 5


def type_of(status: int, kind: str | None = None) -> str:
    """The `type` URI of a problem: its kind's, or the one its status implies; about:blank for a status we never answer."""
    name = kind or BY_STATUS.get(status)
    return KINDS[name].type if name else "about:blank"


class Problem(Exception):
    """Raise to answer with a problem document; title and detail marked with N_ are translated."""

    def __init__(self, status: int, title: str, detail: str | None = None, headers: dict | None = None,
                 kind: str | None = None, **extra):
        super().__init__(detail or title)
        assert kind is None or KINDS[kind].status == status, (kind, status)
        self.status, self.title, self.detail, self.kind = status, title, detail, kind
        self.headers = headers or {}
        self.extra = extra

    def document(self, translations=None) -> dict:
        body = {"type": type_of(self.status, self.kind), "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        body.update(self.extra)
        return translate(body, translations) if translations is not None else body


def of_kind(kind: str, detail: str | None = None, headers: dict | None = None, title: str | None = None, **extra) -> Problem:
    """A problem of a named kind, with its status and title."""
    known = KINDS[kind]
    return Problem(known.status, title or known.title, detail, headers, kind, **extra)


def field_errors(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as one map: a field's dotted path (`contacts.0.value`) -> its messages."""
    if not isinstance(messages, dict):
        return {prefix or "_schema": list(messages) if isinstance(messages, (list, tuple)) else [messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(field_errors(value, path))
        else:
            flat.setdefault(path, []).extend(value if isinstance(value, (list, tuple)) else [value])
    return flat


# -- named problems: one factory per kind, so every route says the same thing the same way --------
def unauthorized(detail: str, challenge: str) -> Problem:
    return of_kind("unauthorized", detail, {"WWW-Authenticate": challenge})


def forbidden(detail: str, **extra) -> Problem:
    return of_kind("forbidden", detail, **extra)


def not_found(detail: str) -> Problem:
    return of_kind("not-found", detail)


def entry_not_found(entry_id: str) -> Problem:
    return not_found(N_("No entry %(id)s.", id=repr(entry_id)))


def revision_not_found(revision_id: int) -> Problem:
    return not_found(N_("No revision %(id)s.", id=revision_id))


def conflict(detail: str, kind: str = "entry-exists", **extra) -> Problem:
    """409, of one of three kinds: entry-exists, revision-outdated, revision-decided."""
    return of_kind(kind, detail, **extra)


def precondition_failed(etag: str | None, current: int | None) -> Problem:
    """412: the entry moved on since the client read it; its current ETag comes along to read it again."""
    return of_kind("precondition-failed", N_("The entry changed since you read it: read it again, then apply your change."),
                   {"ETag": etag} if etag else {}, current_version=current)


def precondition_required() -> Problem:
    return of_kind("precondition-required",
                   N_("Send If-Match with the ETag of the entry as you last read it (GET the entry first)."))


def not_ready(detail: str, **state) -> Problem:
    """503 from the readiness probe, in English: an orchestrator reads it, not a person."""
    return of_kind("not-ready", detail, {"Retry-After": str(RETRY_AFTER_SECONDS)}, **state)


def malformed_json(detail: str) -> Problem:
    return of_kind("malformed-body", detail)


def unsupported_media_type(detail: str, headers: dict | None = None) -> Problem:
    return of_kind("unsupported-media-type", detail, headers)


def uri_too_long(detail: str) -> Problem:
    return of_kind("uri-too-long", detail)


def invalid_query(error: ValidationError) -> Problem:
    errors = field_errors(error.messages if isinstance(error.messages, dict) else {"query": error.messages})
    return of_kind("invalid-query", N_("Check: %(names)s.", names=", ".join(sorted(errors))), errors=errors)


def invalid_body(error: ValidationError, title=N_("Invalid entry")) -> Problem:
    errors = field_errors(error.messages)
    return of_kind("invalid-body", N_("Check: %(names)s.", names=", ".join(sorted(errors))), title=title, errors=errors)


# Domain errors (say, a change based on an old version) and the problem each becomes; the HTTP
# layer registers them (api.http), so the write path raises what it means and knows no status codes.
TRANSLATIONS: dict[type, Callable[[Exception], Problem]] = {}


def translates(kind: type):
    """Register how a domain error becomes a problem."""
    def register(convert: Callable[[Exception], Problem]):
        TRANSLATIONS[kind] = convert
        return convert
    return register


def to_problem(error: Exception) -> Problem:
    if isinstance(error, Problem):
        return error
    for kind in type(error).__mro__:
        if kind in TRANSLATIONS:
            return TRANSLATIONS[kind](error)
    if isinstance(error, HTTPException):
        headers = {k: v for k, v in error.get_response().headers.items() if k.lower() in ("allow", "retry-after")}
        title, detail = HTTP_PROBLEMS.get(error.code, (error.name, error.description))
        return Problem(error.code or 500, title, detail, headers)
    if isinstance(error, UNAVAILABLE):
        log.error("database unavailable on %s %s: %s", request.method, request.path, type(error.orig or error).__name__)
        return Problem(503, *HTTP_PROBLEMS[503], {"Retry-After": str(RETRY_AFTER_SECONDS)})
    return Problem(500, *SERVER_ERROR)


def respond(problem: Problem):
    """(document, status, headers) in the language the request asks for."""
    catalogs = current_app.extensions["helplinks"].catalogs  # not current_runtime(): the runtime imports this module
    locale = catalogs.negotiate(request.args.get("lang"), request.headers.get("Accept-Language"))
    headers = {**problem.headers, **content_language(locale)}
    return problem.document(catalogs.get(locale)), problem.status, headers


def handle(error: Exception):
    """The restx error handler (restx logs server errors on its routes itself)."""
    return respond(to_problem(error))


def register_problems(app: Flask) -> None:
    """Errors outside the API's routes get the same shape; every error body leaves as problem+json.

    (flask-restx answers and logs errors on its own routes before Flask sees them.)
    """

    @app.errorhandler(Exception)
    def _outside_api(error):
        problem = to_problem(error)
        if problem.status >= 500 and not isinstance(error, UNAVAILABLE):
            log.error("unhandled error on %s", request.path, exc_info=error)
        return respond(problem)

    @app.after_request
    def _problem_type(response):
        if response.status_code >= 400 and response.mimetype == "application/json":
            response.headers["Content-Type"] = PROBLEM_TYPE
        return response
