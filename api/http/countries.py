"""GET /v1/countries: the countries, with their CLDR names and how well the directory covers them."""
from flask_restx import Namespace, Resource

from ..answers.lists import countries_body
from ..runtime import current_runtime
from ..schemas import CountryListSchema, country_query_schema
from .docs import model, problem_responses, query_params
from .request import language_headers, load_query, public_read, request_locale

ns = Namespace("countries", path="/v1", description="Countries and coverage")


@ns.route("/countries")
class Countries(Resource):
    @ns.doc(params=query_params(country_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "Countries with their coverage", model(ns, CountryListSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Countries with their CLDR names and how well the directory covers them."""
        params = load_query(country_query_schema)
        locale = request_locale(params.get("lang"))
        runtime = current_runtime()
        return public_read(lambda: countries_body(runtime, locale, runtime.clock(), params["all"]),
                           language_headers(locale, params.get("lang")))
