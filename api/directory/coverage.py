"""Where the directory is thin: listen and report entries per country and category."""
from .entries import Entry
from .phones import INTERNATIONAL
from .selection import Directory
from .taxonomy import CATEGORY_SLUGS


def coverage_table(directory: Directory) -> dict[str, dict[str, tuple[int, int]]]:
    """{country: {category: (listen, report)}} for every covered country, and INTL."""
    table = {}
    for country in sorted(directory.covered):
        table[country] = {slug: _counts(directory.specific(country, slug)) for slug in CATEGORY_SLUGS}
    table[INTERNATIONAL] = {slug: _counts(directory.international(slug)) for slug in CATEGORY_SLUGS}
    return table


def _counts(entries: list[Entry]) -> tuple[int, int]:
    return sum(e.group == "listen" for e in entries), sum(e.group == "report" for e in entries)
