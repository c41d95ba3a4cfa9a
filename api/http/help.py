"""GET /v1/help: what a help screen shows for a country, a category, an audience and a language."""
from flask_restx import Namespace, Resource

from ..answers import help_body
from ..conditional import json_response
from ..i18n import content_language
from ..directory.selection import HelpQuery
from ..schemas import HelpAnswerSchema, help_query_schema
from ..services import services
from .docs import model, problem_responses, query_params
from .request import load_query, request_locale

ns = Namespace("help", path="/v1", description="Help screens")


@ns.route("/help")
class Help(Resource):
    @ns.doc(params=query_params(help_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "Emergency numbers, listening lines and reporting routes", model(ns, HelpAnswerSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Emergency numbers, listening lines and reporting routes for one kind of abuse."""
        params = load_query(help_query_schema)
        locale = request_locale(params.pop("lang", None))
        query = HelpQuery(**params)
        shared = services()
        body = help_body(shared, query, locale, shared.clock())
        return json_response(body, shared.cache_seconds, content_language(locale))
