"""GET /embed/help: the help answer as a page a web view shows (HTML, outside the JSON API's docs)."""
from flask import Blueprint, current_app

from ..answers.help import help_page_body
from ..answers.page import page_headers
from ..runtime import current_runtime
from .request import help_request, public_read

embed = Blueprint("embed", __name__)


@embed.get("/embed/help")
def help_page():
    """Same query as /v1/help; errors are the same problem+json."""
    query, locale, headers = help_request()
    runtime, config = current_runtime(), current_app.config
    leave_url = config["EMBED_LEAVE_URL"]
    headers.update(page_headers(config["EMBED_FRAME_ANCESTORS"]))
    return public_read(lambda: help_page_body(runtime, query, locale, runtime.clock(), leave_url), headers)
