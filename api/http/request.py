"""What every route reads from a request: its validated query and its locale."""
from flask import request
from marshmallow import Schema, ValidationError

from ..problems import invalid_query
from ..services import services


def load_query(schema: Schema) -> dict:
    """The query string through its schema; a 400 problem naming each bad parameter otherwise."""
    try:
        return schema.load(request.args.to_dict(flat=True))
    except ValidationError as error:
        raise invalid_query(error) from None


def request_locale(lang: str | None) -> str:
    """`lang` first, then Accept-Language, then English, among the locales with a catalog."""
    return services().catalogs.negotiate(lang, request.headers.get("Accept-Language"))
