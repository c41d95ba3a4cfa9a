"""wrk, the load generator, run from its own process against one URL on loopback; its output parsed."""
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

PACE = Path(__file__).with_name("pace.lua")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    statuses: str  # what the run checked it got, e.g. "200" or "304"


def run(url: str, seconds: int, connections: int, headers: dict | None = None, rate: float | None = None,
        expect: int = 200) -> Result:
    """Drive `url` for `seconds` (closed loop, or paced to about `rate` requests/s)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the benchmark only ever targets loopback")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    env = dict(os.environ)
    if rate:
        command += ["-s", str(PACE)]
        env.update(PACE_RATE=str(rate), PACE_CONNECTIONS=str(connections))
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 30, env=env, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    return Result(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
                  _latency(output, "50%"), _latency(output, "99%"), errors, str(expect))


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
    return float(value) * _UNITS[unit]
