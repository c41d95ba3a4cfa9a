"""ETags and conditional requests, written once: If-None-Match for reads, If-Match for writes."""
from flask import Response, request

from .directory.snapshot import Body
from .i18n import N_
from .problems import Problem


def json_response(body: Body, cache_seconds: int | None = None, extra_headers: dict | None = None) -> Response:
    """200 with the body, or 304 when If-None-Match already holds its ETag."""
    headers = {"ETag": f'"{body.etag}"'}
    if cache_seconds is not None:
        headers["Cache-Control"] = f"public, max-age={cache_seconds}"
    headers.update(extra_headers or {})
    if request.if_none_match.contains(body.etag) or request.if_none_match.star_tag:
        return Response(status=304, headers=headers)
    return Response(body.data, 200, headers, mimetype="application/json")


def entry_etag(entry_id: str, version: int) -> str:
    """An entry's strong ETag (unquoted): its id and stored version, the same in every worker."""
    return f"{entry_id}.v{version}"


def entry_body(document: dict, entry_id: str, version: int) -> Body:
    """An entry representation whose ETag follows the entry's version, not its bytes."""
    body = Body.of(document)
    return Body(body.data, entry_etag(entry_id, version), None)


def expected_version(entry_id: str, current: int) -> int:
    """The version a write may replace: 428 without If-Match, 412 unless it names `current` (or is `*`).

    The store re-checks the version in the same statement as the write, so a concurrent change
    between this check and the write is a 412 too.
    """
    if "If-Match" not in request.headers:
        raise Problem(428, N_("Precondition required"),
                      N_("Send If-Match with the ETag of the entry as you last read it (GET the entry first)."))
    if request.if_match.star_tag or request.if_match.contains(entry_etag(entry_id, current)):
        return current
    raise stale(entry_id, current)


def stale(entry_id: str, current: int | None) -> Problem:
    headers = {"ETag": f'"{entry_etag(entry_id, current)}"'} if current else {}
    return Problem(412, N_("Precondition failed"),
                   N_("The entry changed since you read it: read it again, then apply your change."),
                   headers=headers, current_version=current)
