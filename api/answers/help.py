"""Help answers (JSON and the embed page), rendered once per (query, locale) and reused until the directory or the hour changes."""
from datetime import datetime

from typing import TYPE_CHECKING

from ..directory.present import Presenter
from ..directory.selection import HelpQuery
from ..directory.taxonomy import CATEGORY_SLUGS
from ..directory.locales import bcp47, direction
from ..schemas import help_answer_schema
from .body import Body
from .page import error_page, help_page

if TYPE_CHECKING:
    from ..runtime import Runtime


def help_body(runtime: "Runtime", query: HelpQuery, locale: str, at: datetime) -> Body:
    def render(directory):
        document, expires = help_document(runtime, directory, query, locale, at)
        return Body.of(document, expires)

    return runtime.snapshot.body(("help", query, locale), at, render)


def help_page_body(runtime: "Runtime", query: HelpQuery, locale: str, at: datetime, leave_url: str) -> Body:
    """The embeddable page for the same answer, good until the same moment."""
    def render(directory):
        document, expires = help_document(runtime, directory, query, locale, at)
        html = help_page(document, runtime.catalogs.get(locale), leave_url)
        return Body.of_bytes(html, expires, "text/html")

    return runtime.snapshot.body(("page", query, locale, leave_url), at, render)


def help_document(runtime: "Runtime", directory, query: HelpQuery, locale: str, at: datetime):
    """The help answer as apps receive it, and until when its open-now facts hold."""
    selection = directory.select(query)
    presenter = Presenter(locale, runtime.catalogs.get(locale))
    document, expires = presenter.help_document(query, selection, at, directory.version)
    return help_answer_schema.dump(document), expires


def help_error_page(runtime: "Runtime", problem, locale: str, country: str | None, subdivision: str | None,
                    at: datetime, leave_url: str) -> bytes:
    """The page for a wrong query (rendered each time: it is not cached), with the country's emergency numbers."""
    translations = runtime.catalogs.get(locale)
    answer = {}
    if country:
        # emergency numbers do not depend on the category: any one finds them
        query = HelpQuery(country, CATEGORY_SLUGS[0], subdivision)
        answer, _ = help_document(runtime, runtime.snapshot.directory, query, locale, at)
    return error_page(problem.document(translations), translations, leave_url, bcp47(locale),
                      direction(locale), answer.get("country_name"), answer.get("emergency", []),
                      answer.get("emergency_numbers", []))
