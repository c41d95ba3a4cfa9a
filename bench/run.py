"""make bench: the service under gunicorn, started as `make run` starts it, beside two baselines, on loopback.

The service serves the whole curated directory that ships with it (resources/, world.yaml included):
how long `helplinks import` of it into an empty SQLite database takes, how soon the service is ready
after `make run` (import included) and how long its first snapshot took, a partner's edit (rebuild,
delay until served), and the bundles the French manifest lists. nginx serving the same bytes as static
files is the ceiling; a minimal Flask app returning them under the same gunicorn settings is the
framework floor, which the service is held to with compression off and on (gzip, brotli). Then the
same service over BENCH_ENTRIES synthetic entries plus resources/ (the same answers for the countries
queried): startup, snapshot rebuild, memory per worker, throughput.
"""
import gzip
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen  # noqa: E402
from report_table import render  # noqa: E402
from servers import GUNICORN_CONF, ROOT, Server, nginx, proxy_cache  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PORT = int(os.environ.get("BENCH_PORT", "8480"))  # and the next four
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "100000"))
WORKERS = int(os.environ.get("WORKERS", "2"))
OUTPUT = ROOT / "bench" / "output"
RESOURCES = ROOT / "resources"  # the curated directory as shipped: what `make run` imports (HELPLINKS_RESOURCES)
MANIFEST = "/v1/bundle/manifest?lang=fr"  # one locale's bundles, as an app asks for them
PATHS = {"help": "/v1/help?country=FR&category=sextortion&lang=fr", "bundle": "/v1/bundle?country=FR&lang=fr",
         "embed": "/embed/help?country=FR&category=sextortion&lang=fr"}
# compression on: the service answers from the body it compressed once (the floor sends its bytes as they are)
GZIP = {"headers": {"Accept-Encoding": "gzip"}}
BROTLI = {"headers": {"Accept-Encoding": "gzip, deflate, br"}}
BIN = ROOT / ".venv" / "bin"


def service(name: str, port: int, work: Path, database: str, **settings) -> Server:
    env = {"DATABASE_URL": database, "HELPLINKS_RESOURCES": str(RESOURCES), "WORKERS": str(WORKERS), **settings}
    return Server(name, ["make", "--no-print-directory", "run", f"PORT={port}", "ACCESS_LOG="], port, work, env)


def floor(port: int, work: Path, bodies: dict[str, bytes]) -> Server:
    folder = work / "floor"
    folder.mkdir()
    for name, data in bodies.items():
        (folder / name).write_bytes(data)
    command = [str(BIN / "gunicorn"), "--config", str(GUNICORN_CONF), "--chdir", str(ROOT / "bench"), "floor:app"]
    return Server("floor", command, port, work, {"FLOOR_BODIES": str(folder), "WORKERS": str(WORKERS)})


def measure(server: Server, path: str, **options) -> loadgen.Result:
    loadgen.run(server.url(path), 1, CONNECTIONS, options.get("headers"))  # warm up
    return loadgen.run(server.url(path), SECONDS, CONNECTIONS, **options)


def median(results: list[loadgen.Result]) -> loadgen.Result:
    """The run with the median throughput, with its own latencies: the machine may be busy with other work."""
    return sorted(results, key=lambda result: result.requests_per_second)[len(results) // 2]


def shipped_documents() -> list[dict]:
    """The entries of resources/, validated as `helplinks import` validates them."""
    from api.store.folder import read_folder

    documents, defects = read_folder(RESOURCES)
    if defects:
        raise SystemExit(f"{len(defects)} problem(s) in {RESOURCES}, the first: {defects[0]}")
    return documents


def synthetic_database(count: int) -> Path:
    """A SQLite directory of `count` synthetic entries plus resources/, made once per content of resources/ and kept."""
    digest = hashlib.sha256(b"".join(path.name.encode() + path.read_bytes() for path in sorted(RESOURCES.glob("*.yaml"))))
    path = OUTPUT / f"synthetic-{count}-resources-{digest.hexdigest()[:12]}.db"
    if not path.exists():
        from synthetic import documents

        from api.store import Store

        for older in OUTPUT.glob(f"synthetic-{count}-resources-*.db"):  # made from an earlier resources/
            older.unlink()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        store = Store(f"sqlite:///{partial}")
        store.migrate()
        store.import_documents(documents(count) + shipped_documents())
        store.engine.dispose()
        partial.rename(path)
    return path


def import_shipped(work: Path) -> dict:
    """`helplinks import` of resources/ into an empty, migrated SQLite database, timed from the command's start to its exit."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'import.db'}", "HELPLINKS_RESOURCES": str(RESOURCES)}
    timed = {}
    for name, command in (("migrate_seconds", ["db", "upgrade"]), ("import_seconds", ["import", str(RESOURCES)])):
        started = time.monotonic()
        subprocess.run([str(BIN / "helplinks"), *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
        timed[name] = time.monotonic() - started
    documents = shipped_documents()
    return timed | {"files": len(list(RESOURCES.glob("*.yaml"))),
                    "published": sum(1 for d in documents if d["status"] != "retired" and not d["needs_review"])}


def start_large(work: Path) -> tuple[Server, dict]:
    """The service over the synthetic directory, started first, on an otherwise idle machine."""
    source = synthetic_database(ENTRIES)
    database = work / "large.db"
    database.write_bytes(source.read_bytes())
    app = service("large", PORT + 3, work, f"sqlite:///{database}")
    try:
        startup = app.wait_ready("/readyz")
        state = app.readiness()
    except Exception:
        app.stop()
        raise
    return app, {"database": database, "entries": state["entries"], "version": state["version"],
                 "startup_seconds": startup, "first_build_seconds": state["build_seconds"], "memory": app.worker_memory()}


def start_world(app: Server) -> dict:
    """The service over resources/: seconds from `make run` (which imports into the empty database) until /readyz answers."""
    startup = app.wait_ready("/readyz")
    state = app.readiness()
    return {"startup_seconds": startup, "first_build_seconds": state["build_seconds"], "entries": state["entries"],
            "version": state["version"], "memory": app.worker_memory()}


def bundles(app: Server) -> dict:
    """What the French manifest lists, how long its first request took (it renders every covered country's bundle
    in French), the memory after."""
    started = time.monotonic()
    # one request (another may reach the other worker and render them all again), and time for a busy machine
    status, headers, compressed = app.get(MANIFEST, {"Accept-Encoding": "gzip"}, timeout=600)
    first = time.monotonic() - started
    if status != 200 or headers.get("Content-Encoding") != "gzip":
        raise RuntimeError(f"{MANIFEST} answered {status} {headers.get('Content-Encoding')}")
    data = gzip.decompress(compressed)
    manifest = json.loads(data)
    rows = manifest["bundles"]
    if {row["locale"] for row in rows} != {manifest["locale"]} or headers.get("Content-Language") != manifest["locale"]:
        raise RuntimeError(f"{MANIFEST} lists other locales than {manifest['locale']}")
    return {"bundles": len(rows), "countries": len({row["country"] for row in rows}),
            "manifest_locale": manifest["locale"], "bundle_bytes": sum(row["bytes"] for row in rows),
            "manifest_bytes": len(data), "manifest_gzip_bytes": len(compressed), "manifest_first_seconds": first,
            "memory_after_manifest": app.worker_memory()}


def edit_and_watch(app: Server, facts: dict) -> dict:
    """A partner's edit (one entry and the directory version move on): how soon it is served, and the rebuild."""
    engine = create_engine(f"sqlite:///{facts['database']}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE entries SET version = version + 1 WHERE id = 'fr-3018'"))
        connection.execute(text("UPDATE directory_state SET version = version + 1"))
    engine.dispose()
    edited, visible, builds = time.monotonic(), None, []
    while time.monotonic() - edited < 30 and (visible is None or time.monotonic() - visible < 2):
        now = app.readiness()  # each answer comes from one worker or another
        if now["version"] > facts["version"]:
            visible = visible or time.monotonic()
            builds.append(now["build_seconds"])
        time.sleep(0.05)
    return {"rebuild_seconds": max(builds, default=None),
            "visible_after_seconds": None if visible is None else visible - edited,
            "memory_after_rebuild": app.worker_memory()}


def measure_all(work: Path) -> tuple[dict, dict]:
    """Every server up at once, measured in turns, so that other work on the machine weighs on all alike."""
    world = import_shipped(work)  # on an idle machine, like the two startups
    large, facts = start_large(work)
    # a short max-age, so that the shared cache in front revalidates during the run and has expired copies at the end
    database = work / "world.db"
    app = service("service", PORT, work, f"sqlite:///{database}", CACHE_MAX_AGE="2")
    servers = [large, app]
    try:
        world |= start_world(app) | {"database": database}
        same = [{k: v for k, v in json.loads(server.get(PATHS["help"])[2]).items() if k != "version"} for server in (large, app)]
        assert same[0] == same[1], "both directories give the same answer"
        world |= edit_and_watch(app, world)  # before the bodies and the ETag the runs use are taken
        bodies = {name: app.get(path)[2] for name, path in PATHS.items()}
        facts["sizes"] = {name: {coding or "identity": len(app.get(path, {"Accept-Encoding": coding} if coding else {})[2])
                                 for coding in (None, "gzip", "br")} for name, path in PATHS.items()}
        etag = app.get(PATHS["help"])[1]["ETag"]
        servers += [nginx(PORT + 1, work, bodies, WORKERS), floor(PORT + 2, work, bodies),
                    proxy_cache(PORT + 4, work, PORT, WORKERS)]
        for server in servers[2:]:
            server.wait_ready(PATHS["help"])
        cache = servers[4]
        not_modified = {"headers": {"If-None-Match": etag}, "expect": 304}
        plan = {  # what is compared is measured side by side, round after round
            ("floor", "help"): (servers[3], PATHS["help"], {}), ("/v1/help 200", "help"): (app, PATHS["help"], {}),
            ("/v1/help 304", "help"): (app, PATHS["help"], not_modified), ("large", "help"): (large, PATHS["help"], {}),
            ("nginx", "help"): (servers[2], PATHS["help"], {}),
            ("/v1/help 200 through deploy/nginx.conf", "help"): (cache, PATHS["help"], {}),
            ("floor", "bundle"): (servers[3], PATHS["bundle"], {}), ("/v1/bundle 200", "bundle"): (app, PATHS["bundle"], {}),
            ("nginx", "bundle"): (servers[2], PATHS["bundle"], {}),
            ("/v1/help 200, gzip on", "help"): (app, PATHS["help"], GZIP),
            ("floor", "embed"): (servers[3], PATHS["embed"], {}), ("/embed/help 200", "embed"): (app, PATHS["embed"], {}),
            ("/embed/help 200, brotli on", "embed"): (app, PATHS["embed"], BROTLI),
            ("nginx", "embed"): (servers[2], PATHS["embed"], {}),
        }
        runs: dict = {key: [] for key in plan}
        for _ in range(ROUNDS):
            for key, (server, path, options) in plan.items():
                runs[key].append(measure(server, path, **options))
        results = {key: median(found) for key, found in runs.items()}
        half = results["/v1/help 200", "help"].requests_per_second / 2
        results["/v1/help 200 at half rate", "help"] = median(
            [measure(app, PATHS["help"], rate=half) for _ in range(ROUNDS)])
        facts |= edit_and_watch(large, facts) | {"help": results.pop(("large", "help")), "runs": runs.pop(("large", "help"))}
        facts["world"] = world | bundles(app)  # after the runs: the first manifest renders its bundles in a worker
        cached = cache.get(PATHS["help"])
        app.stop()  # every app server down, the cached copy expired: the shared cache still answers
        time.sleep(3)
        status, headers, _ = cache.get(PATHS["help"])
        facts["cache"] = {"status": cached[1].get("X-Cache-Status"), "down": f"{status} {headers.get('X-Cache-Status')}"}
    finally:
        for server in servers:
            server.stop()
    baselines = {name: {body: results[name, body] for body in PATHS} for name in ("nginx", "floor")}
    rows = {name: (body, result) for (name, body), result in results.items() if name not in baselines}
    return {"rows": rows, "baselines": baselines, "runs": runs}, facts


def paired(runs: list, baseline: list) -> float:
    """The median of the ratios of runs made side by side: drifts in the machine's load cancel out."""
    ratios = sorted(a.requests_per_second / b.requests_per_second for a, b in zip(runs, baseline))
    return ratios[len(ratios) // 2]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))) / 1024 ** 2
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Linux {platform.release()}, Python {platform.python_version()}"


def peak(facts: dict, key: str, after: tuple = ("memory", "memory_after_rebuild", "memory_after_manifest")) -> float:
    """The most memory ("rss" or "pss", MB) any worker held: at startup, after the rebuild, after the manifest."""
    return max(m[key] for name in after for m in facts.get(name, ()))


def report(small: dict, large: dict) -> dict:
    """The run as data (bench/output/latest.json): settings, one row per measure, resources/, the large directory, the targets."""
    base, rows, runs, world = small["baselines"], small["rows"], small["runs"], large["world"]

    def row(name, result, body, key=None) -> dict:
        def ratio(baseline):
            if key in runs or key == "large":
                return paired(runs.get(key) or large["runs"], runs[baseline, body])
            return result.requests_per_second / base[baseline][body].requests_per_second
        return {"measure": name, "requests_per_second": result.requests_per_second, "p50_ms": result.p50_ms,
                "p99_ms": result.p99_ms, "vs_nginx": ratio("nginx"), "vs_floor": ratio("floor")}

    table = [row(f"{'nginx static' if server == 'nginx' else 'Flask floor'}: {PATHS[body].split('?')[0]}",
                 base[server][body], body, (server, body)) for server in ("nginx", "floor") for body in PATHS]
    table += [row(f"service: {name}", result, body, (name, body)) for name, (body, result) in rows.items()]
    table.append(row(f"service, {large['entries']:,} entries (synthetic + resources/): /v1/help 200",
                     large["help"], "help", "large"))
    rss, pss = peak(large, "rss"), peak(large, "pss")
    world_rss = peak(world, "rss")
    figures = {
        "help_vs_floor": paired(runs["/v1/help 200", "help"], runs["floor", "help"]),
        "not_modified_vs_floor": paired(runs["/v1/help 304", "help"], runs["floor", "help"]),
        "help_gzip_vs_floor": paired(runs["/v1/help 200, gzip on", "help"], runs["floor", "help"]),
        "embed_br_vs_floor": paired(runs["/embed/help 200, brotli on", "embed"], runs["floor", "embed"]),
        "p99_at_half_rate_ms": rows["/v1/help 200 at half rate"][1].p99_ms,
        "large_vs_small": paired(large["runs"], runs["/v1/help 200", "help"]),
        "rebuild_seconds": large["rebuild_seconds"], "worker_rss_mb": rss, "worker_pss_mb": pss,
        "world_worker_rss_mb": world_rss,
    }
    targets = [("/v1/help >= 0.9x the Flask floor", figures["help_vs_floor"] >= 0.9, f"{figures['help_vs_floor']:.2f}x"),
               ("304 >= 1.2x the Flask floor", figures["not_modified_vs_floor"] >= 1.2, f"{figures['not_modified_vs_floor']:.2f}x"),
               ("/v1/help gzip >= 0.9x the Flask floor", figures["help_gzip_vs_floor"] >= 0.9, f"{figures['help_gzip_vs_floor']:.2f}x"),
               ("/embed/help brotli >= 0.9x the Flask floor", figures["embed_br_vs_floor"] >= 0.9, f"{figures['embed_br_vs_floor']:.2f}x"),
               ("p99 < 10 ms at half the maximum rate", figures["p99_at_half_rate_ms"] < 10, f"{figures['p99_at_half_rate_ms']:.2f} ms"),
               (f"{large['entries']:,} entries: throughput within 10%", figures["large_vs_small"] >= 0.9, f"{figures['large_vs_small']:.2f}x"),
               ("rebuild < 3 s", (figures["rebuild_seconds"] or 99) < 3, f"{figures['rebuild_seconds']} s"),
               ("< 300 MB per worker (RSS)", max(rss, world_rss) < 300,
                f"{rss:.0f} MB with {large['entries']:,} entries, {world_rss:.0f} MB on resources/ after its French manifest")]
    return {
        "when": f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC", "machine": machine(), "load_before": LOAD_BEFORE,
        "settings": {"threads": 1, "connections": CONNECTIONS, "seconds": SECONDS, "rounds": ROUNDS, "workers": WORKERS,
                     # as deploy/gunicorn.conf.py reads them
                     "worker_class": os.environ.get("WORKER_CLASS", "gthread"),
                     "worker_threads": int(os.environ.get("THREADS", "8"))},
        "rows": table,
        "large": {"entries": large["entries"], "startup_seconds": large["startup_seconds"],
                  "first_build_seconds": large["first_build_seconds"], "rebuild_seconds": large["rebuild_seconds"],
                  "visible_after_seconds": large["visible_after_seconds"], "worker_rss_mb": rss, "worker_pss_mb": pss},
        "world": {
            "directory": str(RESOURCES.relative_to(ROOT)) + "/", "files": world["files"], "entries": world["entries"],
            "published": world["published"], "import_seconds": world["import_seconds"],
            "migrate_seconds": world["migrate_seconds"], "startup_seconds": world["startup_seconds"],
            "first_build_seconds": world["first_build_seconds"], "rebuild_seconds": world["rebuild_seconds"],
            "visible_after_seconds": world["visible_after_seconds"],
            "worker_rss_mb": world_rss, "worker_pss_mb": peak(world, "pss"),
            "worker_rss_before_manifest_mb": peak(world, "rss", ("memory", "memory_after_rebuild")),
            "worker_rss_after_manifest_mb": peak(world, "rss", ("memory_after_manifest",)),
            "manifest_path": MANIFEST,
            **{key: world[key] for key in ("bundles", "countries", "manifest_locale", "bundle_bytes", "manifest_bytes",
                                           "manifest_gzip_bytes", "manifest_first_seconds")},
        },
        "figures": figures,
        "targets": [{"target": name, "met": ok, "measured": value} for name, ok, value in targets],
        "shared_cache": {"repeat": large["cache"]["status"], "app_down": large["cache"]["down"]},
        "bytes": {PATHS[name].split("?")[0]: size for name, size in large["sizes"].items()},  # on the wire: identity, gzip, br
    }


LOAD_BEFORE = " ".join(open("/proc/loadavg").read().split()[:3])


def main() -> None:
    OUTPUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="helplinks-bench-") as work:
        small, large = measure_all(Path(work))
    result = report(small, large)
    text_report = render(result)
    print(text_report)
    (OUTPUT / "latest.md").write_text(text_report + "\n")
    (OUTPUT / "latest.json").write_text(json.dumps(result, indent=2) + "\n")  # make perf-docs puts it in the docs


if __name__ == "__main__":
    main()
