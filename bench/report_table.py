"""The benchmark's report, rendered from the result bench/run.py writes, and kept in docs/performance.md.

`make bench` writes bench/output/latest.json (and latest.md, rendered by `render`). `make perf-docs`
records that run as bench/last-run.json when it is newer than the one recorded, then rewrites the part
of docs/performance.md between its marker comments from the recorded run. bench/output/ is not kept in
git; bench/last-run.json is, so the figures in the docs always name the run they come from.

    python bench/report_table.py           record bench/output/latest.json if newer, rewrite the docs
    python bench/report_table.py --check   exit 1 if the docs do not show the recorded run
"""
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATEST = ROOT / "bench" / "output" / "latest.json"
RECORDED = ROOT / "bench" / "last-run.json"
DOC = ROOT / "docs" / "performance.md"
START = "<!-- bench:start: written by make perf-docs from bench/last-run.json; edit there, not here -->"
END = "<!-- bench:end -->"


def render(result: dict) -> str:
    """The report as Markdown: the machine, what the service served, the table, compression, resources/, the large
    directory, the targets, the shared cache. A run recorded before a part was measured renders without it."""
    s, large, world = result["settings"], result["large"], result.get("world")
    lines = [f"helplinks benchmark, {result['when']}; {result['machine']}", "",
             f"wrk: {s['threads']} thread, {s['connections']} connections, {s['seconds']} s a run, {s['rounds']} "
             f"interleaved rounds (req/s: median run; ratios: median of the ratios between runs made side by side), "
             f"loopback; gunicorn: {_workers(s)} (deploy/gunicorn.conf.py); load average before: "
             f"{result['load_before']}", "", _served(world, large), "",
             "| measure | req/s | p50 ms | p99 ms | vs nginx | vs Flask floor |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {row['measure']} | {row['requests_per_second']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
              f"{row['vs_nginx']:.2f}x | {row['vs_floor']:.2f}x |" for row in result["rows"]]
    figures = result["figures"]
    if "help_gzip_vs_floor" in figures:
        lines += ["", f"Ratio to the Flask floor with compression on (the service sends the body it compressed once, "
                      f"the floor the same body uncompressed): /v1/help gzip {figures['help_gzip_vs_floor']:.2f}x, "
                      f"/embed/help brotli {figures['embed_br_vs_floor']:.2f}x"]
    if world:
        lines += ["", _world(world)]
    lines += ["", f"{large['entries']:,} entries: ready {large['startup_seconds']:.1f} s after `make run` "
              f"(snapshot built in {large['first_build_seconds']:.1f} s), a partner's edit rebuilt in "
              f"{_seconds(large['rebuild_seconds'])} s and served after {_seconds(large['visible_after_seconds'])} s; "
              f"per worker {large['worker_rss_mb']:.0f} MB RSS, {large['worker_pss_mb']:.0f} MB PSS", "", "Targets:", ""]
    lines += [f"- {'met' if t['met'] else 'MISSED'}: {t['target']} ({t['measured']})" for t in result["targets"]]
    if result.get("bytes"):
        lines += ["", "Bytes on the wire (identity / gzip / brotli), compressed once per rendered body: " + "; ".join(
            f"{name} {size['identity']:,} / {size['gzip']:,} / {size['br']:,}" for name, size in result["bytes"].items())]
    cache = result["shared_cache"]
    lines += ["", f"deploy/nginx.conf in front of the service: X-Cache-Status {cache['repeat']} on a repeat; "
              f"with the app server stopped and the copy expired: {cache['app_down']}"]
    return "\n".join(lines)


def _workers(settings: dict) -> str:
    if "worker_class" not in settings:  # recorded when every worker was sync
        return f"{settings['workers']} sync workers"
    return f"{settings['workers']} {settings['worker_class']} workers x {settings['worker_threads']} threads"


def _served(world: dict | None, large: dict) -> str:
    if not world:
        return "service: the test fixtures (tests/fixtures/directory)"
    return (f"service: the curated directory as shipped ({world['directory']}), {world['entries']:,} entries "
            f"({world['published']:,} published) for {world['countries']} countries; large: synthetic entries plus "
            f"{world['directory']}, {large['entries']:,} entries")


def _world(world: dict) -> str:
    return (f"{world['directory']} ({world['files']} files, {world['entries']:,} entries): `helplinks import` into an empty "
            f"SQLite database {world['import_seconds']:.1f} s; ready {world['startup_seconds']:.1f} s after `make run` "
            f"(its import included; snapshot built in {_seconds(world['first_build_seconds'])} s), a partner's edit "
            f"rebuilt in {_seconds(world['rebuild_seconds'])} s and served after {_seconds(world['visible_after_seconds'])} s; "
            f"{world['manifest_path']} lists {world['bundles']:,} bundles in {world['manifest_locale']} "
            f"({world['countries']} countries, {world['bundle_bytes']:,} bytes in all), {world['manifest_bytes']:,} bytes "
            f"({world['manifest_gzip_bytes']:,} gzip), first answered in {world['manifest_first_seconds']:.2f} s; "
            f"per worker at most {world['worker_rss_mb']:.0f} MB RSS, {world['worker_pss_mb']:.0f} MB PSS "
            f"({world['worker_rss_before_manifest_mb']:.0f} MB RSS before that manifest, "
            f"{world['worker_rss_after_manifest_mb']:.0f} MB after)")


def _seconds(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


def rewrite(document: str, report: str) -> str:
    """`document` with `report` between the marker comments (which must be there, once each)."""
    before, start, rest = document.partition(START)
    inside, end, after = rest.partition(END)
    if not start or not end or START in rest or END in after:
        raise SystemExit(f"{DOC.relative_to(ROOT)} needs the markers {START!r} and {END!r}, once each")
    return f"{before}{START}\n\n{report}\n\n{END}{after}"


def record_latest() -> None:
    """Keep the run make bench wrote last as the recorded run, unless the recorded one is newer."""
    if not LATEST.is_file():
        return
    latest = json.loads(LATEST.read_text(encoding="utf-8"))
    if not RECORDED.is_file() or latest["when"] >= json.loads(RECORDED.read_text(encoding="utf-8"))["when"]:
        shutil.copyfile(LATEST, RECORDED)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    if not check:
        record_latest()
    current = DOC.read_text(encoding="utf-8")
    wanted = rewrite(current, render(json.loads(RECORDED.read_text(encoding="utf-8"))))
    if check:
        if wanted != current:
            print(f"{DOC.relative_to(ROOT)} does not show bench/last-run.json: run make perf-docs", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        DOC.write_text(wanted, encoding="utf-8")
        print(f"{DOC.relative_to(ROOT)}: the benchmark of {json.loads(RECORDED.read_text())['when']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
