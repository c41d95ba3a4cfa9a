"""GET /v1/bundle and /v1/bundle/manifest: a country's whole help screen for offline use, and the list of them."""
from flask_restx import Namespace, Resource

from ..answers.bundles import bundle_body, manifest_body
from ..schemas import BundleSchema, ManifestSchema, bundle_query_schema, language_query_schema
from ..runtime import current_runtime
from .docs import model, problem_responses, query_params
from .request import language_headers, load_query, public_read, request_locale

ns = Namespace("bundle", path="/v1/bundle", description="Offline bundles")


@ns.route("")
class Bundle(Resource):
    @ns.doc(params=query_params(bundle_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "Every category, emergency number, label and opening rule for one country", model(ns, BundleSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Everything a help screen needs for one country, to store and refresh with If-None-Match."""
        params = load_query(bundle_query_schema)
        locale = request_locale(params.get("lang"))
        runtime = current_runtime()
        return public_read(lambda: bundle_body(runtime, params["country"], locale), language_headers(locale, params.get("lang")))


@ns.route("/manifest")
class Manifest(Resource):
    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "The bundles of one locale, with their versions and sha256", model(ns, ManifestSchema))
    @ns.response(304, "Not modified")
    def get(self):
        """Every covered country's bundle in the negotiated locale, with the sha256 of its bytes."""
        params = load_query(language_query_schema)
        locale = request_locale(params.get("lang"))
        runtime = current_runtime()
        return public_read(lambda: manifest_body(runtime, locale), language_headers(locale, params.get("lang")))
