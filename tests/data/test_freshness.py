"""Honest freshness: which entries are stale (oldest first), for curators and partners; which rest on weak sources."""
import copy

import pytest
import yaml

from api.directory.freshness import weakness
from tests.support.apps import FIXTURES
# On the test clock (30 November 2026) with STALE_AFTER_DAYS=365, oldest first; fr-3020 is retired, so not listed.
STALE = ["fr-sos-homophobie", "fr-112", "fr-17", "fr-pharos", "fr-119", "fr-3018"]


def stale_ids(partner, query: str = "") -> list[str]:
    response = partner.get(f"/v1/resources?stale=true&per_page=100{query}")
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_an_admin_lists_every_stale_entry_oldest_first(admin):
    assert stale_ids(admin) == STALE  # the one waiting for review too: curators must re-check it


def test_a_partner_lists_its_own_stale_entries(e_enfance):
    assert stale_ids(e_enfance) == ["fr-3018"]


def test_stale_entries_combine_with_the_other_filters(admin):
    assert stale_ids(admin, "&kind=emergency") == ["fr-112", "fr-17"]  # the same day: by id
    assert stale_ids(admin, "&category=child_sexual_abuse") == ["fr-pharos", "fr-119"]


def test_a_verified_entry_leaves_the_list(e_enfance):
    etag = e_enfance.etag("fr-3018")
    response = e_enfance.post("/v1/resources/fr-3018/verification", json={"checked": ["contacts"]}, headers={"If-Match": etag})
    assert response.status_code == 200
    assert stale_ids(e_enfance) == []


def test_the_stale_list_needs_a_key_and_is_never_stored_by_caches(client, admin):
    anonymous = client.get("/v1/resources?stale=true")
    assert anonymous.status_code == 401 and anonymous.content_type == "application/problem+json"
    assert client.get("/v1/resources?stale=false").status_code == 200  # the public list
    assert admin.get("/v1/resources?stale=true").headers["Cache-Control"] == "no-store"


def test_pages_of_the_stale_list_keep_the_filter(admin):
    response = admin.get("/v1/resources?stale=true&per_page=2")
    assert response.headers["X-Total-Count"] == str(len(STALE))
    assert "stale=true" in response.headers["Link"]


def test_a_bad_stale_value_is_a_400_naming_it(client):
    problem = client.get("/v1/resources?stale=perhaps").get_json()
    assert problem["status"] == 400 and set(problem["errors"]) == {"stale"}


def test_stale_command_lists_oldest_first(runner):
    result = runner.invoke(args=["stale", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    *lines, summary = result.output.splitlines()
    assert [line.split()[3] for line in lines] == STALE
    assert lines[0] == "2011-02-01   5781 days  fr-sos-homophobie  (not shown: waiting for review)"
    assert summary == "6 of 13 entries verified more than 365 days ago"


def test_stale_command_reads_the_database_and_takes_another_age(runner):
    result = runner.invoke(args=["stale", "--database", "--max-age-days", "1000"])
    assert result.output.splitlines() == ["2011-02-01   5781 days  fr-sos-homophobie  (not shown: waiting for review)",
                                          "1 of 13 entries verified more than 1000 days ago"]


# -- weak sources --------------------------------------------------------------------------------------
@pytest.mark.parametrize("url, why", [
    ("https://www.bdsm.fr/forum/thread/4357/Violences-faites-aux-femmes/view_63175", "a forum"),
    ("https://forum.example.org/t/3018", "a forum"),
    ("https://example.org/viewtopic.php?t=1", "a forum"),
    ("https://webapp.staging.hateaid.app/de/beratung", "a staging or mirror copy"),
    ("https://www.staging.libe.io/societe/familles/police", "a staging or mirror copy"),
    ("https://www.alexproject.org/crisis-text-line-text-home-to-741741", "a content farm"),
    ("https://eztechassist.com/2018/01/22/are-you-a-victim-of-an-internet-crime/", "a content farm"),
    ("https://seminartopics.net/?p=52375", "a content farm"),
    ("https://solidarites.gouv.fr/node/2219", None),
    ("https://www.e-enfance.org/forumulaire", None),
    ("https://hateaid.org/betroffenenberatung/", None),
])
def test_weak_sources_are_forums_staging_copies_and_content_farms(url, why):
    assert weakness(url) == why


@pytest.mark.parametrize("sources, warned", [
    (["https://forum.example.org/t/3018", "https://seminartopics.net/?p=1"], True),
    (["https://forum.example.org/t/3018", "https://solidarites.gouv.fr/node/2219"], False),  # one good source is enough
])
def test_validate_warns_about_entries_whose_only_sources_are_weak(runner, tmp_path, sources, warned):
    entries = copy.deepcopy(yaml.safe_load((FIXTURES / "fr.yaml").read_text(encoding="utf-8"))["entries"])
    next(e for e in entries if e["id"] == "fr-3018")["sources"] = sources
    folder = tmp_path / "resources"
    folder.mkdir()
    (folder / "fr.yaml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["validate", str(folder)])
    assert result.exit_code == 0, result.output  # a warning, not a defect
    assert ("warning: fr-3018: sources: only weak sources (https://forum.example.org/t/3018 is a forum; "
            "https://seminartopics.net/?p=1 is a content farm)" in result.output) is warned
    assert f"{int(warned)} with only weak sources" in result.output
