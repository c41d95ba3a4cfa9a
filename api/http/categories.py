"""GET /v1/categories: the taxonomy of abuse, named and explained in the user's language."""
from flask_restx import Namespace, Resource

from ..answers.lists import categories_body
from ..runtime import current_runtime
from ..schemas import CategoryListSchema, language_query_schema
from .docs import model, problem_responses, query_params
from .request import language_headers, load_query, public_read, request_locale

ns = Namespace("categories", path="/v1", description="Categories of abuse")


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
