"""Which entries answer a help query: the emergency, listen and report groups, and coverage."""
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .entries import GROUPS, YOUNG, Entry
from .taxonomy import CATEGORY_SLUGS


# How much the directory knows for a country, or for one category of it (Directory.coverage).
COVERAGE = ("full", "partial", "basic", "none")


@dataclass(frozen=True)
class HelpQuery:
    country: str
    category: str
    subdivision: str | None = None
    audience: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Selection:
    coverage: str  # full | partial | basic | none (Directory.coverage)
    emergency: tuple[Entry, ...]
    listen: tuple[Entry, ...]
    report: tuple[Entry, ...]


class Directory:
    """The published entries, indexed so that a query costs the same whatever the directory's size."""

    def __init__(self, entries: Iterable[Entry], version: int = 0):
        self.version = version
        self.by_id: dict[str, Entry] = {}
        self._specific: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        self._international: dict[str, list[Entry]] = defaultdict(list)
        self._emergency: dict[str, list[Entry]] = defaultdict(list)
        self._general: dict[str, list[Entry]] = defaultdict(list)
        self._child_helplines: dict[str, list[Entry]] = defaultdict(list)
        self.covered: set[str] = set()
        self._specialised: set[str] = set()  # countries with a service beyond emergency numbers and general lines
        self.subdivisions: dict[str, set[str]] = defaultdict(set)
        self._by_country: dict[str, list[Entry]] = defaultdict(list)
        self._everywhere: list[Entry] = []
        self._fingerprints: dict[str, str] = {}
        for entry in entries:
            self.by_id[entry.id] = entry
            if entry.published:
                self._index(entry)

    def _index(self, entry: Entry) -> None:
        if entry.international:
            self._everywhere.append(entry)
            for category in entry.categories:
                self._international[category].append(entry)
            return
        for country in entry.countries:
            self.covered.add(country)
            self._by_country[country].append(entry)
            self.subdivisions[country].update(s for s in entry.subdivisions if s.startswith(country + "-"))
            if entry.group == "emergency":
                self._emergency[country].append(entry)
                continue
            for category in entry.categories:
                self._specific[country, category].append(entry)
            if entry.general and entry.group == "listen":
                self._general[country].append(entry)
            else:
                self._specialised.add(country)
            if entry.child_helpline:
                self._child_helplines[country].append(entry)

    def specific(self, country: str, category: str) -> list[Entry]:
        """Published entries of a country for a category, emergency numbers and fallbacks aside."""
        return list(self._specific.get((country, category), ()))

    def international(self, category: str) -> list[Entry]:
        return list(self._international.get(category, ()))

    def fingerprint(self, country: str) -> str:
        """Changes when any published entry that may answer for `country` (its own or international) changes."""
        found = self._fingerprints.get(country)
        if found is None:
            entries = sorted(self._by_country.get(country, []) + self._everywhere, key=lambda entry: entry.id)
            listed = ";".join(f"{entry.id}:{entry.version}" for entry in entries)
            found = self._fingerprints[country] = hashlib.sha256(listed.encode()).hexdigest()[:16]
        return found

    def local(self, country: str) -> tuple[Entry, ...]:
        """A country's own published entries (international ones aside)."""
        return tuple(self._by_country.get(country, ()))

    def services_in(self, country: str) -> int:
        """Published local entries of a country (international ones aside)."""
        return len(self._by_country.get(country, ()))

    def categories_of(self, country: str) -> list[str]:
        """The categories for which a country has a specific (not only general) service."""
        return [slug for slug in CATEGORY_SLUGS if self._specific.get((country, slug))]

    def coverage(self, country: str, category: str | None = None) -> str:
        """The one definition of coverage. `none`: nothing known for the country (no emergency number
        either); `basic`: its emergency numbers and general lines only, no service for a particular
        problem; `full`: a service of its own for the category (for a whole country: for every
        category); `partial`: services for other categories, not this one (or not every one)."""
        if country not in self.covered:
            return "none"
        if country not in self._specialised:
            return "basic"
        specific = self.categories_of(country)
        if category is not None:
            return "full" if category in specific else "partial"
        return "full" if len(specific) == len(CATEGORY_SLUGS) else "partial"

    def counts(self, country: str) -> dict[str, int]:
        """Published local entries of a country per group (emergency, listen, report)."""
        found = dict.fromkeys(GROUPS, 0)
        for entry in self._by_country.get(country, ()):
            found[entry.group] += 1
        return found

    def select(self, query: HelpQuery) -> Selection:
        """One screen, by the screen rules (docs/screens.md): every entry in its area and for its audience;
        emergency numbers always; the category's own entries and the international ones; the country's
        general lines for the audience when none of those is someone to talk to; and on a child's or a
        teen's screen the country's child helpline, whatever the category.
        """
        def keep(candidates):
            return [e for e in candidates if e.in_area(query.country, query.subdivision) and e.serves(query.audience)]

        international = keep(self._international.get(query.category, ()))
        coverage = self.coverage(query.country, query.category)
        if coverage == "none":
            return Selection(coverage, (), _group(international, "listen"), _group(international, "report"))
        emergency = tuple(e for e in self._emergency[query.country] if e.in_area(query.country, query.subdivision))
        specific = keep(self._specific.get((query.country, query.category), ()))
        found = specific + international
        if not any(entry.group == "listen" for entry in found):
            found += keep(self._general.get(query.country, ()))
        if query.audience in YOUNG:
            found += keep(self._child_helplines.get(query.country, ()))
        if coverage == "full" and not specific:  # the category's own services are for other ages or regions
            coverage = "partial"
        return Selection(coverage, emergency, _group(found, "listen"), _group(found, "report"))


def _group(entries: list[Entry], group: str) -> tuple[Entry, ...]:
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.group == group:
            seen.setdefault(entry.id, entry)
    return tuple(seen.values())
