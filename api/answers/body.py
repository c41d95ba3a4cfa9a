"""Body: a rendered answer as it leaves, its bytes and strong ETag, cached per snapshot, with its compressed forms."""
import gzip
import hashlib
import json
import weakref
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Callable

try:  # brotli is optional: without it, answers are offered in gzip only
    import brotli
except ImportError:  # pragma: no cover - brotli is in install_requires
    brotli = None

# Content codings offered, best first; an ETag names one coding's bytes (the body's own tag plus a suffix).
CODINGS = ("br", "gzip") if brotli is not None else ("gzip",)
ETAG_SUFFIX = {"br": "-br", "gzip": "-gz"}


def quoted(etag: str) -> str:
    """An ETag as it travels in headers (ETags are held unquoted)."""
    return f'"{etag}"'


@dataclass(frozen=True)
class Body:
    """A rendered answer: its bytes, a strong ETag, and until when it holds."""

    data: bytes
    etag: str  # unquoted
    expires: datetime | None
    sha256: str = ""
    content_type: str = "application/json"

    @classmethod
    def of(cls, document: dict, expires: datetime | None = None) -> "Body":
        return cls.of_bytes(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), expires)

    @classmethod
    def of_bytes(cls, data: bytes, expires: datetime | None = None, content_type: str = "application/json") -> "Body":
        digest = hashlib.sha256(data).hexdigest()
        return cls(data, digest[:32], expires, digest, content_type)

    @property
    def flagged_stale(self) -> "Body":
        """The same answer marked `"stale": true`, for when the store could not confirm it (JSON only)."""
        flagged = self.__dict__.get("_flagged")
        if flagged is None:
            flagged = self._flagged
            if flagged is not self:
                owner = weakref.ref(self)  # (no cycle: a body goes as soon as nothing holds it)
                flagged.when_grown(lambda _extra: (body := owner()) is not None and body._grown())  # held with this body
                self._grown()
        return flagged

    def encoded(self, coding: str | None) -> tuple[bytes, str]:
        """The bytes and ETag of the body in a content coding (None: as it is)."""
        if coding is None:
            return self.data, self.etag
        return self._forms()[coding], self.etag + ETAG_SUFFIX[coding]

    def offers(self, coding: str) -> bool:
        """Whether compressing the body in `coding` saves bytes (compressed on first ask, then kept)."""
        return coding in self._forms()

    @property
    def extra_bytes(self) -> int:
        """What the body holds beside `data`, made on demand: its compressed forms, its copy flagged stale and hers."""
        held = self.__dict__
        extra = sum(len(form) for form in held.get("_compressed", {}).values())
        flagged = held.get("_flagged")
        if flagged is not None and flagged is not self:
            extra += len(flagged.data) + flagged.extra_bytes
        return extra

    def when_grown(self, listener: Callable[[int], None]) -> None:
        """Have `listener` told `extra_bytes` each time it grows: what holds the body (the snapshot) counts them too."""
        self.__dict__["_listener"] = listener

    def _grown(self) -> None:
        listener = self.__dict__.get("_listener")
        if listener is not None:
            listener(self.extra_bytes)

    def _forms(self) -> dict[str, bytes]:
        forms = self.__dict__.get("_compressed")
        if forms is None:
            forms = self._compressed
            self._grown()
        return forms

    @cached_property
    def _flagged(self) -> "Body":
        if self.content_type != "application/json" or not self.data.startswith(b"{"):
            return self
        data = b'{"stale":true,' + self.data[1:] if self.data != b"{}" else b'{"stale":true}'
        return Body.of_bytes(data, self.expires)

    @cached_property
    def _compressed(self) -> dict[str, bytes]:
        """Every coding, compressed once when the body is first asked for one; only those that save bytes."""
        forms = {"gzip": gzip.compress(self.data, compresslevel=9, mtime=0)}
        if brotli is not None:
            forms["br"] = brotli.compress(self.data, quality=11)
        return {coding: data for coding, data in forms.items() if len(data) < len(self.data)}


def preferred_codings(accept_encoding: str | None) -> tuple[str, ...]:
    """The codings we offer that an Accept-Encoding value accepts, best first (q-value, then ours)."""
    if not accept_encoding:
        return ()
    return _preferred(accept_encoding[:256])


_seen: dict[str, tuple[str, ...]] = {}


def _preferred(header: str) -> tuple[str, ...]:
    found = _seen.get(header)
    if found is None:
        found = _parse(header)
        if len(_seen) < 512:  # a few browsers send a few values: remember them, not an attacker's variety
            _seen[header] = found
    return found


def _parse(header: str) -> tuple[str, ...]:
    qualities: dict[str, float] = {}
    for item in header.split(","):
        name, _, parameters = item.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        name = name.strip().lower()
        qualities["gzip" if name == "x-gzip" else name] = quality
    wildcard = qualities.get("*", 0.0)
    ranked = [(qualities.get(coding, wildcard), -rank, coding) for rank, coding in enumerate(CODINGS)]
    return tuple(coding for quality, _, coding in sorted(ranked, reverse=True) if quality > 0)
