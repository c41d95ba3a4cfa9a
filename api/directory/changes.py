"""Changes to an entry document: JSON merge patch (RFC 7396), a readable diff, and what needs a reviewer.

What a child reads is reviewed like a number. Held for an admin, whoever else makes the change:
- any change to the contacts (what an app dials or opens, and the label on its button, its hours, its sms body);
- where the entry shows and how high (PLACEMENT_FIELDS);
- on a published entry, whether it is open, for whom, and what it promises (FACT_FIELDS), retiring it included;
- bringing a retired entry back;
- a text (name, description, call to action, alert, organisation; any language) that mentions a phone number,
  a link or a domain that the entry's contacts, as published, do not already carry;
- the curators' notes, which reviewers read.
Any other text change publishes at once.
"""
from typing import Any

from .entries import TEXT_FIELDS
from .mentions import host_of, unknown_mentions
from .phones import InvalidPhone, digit_forms, parse_phone

# Fields that decide where an entry shows and how high: a wrong value here reaches other
# organisations' help screens, so only an admin changes them without review.
PLACEMENT_FIELDS = ("kind", "countries", "subdivisions", "categories", "general", "priority",
                    "needs_review", "review_note")
# What a child reads about a published entry besides its texts: open or closed and when, for whom,
# and its promises. A wrong value hides a service from a child, or misleads one.
FACT_FIELDS = ("status", "hours", "audiences", "min_age", "max_age", "free", "anonymous", "confidential")
CURATOR_FIELDS = ("notes",)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge key by key, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def diff(old: Any, new: Any, path: str = "") -> list[dict]:
    """Every changed leaf as {path (a JSON pointer), from, to}; a missing value is null."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in list(old) + [k for k in new if k not in old]:
            changes += diff(old.get(key), new.get(key), f"{path}/{_escape(str(key))}")
        return changes
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [change for index, (a, b) in enumerate(zip(old, new)) for change in diff(a, b, f"{path}/{index}")]
    return [] if old == new else [{"path": path or "/", "from": old, "to": new}]


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def review_reasons(old: dict | None, new: dict) -> list[str]:
    """The fields whose change a partner may not publish alone (see the module's docstring).

    A new entry (`old` is None) is all new contacts.
    """
    if old is None:
        return ["contacts"]
    reasons = ["contacts"] if (old.get("contacts") or []) != (new.get("contacts") or []) else []
    reasons += [name for name in PLACEMENT_FIELDS if old.get(name) != new.get(name)]
    if old.get("status") == "retired":
        reasons += ["status"] if new.get("status") != "retired" else []
    elif not old.get("needs_review"):
        reasons += [name for name in FACT_FIELDS if old.get(name) != new.get(name)]
    reasons += mentioning_texts(old, new)
    reasons += [name for name in CURATOR_FIELDS if old.get(name) != new.get(name)]
    return reasons


def mentioning_texts(old: dict, new: dict) -> list[str]:
    """The text fields whose new wording mentions a number or a link that the entry's contacts do not carry."""
    numbers, hosts = known_contacts(old)
    countries = old.get("countries") or ()
    found = []
    for name, texts in _texts(new).items():
        before = _texts(old).get(name, {})
        changed = [text for place, text in texts.items() if text and text != before.get(place)]
        if any(unknown_mentions(text, countries, numbers, hosts) for text in changed):
            found.append(name)
    return found


def _texts(document: dict) -> dict[str, dict]:
    """field -> {where: text}, for every text a child may read."""
    texts = document.get("texts") or {}
    return {
        "texts": {(lang, field): value.get(field) for lang, value in texts.items() for field in TEXT_FIELDS},
        "alert": dict(document.get("alert") or {}),
        "organisation": {"": document.get("organisation")},
    }


def known_contacts(document: dict) -> tuple[frozenset[str], frozenset[str]]:
    """The digit forms of the entry's numbers, and the hosts of its links and e-mail addresses."""
    countries = document.get("countries") or [None]
    numbers: set[str] = set()
    hosts: set[str] = set()
    for contact in document.get("contacts") or []:
        value = str(contact.get("value", ""))
        if contact.get("type") in ("phone", "sms"):
            try:
                numbers |= digit_forms(parse_phone(value, countries[0], contact.get("unlisted", False)))
            except InvalidPhone:
                continue
        elif contact.get("type") == "email":
            hosts.add(value.rpartition("@")[2].lower())
        elif host := host_of(value):
            hosts.add(host)
    return frozenset(numbers), frozenset(hosts)
