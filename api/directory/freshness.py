"""How far an entry's facts can be trusted today: when they were last verified, and on what evidence."""
import re
from datetime import date
from typing import Iterable
from urllib.parse import urlsplit

from .entries import Entry

# Sources that cannot vouch alone for a number on a child's screen; a short list on purpose
# (docs/screens.md): a warning, not a defect, since a weak page may still be right.
FORUM_PAGE = re.compile(r"/(forums?|threads?|viewtopic|showthread)(/|\.php|$)", re.IGNORECASE)
COPY_LABELS = ("staging", "preprod", "mirror")  # a host label that says the site is not the real one
CONTENT_FARMS = ("alexproject.org", "eztechassist.com", "seminartopics.net")


def weakness(url: str) -> str | None:
    """Why a source is weak ("a forum", "a staging or mirror copy", "a content farm"), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    labels = host.split(".")
    if labels[0] in ("forum", "forums") or FORUM_PAGE.search(parts.path):
        return "a forum"
    if any(label in COPY_LABELS for label in labels):
        return "a staging or mirror copy"
    if any(host == farm or host.endswith("." + farm) for farm in CONTENT_FARMS):
        return "a content farm"
    return None


def only_weak_sources(sources: Iterable[str]) -> list[tuple[str, str]]:
    """(source, why) for each source when every one of them is weak; empty when one is not."""
    judged = [(source, weakness(source)) for source in sources]
    return judged if judged and all(why for _, why in judged) else []


def stale(entries: Iterable[Entry], today: date, max_age_days: int) -> list[Entry]:
    """Entries still shown or waiting for review, verified more than `max_age_days` ago: oldest first."""
    found = [e for e in entries if e.status != "retired" and e.stale(today, max_age_days)]
    return sorted(found, key=lambda entry: (entry.verified_at, entry.id))
