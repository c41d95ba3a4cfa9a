"""What a soak must show: no lost write, and memory that stays flat. Pure functions over what was recorded."""
import statistics
from dataclasses import dataclass, field

DESCRIPTION = "/texts/en/description"


@dataclass
class EntryWrites:
    entry: str
    accepted: int
    added: int  # history rows after the first write
    first_version: int | None
    last_version: int | None
    final_matches: bool
    problems: list[str] = field(default_factory=list)


def check_writes(entry: str, accepted: list[dict], before: dict, history: list[dict], final: dict | None) -> EntryWrites:
    """Every accepted change of `entry` is in its history, in order, and the last one is what the entry holds now.

    accepted: what each 200 answered (writer, sequence, description, the entry as published);
    before: the entry's version and newest revision id before the first write;
    history: every revision seen through the history API; final: the entry as read at the end.
    """
    mine = sorted((w for w in accepted if w["entry"] == entry), key=lambda w: w["document"]["version"])
    added = [r for r in history if r["id"] > before["last_revision"]]
    versions = [w["document"]["version"] for w in mine]
    problems = []
    if len(added) != len(mine):
        problems.append(f"{len(mine)} changes accepted, {len(added)} history rows added")
    expected = list(range(before["version"] + 1, before["version"] + 1 + len(mine)))
    if versions != expected:
        problems.append(f"accepted versions are not {before['version'] + 1}..{before['version'] + len(mine)} without gaps")
    by_version = {r["version"]: r for r in added}
    if [r["version"] for r in added] != sorted(by_version):
        problems.append("history rows are not in the order of their versions")
    for write in mine:
        revision = by_version.get(write["document"]["version"])
        if revision is None:
            problems.append(f"{write['writer']} #{write['sequence']} (version {write['document']['version']}) is not in the history")
            continue
        described = {c["path"]: c["to"] for c in revision["changes"]}.get(DESCRIPTION)
        if (revision["author"], revision["action"], revision["status"]) != (write["writer"], "patch", "applied") \
                or revision["base_version"] != revision["version"] - 1 or described != write["description"]:
            problems.append(f"version {revision['version']} in the history is not {write['writer']} #{write['sequence']}")
    for writer in {w["writer"] for w in mine}:
        own = [w["sequence"] for w in mine if w["writer"] == writer]
        if own != sorted(own):
            problems.append(f"{writer}'s changes were published out of the order they were made")
    final_matches = bool(mine) and final == mine[-1]["document"]
    if mine and not final_matches:
        problems.append("the entry as read at the end is not the last accepted change")
    return EntryWrites(entry, len(mine), len(added), versions[0] if versions else None,
                       versions[-1] if versions else None, final_matches, problems)


@dataclass
class WorkerMemory:
    pid: int
    first: float
    last: float
    peak: float
    early: float  # median RSS of the first third after warm-up
    late: float  # median RSS of the last third
    slope_mb_per_hour: float

    @property
    def growth(self) -> float:
        return self.late / self.early - 1


def memory_trend(pid: int, samples: list[tuple[float, float]], warmup: float) -> WorkerMemory:
    """samples: (seconds since the start, RSS in MB). Thirds and slope are taken after `warmup`."""
    settled = [(t, rss) for t, rss in samples if t >= warmup] or samples
    third = max(1, len(settled) // 3)
    times, values = [t for t, _ in settled], [rss for _, rss in settled]
    return WorkerMemory(pid, samples[0][1], samples[-1][1], max(rss for _, rss in samples),
                        statistics.median(values[:third]), statistics.median(values[-third:]),
                        statistics.linear_regression(times, values).slope * 3600 if len(settled) > 1 else 0.0)

