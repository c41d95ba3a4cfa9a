"""Body: a rendered answer as it leaves, its bytes and strong ETag, cached per snapshot."""
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property


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

    @cached_property
    def flagged_stale(self) -> "Body":
        """The same answer marked `"stale": true`, for when the store could not confirm it (JSON only)."""
        if self.content_type != "application/json" or not self.data.startswith(b"{"):
            return self
        data = b'{"stale":true,' + self.data[1:] if self.data != b"{}" else b'{"stale":true}'
        return Body.of_bytes(data, self.expires)
