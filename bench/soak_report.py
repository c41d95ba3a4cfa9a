"""The soak's report: requests by status, writes against the history, memory per worker, the checks."""
from collections import Counter
from datetime import datetime, timezone

from run import LOAD_BEFORE, machine

# What each kind of request may answer; anything else fails the soak.
EXPECTED = {"help": {200, 304}, "bundle": {200, 304}, "embed": {200, 304}, "entry": {200}, "patch": {200, 412},
            "history": {200}}
LABELS = {"help": "GET /v1/help", "bundle": "GET /v1/bundle", "embed": "GET /embed/help",
          "entry": "GET /v1/resources/<id> (writer's key)", "patch": "PATCH /v1/resources/<id> (If-Match)",
          "history": "GET /v1/resources/<id>/history (admin key)"}


def report(outcome: dict, settings: dict, results: list[tuple[str, bool, str]]) -> str:
    elapsed = outcome["elapsed"]
    lines = [
        f"helplinks soak, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {machine()}; load average before: {LOAD_BEFORE}",
        f"{settings['seconds']} s of load ({elapsed:.1f} s measured): gunicorn, {settings['workers']} sync workers "
        f"(deploy/gunicorn.conf.py, started by make run) on PostgreSQL {outcome['postgresql']} "
        f"({outcome['entries']} entries from resources/ in the soak's own schema), rate limits counted in Redis; "
        f"load from one Python process on loopback: {settings['readers']} reader threads, {settings['writers']} "
        f"writer threads (one partner key each) on {len(settings['entries'])} entries ({', '.join(settings['entries'])}), "
        f"one history reader (admin key)", "",
    ]
    lines += requests_table(outcome, elapsed) + [""] + writes_table(outcome) + [""] + memory_table(outcome, settings)
    lines += ["", "Checks:"] + [f"- {'passed' if ok else 'FAILED'}: {name} ({value})" for name, ok, value in results]
    if outcome["log_errors"]:
        lines += ["", "Errors in the server log:"] + [f"    {line}" for line in outcome["log_errors"]]
    lines += ["", f"Result: {'PASSED' if all(ok for _, ok, _ in results) else 'FAILED'}"]
    return "\n".join(lines)


def requests_table(outcome: dict, elapsed: float) -> list[str]:
    statuses = Counter({(kind, status): n for kind, status, n in outcome["statuses"]})
    errors = Counter()
    for kind, _name, n in outcome["errors"]:
        errors[kind] += n
    codes = sorted({status for _, status in statuses})
    lines = [f"| requests | total | {' | '.join(map(str, codes))} | errors | req/s | p50 ms | p99 ms | max ms |",
             "|---|" + "---:|" * (len(codes) + 6)]
    totals = Counter()
    for kind, label in LABELS.items():
        row = [statuses[kind, code] for code in codes]
        total = sum(row) + errors[kind]
        totals.update({code: n for code, n in zip(codes, row)} | {"errors": errors[kind], "total": total})
        latency = outcome["latency_ms"].get(kind, {"p50": 0, "p99": 0, "max": 0})
        lines.append(f"| {label} | {total:,} | {' | '.join(f'{n:,}' for n in row)} | {errors[kind]:,} | "
                     f"{total / elapsed:,.1f} | {latency['p50']:.1f} | {latency['p99']:.1f} | {latency['max']:.0f} |")
    lines.append(f"| all | {totals['total']:,} | {' | '.join(f'{totals[c]:,}' for c in codes)} | {totals['errors']:,} | "
                 f"{totals['total'] / elapsed:,.1f} | | | |")
    return lines


def writes_table(outcome: dict) -> list[str]:
    writes = outcome["writes"]
    conflicts = sum(n for kind, status, n in outcome["statuses"] if kind == "patch" and status == 412)
    lines = ["| entry | changes accepted (200) | history rows added | versions | final document = last accepted |",
             "|---|---:|---:|---|---|"]
    for w in writes:
        lines.append(f"| {w.entry} | {w.accepted:,} | {w.added:,} | {w.first_version} to {w.last_version} | "
                     f"{'yes' if w.final_matches else 'NO'} |")
    lines.append(f"| all | {sum(w.accepted for w in writes):,} | {sum(w.added for w in writes):,} | | |")
    served = outcome["served_after"]
    lines += ["", f"{conflicts:,} changes met a 412 (another writer had changed the entry): each writer read the entry "
              f"again and retried. After the last write, every worker served the last versions "
              f"{'after ' + format(served, '.1f') + ' s' if served is not None else 'NEVER (within 10 s)'}."]
    return lines


def memory_table(outcome: dict, settings: dict) -> list[str]:
    lines = [f"Memory: RSS per worker in MB, sampled every {settings['sample_every']:g} s; thirds and slope after a "
             f"{settings['warmup']:g} s warm-up", "",
             "| worker | first | last | max | median, first third | median, last third | change | slope MB/h |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for m in outcome["memory"]:
        lines.append(f"| {m.pid} | {m.first:.1f} | {m.last:.1f} | {m.peak:.1f} | {m.early:.1f} | {m.late:.1f} | "
                     f"{m.growth:+.1%} | {m.slope_mb_per_hour:+.2f} |")
    return lines
