"""The screen rules: what every help screen a child or a teen can reach must hold (docs/screens.md).

Directory.select builds each screen by these rules; `breaks` checks a built screen against them, so
that a gap in the data (a country with no reporting route for minors, a category with nobody to talk
to) is named, screen by screen, before a child meets it.
"""
from dataclasses import dataclass

from .entries import YOUNG, Entry
from .selection import Directory, HelpQuery, Selection
from .taxonomy import CATEGORY_SLUGS

# Harms done to minors that the police or a national platform must be able to hear about: on these
# screens an international service (Take It Down...) is not enough.
MINOR_REPORT_CATEGORIES = ("sextortion", "nonconsensual_imagery", "grooming", "child_sexual_abuse")
REPORT_KINDS = ("police", "gendarmerie", "reporting_platform")
RULES = {
    "listen": "no listening line or victim support serves this audience",
    "minor_report": "no national police, gendarmerie or reporting platform here takes reports about minors",
    "emergency": "no emergency number",
    "adults_only": "restricted to adults, or not for this age",
    "region": "a service of another region",
}


@dataclass(frozen=True)
class Break:
    """A screen rule a screen breaks, and what breaks it."""

    rule: str  # a key of RULES
    entry: str | None = None

    def __str__(self) -> str:
        return f"{self.rule}: {self.entry + ': ' if self.entry else ''}{RULES[self.rule]}"


def breaks(screen: HelpQuery, selection: Selection) -> tuple[Break, ...]:
    """The rules that the screen `selection` shows for `screen` breaks (nothing: the screen is complete)."""
    found = []
    if not any(entry.serves(screen.audience) for entry in selection.listen):
        found.append(Break("listen"))
    if screen.category in MINOR_REPORT_CATEGORIES and not any(map(takes_reports_about_minors, selection.report)):
        found.append(Break("minor_report"))
    if not selection.emergency:
        found.append(Break("emergency"))
    for entry in (*selection.emergency, *selection.listen, *selection.report):
        if screen.audience in YOUNG and (entry.adults_only or not entry.serves(screen.audience)):
            found.append(Break("adults_only", entry.id))
        if entry.subdivisions and screen.subdivision not in entry.subdivisions:
            found.append(Break("region", entry.id))
    return tuple(found)


def takes_reports_about_minors(entry: Entry) -> bool:
    """A national police, gendarmerie or reporting platform that serves children or teens."""
    return not entry.international and entry.kind in REPORT_KINDS and any(map(entry.serves, YOUNG))


def young_screens(directory: Directory, country: str) -> list[HelpQuery]:
    """Every screen of a country a child or a teen can reach: each category, nationally and in each
    subdivision that has services of its own."""
    areas = [None, *sorted(directory.subdivisions.get(country, ()))]
    return [HelpQuery(country, category, subdivision=area, audience=audience)
            for area in areas for category in CATEGORY_SLUGS for audience in YOUNG]


def check(directory: Directory, country: str) -> list[tuple[HelpQuery, tuple[Break, ...]]]:
    """Each young screen of a country, with the rules it breaks."""
    return [(screen, breaks(screen, directory.select(screen))) for screen in young_screens(directory, country)]


_counts: dict[tuple[str, str], tuple[int, int]] = {}
COUNTS_HELD = 4096  # (country, fingerprint) pairs: every country a few versions back


def counts(directory: Directory, country: str) -> tuple[int, int]:
    """(complete, total) young screens of a country.

    Kept by the country's fingerprint (its entries and the international ones, with their versions),
    so a partner's edit re-checks only the screens of the country it touches.
    """
    key = (country, directory.fingerprint(country))
    found = _counts.get(key)
    if found is None:
        checked = check(directory, country)
        found = _counts[key] = (sum(not broken for _, broken in checked), len(checked))
        while len(_counts) > COUNTS_HELD:
            _counts.pop(next(iter(_counts)), None)
    return found


def describe(screen: HelpQuery) -> str:
    """A screen as the command line names it: "CA CA-QC grooming teens"."""
    return " ".join(part for part in (screen.country, screen.subdivision, screen.category, screen.audience) if part)
