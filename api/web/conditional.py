"""ETags, conditional requests and cache headers, written once: If-None-Match for reads, If-Match for writes."""
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Callable

from flask import Flask, Response, g, request

from ..answers.body import Body, preferred_codings, quoted
from .problems import Problem, precondition_failed, precondition_required

GUARDED_METHODS = ("PUT", "PATCH", "DELETE")
STALE_HEADERS = (("Warning", '110 - "Response is Stale"'), ("X-Helplinks-Stale", "true"))


@dataclass(frozen=True)
class CachePolicy:
    """How long runtime caches and apps may keep a public answer, and serve it past that."""

    max_age: int = 300
    stale_while_revalidate: int = 3600
    stale_if_error: int = 7 * 86400
    stale_max_age: int = 30  # while the store is unreachable: come back soon

    def public(self, stale: bool = False, seconds_left: int | None = None) -> str:
        """Cache-Control of a public answer; `seconds_left` until what it shows changes (an "open now") caps max-age."""
        longest = self.stale_max_age if stale else self.max_age
        if seconds_left is not None and seconds_left < longest:
            return _cache_control(self, max(seconds_left, 0))
        return self._stale_value if stale else self._fresh_value

    @cached_property
    def _fresh_value(self) -> str:
        return self._value(self.max_age)

    @cached_property
    def _stale_value(self) -> str:
        return self._value(self.stale_max_age)

    def _value(self, max_age: int) -> str:
        return (f"public, max-age={max_age}, "
                f"stale-while-revalidate={self.stale_while_revalidate}, stale-if-error={self.stale_if_error}")


@lru_cache(maxsize=4096)
def _cache_control(policy: CachePolicy, max_age: int) -> str:
    return policy._value(max_age)


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match asks: any listed tag, W/ or not, or *."""
    if not if_none_match:
        return False
    tag = quoted(etag)
    if if_none_match == tag:
        return True
    return any(listed == "*" or listed.removeprefix("W/") == tag for listed in map(str.strip, if_none_match.split(",")))


class PublicRead:
    """One public representation: how to get its current body, and the headers it leaves with.

    Headers are built once per body and content coding and reused, so answering a request is a
    lookup, a comparison of ETags and a write. Flask views and the hot path (api/web/hot_reads.py)
    answer through it alike. The body is offered compressed when the request accepts it (brotli,
    then gzip; compressed once per body), with `Vary: Accept-Encoding` on every answer and an ETag
    per coding. An answer showing "open now" may be kept only until that changes (max-age ends at
    the body's `expires`). The headers are kept under the body's ETag, not with the body: the body
    itself belongs to the snapshot, and goes when the directory changes, however many remembered
    reads once served it.
    """

    __slots__ = ("resolve", "is_stale", "policy", "headers", "clock", "_built")

    def __init__(self, resolve: Callable[[], Body], is_stale: Callable[[], bool], policy: CachePolicy,
                 headers: tuple = (), clock: Callable[[], datetime] | None = None):
        self.resolve, self.is_stale, self.policy, self.clock = resolve, is_stale, policy, clock
        self.headers = _shared(_varying(tuple(headers)))
        self._built: dict = {}  # coding -> (etag, stale, 200 headers, 304 headers), Cache-Control aside

    def current(self, accept_encoding: str | None = None) -> tuple[bytes, str, list, list]:
        """The bytes and ETag to serve now, with their 200 and 304 header lists."""
        body = self.resolve()
        stale = self.is_stale()
        if stale:
            body = body.flagged_stale
        coding = next((coding for coding in preferred_codings(accept_encoding) if body.offers(coding)), None)
        data, etag = body.encoded(coding)
        built = self._built.get(coding)
        if built is None or built[0] != etag or built[1] != stale:  # a strong ETag names the bytes
            common = [("ETag", quoted(etag)), *self.headers]
            if stale:
                common.extend(STALE_HEADERS)
            encoding = [("Content-Encoding", coding)] if coding else []
            full = [("Content-Type", _content_type(body)), ("Content-Length", str(len(data))), *encoding, *common]
            built = self._built[coding] = (etag, stale, full, common)
        cache_control = ("Cache-Control", self.policy.public(stale, self._seconds_left(body)))
        return data, etag, [*built[2], cache_control], [*built[3], cache_control]

    def _seconds_left(self, body: Body) -> int | None:
        if body.expires is None or self.clock is None:
            return None
        return int((body.expires - self.clock()).total_seconds())

    def wsgi(self, environ: dict, start_response):
        data, etag, full, common = self.current(environ.get("HTTP_ACCEPT_ENCODING"))
        if etag_matches(environ.get("HTTP_IF_NONE_MATCH"), etag):
            start_response("304 Not Modified", common)
            return []
        start_response("200 OK", full)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [data]

    def response(self) -> Response:
        """The Flask response for the current request."""
        data, etag, full, common = self.current(request.headers.get("Accept-Encoding"))
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return Response(status=304, headers=common)
        return Response(data, 200, full)


def _varying(headers: tuple) -> tuple:
    """The headers with Accept-Encoding added to Vary (every public answer may be compressed)."""
    vary = [value for name, value in headers if name == "Vary"]
    kept = tuple((name, value) for name, value in headers if name != "Vary")
    return (*kept, ("Vary", ", ".join([*vary, "Accept-Encoding"])))


@lru_cache(maxsize=1024)
def _shared(headers: tuple) -> tuple:
    """One tuple for each distinct set of headers: thousands of remembered reads share a handful."""
    return headers


def _content_type(body: Body) -> str:
    return f"{body.content_type}; charset=utf-8" if body.content_type.startswith("text/") else body.content_type


def register_cache_defaults(app: Flask) -> None:
    """Only what a route marks public may be stored: everything else, and anything a key asked for, is no-store."""

    @app.after_request
    def _no_store_unless_public(response):
        if "Cache-Control" not in response.headers or response.status_code >= 400:
            response.headers["Cache-Control"] = "no-store"
        elif request.authorization is not None or g.get("no_store") or request.method not in ("GET", "HEAD"):
            response.headers["Cache-Control"] = "no-store"
        return response


def register_write_guard(app: Flask) -> None:
    """A successful PUT, PATCH or DELETE that never checked If-Match is a bug in its view: say so.

    Under the tests (warnings are errors) the request fails, so a write view cannot forget its precondition.
    """

    @app.after_request
    def _if_match_was_checked(response):
        if request.method in GUARDED_METHODS and response.status_code < 300 and not g.get("if_match_checked"):
            warnings.warn(f"{request.method} {request.url_rule} answered {response.status_code} "
                          "without checking If-Match (call expected_version)", RuntimeWarning, stacklevel=1)
        return response


def json_response(body: Body, extra_headers: dict | None = None) -> Response:
    """200 or 304 for a body a view computed itself, not stored by shared caches (no-store)."""
    headers = {"ETag": quoted(body.etag), **(extra_headers or {})}
    if etag_matches(request.headers.get("If-None-Match"), body.etag):
        return Response(status=304, headers=headers)
    return Response(body.data, 200, headers, mimetype=body.content_type)


def entry_etag(entry_id: str, version: int) -> str:
    """An entry's version ETag (unquoted): its id and stored version, the same in every worker.

    Public answers carry content ETags (a hash of their bytes, Body.etag); an entry as partners
    change it carries this one, so that If-Match names the version a change is based on.
    """
    return f"{entry_id}.v{version}"


def entry_body(document: dict, entry_id: str, version: int) -> Body:
    """An entry representation whose ETag follows the entry's version, not its bytes."""
    body = Body.of(document)
    return Body(body.data, entry_etag(entry_id, version), None)


def expected_version(entry_id: str, current: int) -> int:
    """The version a write may replace: 428 without If-Match or with `If-Match: *` (which names no
    version, so would overwrite whatever changed since), 412 unless it names `current`.

    The store re-checks the version in the same statement as the write, so a concurrent change
    between this check and the write is a 412 too.
    """
    g.if_match_checked = True
    if "If-Match" not in request.headers or "*" in map(str.strip, request.headers["If-Match"].split(",")):
        raise precondition_required()
    if request.if_match.contains(entry_etag(entry_id, current)):
        return current
    raise version_moved(entry_id, current)


def version_moved(entry_id: str, current: int | None) -> Problem:
    return precondition_failed(quoted(entry_etag(entry_id, current)) if current else None, current)
