"""gunicorn settings for helplinks (make run, make bench); each can be overridden from the environment.

Workers are processes, each with its own snapshot of the directory, built before it accepts a
connection (by the master before forking, with preload; the bundled resources/ if the database is down). Access logs are off unless ACCESS_LOG names a file ("-" for stdout); their format holds
no client address and no query string (a category of abuse is personal); it ends with the answer's X-Request-Id.

Each worker answers on THREADS threads (gthread): a client that sends its request slowly holds one
thread, not the whole worker, and no longer gets the worker killed as unresponsive. WORKERS x THREADS
slow clients still fill the server: on a public network it belongs behind deploy/nginx.conf, which
reads whole requests before it passes them on. It listens on 127.0.0.1 unless HOST says otherwise.
"""
import gc
import logging
import os

from gunicorn import util

from api.web.server_errors import write_problem

env = os.environ.get
# What gunicorn refuses itself (a header over limit_request_field_size, a request line over
# limit_request_line, a malformed request) is answered as problem+json, like the app's own errors.
util.write_error = write_problem

bind = f"{env('HOST', '127.0.0.1')}:{env('PORT', '8000')}"
workers = int(env("WORKERS", "2"))
worker_class = env("WORKER_CLASS", "gthread")
threads = int(env("THREADS", "8"))
keepalive = int(env("KEEPALIVE", "5"))
backlog = int(env("BACKLOG", "2048"))
timeout = int(env("TIMEOUT", "30"))
graceful_timeout = 10
preload_app = env("PRELOAD", "1") == "1"  # imports and catalogs once, shared by the workers
pidfile = env("PIDFILE") or None
control_socket_disable = True  # several servers may run side by side (make bench)
accesslog = env("ACCESS_LOG") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
errorlog = "-"
loglevel = env("LOG_LEVEL", "info")


def _helplinks(app):
    return getattr(app, "extensions", {}).get("helplinks")


def when_ready(server):
    """With preload, the master builds the snapshot once; workers are forked with it, sharing its pages."""
    if server.cfg.workers > 1 and (env("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://"):
        logging.getLogger("gunicorn.error").warning(
            "rate limits are counted in each of the %s workers (memory://): a client gets %s times each limit; "
            "set RATELIMIT_STORAGE_URI to a Redis URL to share the counts", server.cfg.workers, server.cfg.workers)
    if server.cfg.preload_app and (shared := _helplinks(server.app.wsgi())) is not None:
        shared.snapshot.directory
        shared.store.engine.dispose()  # no connection crosses a fork
        gc.freeze()  # the collector leaves the shared objects (and their pages) alone


def post_fork(server, worker):
    if server.cfg.preload_app and (shared := _helplinks(server.app.wsgi())) is not None:
        shared.store.engine.dispose(close=False)


def post_worker_init(worker):
    """Each worker has its snapshot before it takes requests, and checks the database every second, idle or not."""
    if (shared := _helplinks(worker.wsgi)) is not None:
        shared.snapshot.directory
        if shared.snapshot.check_every > 0:
            shared.snapshot.watch()
