"""GET /v1/help: what a help screen shows for a country, a category, an audience and a language."""
from flask_restx import Namespace, Resource

from ..answers.help import help_body
from ..schemas import HelpAnswerSchema, help_query_schema
from ..runtime import current_runtime
from .docs import model, problem_responses, query_params
from .request import help_request, public_read

ns = Namespace("help", path="/v1", description="Help screens")


@ns.route("/help")
class Help(Resource):
    @ns.doc(params=query_params(help_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "Emergency numbers, listening lines and reporting routes", model(ns, HelpAnswerSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Emergency numbers, listening lines and reporting routes for one kind of abuse."""
        query, locale, headers = help_request()
        runtime = current_runtime()
        return public_read(lambda: help_body(runtime, query, locale, runtime.clock()), headers)
