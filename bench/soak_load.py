"""The soak's load generator, run as its own process: readers, partner writers and a history reader, on loopback.

    python bench/soak_load.py PLAN.json   (written by bench/soak.py; the outcome goes to plan["output"])

Readers ask varied help screens (some revalidating with If-None-Match), bundles and embed pages.
Each writer holds a partner key and changes the texts of a few shared entries (what a partner
publishes without review: no number in them, so the sequence is spelled in letters) with
If-Match, keeping the ETag its last accepted change returned; on a 412 it reads the entry again
and retries. The history reader polls each entry's history (admin key) often enough to see every
revision, since one poll returns the newest 200.
"""
import http.client
import json
import random
import sys
import threading
import time
from collections import Counter, defaultdict

LANGS = ["fr", "en", "de", "nl", "it", "es", "pt", "pl", "tr", "ar", "ja"]
ACCEPT_LANGUAGES = ["fr-CA,fr;q=0.9,en;q=0.5", "de-CH,de;q=0.8", "ar", "en-GB,en;q=0.9", "pt-BR"]
AUDIENCES = ["children", "teens", "adults", "parents"]
UNCOVERED = ["JP", "BR"]  # coverage none: international services and a notice


class Client:
    """One thread's HTTP client: counts statuses, errors and latencies by kind of request."""

    def __init__(self, port: int):
        self.port = port
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.latencies: dict[str, list[float]] = defaultdict(list)

    def request(self, kind: str, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        started = time.perf_counter()
        try:
            connection.request(method, path, body, headers or {})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.errors[kind, type(error).__name__] += 1
            return None, {}, b""
        finally:
            connection.close()
        self.latencies[kind].append((time.perf_counter() - started) * 1000)
        self.statuses[kind, response.status] += 1
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def reader(plan: dict, client: Client, rng: random.Random, deadline: float) -> None:
    countries, categories = plan["countries"] + UNCOVERED, plan["categories"]
    etags: dict[tuple, str] = {}
    while time.monotonic() < deadline:
        country, category, lang = rng.choice(countries), rng.choice(categories), rng.choice(LANGS)
        roll = rng.random()
        headers = {}
        if roll < 0.8:
            kind, query = "help", f"country={country}&category={category}"
            if rng.random() < 0.3:
                headers["Accept-Language"] = rng.choice(ACCEPT_LANGUAGES)
            else:
                query += f"&lang={lang}"
            if rng.random() < 0.2:
                query += f"&audience={rng.choice(AUDIENCES)}"
            if country == "CA" and rng.random() < 0.5:
                query += "&subdivision=CA-QC"
            path = f"/v1/help?{query}"
        elif roll < 0.9:
            kind, path = "bundle", f"/v1/bundle?country={country}&lang={lang}"
        else:
            kind, path = "embed", f"/embed/help?country={country}&category={category}&lang={lang}"
        remembered = (path, headers.get("Accept-Language"))
        if remembered in etags and rng.random() < 0.3:
            headers["If-None-Match"] = etags[remembered]
        status, answer, _ = client.request(kind, "GET", path, headers)
        if status == 200 and "etag" in answer:
            etags[remembered] = answer["etag"]


def letters(number: int) -> str:
    """A number spelled in letters (27 -> "bb"): a run of digits in a text would hold it for review."""
    spelled = ""
    while True:
        number, digit = divmod(number, 26)
        spelled = chr(ord("a") + digit) + spelled
        if not number:
            return spelled


def writer(plan: dict, me: dict, client: Client, rng: random.Random, deadline: float, accepted: list) -> None:
    """Change texts of the shared entries, re-reading the ETag on 412."""
    auth = {"Authorization": f"Bearer {me['key']}"}
    etags: dict[str, str] = {}
    texts: dict[str, str] = {}
    sequence = 0
    while time.monotonic() < deadline:
        entry = rng.choice(plan["entries"])
        sequence += 1
        for _attempt in range(20):
            if entry not in etags:
                status, headers, body = client.request("entry", "GET", f"/v1/resources/{entry}", auth)
                if status != 200:
                    break
                etags[entry] = headers["etag"]
                document = json.loads(body)
                texts.setdefault(entry, document["texts"]["en"]["description"][:560])
            description = f"{texts[entry]} (rev. {me['name']} {letters(sequence)})"
            change = {"texts": {"en": {"description": description}}}
            headers = {**auth, "If-Match": etags[entry], "Content-Type": "application/merge-patch+json"}
            status, answer, body = client.request("patch", "PATCH", f"/v1/resources/{entry}", headers,
                                                  json.dumps(change).encode())
            if status == 412:
                del etags[entry]  # another writer got there first: read the entry again
                continue
            if status == 200:
                etags[entry] = answer["etag"]
                accepted.append({"entry": entry, "writer": me["name"], "sequence": sequence,
                                 "description": description, "document": json.loads(body)})
            break
        time.sleep(rng.uniform(0, 2 * plan["write_pause"]))


def history_reader(plan: dict, client: Client, stop: threading.Event, seen: dict) -> None:
    """Every revision of each entry, by id, gathered from polls of its newest 200."""
    auth = {"Authorization": f"Bearer {plan['admin_key']}"}
    while True:
        last = stop.is_set()  # set once the writers are done: this poll sees their last changes
        for entry in plan["entries"]:
            status, _, body = client.request("history", "GET", f"/v1/resources/{entry}/history?per_page=200", auth)
            if status == 200:
                for revision in json.loads(body)["revisions"]:
                    seen[entry][revision["id"]] = revision
        if last:
            return
        stop.wait(plan["history_every"])


def main(plan_path: str) -> None:
    plan = json.loads(open(plan_path).read())
    port, seed = plan["port"], plan.get("seed", 1)
    clients: list[Client] = []
    accepted: list[dict] = []
    history: dict[str, dict] = {entry: {} for entry in plan["entries"]}
    auditor = Client(port)
    before = {}
    for entry in plan["entries"]:  # the history as it stands before the first write
        status, _, body = auditor.request("history", "GET", f"/v1/resources/{entry}/history?per_page=200",
                                          {"Authorization": f"Bearer {plan['admin_key']}"})
        answer = json.loads(body) if status == 200 else {"version": None, "revisions": []}
        before[entry] = {"version": answer["version"], "last_revision": max((r["id"] for r in answer["revisions"]), default=0)}
    started = time.monotonic()
    deadline = started + plan["seconds"]
    stop = threading.Event()
    threads = [threading.Thread(target=history_reader, args=(plan, auditor, stop, history))]
    for number in range(plan["readers"]):
        clients.append(Client(port))
        threads.append(threading.Thread(target=reader, args=(plan, clients[-1], random.Random(seed * 100 + number), deadline)))
    for number, me in enumerate(plan["writers"]):
        clients.append(Client(port))
        threads.append(threading.Thread(target=writer, args=(plan, me, clients[-1], random.Random(seed * 1000 + number),
                                                             deadline, accepted)))
    for thread in threads:
        thread.start()
    for thread in threads[1:]:
        thread.join()
    elapsed = time.monotonic() - started
    stop.set()
    threads[0].join()
    clients.append(auditor)
    statuses, errors, latencies = Counter(), Counter(), defaultdict(list)
    for client in clients:
        statuses.update(client.statuses)
        errors.update(client.errors)
        for kind, values in client.latencies.items():
            latencies[kind].extend(values)
    outcome = {
        "elapsed": elapsed,
        "statuses": [[kind, status, count] for (kind, status), count in sorted(statuses.items())],
        "errors": [[kind, name, count] for (kind, name), count in sorted(errors.items())],
        "latency_ms": {kind: percentiles(values) for kind, values in latencies.items()},
        "accepted": accepted, "before": before,
        "history": {entry: sorted(revisions.values(), key=lambda r: r["id"]) for entry, revisions in history.items()},
    }
    with open(plan["output"], "w") as out:
        json.dump(outcome, out)


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": ordered[len(ordered) // 2], "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "max": ordered[-1]}


if __name__ == "__main__":
    main(sys.argv[1])
