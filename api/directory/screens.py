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
# The rules a country's own services may be unable to keep at all (see gaps).
GAP_RULES = ("listen", "minor_report")
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


def check(directory: Directory, country: str, accepted: frozenset = frozenset()) -> list[tuple[HelpQuery, tuple[Break, ...]]]:
    """Each young screen of a country, with the rules it breaks.

    A gap (a rule no service of the country could keep) is not a break where it is known: in a country
    whose emergency numbers and general lines are all the directory has (coverage `basic`, which the
    answer says), or where curators recorded it, with their reason, in resources/gaps.yaml (`accepted`:
    (country, rule, audience or None)). Anywhere else it breaks the screen, so that a route curated
    once cannot go unnoticed.
    """
    basic = directory.coverage(country) == "basic"
    found = []
    for screen in young_screens(directory, country):
        known = {rule for rule in gaps(directory, screen)
                 if basic or {(country, rule, screen.audience), (country, rule, None)} & accepted}
        found.append((screen, tuple(b for b in breaks(screen, directory.select(screen)) if b.rule not in known)))
    return found


def gaps(directory: Directory, screen: HelpQuery) -> set[str]:
    """The rules no entry of the country could keep on this screen: nobody in its area serves the audience
    (`listen`), or nothing national takes reports about minors from this audience (`minor_report`). Such a screen is not
    broken but answered honestly: its coverage says what is known, the international services stand in.
    Curating a service for the country, not mapping one, closes a gap."""
    local = [entry for entry in directory.local(screen.country) if entry.in_area(screen.country, screen.subdivision)]
    missing = set()
    if not any(entry.group == "listen" and entry.serves(screen.audience) for entry in local):
        missing.add("listen")
    if screen.category in MINOR_REPORT_CATEGORIES and not any(
            takes_reports_about_minors(entry) and entry.serves(screen.audience) for entry in local):
        missing.add("minor_report")
    return missing


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
        complete = sum(not broken and not gaps(directory, screen) for screen, broken in checked)
        found = _counts[key] = (complete, len(checked))
        while len(_counts) > COUNTS_HELD:
            _counts.pop(next(iter(_counts)), None)
    return found


def describe(screen: HelpQuery) -> str:
    """A screen as the command line names it: "CA CA-QC grooming teens"."""
    return " ".join(part for part in (screen.country, screen.subdivision, screen.category, screen.audience) if part)
