"""make soak: mixed reads and partner writes for SOAK_SECONDS against several gunicorn workers on PostgreSQL.

The service runs as `make run` starts it (deploy/gunicorn.conf.py, SOAK_WORKERS workers) over the
curated resources/, in its own schema of SOAK_DATABASE_URL (dropped and made again at each run),
with its rate limits counted in Redis (SOAK_REDIS_URL) so that every worker shares them. A second
process (bench/soak_load.py) drives it on loopback. Meanwhile each worker's RSS is sampled. The run
fails on any 5xx or connection error, any lost or reordered write, a worker replaced or logging an
error, or memory that grows by more than 10% from the first third of the run to the last.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import redis
from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import ROOT, Server, rss_mb  # noqa: E402
from soak_checks import check_writes, memory_trend  # noqa: E402
from soak_report import EXPECTED, report  # noqa: E402

from api.web.auth import new_key  # noqa: E402
from api.store.folder import read_folder  # noqa: E402
from api.directory.taxonomy import CATEGORY_SLUGS  # noqa: E402
from api.store import Store  # noqa: E402

env = os.environ.get
SETTINGS = {
    "seconds": int(env("SOAK_SECONDS", "600")),
    "workers": int(env("SOAK_WORKERS", "3")),
    "readers": int(env("SOAK_READERS", "4")),
    "writers": int(env("SOAK_WRITERS", "4")),
    "entries": env("SOAK_ENTRIES", "fr-3018,fr-116006,uk-revenge-porn-helpline").split(","),
    "write_pause": float(env("SOAK_WRITE_PAUSE", "0.25")),  # a writer's mean pause between changes, in seconds
    "sample_every": float(env("SOAK_SAMPLE_SECONDS", "5")),
    "history_every": 2.0,
}
SETTINGS["warmup"] = float(env("SOAK_WARMUP_SECONDS", str(min(60, SETTINGS["seconds"] / 5))))
DATABASE = env("SOAK_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/helplinks_soak")
SCHEMA = env("SOAK_SCHEMA", "helplinks_soak")
REDIS = env("SOAK_REDIS_URL", "redis://127.0.0.1:6379/0")
PORT = int(env("SOAK_PORT", "8490"))
RESOURCES = Path(env("SOAK_RESOURCES", str(ROOT / "resources")))
MAX_GROWTH = 0.10
OUTPUT = ROOT / "bench" / "output"


def schema_url() -> str:
    """SOAK_DATABASE_URL with the soak's own schema first on the search path; the schema made afresh."""
    base = make_url(DATABASE)
    if not base.drivername.startswith("postgresql"):
        raise SystemExit("SOAK_DATABASE_URL must be a PostgreSQL URL")
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": base.database}).scalar():
            connection.exec_driver_sql(f'CREATE DATABASE "{base.database}"')
    admin.dispose()
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{SCHEMA}"')
    engine.dispose()
    return base.update_query_dict({"options": f"-csearch_path={SCHEMA}"}).render_as_string(hide_password=False)


def drop_schema() -> None:
    engine = create_engine(make_url(DATABASE))
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
    engine.dispose()


def prepare(url: str) -> dict:
    """The curated directory, an admin and one partner per writer, owning the shared entries."""
    documents, defects = read_folder(RESOURCES)
    if defects:
        raise SystemExit(f"{RESOURCES} does not validate: {defects[:3]}")
    store = Store(url)
    store.migrate()
    store.import_documents(documents)
    keys = {}
    for name, admin in [("soak curators", True)] + [(f"writer-{n}", False) for n in range(1, SETTINGS["writers"] + 1)]:
        key = new_key()
        store.add_partner(name, key.key_id, key.key_hash, admin=admin, entries=() if admin else SETTINGS["entries"])
        keys[name] = key.key
    version = ".".join(map(str, store.engine.dialect.server_version_info))
    store.engine.dispose()
    countries = sorted({c for d in documents for c in d["countries"] if c != "INTL"})
    return {"keys": keys, "countries": countries, "entries": len(documents), "postgresql": version}


def sample(app: Server, started: float, samples: dict) -> None:
    for pid in app.workers():
        try:
            samples[pid].append((time.monotonic() - started, rss_mb(pid)))
        except (FileNotFoundError, ProcessLookupError):
            pass


def served_everywhere(app: Server, versions: dict[str, int], timeout: float = 10) -> float | None:
    """Seconds until anonymous reads (from each worker's snapshot) show every entry's last version, several times over."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        reads = [json.loads(app.get(f"/v1/resources/{entry}")[2])["version"]
                 for _ in range(3 * SETTINGS["workers"]) for entry in versions]
        if reads == [v for _ in range(3 * SETTINGS["workers"]) for v in versions.values()]:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def soak(work: Path, url: str, prepared: dict, limiter: redis.Redis, prefix: str) -> dict:
    keys = prepared["keys"]
    settings = {"DATABASE_URL": url, "HELPLINKS_RESOURCES": str(RESOURCES), "WORKERS": str(SETTINGS["workers"]),
                "RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": prefix,
                "RATELIMIT_READ": "1000000 per minute", "RATELIMIT_WRITE": "100000 per minute"}
    app = Server("soak", ["make", "--no-print-directory", "run", f"PORT={PORT}", "ACCESS_LOG="], PORT, work, settings)
    try:
        app.wait_ready("/readyz")
        plan = {**SETTINGS, "port": PORT, "countries": prepared["countries"], "categories": list(CATEGORY_SLUGS),
                "admin_key": keys["soak curators"], "output": str(work / "load.json"),
                "writers": [{"name": name, "key": key} for name, key in keys.items() if name != "soak curators"]}
        (work / "plan.json").write_text(json.dumps(plan))
        samples: dict[int, list] = defaultdict(list)
        started = time.monotonic()
        load = subprocess.Popen([sys.executable, str(ROOT / "bench" / "soak_load.py"), str(work / "plan.json")])
        while load.poll() is None and time.monotonic() - started < SETTINGS["seconds"] + 300:
            sample(app, started, samples)
            time.sleep(SETTINGS["sample_every"])
        if load.poll() is None:
            load.kill()
        if load.wait() != 0:
            raise SystemExit(f"the load generator failed ({load.returncode})")
        sample(app, started, samples)
        outcome = json.loads((work / "load.json").read_text()) | {k: prepared[k] for k in ("entries", "postgresql")}
        admin = {"Authorization": f"Bearer {keys['soak curators']}"}
        outcome["final"] = {e: json.loads(app.get(f"/v1/resources/{e}", admin)[2]) for e in SETTINGS["entries"]}
        outcome["served_after"] = served_everywhere(app, {e: d["version"] for e, d in outcome["final"].items()})
        outcome["redis_counters"] = sum(1 for _ in limiter.scan_iter(f"*{prefix}*"))
    finally:
        app.stop()
    log = (work / "soak.log").read_text(errors="replace")
    outcome["log_errors"] = [line for line in log.splitlines()
                             if "Traceback" in line or "[ERROR]" in line or "WORKER TIMEOUT" in line][:20]
    outcome["samples"] = {pid: values for pid, values in samples.items()}
    return outcome


def checks(outcome: dict) -> list[tuple[str, bool, str]]:
    statuses = Counter({(kind, status): count for kind, status, count in outcome["statuses"]})
    server_errors = sum(n for (_, status), n in statuses.items() if status >= 500)
    unexpected = {f"{kind} {status}": n for (kind, status), n in statuses.items() if status not in EXPECTED[kind]}
    failures = sum(n for *_, n in outcome["errors"])
    writes = outcome["writes"]
    lost = [f"{w.entry}: {p}" for w in writes for p in w.problems]
    memory = outcome["memory"]
    grown = [f"{m.pid}: {m.growth:+.1%}" for m in memory if m.growth > MAX_GROWTH]
    replaced = len(memory) - SETTINGS["workers"]
    accepted, added = sum(w.accepted for w in writes), sum(w.added for w in writes)
    return [
        ("zero 5xx, zero connection errors", server_errors == 0 and failures == 0, f"{server_errors} 5xx, {failures} errors"),
        ("only the statuses each request may get", not unexpected, ", ".join(f"{k}: {n}" for k, n in unexpected.items()) or "none other"),
        ("no lost write: every accepted change in the history, in order; final document = last accepted change",
         not lost and accepted > 0, "; ".join(lost[:5]) or f"{accepted} accepted, {added} history rows added"),
        ("every worker serves the last changes", outcome["served_after"] is not None,
         "never" if outcome["served_after"] is None else f"after {outcome['served_after']:.1f} s"),
        (f"memory flat: last third's median RSS within {MAX_GROWTH:.0%} of the first third's", not grown,
         ", ".join(grown) or ", ".join(f"{m.growth:+.1%}" for m in memory)),
        ("no worker replaced, no error logged", replaced == 0 and not outcome["log_errors"],
         f"{replaced} replaced, {len(outcome['log_errors'])} error lines"),
        ("rate limits shared in Redis", outcome["redis_counters"] > 0, f"{outcome['redis_counters']} counters"),
    ]


def main() -> int:
    if SETTINGS["workers"] < 3:
        raise SystemExit("a soak needs SOAK_WORKERS >= 3")
    OUTPUT.mkdir(exist_ok=True)
    limiter = redis.Redis.from_url(REDIS)
    limiter.ping()
    prefix = f"helplinks-soak-{os.getpid()}"
    url = schema_url()
    try:
        prepared = prepare(url)
        with tempfile.TemporaryDirectory(prefix="helplinks-soak-") as work:
            outcome = soak(Path(work), url, prepared, limiter, prefix)
    finally:
        for name in limiter.scan_iter(f"*{prefix}*"):
            limiter.delete(name)
        limiter.close()
        if env("SOAK_KEEP") != "1":
            drop_schema()
    outcome["writes"] = [check_writes(e, outcome["accepted"], outcome["before"][e], outcome["history"][e],
                                      outcome["final"][e]) for e in SETTINGS["entries"]]
    outcome["memory"] = [memory_trend(int(pid), values, SETTINGS["warmup"]) for pid, values in outcome["samples"].items()]
    results = checks(outcome)
    text_report = report(outcome, SETTINGS, results)
    print(text_report)
    (OUTPUT / "soak.md").write_text(text_report + "\n")
    (OUTPUT / "soak.json").write_text(json.dumps({
        "settings": SETTINGS, "checks": results, "elapsed": outcome["elapsed"], "statuses": outcome["statuses"],
        "errors": outcome["errors"], "latency_ms": outcome["latency_ms"],
        "writes": [vars(w) for w in outcome["writes"]], "rss_mb": outcome["samples"]}, indent=1) + "\n")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
