"""GET /v1/categories and /v1/countries: the taxonomy and the countries, named in the user's language."""
from flask_restx import Namespace, Resource
from marshmallow import fields

from ..answers.lists import categories_body, countries_body
from ..schemas import CategoryListSchema, CountryListSchema, QuerySchema, language_query_schema
from ..runtime import current_runtime
from .docs import model, problem_responses, query_params
from .request import language_headers, load_query, public_read, request_locale

ns = Namespace("catalog", path="/v1", description="Categories and countries")


class CountryQuerySchema(QuerySchema):
    all = fields.Boolean(load_default=False, metadata={"description": "List every ISO country, covered or not."})


country_query_schema = CountryQuerySchema()


@ns.route("/categories")
class Categories(Resource):
    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "The categories of abuse", model(ns, CategoryListSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """The categories of abuse, with names and short explanations."""
        lang = load_query(language_query_schema).get("lang")
        locale = request_locale(lang)
        runtime = current_runtime()
        return public_read(lambda: categories_body(runtime, locale, runtime.clock()), language_headers(locale, lang))


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
