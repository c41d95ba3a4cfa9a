"""X-Request-Id: every answer carries one, to quote in a support request and to find in the logs.

A well-formed id sent by the client (or a proxy in front) is kept, so one id follows a request
through every hop; anything else is replaced by a new random one. It is set before anything else
runs (the hot path included), echoed in the answer, and added to every log line written while the
request runs. It says nothing about the client: no address, no key, no time.
"""
import logging
import re
import secrets

from flask import has_request_context, request

ENVIRON_KEY = "helplinks.request_id"
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id_of(environ: dict) -> str:
    sent = environ.get("HTTP_X_REQUEST_ID", "")
    return sent if WELL_FORMED.fullmatch(sent) else secrets.token_hex(8)


class RequestIds:
    """WSGI middleware, outermost: the id is known to every layer below, and on every answer."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request_id = environ[ENVIRON_KEY] = request_id_of(environ)

        def start(status, headers, exc_info=None):
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            headers.append(("X-Request-Id", request_id))
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return self.app(environ, start)


def install_log_records() -> None:
    """Every log record made while a request runs carries `request_id` and starts with it, whichever logger
    and handler write it (a record factory: logger filters would miss the records of child loggers)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def record_with_id(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        request_id = request.environ.get(ENVIRON_KEY) if has_request_context() else None
        record.request_id = request_id or "-"
        if request_id:
            record.msg = f"[request {request_id}] {record.msg}"
        return record

    record_with_id.adds_request_id = True
    logging.setLogRecordFactory(record_with_id)
