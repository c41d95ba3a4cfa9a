"""Translation worksheets: what the catalogs still lack, out as YAML; filled-in worksheets back in.

A worksheet holds, per locale, each untranslated (or fuzzy) message with its English text and its
translator comments; a counted message asks for one text per CLDR plural category of the locale
("one", "few", "many", "other"...), never for gettext's bare form numbers.
"""
from datetime import datetime, timezone
from gettext import c2py
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALES_DIR

# whole numbers that reach every plural category of the shipped languages (French "many" is 1 000 000)
PLURAL_SAMPLES = (*range(0, 1200), 10**6, 2 * 10**6, 10**7)


class WorksheetError(ValueError):
    """A worksheet that does not fit the catalogs (unknown locale or msgid, wrong plural categories)."""


def catalog_path(locale: str, directory: Path = LOCALES_DIR) -> Path:
    return directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locale: str, directory: Path = LOCALES_DIR) -> Catalog:
    with open(catalog_path(locale, directory), "rb") as handle:
        return read_po(handle, locale=locale)


def shipped_locales(directory: Path = LOCALES_DIR) -> list[str]:
    return sorted(path.parent.parent.name for path in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def plural_categories(catalog: Catalog) -> list[str]:
    """For each plural form of a catalog (its Plural-Forms header), the CLDR category it stands for.

    Both rules are asked about sample whole numbers: each form must match exactly one category.
    """
    form_of = c2py(catalog.plural_expr)
    rule = Locale.parse(catalog.locale).plural_form
    seen: dict[int, set[str]] = {}
    for n in PLURAL_SAMPLES:
        seen.setdefault(form_of(n), set()).add(rule(n))
    if sorted(seen) != list(range(catalog.num_plurals)) or any(len(tags) != 1 for tags in seen.values()):
        raise WorksheetError(f"{catalog.locale}: the plural forms {catalog.plural_forms!r} do not match CLDR ({seen})")
    return [seen[index].pop() for index in range(catalog.num_plurals)]


def untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return message.fuzzy or not all(strings)


def missing(locales: list[str] | None = None, directory: Path = LOCALES_DIR) -> dict:
    """The worksheet of every untranslated or fuzzy message, per locale."""
    sheet = {}
    for locale in locales or shipped_locales(directory):
        catalog = read_catalog(locale, directory)
        categories = plural_categories(catalog)
        todo = []
        for message in catalog:
            if not message.id or not untranslated(message):
                continue
            item = {"msgid": message.id[0] if message.pluralizable else message.id}
            if message.pluralizable:
                item["msgid_plural"] = message.id[1]
            if message.auto_comments:
                item["comments"] = " ".join(message.auto_comments)
            item["msgstr"] = {tag: "" for tag in categories} if message.pluralizable else ""
            todo.append(item)
        if todo:
            rules = Locale.parse(locale).plural_form.rules
            sheet[locale] = {"plural_rules": {tag: rules.get(tag, "everything else") for tag in categories}, "messages": todo}
    return sheet


def fill(sheet: dict, directory: Path = LOCALES_DIR) -> dict[str, int]:
    """Write a worksheet's non-empty translations into the catalogs; how many per locale.

    Every locale is checked before any file is written, so a bad worksheet changes nothing.
    """
    prepared = {locale: _apply(locale, part, directory) for locale, part in (sheet or {}).items()}
    for locale, (catalog, count) in prepared.items():
        if count:
            catalog.revision_date = datetime.now(timezone.utc)
            with open(catalog_path(locale, directory), "wb") as handle:
                write_po(handle, catalog, width=76, ignore_obsolete=True)
    return {locale: count for locale, (_, count) in prepared.items()}


def _apply(locale: str, part: dict, directory: Path) -> tuple[Catalog, int]:
    if not catalog_path(locale, directory).is_file():
        raise WorksheetError(f"{locale}: no catalog (pybabel init -l {locale} first)")
    catalog = read_catalog(locale, directory)
    categories, count = plural_categories(catalog), 0
    for item in part.get("messages") or ():
        message = catalog.get(item["msgid"])
        if message is None:
            raise WorksheetError(f"{locale}: {item['msgid']!r} is not in the catalog (make update-catalogs?)")
        text = item.get("msgstr")
        if message.pluralizable:
            if not isinstance(text, dict) or set(text) != set(categories):
                raise WorksheetError(f"{locale}: {item['msgid']!r} needs one text for each of {categories}")
            if not all(text.values()):
                continue
            message.string = tuple(text[tag] for tag in categories)
        else:
            if not isinstance(text, str):
                raise WorksheetError(f"{locale}: {item['msgid']!r} needs one text")
            if not text:
                continue
            message.string = text
        message.flags.discard("fuzzy")
        count += 1
    errors = [f"{locale}: {message.id!r}: {error}" for message, errors in catalog.check() for error in errors]
    if errors:
        raise WorksheetError("; ".join(errors))
    return catalog, count
