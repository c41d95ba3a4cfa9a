"""One error shape for every answer: RFC 9457 problem+json, naming the field at fault, in the user's language."""
import logging
from typing import Callable

from flask import Flask, current_app, request
from marshmallow import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..i18n import N_, content_language, translate

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger(__name__)

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


class Problem(Exception):
    """Raise to answer with a problem document; title and detail marked with N_ are translated."""

    def __init__(self, status: int, title: str, detail: str | None = None, headers: dict | None = None, **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.headers = headers or {}
        self.extra = extra

    def document(self, translations=None) -> dict:
        body = {"type": "about:blank", "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        body.update(self.extra)
        return translate(body, translations) if translations is not None else body


# -- named problems: one factory per kind, so every route says the same thing the same way --------
def unauthorized(detail: str, challenge: str) -> Problem:
    return Problem(401, N_("Unauthorized"), detail, headers={"WWW-Authenticate": challenge})


def forbidden(detail: str, **extra) -> Problem:
    return Problem(403, N_("Forbidden"), detail, **extra)


def entry_not_found(entry_id: str) -> Problem:
    return Problem(404, N_("Not found"), N_("No entry %(id)s.", id=repr(entry_id)))


def revision_not_found(revision_id: int) -> Problem:
    return Problem(404, N_("Not found"), N_("No revision %(id)s.", id=revision_id))


def conflict(detail: str, **extra) -> Problem:
    return Problem(409, N_("Conflict"), detail, **extra)


def precondition_failed(etag: str | None, current: int | None) -> Problem:
    """412: the entry moved on since the client read it; its current ETag comes along to read it again."""
    return Problem(412, N_("Precondition failed"),
                   N_("The entry changed since you read it: read it again, then apply your change."),
                   headers={"ETag": etag} if etag else {}, current_version=current)


def precondition_required() -> Problem:
    return Problem(428, N_("Precondition required"),
                   N_("Send If-Match with the ETag of the entry as you last read it (GET the entry first)."))


def not_ready(detail: str, **state) -> Problem:
    """503 from the readiness probe, in English: an orchestrator reads it, not a person."""
    return Problem(503, "Not Ready", detail, {"Retry-After": str(RETRY_AFTER_SECONDS)}, **state)


def malformed_json(detail: str) -> Problem:
    return Problem(400, N_("Malformed JSON"), detail)


def invalid_query(error: ValidationError) -> Problem:
    names = ", ".join(sorted(error.messages)) if isinstance(error.messages, dict) else "query"
    return Problem(400, N_("Invalid query parameters"), N_("Check: %(names)s.", names=names), errors=error.messages)


def invalid_body(error: ValidationError, title=N_("Invalid entry")) -> Problem:
    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return Problem(422, title, N_("Check: %(names)s.", names=", ".join(sorted(map(str, messages)))), errors=messages)


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
