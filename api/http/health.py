"""GET /healthz (the process is alive) and /readyz (it can reach the database and its snapshot is recent)."""
from flask import current_app
from flask_restx import Namespace, Resource

from ..web.problems import not_ready
from ..schemas import HealthSchema, ReadinessSchema, language_query_schema
from ..runtime import current_runtime
from .docs import model, problem_responses, query_params
from .request import load_query

ns = Namespace("health", path="/", description="Health")


@ns.route("/healthz")
class Health(Resource):
    rate_limits = None  # load balancers probe it often; it reads nothing but the snapshot

    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400))
    @ns.response(200, "Alive", model(ns, HealthSchema))
    def get(self):
        """Alive, with the version of the directory this process serves (never touches the database)."""
        load_query(language_query_schema)
        snapshot = current_runtime().snapshot
        version = snapshot.directory.version
        return {"status": "ok", "directory_version": version, "version": version, "stale": snapshot.stale}


@ns.route("/readyz")
class Ready(Resource):
    @ns.doc(params=query_params(language_query_schema), responses=problem_responses(ns, 400, 503))
    @ns.response(200, "Ready: the database answers and the snapshot is recent", model(ns, ReadinessSchema))
    def get(self):
        """Ready when the database answers and confirmed the snapshot recently; a 503 problem says why not."""
        load_query(language_query_schema)
        runtime = current_runtime()
        snapshot = runtime.snapshot
        directory = snapshot.directory
        try:
            runtime.store.ping()
            database = "reachable"
        except Exception:
            database = "unreachable"
        age = snapshot.age()
        if database == "reachable" and (age is None or age > snapshot.check_every):
            snapshot.refresh()  # an idle worker confirms its snapshot now rather than report it old
            age = snapshot.age()
        state = {
            "database": database, "directory_version": directory.version, "version": directory.version, "source": snapshot.source,
            "stale": snapshot.stale, "entries": len(directory.by_id),
            "snapshot_age_seconds": None if age is None else round(age, 3),
            "build_seconds": None if snapshot.build_seconds is None else round(snapshot.build_seconds, 3),
        }
        limit = current_app.config["READY_MAX_SNAPSHOT_AGE"]
        if database != "reachable":
            return unready("The database is unreachable; answers come from the last snapshot.", state)
        if age is None or age > limit:
            return unready(f"The snapshot was not confirmed in the last {limit:g} seconds.", state)
        return {"status": "ready", **state}


def unready(detail: str, state: dict):
    """A 503 problem, returned rather than raised: an orchestrator asks every few seconds, the logs need no traceback."""
    problem = not_ready(detail, **state)
    return problem.document(), problem.status, problem.headers
