"""GET /healthz: the process is alive and has a directory to serve."""
from flask_restx import Namespace, Resource

from ..schemas import HealthSchema
from ..services import services
from .docs import model

ns = Namespace("health", path="/", description="Health")


@ns.route("/healthz")
class Health(Resource):
    rate_limits = None  # load balancers probe it often; it reads nothing but the snapshot

    @ns.response(200, "Alive", model(ns, HealthSchema))
    def get(self):
        """Alive, with the version of the directory this process serves."""
        return {"status": "ok", "version": services().snapshot.directory.version}
