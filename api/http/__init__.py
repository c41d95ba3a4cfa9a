"""The HTTP layer: one flask-restx Api, one Namespace per concern, routes only."""
from flask import Flask
from flask_restx import Api

from .. import problems
from . import bundle, catalog, health, help, resources
from .embed import embed


def register_api(app: Flask) -> Api:
    api = Api(
        app,
        version="1.0",
        title="helplinks",
        description="Localized help links (listening lines, emergency numbers, reporting platforms) for in-app help screens.",
        doc="/docs",
        catch_all_404s=True,
    )
    for namespace in (help.ns, bundle.ns, catalog.ns, resources.ns, health.ns):
        api.add_namespace(namespace)
    api.errorhandler(Exception)(problems.handle)
    app.register_blueprint(embed)
    problems.register_problems(app)
    return api
