"""The curated directory as YAML files (resources/<country>.yaml): read, check, write back."""
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import yaml
from marshmallow import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..directory.entries import Entry
from ..directory.freshness import stale
from ..directory.phones import INTERNATIONAL
from ..schemas import entry_schema, gap_list_schema

# libyaml's parser where PyYAML was built with it (the usual wheels are): the same documents, read about
# six times faster than by the pure-Python parser, which is what there is otherwise.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TAXONOMY = "categories.yaml"
GAPS = "gaps.yaml"  # screen rules a country's services cannot keep, each with its reason
NOT_ENTRIES = (TAXONOMY, GAPS)


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
    files = sorted(p for p in Path(folder).glob("*.yaml") if p.name not in NOT_ENTRIES)
    if not files:
        defects.append(Defect(str(folder), "-", "-", "no <country>.yaml file"))
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                content = _load_yaml(handle) or {}
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


def _load_yaml(stream):
    return yaml.load(stream, Loader=SAFE_LOADER)  # a safe loader: plain data, never Python objects


def read_gaps(folder: Path) -> frozenset[tuple[str, str, str | None]]:
    """The gaps curators found no service to close: (country, rule, audience, category), None for any."""
    path = Path(folder) / GAPS
    if not path.is_file():
        return frozenset()
    content = _load_yaml(path.read_text(encoding="utf-8")) or {}
    try:
        rows = gap_list_schema.load(content)["gaps"]
    except ValidationError as error:
        raise ValueError(f"{GAPS}: " + "; ".join(f"{field}: {message}" for field, message in _flatten(error.messages))) from None
    return frozenset((row["country"], row["rule"], row["audience"], category)
                     for row in rows for category in row["categories"] or [None])


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


class FolderEditError(ValueError):
    """An edit that would leave an entry invalid: no file was written."""


def edit_folder(folder: Path, change: Callable[[dict], bool]) -> list[Path]:
    """Apply `change` to every entry in the curated files, in place: comments, quoting and layout stay as
    curators wrote them. `change` mutates an entry and says whether it did. Every changed entry is
    validated before any file is written, so a bad edit changes nothing."""
    editor, edited, defects = _round_trip(), [], []
    for path in sorted(p for p in Path(folder).glob("*.yaml") if p.name not in NOT_ENTRIES):
        content = editor.load(path.read_text(encoding="utf-8"))
        changed = False
        for entry in (content or {}).get("entries") or ():
            if isinstance(entry, dict) and change(entry):
                _flow_texts(entry)
                changed = True
                errors = entry_schema.validate(json.loads(json.dumps(entry, default=str)))
                defects.extend(Defect(path.name, entry.get("id", "-"), field, message) for field, message in _flatten(errors))
        if changed:
            edited.append((path, content))
    if defects:
        raise FolderEditError("; ".join(map(str, defects)))
    for path, content in edited:
        with open(path, "w", encoding="utf-8") as handle:
            editor.dump(content, handle)
    return [path for path, _ in edited]


def _round_trip() -> YAML:
    editor = YAML()
    editor.preserve_quotes, editor.width = True, 100_000
    editor.indent(mapping=2, sequence=4, offset=2)
    editor.representer.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", "null"))
    return editor


def _flow_texts(entry: dict) -> None:
    """A language's texts on one line, quoted, as curators write them."""
    for lang, text in list(entry.get("texts", {}).items()):
        if not isinstance(text, CommentedMap):
            text = entry["texts"][lang] = CommentedMap(text)
            text.fa.set_flow_style()
        for field, value in text.items():
            if type(value) is str:
                text[field] = DoubleQuotedScalarString(value)


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
