"""What every route reads from a request: its validated query and its locale; how public reads answer;
the links an answer gives (built from PUBLIC_BASE_URL, never from the Host header)."""
import math
from typing import Callable
from urllib.parse import urlencode

from flask import Response, current_app, request
from marshmallow import Schema, ValidationError
from werkzeug.routing import BaseConverter
from werkzeug.routing import ValidationError as NoMatch

from ..web.conditional import PublicRead
from ..web.lifecycle import with_lifecycle
from ..directory.locales import bcp47, negotiate_locale
from ..answers.body import Body
from ..i18n import N_
from ..web.problems import invalid_query
from ..web.security import public_read_headers
from ..directory.selection import HelpQuery
from ..schemas import ID_LENGTH, SLUG, help_query_schema
from ..runtime import current_runtime

REPEATED = N_("Give this parameter once.")


def load_query(schema: Schema) -> dict:
    """The query string through its schema; a 400 problem naming each bad parameter otherwise.

    A parameter the schema knows may come once: `?limit=1&limit=500` is refused, not read as 1.
    """
    repeated = {name: [REPEATED] for name in schema.fields if len(request.args.getlist(name)) > 1}
    try:
        values = schema.load(request.args.to_dict(flat=True))
    except ValidationError as error:
        raise invalid_query(ValidationError({**error.normalized_messages(), **repeated})) from None
    if repeated:
        raise invalid_query(ValidationError(repeated))
    return values


def help_request() -> tuple[HelpQuery, str, dict]:
    """The help query of this request, its locale and the language headers its answer carries."""
    params = load_query(help_query_schema)
    lang = params.pop("lang", None)
    locale = request_locale(lang)
    return HelpQuery(**params), locale, language_headers(locale, lang)


def request_locale(lang: str | None) -> str:
    """`lang` first, then Accept-Language, then English, among the locales with a catalog."""
    return current_runtime().catalogs.negotiate(lang, request.headers.get("Accept-Language"))


def language_headers(locale: str, lang: str | None = None) -> dict:
    """Content-Language; and Vary: Accept-Language unless `lang` alone chose the locale."""
    headers = {"Content-Language": bcp47(locale)}
    if not lang or negotiate_locale(lang, None, current_runtime().catalogs.supported, default=None) is None:
        headers["Vary"] = "Accept-Language"
    return headers


def public_read(resolve: Callable[[], Body], headers: dict | None = None, remember: bool = True,
                from_directory: bool = True) -> Response:
    """Answer a public read (200 or 304); its repeats take the hot path when `remember`.

    Only an answer made `from_directory` can be stale (flagged, and cached briefly) when the store could
    not confirm the snapshot; one that depends on the code alone never is.
    """
    runtime = current_runtime()
    headers = public_read_headers(with_lifecycle(headers or {}))
    is_stale = (lambda: runtime.snapshot.stale) if from_directory else (lambda: False)
    read = PublicRead(resolve, is_stale, runtime.caching, headers.items(), runtime.clock)
    return (runtime.hot_reads.remember(request.environ, read) if remember else read).response()


def public_url(path: str, query: dict | None = None) -> str:
    """A link to `path` on this service: PUBLIC_BASE_URL + path (a relative link when it is not set).

    Never built from the request's Host header: a public, cached answer would carry whatever host a
    client sent.
    """
    return current_app.config["PUBLIC_BASE_URL"] + path + (f"?{urlencode(query)}" if query else "")


def page_headers(page: int, per_page: int, total: int, params: dict) -> dict:
    """Link (first, last, prev, next) and X-Total-Count for one page of a list, keeping its other parameters."""
    last = max(1, math.ceil(total / per_page))
    query = {k: str(v).lower() if isinstance(v, bool) else v
             for k, v in params.items() if v is not None and k not in ("page", "per_page")}

    def url(number):
        return f"<{public_url(request.path, {**query, 'page': number, 'per_page': per_page})}>"

    links = [f'{url(1)}; rel="first"', f'{url(last)}; rel="last"']
    if page > 1:
        links.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{url(page + 1)}; rel="next"')
    return {"Link": ", ".join(links), "X-Total-Count": str(total)}


class EntryIdConverter(BaseConverter):
    """`<entry:entry_id>`: an id as EntrySchema allows it. Any other path is a 404 that reaches no database."""

    regex = SLUG.pattern[1:-1]

    def to_python(self, value: str) -> str:
        if not ID_LENGTH[0] <= len(value) <= ID_LENGTH[1]:
            raise NoMatch()
        return value


ENTRY_ID = {"pattern": SLUG.pattern, "minLength": ID_LENGTH[0], "maxLength": ID_LENGTH[1]}
