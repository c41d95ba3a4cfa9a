"""Coverage that tells the truth: full, partial, basic (emergency numbers and general lines only), none;
and gaps a country's services cannot close, answered honestly instead of counted as broken."""
import shutil

import pytest
import yaml

from api.directory.entries import Entry
from api.directory.screens import check, gaps
from api.directory.selection import Directory, HelpQuery
from api.store.folder import read_folder, read_gaps
from tests.support.apps import FIXTURES
def entry(**fields) -> Entry:
    document = {
        "id": "xx", "kind": "listening_line", "countries": ["FR"], "subdivisions": [], "categories": [],
        "audiences": [], "min_age": None, "max_age": None, "general": False, "priority": 50, "status": "active",
        "needs_review": False, "languages": [], "language": "en", "alert": {}, "hours": None,
        "contacts": [{"type": "phone", "value": "112"}], "texts": {"en": {"name": "x"}},
        "sources": ["https://example.org"], "verified_at": "2026-12-02", **fields,
    }
    return Entry.from_document(document)


JAPAN = Directory([
    entry(id="jp-110", kind="emergency", countries=["JP"], contacts=[{"type": "phone", "value": "110"}]),
    entry(id="jp-child-helpline", countries=["JP"], general=True, audiences=["children", "teens"],
          categories=["mental_health"], contacts=[{"type": "phone", "value": "0120-99-7777"}]),
])
MALTA = Directory([entry(id="mt-112", kind="emergency", countries=["MT"])])


@pytest.mark.parametrize("directory, country, category, level", [
    (JAPAN, "JP", "sextortion", "basic"),      # its emergency numbers and a general line, nothing specific
    (MALTA, "MT", "sextortion", "basic"),      # its emergency numbers alone
    (MALTA, "KP", "sextortion", "none"),       # nothing known
])
def test_coverage_says_how_much_the_directory_knows(directory, country, category, level):
    assert directory.coverage(country, category) == directory.coverage(country) == level
    assert directory.select(HelpQuery(country, category)).coverage == level


def test_a_basic_country_answers_with_its_emergency_numbers_and_its_child_line():
    shown = JAPAN.select(HelpQuery("JP", "sextortion", audience="children"))
    assert [e.id for e in shown.emergency] == ["jp-110"]
    assert [e.id for e in shown.listen] == ["jp-child-helpline"]


def test_a_basic_countrys_gaps_are_known_not_broken():
    screen = HelpQuery("MT", "grooming", audience="teens")
    assert gaps(MALTA, screen) == {"listen", "minor_report"}
    assert all(not broken for _, broken in check(MALTA, "MT"))


def test_a_curated_countrys_gap_breaks_its_screens_until_curators_record_it(tmp_path):
    documents, _ = read_folder(FIXTURES)
    directory = Directory(Entry.from_document(d) for d in documents)
    assert directory.coverage("CA") == "partial"
    broken = [screen for screen, found in check(directory, "CA") if found]
    assert broken and {b.rule for _, found in check(directory, "CA") for b in found} == {"minor_report"}
    accepted = frozenset({("CA", "minor_report", None, None)})
    assert all(not found for _, found in check(directory, "CA", accepted))


def test_recorded_gaps_are_validated_and_read_from_the_folder(tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(FIXTURES, folder)
    (folder / "gaps.yaml").write_text(yaml.safe_dump({"gaps": [
        {"country": "CA", "rule": "minor_report", "reason": "No national route found in the sources read."},
        {"country": "CA", "rule": "listen", "audience": "teens", "reason": "None found."},
    ]}))
    assert read_gaps(folder) == {("CA", "minor_report", None, None), ("CA", "listen", "teens", None)}
    assert not read_folder(folder)[1]  # not taken for a file of entries
    (folder / "gaps.yaml").write_text(yaml.safe_dump({"gaps": [{"country": "CA", "rule": "emergency", "reason": "x"}]}))
    with pytest.raises(ValueError, match="rule"):
        read_gaps(folder)  # an emergency number is never a gap
    (folder / "gaps.yaml").write_text(yaml.safe_dump({"gaps": [{"country": "CA", "rule": "listen"}]}))
    with pytest.raises(ValueError, match="reason"):
        read_gaps(folder)


def test_the_command_passes_a_recorded_gap_and_says_so(runner, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(FIXTURES, folder)
    assert runner.invoke(args=["screens", str(folder), "--country", "CA"]).exit_code == 1
    (folder / "gaps.yaml").write_text(yaml.safe_dump({"gaps": [
        {"country": "CA", "rule": "minor_report", "reason": "No national route found in the sources read."}]}))
    result = runner.invoke(args=["screens", str(folder), "--country", "CA"])
    assert result.exit_code == 0, result.output
    assert "known gap, CA children: no national police" in result.output and "known gap, CA teens: no national" in result.output
    complete, _, total, *_ = result.output.splitlines()[-1].split()
    assert complete == total


def test_every_iso_country_is_listed_with_its_coverage_and_counts(client):
    countries = client.get("/v1/countries?all=true").get_json()["countries"]
    assert len(countries) >= 240
    by_code = {c["code"]: c for c in countries}
    assert by_code["FR"]["coverage"] in ("full", "partial") and by_code["FR"]["counts"]["emergency"] >= 1
    assert by_code["JP"]["coverage"] == "none" and by_code["JP"]["counts"] == {"emergency": 0, "listen": 0, "report": 0}


def test_a_gap_for_one_age_is_a_gap_only_for_that_age():
    malta = Directory([
        entry(id="mt-112", kind="emergency", countries=["MT"]),
        entry(id="mt-police", kind="police", countries=["MT"], audiences=["teens", "adults"], categories=["grooming"]),
    ])
    assert gaps(malta, HelpQuery("MT", "grooming", audience="children")) >= {"minor_report"}
    assert "minor_report" not in gaps(malta, HelpQuery("MT", "grooming", audience="teens"))
    children_only = frozenset({("MT", "minor_report", "children", "grooming")})
    grooming = [(screen, found) for screen, found in check(malta, "MT", children_only) if screen.category == "grooming"]
    assert grooming and not any(b.rule == "minor_report" for _, found in grooming for b in found)
