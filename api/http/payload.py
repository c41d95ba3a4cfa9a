"""Request bodies of the write API: the right content type, bounded, parsed, then through a schema."""
import json
import re

from flask import request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from ..i18n import N_
from ..web.problems import Problem, invalid_body, malformed_json, unsupported_media_type
from ..schemas import READ_ONLY_FIELDS, entry_schema

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
# An entry nests six levels at most (entry, contacts, contact, hours, exceptions, exception); merge
# patches and diffs walk bodies recursively, so deeper ones are refused before anything reads them.
MAX_DEPTH = 16
_UNSTORABLE = re.compile("[\ud800-\udfff]")


def json_body(*accepted: str, optional: bool = False):
    """The parsed body: 415 for another content type, 413 over MAX_CONTENT_LENGTH, 400 if not JSON."""
    accepted = accepted or (JSON,)
    if optional and not request.content_length and not request.mimetype:
        return {}
    if request.mimetype not in accepted:
        headers = {"Accept-Patch": ", ".join(accepted)} if request.method == "PATCH" else {}
        raise unsupported_media_type(N_("Send the body as %(types)s.", types=", ".join(accepted)), headers)
    try:
        document = json.loads(body_bytes() or b"null")
    except (ValueError, RecursionError):  # invalid JSON or UTF-8; nesting deeper than the parser's stack
        raise malformed_json(N_("The body is not valid JSON.")) from None
    if too_deep(document):
        raise malformed_json(N_("The body is nested deeper than %(limit)s levels.", limit=MAX_DEPTH))
    if not storable(document):
        raise malformed_json(N_("The body holds a lone UTF-16 surrogate, which is not text."))
    return document


def body_bytes() -> bytes:
    """The request body; 413 past MAX_CONTENT_LENGTH, whether it came with a Content-Length or chunked.

    Werkzeug refuses a Content-Length over the limit, but reads a chunked body only up to the limit
    and stops there without a word: one byte more, read from the server's own stream, tells the two apart.
    """
    data = request.get_data(cache=True)
    limit = request.max_content_length
    if limit is not None and request.content_length is None and len(data) >= limit \
            and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()
    return data


def _walk(document):
    """(value, depth) for every value and object key of a parsed body, without recursion."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        yield value, depth
        if isinstance(value, dict):
            stack.extend((key, depth + 1) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def too_deep(document, limit: int | None = None) -> bool:
    """Whether arrays and objects nest deeper than `limit`."""
    limit = MAX_DEPTH if limit is None else limit
    return any(depth > limit for value, depth in _walk(document) if isinstance(value, (dict, list)))


def storable(document) -> bool:
    """No string or key holds a lone surrogate (a JSON escape allows it; UTF-8 and PostgreSQL do not).

    Control characters, NUL included, are refused field by field by the schemas (a 422 naming the field).
    """
    return not any(isinstance(value, str) and _UNSTORABLE.search(value) for value, _ in _walk(document))


def load_entry(raw, entry_id: str | None = None) -> dict:
    """A document through EntrySchema, as the import stores it; 422 naming each field at fault."""
    if isinstance(raw, dict):
        raw = {key: value for key, value in raw.items() if key not in READ_ONLY_FIELDS}
    try:
        document = entry_schema.dump(entry_schema.load(raw))
    except ValidationError as error:
        raise invalid_body(error) from None
    if entry_id is not None and document["id"] != entry_id:
        raise Problem(422, N_("Invalid entry"), N_("Check: %(names)s.", names="id"),
                      errors={"id": [N_("Must be %(id)s, the entry in the URL.", id=repr(entry_id))]})
    return document


def load_body(schema: Schema, raw, title: str) -> dict:
    try:
        return schema.load(raw if raw is not None else {})
    except ValidationError as error:
        raise invalid_body(error, title) from None
