"""The catalogs in locales/: complete, compilable, placeholders and plural forms right, nothing left in English."""
import re
import subprocess
import sys
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations

from api.i18n import LOCALES_DIR
from api.i18n.worksheets import PLURAL_SAMPLES, plural_categories, read_catalog, shipped_locales
from tests.support.languages import SAME_AS_ENGLISH, SHIPPED
ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory) -> dict:
    """What the code and the taxonomy say today, extracted afresh as `make extract-messages` does."""
    template = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(["make", "-s", "extract-messages", f"POT={template}", "STAMP=", f"BIN={Path(sys.executable).parent}"],
                   cwd=ROOT, check=True, capture_output=True)
    with open(template, "rb") as handle:
        return {message.id: message for message in read_po(handle) if message.id}


def test_the_shipped_languages_are_those_with_a_catalog():
    assert shipped_locales() == SHIPPED
    assert not (LOCALES_DIR / "en").exists(), "English is the source language: its texts are the msgids"


def test_the_api_docs_name_every_interface_language_and_no_other():
    section = (ROOT / "docs" / "api.md").read_text(encoding="utf-8").split("## Languages")[1].split("\n## ")[0]
    listed = " ".join(section.split("languages with a catalog in `locales/`:")[1].split(".")[0].split())
    english = Locale("en")
    names = {english.languages.get(locale) or Locale.parse(locale).get_display_name(english) for locale in shipped_locales()}
    assert sorted(name.strip() for name in re.split(r",| and ", listed)) == sorted(names)
    assert f"in the {len(names)} languages with a catalog" in " ".join(section.split())


@pytest.mark.parametrize("locale", SHIPPED)
def test_catalog_translates_every_message_of_the_code(locale, source_messages):
    catalog = read_catalog(locale)
    lacking = [key for key in source_messages if catalog.get(key[0] if isinstance(key, tuple) else key) is None]
    assert not lacking, f"{locale}: not in the catalog (run make update-catalogs): {lacking}"
    untranslated = [
        message.id for message in catalog
        if message.id and (message.fuzzy or not all(message.string if message.pluralizable else [message.string]))
    ]
    assert not untranslated, (
        f"{locale}: {len(untranslated)} message(s) without a reviewed translation "
        f"(helplinks catalogs missing {locale} > todo.yaml, translate, helplinks catalogs fill todo.yaml): {untranslated}"
    )
    assert not catalog.fuzzy, f"{locale}: the catalog header is marked fuzzy"
    assert not catalog.obsolete, f"{locale}: obsolete messages left behind: {list(catalog.obsolete)}"


@pytest.mark.parametrize("locale", SHIPPED)
def test_catalog_compiles_without_warnings(locale):
    """What `pybabel compile` would warn of, checked in-process: a malformed line, a message whose
    format does not match its id, a fuzzy header; then the compiled file reads back whole."""
    with open(LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=locale, abort_invalid=True)
    assert not [(message.id, errors) for message, errors in catalog.check()]
    assert not catalog.fuzzy
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    translations = GNUTranslations(compiled)
    singular = next(message for message in catalog if message.id and not message.pluralizable)
    assert translations.gettext(singular.id) == singular.string


@pytest.mark.parametrize("locale", SHIPPED)
def test_placeholders_match(locale):
    catalog = read_catalog(locale)
    categories = plural_categories(catalog)
    rule = Locale.parse(locale).plural_form
    for message in catalog:
        if not message.id:
            continue
        if not message.pluralizable:
            assert placeholders(message.string) == placeholders(message.id), (locale, message.id, message.string)
            continue
        for category, text in zip(categories, message.string):
            expected = placeholders(message.id[1])
            # a form for a single number ("one" in Arabic) may say it in words instead of %(count)s
            if len({n for n in PLURAL_SAMPLES if rule(n) == category}) == 1:
                assert placeholders(text) in (expected, expected - {"count"}), (locale, category, text)
            else:
                assert placeholders(text) == expected, (locale, category, text)


@pytest.mark.parametrize("locale", SHIPPED)
def test_plural_forms_follow_the_locale_rule(locale):
    catalog = read_catalog(locale)
    rule = Locale.parse(locale).plural_form
    whole_number_categories = {rule(n) for n in PLURAL_SAMPLES}
    assert catalog.num_plurals == len(whole_number_categories)
    assert sorted(plural_categories(catalog)) == sorted(whole_number_categories)  # one category per form
    for message in catalog:
        if message.pluralizable:
            assert len(message.string) == catalog.num_plurals, (locale, message.id)


def test_english_needs_no_catalog_for_plurals():
    english, rule = NullTranslations(), Locale("en").plural_form
    for n in PLURAL_SAMPLES:
        assert (english.ngettext("one", "other", n) == "one") == (rule(n) == "one"), n


@pytest.mark.parametrize("locale", SHIPPED)
def test_no_message_is_left_in_english(locale):
    catalog = read_catalog(locale)
    same = set()
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            if message.string[0] == message.id[0] or message.id[1] in message.string:
                same.add((locale, message.id[0]))
        elif message.string == message.id:
            same.add((locale, message.id))
    assert same == {pair for pair in SAME_AS_ENGLISH if pair[0] == locale}
