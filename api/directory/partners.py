"""A partner and what its key may touch: the one definition of scope that routes and the store apply.

An admin may read and change everything. Any other partner may change the entries it owns, place
entries only in its own countries (or those an entry already had), and read the revisions it wrote
or that concern its entries, and the field reports about its entries.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Partner:
    """A partner as a request sees it: who, and the scope of its key."""

    id: int
    name: str
    admin: bool
    review_required: bool
    countries: tuple[str, ...]
    entries: frozenset[str]

    def can_edit(self, entry_id: str) -> bool:
        return self.admin or entry_id in self.entries

    def can_place(self, countries, current=()) -> bool:
        """Put an entry in these countries: its own countries, or those the entry already had."""
        return self.admin or set(countries) <= set(self.countries) | set(current)

    def can_read_revision(self, author_id: int | None, entry_id: str) -> bool:
        return self.admin or author_id == self.id or self.can_edit(entry_id)

    @property
    def entry_scope(self) -> frozenset[str] | None:
        """The entries whose revisions and reports this key reads; None: every entry (an admin)."""
        return None if self.admin else self.entries
