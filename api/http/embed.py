"""GET /embed/help: the help answer as a page a web view shows (HTML, outside the JSON API's docs)."""
from flask import Blueprint, current_app

from ..answers.help import help_page_body
from ..directory.selection import HelpQuery
from ..answers.page import page_headers
from ..schemas import help_query_schema
from ..runtime import current_runtime
from .request import language_headers, load_query, public_read, request_locale

embed = Blueprint("embed", __name__)


@embed.get("/embed/help")
def help_page():
    """Same query as /v1/help; errors are the same problem+json."""
    params = load_query(help_query_schema)
    lang = params.pop("lang", None)
    locale = request_locale(lang)
    query = HelpQuery(**params)
    runtime, config = current_runtime(), current_app.config
    leave_url = config["EMBED_LEAVE_URL"]
    headers = {**language_headers(locale, lang), **page_headers(config["EMBED_FRAME_ANCESTORS"])}
    return public_read(lambda: help_page_body(runtime, query, locale, runtime.clock(), leave_url), headers)
