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


def format_table(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    """A plain-text grid: one row per category, one column per country, cells "listen/report"."""
    countries = list(table)
    width = max(len(slug) for slug in CATEGORY_SLUGS)
    lines = [" " * width + "  " + "  ".join(f"{c:>5}" for c in countries)]
    for slug in CATEGORY_SLUGS:
        cells = "  ".join(f"{'%d/%d' % table[c][slug]:>5}" for c in countries)
        lines.append(f"{slug:<{width}}  {cells}")
    lines.append("cells: listening lines and support / reporting routes; 0/0 is a gap")
    return "\n".join(lines)
