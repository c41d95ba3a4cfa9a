"""The HTTP layer: one flask-restx Api, one Namespace per concern, routes only."""
from flask import Flask
from flask_restx import Api

from .. import problems
from . import bundle, catalog, health, help, reports, resources, revisions
from .embed import embed

AUTHORIZATIONS = {
    "bearer": {"type": "apiKey", "in": "header", "name": "Authorization",
               "description": "A partner key, sent as `Authorization: Bearer <key>`."},
}


class HelplinksApi(Api):
    """restx's Swagger 2.0 spec, with what restx cannot say: per-operation `consumes`, and problem+json
    among the answers."""

    @property
    def __schema__(self):
        schema = super().__schema__
        schema["produces"] = list(dict.fromkeys([*schema.get("produces", []), problems.PROBLEM_TYPE]))
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                if isinstance(operation, dict) and "x-consumes" in operation:
                    operation["consumes"] = operation.pop("x-consumes")
        return schema


def register_api(app: Flask) -> Api:
    api = HelplinksApi(
        app,
        version="1.0",
        title="helplinks",
        description="Localized help links (listening lines, emergency numbers, reporting platforms) for in-app help "
                    "screens. Partners keep their own entries current with a key.",
        doc="/docs",
        catch_all_404s=True,
        authorizations=AUTHORIZATIONS,
    )
    for namespace in (help.ns, bundle.ns, catalog.ns, resources.ns, revisions.ns, reports.ns, health.ns):
        api.add_namespace(namespace)
    api.errorhandler(Exception)(problems.handle)
    app.register_blueprint(embed)
    problems.register_problems(app)
    return api
