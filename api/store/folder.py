"""The curated directory as YAML files (resources/<country>.yaml): read, check, write back."""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from marshmallow import ValidationError

from ..directory.entries import Entry
from ..directory.freshness import stale
from ..directory.phones import INTERNATIONAL
from ..schemas import entry_schema

TAXONOMY = "categories.yaml"


@dataclass(frozen=True)
class Defect:
    """One thing wrong in the folder: where, and what."""

    file: str
    entry: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field}: {self.problem}"


def read_folder(folder: Path) -> tuple[list[dict], list[Defect]]:
    """Every entry of every file, validated, as JSON-ready documents; and what is wrong."""
    documents, defects, origin = [], [], {}
    files = sorted(p for p in Path(folder).glob("*.yaml") if p.name != TAXONOMY)
    if not files:
        defects.append(Defect(str(folder), "-", "-", "no <country>.yaml file"))
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                content = yaml.safe_load(handle) or {}
        except yaml.YAMLError as error:
            defects.append(Defect(path.name, "-", "-", f"not valid YAML: {error}"))
            continue
        if not isinstance(content, dict) or not isinstance(content.get("entries"), list):
            defects.append(Defect(path.name, "-", "entries", "the file needs a list named entries"))
            continue
        for index, raw in enumerate(content["entries"]):
            name = raw.get("id", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
            try:
                document = entry_schema.dump(entry_schema.load(raw))
            except ValidationError as error:
                defects.extend(Defect(path.name, name, field, message) for field, message in _flatten(error.messages))
                continue
            if document["id"] in origin:
                defects.append(Defect(path.name, name, "id", f"duplicate id, also in {origin[document['id']]}"))
                continue
            origin[document["id"]] = path.name
            documents.append(document)
    defects.extend(cross_check(documents, origin))
    return documents, defects


def cross_check(documents: list[dict], origin: dict) -> list[Defect]:
    """Rules across entries: no phone or link twice in a country, emergency numbers everywhere covered."""
    defects = []
    seen: dict[tuple, str] = {}
    covered, with_emergency = set(), set()
    for document in documents:
        entry = Entry.from_document(document)
        if not entry.published:
            continue
        for country in entry.countries:
            if country != INTERNATIONAL:
                covered.add(country)
                if entry.kind == "emergency":
                    with_emergency.add(country)
        for contact in entry.contacts:
            key = (entry.countries[0], contact.phone.dialled if contact.phone else contact.value.rstrip("/"))
            owner = seen.setdefault(key, entry.id)
            if owner != entry.id:
                defects.append(Defect(origin[entry.id], entry.id, "contacts", f"{contact.value} is also a contact of {owner}"))
    for country in sorted(covered - with_emergency):
        defects.append(Defect("-", "-", "kind", f"{country} has entries but no emergency number"))
    return defects


def stale_entries(documents: list[dict], today: date, max_age_days: int) -> list[Entry]:
    """Entries still shown or waiting for review whose facts were verified too long ago, oldest first."""
    return stale(map(Entry.from_document, documents), today, max_age_days)


def write_folder(documents: list[dict], folder: Path) -> list[Path]:
    """One file per first country, entries in id order: what read_folder reads back unchanged."""
    groups: dict[str, list[dict]] = {}
    for document in sorted(documents, key=lambda d: d["id"]):
        groups.setdefault(document["countries"][0].lower(), []).append(_compact(document))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, entries in sorted(groups.items()):
        path = folder / f"{name}.yaml"
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump({"entries": entries}, handle, allow_unicode=True, sort_keys=False, width=100)
        written.append(path)
    return written


def _compact(document: dict) -> dict:
    return {key: value for key, value in document.items() if value is not None}


def _flatten(messages, prefix: str = ""):
    """marshmallow's nested error dict as (dotted field, message) pairs."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        yield prefix or "-", "; ".join(messages)
    elif isinstance(messages, list):
        for item in messages:
            yield from _flatten(item, prefix)
    else:
        yield prefix or "-", str(messages)
