"""Field reports from apps: what seems wrong with an entry, told without personal data.

A child may type their own phone number or e-mail address into a comment, hoping for an answer:
both are removed before the comment is stored, in any country's format (a child on a French entry
may well type a Belgian number), and so is the query string of a link (where tokens and addresses
travel). Short service numbers (3018, 119, 116 006) and the entry's own numbers stay: they are what
a report is usually about.
"""
import re

from .mentions import phone_mentions
from .phones import digit_forms

REASONS = ("wrong_number", "dead_link", "closed", "wrong_hours", "other")
COMMENT_MAX = 280
REMOVED = "[removed]"
# A number anyone can be reached on has seven digits or more nearly everywhere (and a service
# number of the entry's own, which stays, is known): shorter runs are service numbers.
PERSONAL_DIGITS = 7
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# A link's query string or fragment, up to the next blank.
_QUERY = re.compile(r"(?i)((?:[a-z][a-z0-9+.-]*://|www[.])[^\s?#]*)[?#]\S*")
# Anything written around an at sign: an address, a handle, a link's user part.
_AT = re.compile(r"\S*[@\uff20\ufe6b]\S*")
# An address spelled out to dodge filters: "lea (at) gmail (dot) com", "lea arobase gmail point com".
_OPEN, _CLOSE = r"(?:[(\[{<]\s*)?", r"(?:\s*[)\]}>])?"
_AT_WORD = rf"\s*{_OPEN}(?:at|arobase|arroba|chiocciola|malpa|małpa|apenstaart|kukac){_CLOSE}\s*"
_DOT_WORD = rf"(?:\s*{_OPEN}(?:dot|point|punkt|punto|ponto|punt|nokta|kropka){_CLOSE}\s*|\s*[(\[{{<]\s*[.]\s*[)\]}}>]\s*|[.])"
_SPELLED_EMAIL = re.compile(rf"(?i)[\w.+-]+{_AT_WORD}[\w-]+(?:{_DOT_WORD}[\w-]+)+")


def scrub(comment: str | None, entry=None) -> str | None:
    """The comment as stored: plain one-line text without phone numbers, e-mail addresses or query
    strings, at most COMMENT_MAX. `entry` (its countries and numbers) tells service numbers apart."""
    if not comment:
        return None
    text = " ".join(_CONTROL.sub(" ", comment).split())
    text = _QUERY.sub(lambda m: f"{m.group(1)} {REMOVED}", text)
    text = _AT.sub(REMOVED, text)
    text = _SPELLED_EMAIL.sub(REMOVED, text)
    countries, own = (entry.countries, _own_numbers(entry)) if entry is not None else ((), frozenset())
    found = [m for m in phone_mentions(text, countries, min_digits=PERSONAL_DIGITS, short=False)
             if not {m.key, m.key.removeprefix("00")} & own]
    for start, end in reversed(_spans(found)):
        text = text[:start] + REMOVED + text[end:]
    return text[:COMMENT_MAX] or None


def _own_numbers(entry) -> frozenset[str]:
    return frozenset(form for contact in entry.contacts if contact.phone for form in digit_forms(contact.phone))


def _spans(mentions) -> list[tuple[int, int]]:
    """Where the mentions are, overlapping ones merged, in order."""
    spans: list[list[int]] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if spans and mention.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], mention.end)
        else:
            spans.append([mention.start, mention.end])
    return [(start, end) for start, end in spans]
