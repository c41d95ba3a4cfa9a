"""The category and country lists, rendered once per locale and reused until the directory changes."""
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING

from ..directory import screens
from ..directory.locales import bcp47, direction
from ..directory.present import Presenter, country_name
from ..directory.taxonomy import CATEGORIES
from ..schemas import COUNTRY_CODES, category_list_schema, country_list_schema
from .body import Body

if TYPE_CHECKING:
    from ..runtime import Runtime


def categories_body(runtime: "Runtime", locale: str, at: datetime) -> Body:
    def render(_directory):
        presenter = Presenter(locale, runtime.catalogs.get(locale))
        document = {**_language(locale), "categories": [presenter.category(c.slug) for c in CATEGORIES]}
        return Body.of(category_list_schema.dump(document))

    return runtime.snapshot.body(("categories", locale), at, render)


def countries_body(runtime: "Runtime", locale: str, at: datetime, all_countries: bool) -> Body:
    """Covered countries (or every ISO country with all_countries), with CLDR names and coverage."""
    def render(directory):
        presenter = Presenter(locale, runtime.catalogs.get(locale))
        codes = COUNTRY_CODES if all_countries else sorted(directory.covered)
        countries = []
        for code in codes:
            count = directory.services_in(code)
            complete, total = screens.counts(directory, code)
            countries.append({
                "code": code, "name": country_name(code, locale), "coverage": directory.coverage(code),
                "categories": directory.categories_of(code),
                "services": count, "coverage_text": presenter.services(count), "counts": directory.counts(code),
                "screens": {"complete": complete, "total": total},
            })
        countries.sort(key=lambda c: _sort_key(c["name"]))
        return Body.of(country_list_schema.dump({**_language(locale), "countries": countries}))

    return runtime.snapshot.body(("countries", locale, all_countries), at, render)


def _language(locale: str) -> dict:
    return {"locale": bcp47(locale), "dir": direction(locale)}


def _sort_key(name: str) -> str:
    """Accents do not move a name to the end of the list ("Égypte" sorts among the E)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
