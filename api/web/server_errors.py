"""Requests the HTTP server refuses before the app sees them (a header or request line too long, a
malformed request): answered in the app's own shape, problem+json with the same security headers.

gunicorn writes these answers itself, as HTML; deploy/gunicorn.conf.py hands them to `write_problem`.
No request was read, so there is no language to negotiate: they are in English, the source language.
"""
import json

from ..i18n import N_
from .problems import HTTP_PROBLEMS, PROBLEM_TYPE, Problem
from .security import baseline_headers

SERVER_PROBLEMS = {
    **HTTP_PROBLEMS,
    414: (N_("Address too long"), N_("The address of this request is too long.")),
    431: (N_("Request headers too large"), N_("The headers of this request are too large.")),
}


def problem_response(status: int, reason: str) -> bytes:
    """The whole HTTP response, status line to body, for a request refused with `status`."""
    title, detail = SERVER_PROBLEMS.get(status, (reason, None))
    document = Problem(status, str(title), str(detail) if detail else None).document()
    body = json.dumps(document).encode()
    headers = {"Content-Type": PROBLEM_TYPE, "Content-Length": str(len(body)), "Content-Language": "en",
               "Cache-Control": "no-store", "Connection": "close", **baseline_headers({})}
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return (head + "\r\n").encode("latin-1") + body


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error`, answering in problem+json; its message (which may echo the request) is left out."""
    from gunicorn.util import write_nonblock

    write_nonblock(sock, problem_response(status_int, reason))
