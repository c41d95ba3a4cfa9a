"""Request bodies of the write API: the right content type, bounded, parsed, then through a schema."""
import json

from flask import request
from marshmallow import Schema, ValidationError

from ..problems import Problem, invalid_body
from ..schemas import entry_schema

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
# Read-only fields of the entry as GET returns it: sent back unchanged, they are ignored.
READ_ONLY = ("version", "updated_at")


def json_body(*accepted: str, optional: bool = False):
    """The parsed body: 415 for another content type, 413 over MAX_CONTENT_LENGTH, 400 if not JSON."""
    accepted = accepted or (JSON,)
    if optional and not request.content_length and not request.mimetype:
        return {}
    if request.mimetype not in accepted:
        headers = {"Accept-Patch": ", ".join(accepted)} if request.method == "PATCH" else {}
        raise Problem(415, "Unsupported Media Type", f"Send the body as {' or '.join(accepted)}.", headers=headers)
    try:
        return json.loads(request.get_data(cache=True) or b"null")
    except ValueError:
        raise Problem(400, "Malformed JSON", "The body is not valid JSON.") from None


def load_entry(raw, entry_id: str | None = None) -> dict:
    """A document through EntrySchema, as the import stores it; 422 naming each field at fault."""
    if isinstance(raw, dict):
        raw = {key: value for key, value in raw.items() if key not in READ_ONLY}
    try:
        document = entry_schema.dump(entry_schema.load(raw))
    except ValidationError as error:
        raise invalid_body(error) from None
    if entry_id is not None and document["id"] != entry_id:
        raise Problem(422, "Invalid entry", "Check: id.", errors={"id": [f"Must be {entry_id!r}, the entry in the URL."]})
    return document


def load_body(schema: Schema, raw, title: str) -> dict:
    try:
        return schema.load(raw if raw is not None else {})
    except ValidationError as error:
        raise invalid_body(error, title) from None
