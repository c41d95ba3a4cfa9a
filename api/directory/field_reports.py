"""Field reports from apps: what seems wrong with an entry, told without personal data.

A child may type their own phone number or e-mail address into a comment, hoping for an answer:
both are removed before the comment is stored. Short service numbers (3018, 119) stay, they are
what a report is usually about.
"""
import re

import phonenumbers

from .phones import INTERNATIONAL

REASONS = ("wrong_number", "dead_link", "closed", "wrong_hours", "other")
COMMENT_MAX = 280
REMOVED = "[removed]"
_EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[^\s@<>()\[\]]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def scrub(comment: str | None, country: str | None) -> str | None:
    """The comment as stored: plain one-line text, no phone number or e-mail address, at most COMMENT_MAX."""
    if not comment:
        return None
    text = " ".join(_CONTROL.sub(" ", comment).split())
    text = _EMAIL.sub(REMOVED, text)
    region = None if country in (None, INTERNATIONAL) else country
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, region))):
        text = text[:match.start] + REMOVED + text[match.end:]
    return text[:COMMENT_MAX] or None
