"""Translation worksheets: what a catalog lacks goes out as YAML, the filled-in sheet comes back in."""
import shutil

import pytest
import yaml
from babel.messages.pofile import write_po

from api.i18n import worksheets
from api.i18n import LOCALES_DIR


@pytest.fixture
def locales(tmp_path):
    """A copy of locales/ where French lacks "Open now" and Polish its counted services."""
    shutil.copytree(LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    for locale, msgid in (("fr", "Open now"), ("pl", "%(count)s service")):
        catalog = worksheets.read_catalog(locale, tmp_path)
        message = catalog.get(msgid)
        message.string = ("",) * catalog.num_plurals if message.pluralizable else ""
        with open(worksheets.catalog_path(locale, tmp_path), "wb") as handle:
            write_po(handle, catalog, width=76)
    return tmp_path


def test_missing_lists_what_each_catalog_lacks_by_plural_category(locales):
    sheet = worksheets.missing(directory=locales)
    assert set(sheet) == {"fr", "pl"}
    assert sheet["fr"]["messages"] == [{"msgid": "Open now", "msgstr": ""}]
    (counted,) = sheet["pl"]["messages"]
    assert counted["msgid_plural"] == "%(count)s services"
    assert counted["msgstr"] == {"one": "", "few": "", "many": ""}
    assert set(sheet["pl"]["plural_rules"]) == {"one", "few", "many"}
    assert "Translators:" in counted["comments"]


def test_a_filled_sheet_completes_the_catalogs(locales):
    sheet = worksheets.missing(directory=locales)
    sheet["fr"]["messages"][0]["msgstr"] = "Ouvert maintenant"
    sheet["pl"]["messages"][0]["msgstr"] = {"one": "%(count)s punkt pomocy", "few": "%(count)s punkty pomocy",
                                            "many": "%(count)s punktów pomocy"}
    assert worksheets.fill(yaml.safe_load(yaml.safe_dump(sheet, allow_unicode=True)), locales) == {"fr": 1, "pl": 1}
    assert worksheets.missing(directory=locales) == {}
    polish = worksheets.read_catalog("pl", locales).get("%(count)s service")
    assert polish.string == ("%(count)s punkt pomocy", "%(count)s punkty pomocy", "%(count)s punktów pomocy")


@pytest.mark.parametrize("item, complaint", [
    ({"msgid": "Not a message of ours", "msgstr": "x"}, "not in the catalog"),
    ({"msgid": "%(count)s service", "msgstr": {"one": "%(count)s usługa", "other": "%(count)s usługi"}}, "one text for each"),
    ({"msgid": "Closed, opens at %(time)s", "msgstr": "Zamknięte do %(godzina)s"}, "placeholder"),
])
def test_a_bad_sheet_changes_nothing(locales, item, complaint):
    before = worksheets.catalog_path("pl", locales).read_bytes()
    sheet = {"fr": {"messages": [{"msgid": "Open now", "msgstr": "Ouvert maintenant"}]}, "pl": {"messages": [item]}}
    with pytest.raises(worksheets.WorksheetError, match=complaint):
        worksheets.fill(sheet, locales)
    assert worksheets.catalog_path("pl", locales).read_bytes() == before
    assert worksheets.missing(["fr"], locales)["fr"]["messages"][0]["msgid"] == "Open now"


def test_the_command_reports_complete_catalogs(runner):
    result = runner.invoke(args=["catalogs", "missing"])
    assert result.exit_code == 0
    assert "0 message(s) to translate" in result.output
