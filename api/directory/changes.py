"""Changes to an entry document: JSON merge patch (RFC 7396), a readable diff, and what needs a reviewer."""
from typing import Any

# Fields that decide where an entry shows and how high: a wrong value here reaches other
# organisations' help screens, so only an admin changes them without review.
PLACEMENT_FIELDS = ("kind", "countries", "subdivisions", "categories", "general", "priority",
                    "needs_review", "review_note")
# What an app dials or opens; the rest of a contact (label, hours, sms body) is text.
CONTACT_KEYS = ("type", "value", "unlisted")


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
    """The fields whose change a partner may not publish alone: contacts, placement, coming back from retirement.

    A new entry (`old` is None) is all new contacts.
    """
    if old is None:
        return ["contacts"]
    reasons = [name for name in PLACEMENT_FIELDS if old.get(name) != new.get(name)]
    if _dialled(old) != _dialled(new):
        reasons.insert(0, "contacts")
    if old.get("status") == "retired" and new.get("status") != "retired":
        reasons.append("status")
    return reasons


def _dialled(document: dict) -> list[tuple]:
    return [tuple(contact.get(key) for key in CONTACT_KEYS) for contact in document.get("contacts") or []]
