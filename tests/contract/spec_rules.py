"""Rules of the API that its OpenAPI document does not state, and the one check they excuse, for the precise case only.

A request valid by the spec may break one of these rules; the API then answers 422 naming the field
(or 412 for an If-Match that names no version). For that request alone, `positive_data_acceptance`
is not asked: every other check still runs on the answer, and every other 4xx still fails the test.
"""
import re

# error path (a JSON pointer without its first slash) -> why the spec cannot say it
UNSTATED = {
    r"language|languages/\d+": "a language CLDR knows: a tag pattern would accept xx-YY",
    # (a key may hold dots, and `errors` names fields by dotted paths: the key is whatever lies between)
    r"(texts|alert|contacts/\d+/label)/.*/key": "the keys of a mapping: language tags CLDR knows",
    r"(contacts/\d+/)?hours/timezone": "a zone of tzdata's selection tables: the pattern only shapes the name",
    r"texts/.*/value/translated_from(/.*/(key|value))?": "a translation marks the fields its text has, with fingerprints",
    r"contacts/\d+/value": "a phone number valid in the entry's first country, or a link / e-mail, by contact type",
    r"contacts/\d+/body": "only an sms contact has a body",
    r"(contacts/\d+/)?hours/weekly": "weekly rules unless always_open",
    r"(contacts/\d+/)?hours/exceptions/\d+/opens": "opens and closes unless closed",
    r"texts": "texts in the entry's own language",
    r"max_age": "not below min_age",
    r"subdivisions/\d+": "a subdivision of one of the entry's countries",
    r"categories": "a category, unless the entry is an emergency number",
    r"contacts": "a published entry needs a contact",
}
SAME_ID = {r"id": "the id in the body must be the one in the URL"}
BY_METHOD = {
    "PUT": SAME_ID,
    "PATCH": SAME_ID,
    "POST": {r"version": "a version that the entry's history holds (revert)"},
}
# A merge patch documents nothing as required; whether the merged entry still has every required
# field depends on the entry as stored.
MISSING = "Missing data for required field."


def leaves(errors, path=()):
    """(path, message) for each message of a problem's `errors` (dotted paths) or a marshmallow error map;
    the path as a JSON pointer without its first /."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from leaves(value, (*path, *(part.replace("~", "~0").replace("/", "~1") for part in str(key).split("."))))
    elif isinstance(errors, list) and all(isinstance(m, str) for m in errors):
        for message in errors:
            yield "/".join(path), message
    else:
        for item in errors:
            yield from leaves(item, path)


def excused(method: str, response, body, sent_tag: str | None, current_tag: str | None) -> bool:
    """Whether this answer to spec-valid data is one of the rules above, and nothing else."""
    if response.status_code == 412:
        return sent_tag not in (None, "*", current_tag)  # an If-Match the client made up
    if response.status_code != 422:
        return False
    errors = (response.json() or {}).get("errors") or {}
    rules = {**UNSTATED, **BY_METHOD.get(method, {})}
    found = list(leaves(errors))
    return bool(found) and all(
        any(re.fullmatch(rule, path, re.DOTALL) for rule in rules) or (method == "PATCH" and message == MISSING)
        for path, message in found)
