"""Service texts: a translation remembers its original; once the original changes, the original shows."""
import copy
import gettext
import shutil

import pytest
import yaml

from tests.support.apps import FIXTURES
from api.directory.entries import Entry
from api.directory.locales import text_chain
from api.directory.present import Presenter
from api.directory.texts import apply, carry_stamps, fingerprint, isolate_numbers, numbers, outdated, stamp_missing, wanted
from api.schemas import entry_schema
from api.store.folder import read_folder

DOCUMENT = {
    "id": "fr-3018", "kind": "listening_line", "countries": ["FR"], "categories": ["cyberharassment"],
    "audiences": ["children"], "status": "active", "language": "fr",
    "contacts": [{"type": "phone", "value": "3018"}],
    "texts": {"fr": {"name": "3018", "description": "Si tu es harcelé en ligne, appelle.", "call_to_action": "Appelle le 3018"},
              "en": {"name": "3018", "description": "If you are bullied online, call.", "call_to_action": "Call 3018"}},
    "sources": ["https://3018.fr"], "verified_at": "2026-12-02",
}


def loaded(document=DOCUMENT) -> dict:
    return entry_schema.dump(entry_schema.load(copy.deepcopy(document)))


def shown(document: dict, lang: str) -> tuple[dict, dict]:
    entry = Entry.from_document(document)
    _, texts, langs = entry.text(text_chain(lang, entry.language))
    return texts, langs


def test_the_import_marks_each_translation_with_the_original_it_translates():
    document = loaded()
    marks = document["texts"]["en"]["translated_from"]
    assert marks["description"] == fingerprint("Si tu es harcelé en ligne, appelle.")
    assert "translated_from" not in document["texts"]["fr"]
    assert outdated(document) == {}


def test_when_the_original_changes_its_translation_gives_way_to_the_original():
    base = loaded()
    changed = copy.deepcopy(base)
    changed["texts"]["fr"]["description"] = "Si quelqu’un te harcèle, parle au 3018."
    carry_stamps(changed, base)
    assert outdated(changed) == {"en": {"description"}}
    texts, langs = shown(changed, "en")
    assert texts["description"] == "Si quelqu’un te harcèle, parle au 3018." and langs["description"] == "fr"
    assert texts["name"] == "3018" and langs["call_to_action"] == "en"  # the other fields are still current


def test_a_change_that_translates_again_makes_the_translation_current():
    base = loaded()
    changed = copy.deepcopy(base)
    changed["texts"]["fr"]["description"] = "Si quelqu’un te harcèle, parle au 3018."
    changed["texts"]["en"]["description"] = "If someone harasses you, talk to 3018."
    carry_stamps(changed, base)
    assert outdated(changed) == {}
    assert shown(changed, "en")[0]["description"] == "If someone harasses you, talk to 3018."


def test_a_payload_cannot_hide_an_outdated_translation_by_dropping_its_marks():
    base = loaded()
    base["texts"]["fr"]["description"] = "Un texte nouveau."  # the original moved on: en is outdated
    changed = copy.deepcopy(base)
    del changed["texts"]["en"]["translated_from"]
    carry_stamps(stamp_missing(changed), base)
    assert outdated(changed) == {"en": {"description"}}


def test_the_worksheet_asks_for_what_is_missing_or_outdated_and_fills_only_current_originals():
    document = loaded()
    document["texts"]["fr"]["call_to_action"] = "Appelle vite le 3018"
    rows = wanted([document], ["en", "ar"])
    assert {(r["language"], r["field"]) for r in rows} == {
        ("en", "call_to_action"), ("ar", "name"), ("ar", "description"), ("ar", "call_to_action")}
    row = next(r for r in rows if r["language"] == "ar" and r["field"] == "name")
    assert apply(document, "ar", "name", row["original"], "خط 3018") is None
    assert "original changed" in apply(document, "ar", "description", "an original that is no longer there", "...")
    assert document["texts"]["ar"]["translated_from"] == {"name": fingerprint("3018")}
    assert shown(document, "ar")[1] == {"name": "ar", "description": "fr", "call_to_action": "fr"}




def test_a_worksheet_goes_out_and_comes_back_into_the_folder_comments_and_all(runner, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(FIXTURES, folder)
    before = (folder / "fr.yaml").read_text(encoding="utf-8")
    sheet = tmp_path / "ar.yaml"
    result = runner.invoke(args=["texts", "missing", "ar", "--folder", str(folder), "--country", "FR", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    rows = yaml.safe_load(sheet.read_text(encoding="utf-8"))["texts"]
    name = next(row for row in rows if row["id"] == "fr-3018" and row["field"] == "name")
    name["text"] = "3018 – التنمر عبر الإنترنت"
    sheet.write_text(yaml.safe_dump({"texts": [name]}, allow_unicode=True), encoding="utf-8")

    result = runner.invoke(args=["texts", "fill", str(sheet), "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    after = (folder / "fr.yaml").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [f'      ar: {{name: "{name["text"]}", translated_from: {{name: {fingerprint(name["original"])}}}}}']
    documents, defects = read_folder(folder)
    assert not defects
    entry = next(Entry.from_document(d) for d in documents if d["id"] == "fr-3018")
    assert entry.text(text_chain("ar", "fr"))[2]["name"] == "ar"


def test_a_worksheet_whose_original_changed_since_writes_nothing_for_it(runner, tmp_path):
    folder = tmp_path / "resources"
    shutil.copytree(FIXTURES, folder)
    sheet = tmp_path / "ar.yaml"
    row = {"language": "ar", "id": "fr-3018", "field": "name", "from": "fr", "original": "an older name", "text": "اسم"}
    sheet.write_text(yaml.safe_dump({"texts": [row]}, allow_unicode=True), encoding="utf-8")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = runner.invoke(args=["texts", "fill", str(sheet), "--folder", str(folder)])
    assert "ar fr-3018 name: its original changed" in result.output
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


@pytest.mark.parametrize("translation, refused", [
    ("Appelle le 3018, ou le 119", False),
    ("119 ou 3018: appelle", False),           # the same numbers, in another order
    ("Appelle le 3081, ou le 119", True),      # two digits swapped
    ("Appelle le 3018", True),                 # a number dropped
    ("اتصل بالرقم ٣٠١٨ أو ١١٩", True),          # other digits than the call button's
    ("Appelle le 3018, ou le 119 ou le 17", True),
])
def test_a_translation_keeps_every_number_of_its_original(translation, refused):
    document = loaded()
    document["texts"]["fr"]["call_to_action"] = "Appelle le 3018 ou le 119"
    outcome = apply(document, "de", "call_to_action", "Appelle le 3018 ou le 119", translation)
    assert (outcome is not None) is refused
    assert ("de" in document["texts"]) is not refused


@pytest.mark.parametrize("text, shown", [
    ("اتصل بالرقم 0800 1111 الآن", "اتصل بالرقم \u20660800 1111\u2069 الآن"),
    ("اتصل بالرقم 1-800-668-6868", "اتصل بالرقم \u20661-800-668-6868\u2069"),
    ("اتصل بالرقم 3018", "اتصل بالرقم 3018"),  # one run of digits keeps its order by itself
])
def test_numbers_in_right_to_left_texts_keep_their_order(text, shown):
    assert isolate_numbers(text) == shown
    assert numbers(isolate_numbers(text)) == numbers(text)


def test_an_arabic_answer_isolates_its_grouped_numbers_and_leaves_the_others_as_they_are():
    document = loaded()
    document["texts"]["fr"]["description"] = "Appelle le 0800 1111 ou le 3018."
    document["texts"]["ar"] = {"name": "3018", "description": "اتصل بالرقم 0800 1111 أو 3018."}
    entry = Entry.from_document(stamp_missing(document))
    arabic, french = (Presenter(locale, gettext.NullTranslations()).entry(entry, None) for locale in ("ar", "fr"))
    assert arabic["description"] == "اتصل بالرقم \u20660800 1111\u2069 أو 3018."
    assert french["description"] == "Appelle le 0800 1111 ou le 3018."
