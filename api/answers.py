"""Published answers, rendered once per (query, locale) and reused until the directory or the hour changes."""
import unicodedata
from datetime import datetime

from .directory.locales import direction
from .directory.present import Presenter, country_name, valid_until
from .directory.selection import HelpQuery
from .directory.snapshot import Body
from .directory.taxonomy import CATEGORIES
from .pages import help_page
from .schemas import category_list_schema, country_list_schema, help_answer_schema
from .services import Services


def help_body(services: Services, query: HelpQuery, locale: str, at: datetime) -> Body:
    def render(directory):
        document, expires = help_document(services, directory, query, locale, at)
        return Body.of(document, expires)

    return services.snapshot.body(("help", query, locale), at, render)


def help_page_body(services: Services, query: HelpQuery, locale: str, at: datetime, leave_url: str) -> Body:
    """The embeddable page for the same answer, good until the same moment."""
    def render(directory):
        document, expires = help_document(services, directory, query, locale, at)
        html = help_page(document, services.catalogs.get(locale), leave_url)
        return Body.of_bytes(html, expires, "text/html")

    return services.snapshot.body(("page", query, locale, leave_url), at, render)


def help_document(services: Services, directory, query: HelpQuery, locale: str, at: datetime):
    """The help answer as apps receive it, and until when its open-now facts hold."""
    selection = directory.select(query)
    presenter = Presenter(locale, services.catalogs.get(locale))
    document = presenter.answer(query, selection, at, directory.version)
    return help_answer_schema.dump(document), valid_until(selection, at)


def categories_body(services: Services, locale: str, at: datetime) -> Body:
    def render(_directory):
        presenter = Presenter(locale, services.catalogs.get(locale))
        document = {**_language(locale), "categories": [presenter.category(c.slug) for c in CATEGORIES]}
        return Body.of(category_list_schema.dump(document))

    return services.snapshot.body(("categories", locale), at, render)


def countries_body(services: Services, locale: str, at: datetime, all_countries: bool) -> Body:
    """Covered countries (or every ISO country with all_countries), with CLDR names and coverage."""
    from .schemas import COUNTRY_CODES

    def render(directory):
        presenter = Presenter(locale, services.catalogs.get(locale))
        codes = COUNTRY_CODES if all_countries else sorted(directory.covered)
        countries = []
        for code in codes:
            specific = directory.categories_of(code)
            coverage = "none" if code not in directory.covered else ("full" if len(specific) == len(CATEGORIES) else "partial")
            count = directory.services_in(code)
            countries.append({
                "code": code, "name": country_name(code, locale), "coverage": coverage, "categories": specific,
                "services": count, "coverage_text": presenter.services(count),
            })
        countries.sort(key=lambda c: _sort_key(c["name"]))
        return Body.of(country_list_schema.dump({**_language(locale), "countries": countries}))

    return services.snapshot.body(("countries", locale, all_countries), at, render)


def _language(locale: str) -> dict:
    return {"locale": locale.replace("_", "-"), "dir": direction(locale)}


def _sort_key(name: str) -> str:
    """Accents do not move a name to the end of the list ("Égypte" sorts among the E)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
