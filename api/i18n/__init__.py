"""Gettext catalogs from locales/, loaded once; translatable texts; the extractor for the taxonomy."""
import io
import logging
from pathlib import Path

import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..directory.locales import bcp47, negotiate_locale

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
SOURCE_LOCALE = "en"  # msgids are English: English needs no catalog
DOMAIN = "messages"
log = logging.getLogger(__name__)


class Translatable(str):
    """An English text that remembers its msgid and values, so it can be said in another language.

    It is a plain string wherever English is fine (logs, the CLI); marshmallow's `format(...)`
    on an error message keeps it translatable.
    """

    msgid: str
    values: dict

    def __new__(cls, msgid: str, values: dict | None = None):
        values = values or {}
        text = super().__new__(cls, msgid % values if values else msgid)
        text.msgid, text.values = msgid, values
        return text

    def format(self, *args, **values) -> "Translatable":
        return Translatable(self.msgid, {**self.values, **values})

    def translate(self, translations: NullTranslations) -> str:
        said = translations.gettext(self.msgid)
        return said % self.values if self.values else said


def N_(message: str, **values) -> Translatable:
    """Mark a text for extraction; it is translated where it is shown, with `values` filled in."""
    return Translatable(message, values)


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted phrase for extraction; it is chosen with ngettext where the count is known."""
    return singular, plural


def translate(value, translations: NullTranslations):
    """Translate every Translatable inside nested dicts and lists; anything else as it is."""
    if isinstance(value, Translatable):
        return value.translate(translations)
    if isinstance(value, dict):
        return {key: translate(item, translations) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [translate(item, translations) for item in value]
    return value


class Catalogs:
    """Every catalog under locales/, keyed by locale ('fr', 'pt_BR'...).

    The compiled .mo is used when it is at least as new as its .po; otherwise the .po is compiled
    in memory, so a missing or stale build never shows a help screen in the wrong language.
    """

    def __init__(self, directory: Path = LOCALES_DIR):
        self.translations: dict[str, NullTranslations] = {SOURCE_LOCALE: NullTranslations()}
        for source in sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")) if directory.is_dir() else ():
            self.translations[source.parent.parent.name] = _load(source)

    @property
    def supported(self) -> tuple[str, ...]:
        return tuple(sorted(self.translations))

    def get(self, locale: str) -> NullTranslations:
        return self.translations.get(locale) or self.translations[SOURCE_LOCALE]

    def negotiate(self, lang: str | None, accept_language: str | None) -> str:
        """`lang` first, then Accept-Language, then English, among the locales with a catalog."""
        return negotiate_locale(lang, accept_language, self.translations, SOURCE_LOCALE)


def _load(source: Path) -> NullTranslations:
    compiled = source.with_suffix(".mo")
    if compiled.is_file() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with open(compiled, "rb") as handle:
            return Translations(handle, DOMAIN)
    log.warning("%s is not compiled (make catalogs): compiling it in memory", source)
    with open(source, "rb") as handle:
        catalog = read_po(handle, locale=source.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, DOMAIN)


def content_language(locale: str) -> dict:
    """The headers that say which language (and so which direction) an answer is in."""
    return {"Content-Language": bcp47(locale), "Vary": "Accept-Language"}


def extract_taxonomy(fileobj, keywords, comment_tags, options):
    """Babel extractor for resources/categories.yaml: category names and descriptions."""
    document = yaml.safe_load(fileobj)
    for index, category in enumerate(document.get("categories", []), start=1):
        for key in ("name", "description"):
            yield index, None, category[key], [f"category {category['slug']}: {key}"]
