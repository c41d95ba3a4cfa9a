"""GET /problems and /problems/<kind>: what each problem `type` means, at the address the type names."""
from flask_restx import Namespace, Resource

from ..answers.body import Body
from ..i18n import translate
from ..runtime import current_runtime
from ..schemas import ProblemKindListSchema, ProblemKindSchema, language_query_schema
from ..web import problems
from .docs import model, problem_responses, query_params
from .request import language_headers, load_query, public_read, request_locale

ns = Namespace("problems", path=problems.PROBLEMS_PATH, description="Kinds of error")


def described(kind: problems.Kind, translations) -> dict:
    return {"type": kind.type, "name": kind.name, "status": kind.status,
            "title": translate(kind.title, translations), "explanation": kind.explanation}


def kind_read(render):
    """A public read of the kinds, in the request's language; they change only with the code."""
    lang = load_query(language_query_schema).get("lang")
    locale = request_locale(lang)
    body = Body.of(render(current_runtime().catalogs.get(locale)))
    return public_read(lambda: body, language_headers(locale, lang), remember=False, from_directory=False)


@ns.route("")
class ProblemKinds(Resource):
    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "Every kind of problem the API answers with", model(ns, ProblemKindListSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Every problem `type` the API uses, with its status, title and what to do about it."""
        return kind_read(lambda translations: {"kinds": [described(k, translations) for k in problems.KINDS.values()]})


@ns.route("/<string:kind>")
@ns.param("kind", "The last segment of a problem's type", pattern="^[a-z-]+$")
class ProblemKind(Resource):
    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400, 404))
    @ns.response(200, "One kind of problem", model(ns, ProblemKindSchema))
    @ns.response(304, "Not modified")
    def get(self, kind):
        """What a problem of this type means and what a client should do."""
        if kind not in problems.KINDS:
            raise problems.not_found(problems.HTTP_PROBLEMS[404][1])
        return kind_read(lambda translations: described(problems.KINDS[kind], translations))
