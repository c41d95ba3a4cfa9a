"""ETags and conditional requests, written once for every read."""
from flask import Response, request

from .directory.snapshot import Body


def json_response(body: Body, cache_seconds: int | None = None, extra_headers: dict | None = None) -> Response:
    """200 with the body, or 304 when If-None-Match already holds its ETag."""
    headers = {"ETag": f'"{body.etag}"'}
    if cache_seconds is not None:
        headers["Cache-Control"] = f"public, max-age={cache_seconds}"
    headers.update(extra_headers or {})
    if request.if_none_match.contains(body.etag) or request.if_none_match.star_tag:
        return Response(status=304, headers=headers)
    return Response(body.data, 200, headers, mimetype="application/json")
