"""Gettext catalogs from locales/, loaded once; and the extractor for the taxonomy's texts."""
from pathlib import Path

import yaml
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
SOURCE_LOCALE = "en"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


class Catalogs:
    """Every compiled catalog under locales/, keyed by locale ('fr', 'pt_BR'...)."""

    def __init__(self, directory: Path = LOCALES_DIR):
        self.translations: dict[str, NullTranslations] = {SOURCE_LOCALE: NullTranslations()}
        if directory.is_dir():
            for compiled in sorted(directory.glob("*/LC_MESSAGES/messages.mo")):
                locale = compiled.parent.parent.name
                self.translations[locale] = Translations.load(str(directory), [locale])

    @property
    def supported(self) -> tuple[str, ...]:
        return tuple(sorted(self.translations))

    def get(self, locale: str) -> NullTranslations:
        return self.translations.get(locale) or self.translations[SOURCE_LOCALE]


def extract_taxonomy(fileobj, keywords, comment_tags, options):
    """Babel extractor for resources/categories.yaml: category names and descriptions."""
    document = yaml.safe_load(fileobj)
    for index, category in enumerate(document.get("categories", []), start=1):
        for key in ("name", "description"):
            yield index, None, category[key], [f"category {category['slug']}: {key}"]
