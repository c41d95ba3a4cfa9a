"""One error shape for every answer: RFC 9457 problem+json, naming the field at fault."""
import logging

from flask import Flask, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str | None = None, headers: dict | None = None, **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.headers = headers or {}
        self.extra = extra

    def document(self) -> dict:
        body = {"type": "about:blank", "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        body.update(self.extra)
        return body


def invalid_query(error: ValidationError) -> Problem:
    names = ", ".join(sorted(error.messages)) if isinstance(error.messages, dict) else "query"
    return Problem(400, "Invalid query parameters", f"Check: {names}.", errors=error.messages)


def invalid_body(error: ValidationError, title: str = "Invalid entry") -> Problem:
    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return Problem(422, title, f"Check: {', '.join(sorted(map(str, messages)))}.", errors=messages)


def to_problem(error: Exception) -> Problem:
    if isinstance(error, Problem):
        return error
    if isinstance(error, HTTPException):
        headers = {k: v for k, v in error.get_response().headers.items() if k.lower() in ("allow", "retry-after")}
        return Problem(error.code or 500, error.name, error.description, headers)
    return Problem(500, "Internal Server Error", "Something went wrong on our side.")


def handle(error: Exception):
    """The restx/Flask error handler: (document, status, headers)."""
    problem = to_problem(error)
    return problem.document(), problem.status, problem.headers


def register_problems(app: Flask) -> None:
    """Errors outside the API's routes get the same shape; every error body leaves as problem+json.

    (flask-restx answers and logs errors on its own routes before Flask sees them.)
    """

    @app.errorhandler(Exception)
    def _outside_api(error):
        problem = to_problem(error)
        if problem.status >= 500:
            log.error("unhandled error on %s", request.path, exc_info=error)
        return problem.document(), problem.status, problem.headers

    @app.after_request
    def _problem_type(response):
        if response.status_code >= 400 and response.mimetype == "application/json":
            response.headers["Content-Type"] = PROBLEM_TYPE
        return response
