"""GET /embed/help: the help answer as a page a web view shows (HTML, outside the JSON API's docs)."""
from flask import Blueprint, Response, current_app, request
from marshmallow import ValidationError

from ..answers.help import help_page_body, help_error_page
from ..answers.page import leave_url_of, page_headers
from ..directory.locales import bcp47
from ..runtime import current_runtime
from ..schemas import help_query_schema
from ..web.problems import Problem
from .request import help_request, public_read

embed = Blueprint("embed", __name__)
JSON_TYPES = ("application/problem+json", "application/json")


@embed.get("/embed/help")
def help_page():
    """Same query as /v1/help. A wrong query is a 400 page with the way out and the country's emergency
    numbers, except for a client that asks for JSON: that one gets the same problem+json as the API."""
    runtime, config = current_runtime(), current_app.config
    leave_url = leave_url_of(config["EMBED_LEAVE_URL"])
    try:
        query, locale, headers = help_request()
    except Problem as problem:
        if wants_json():
            raise
        return error_page(problem, leave_url)
    headers.update(page_headers(config["EMBED_FRAME_ANCESTORS"]))
    return public_read(lambda: help_page_body(runtime, query, locale, runtime.clock(), leave_url), headers)


def wants_json() -> bool:
    """Whether the request prefers problem+json or JSON to a page (a browser or a bare request gets the page)."""
    return request.accept_mimetypes.best_match(["text/html", *JSON_TYPES], default="text/html") in JSON_TYPES


def error_page(problem: Problem, leave_url: str) -> Response:
    runtime, config = current_runtime(), current_app.config
    known = valid_parts()
    locale = runtime.catalogs.negotiate(known.get("lang"), request.headers.get("Accept-Language"))
    html = help_error_page(runtime, problem, locale, known.get("country"), known.get("subdivision"),
                           runtime.clock(), leave_url)
    headers = {**page_headers(config["EMBED_FRAME_ANCESTORS"]), **problem.headers,
               "Content-Language": bcp47(locale), "Vary": "Accept, Accept-Language", "Cache-Control": "no-store"}
    return Response(html, problem.status, headers, content_type="text/html; charset=utf-8")


def valid_parts() -> dict:
    """The parameters of a refused query that are valid on their own: the country, its subdivision, the language."""
    parts = {}
    for name in ("country", "subdivision", "lang"):
        value = request.args.get(name)
        if value is not None and len(request.args.getlist(name)) == 1:
            try:
                parts.update(help_query_schema.load({name: value}, partial=True))
            except ValidationError:
                continue
    return parts
