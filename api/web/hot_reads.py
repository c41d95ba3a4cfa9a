"""The hot path: repeated public reads answered before Flask, from precomputed bodies and headers.

A Flask view that has validated a query and negotiated its locale remembers the outcome under the
raw request (path, query string, Accept-Language). The same request again skips routing, schema
validation and negotiation: a dictionary lookup finds the PublicRead, which finds the current body
in the snapshot (rebuilt as the directory changes) and answers 200 or 304, in the content coding the
request's Accept-Encoding allows (one PublicRead serves every coding: Accept-Encoding is not part of
the key). Anything unusual (other methods, credentials, a request never seen) goes through Flask as usual.
"""
import logging
import threading

from .conditional import PublicRead

log = logging.getLogger(__name__)
CREDENTIALS = ("HTTP_AUTHORIZATION",)  # a request with a key is never answered here


class HotReads:
    def __init__(self, max_size: int = 4096):
        self.max_size = max_size
        self.paths: set[str] = set()
        self._memo: dict[tuple, PublicRead] = {}
        self._lock = threading.Lock()

    def wrap(self, wsgi_app):
        """The WSGI callable to install in front of Flask's own."""

        def hot_reads(environ, start_response):
            if environ["PATH_INFO"] in self.paths and environ["REQUEST_METHOD"] in ("GET", "HEAD") \
                    and not any(name in environ for name in CREDENTIALS):
                read = self._memo.get(_key(environ))
                if read is not None:
                    try:
                        return read.wsgi(environ, start_response)
                    except Exception:  # let Flask answer, with its error handling
                        log.exception("hot path failed for %s", environ["PATH_INFO"])
            return wsgi_app(environ, start_response)

        return hot_reads

    def remember(self, environ: dict, read: PublicRead) -> PublicRead:
        """Serve this request's repeats with `read` (oldest forgotten first past max_size)."""
        with self._lock:
            if len(self._memo) >= self.max_size:
                self._memo.pop(next(iter(self._memo)))
            self._memo[_key(environ)] = read
            self.paths.add(environ["PATH_INFO"])
        return read

    def __len__(self) -> int:
        return len(self._memo)


def _key(environ: dict) -> tuple:
    return environ["PATH_INFO"], environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT_LANGUAGE")
