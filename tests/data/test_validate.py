"""helplinks validate: one broken folder per rule, each caught and named."""
import copy

import pytest
import yaml

from tests.support.apps import FIXTURES, RESOURCES
GOOD = yaml.safe_load((FIXTURES / "fr.yaml").read_text(encoding="utf-8"))["entries"]


def first(entries, entry_id):
    return next(e for e in entries if e["id"] == entry_id)


def set_field(entry_id, field, value):
    def mutate(entries):
        first(entries, entry_id)[field] = value
    return mutate


def set_contact(entry_id, value, kind=None):
    def mutate(entries):
        contact = first(entries, entry_id)["contacts"][0]
        contact["value"] = value
        if kind:
            contact["type"] = kind
    return mutate


def drop_field(entry_id, field):
    def mutate(entries):
        del first(entries, entry_id)[field]
    return mutate


def duplicate_entry(entries):
    entries.append(copy.deepcopy(first(entries, "fr-119")))


def duplicate_phone(entries):
    first(entries, "fr-fil-sante-jeunes")["contacts"][0]["value"] = "3018"


def duplicate_link(entries):
    first(entries, "fr-pharos")["contacts"][0]["value"] = "https://3018.fr"


def no_emergency(entries):
    entries[:] = [e for e in entries if e["kind"] != "emergency"]


RULES = [
    ("schema: unknown field", set_field("fr-3018", "colour", "blue"), "fr-3018: colour"),
    ("schema: unknown kind", set_field("fr-3018", "kind", "hotline"), "fr-3018: kind"),
    ("phone invalid for its country", set_contact("fr-3018", "0 800 23 52"), "fr-3018: contacts.0.value"),
    ("phone from another country", set_contact("fr-3018", "988"), "fr-3018: contacts.0.value"),
    ("http link", set_contact("fr-pharos", "http://www.internet-signalement.gouv.fr", "web"), "fr-pharos: contacts.0.value"),
    ("javascript link", set_contact("fr-pharos", "JaVaScRiPt:alert(1)", "web"), "fr-pharos: contacts.0.value"),
    ("http source", set_field("fr-3018", "sources", ["http://3018.fr"]), "fr-3018: sources.0"),
    ("duplicate id", duplicate_entry, "fr-119: id: duplicate id"),
    ("duplicate phone", duplicate_phone, "fr-fil-sante-jeunes: contacts: 3018 is also a contact of fr-3018"),
    ("duplicate link", duplicate_link, "fr-pharos: contacts: https://3018.fr is also a contact of fr-3018"),
    ("unknown category", set_field("fr-3018", "categories", ["cyberbullying"]), "fr-3018: categories.0"),
    ("no source", set_field("fr-3018", "sources", []), "fr-3018: sources"),
    ("missing source", drop_field("fr-3018", "sources"), "fr-3018: sources"),
    ("missing verified date", drop_field("fr-3018", "verified_at"), "fr-3018: verified_at"),
    ("covered country without emergency numbers", no_emergency, "FR has entries but no emergency number"),
]


def write_folder(tmp_path, entries):
    folder = tmp_path / "resources"
    folder.mkdir()
    (folder / "fr.yaml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    return folder


def test_the_fixture_folder_is_valid(runner):
    result = runner.invoke(args=["validate", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output


@pytest.mark.parametrize("rule, mutate, expected", RULES, ids=[r[0] for r in RULES])
def test_validate_names_each_kind_of_defect(runner, tmp_path, rule, mutate, expected):
    entries = copy.deepcopy(GOOD)
    mutate(entries)
    result = runner.invoke(args=["validate", str(write_folder(tmp_path, entries))])
    assert result.exit_code == 1, result.output
    assert f"fr.yaml: {expected}" in result.output or expected in result.output, result.output


def test_stale_entries_are_reported_and_can_fail_the_run(runner):
    result = runner.invoke(args=["validate", str(FIXTURES), "--max-age-days", "400"])
    assert result.exit_code == 0
    assert "stale: fr-17: verified_at: 2024-07-22" in result.output
    assert "stale: fr-3018" not in result.output  # 2025-11-07 is within 400 days of the test clock
    assert "stale: fr-3020" not in result.output  # retired entries are not shown, so not reported
    assert runner.invoke(args=["validate", str(FIXTURES), "--max-age-days", "400", "--fail-on-stale"]).exit_code == 1


def test_coverage_shows_listen_and_report_counts(runner):
    result = runner.invoke(args=["coverage", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["CA", "FR", "INTL"]
    cyber = next(r for r in rows if r.startswith("cyberharassment")).split()
    assert cyber[1:] == ["0/0", "1/1", "0/0"]
    sextortion = next(r for r in rows if r.startswith("sextortion")).split()
    assert sextortion[1:] == ["0/0", "1/1", "0/1"]


def test_the_folder_reads_the_same_with_libyaml_or_without(monkeypatch, tmp_path):
    from api.store import folder

    assert folder.SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "fr.yaml").write_text("entries:\n  - id: [fr-119\n", encoding="utf-8")

    def read():
        return folder.read_folder(FIXTURES), folder.read_gaps(RESOURCES), folder.read_folder(broken)[1]

    fast = read()
    monkeypatch.setattr(folder, "SAFE_LOADER", yaml.SafeLoader)  # PyYAML built without libyaml
    slow = read()
    (documents, defects), gaps, _ = slow
    assert documents and not defects and gaps and (fast[0], fast[1]) == (slow[0], slow[1])
    for refused in (fast[2], slow[2]):
        assert [(d.file, d.field) for d in refused] == [("fr.yaml", "-")] and refused[0].problem.startswith("not valid YAML")
