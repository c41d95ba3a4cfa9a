"""Rules of the API that its OpenAPI document does not state, and the one check they excuse, for the precise case only.

A request valid by the spec may break one of these rules; the API then answers 422 naming the field,
400 naming the query parameter, 412 for an If-Match that names another version, or 428 for
`If-Match: *`, which names none. For that request alone, `positive_data_acceptance`
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
# query parameter -> why the spec cannot say it
QUERY_UNSTATED = {r"subdivision": "a code ISO 3166-2 lists (some 5,000: an enum would swell the spec)"}
BY_METHOD = {
    "PUT": SAME_ID,
    "PATCH": SAME_ID,
    "POST": {r"version": "a version that the entry's history holds (revert)"},
}
# The docs' text patterns name the invisible characters of the first plane only: ECMA-262 patterns
# have no escape for the others (tag characters, musical format controls...), refused all the same.
BEYOND_FIRST_PLANE = re.compile(r"invisible or direction-changing characters \(U\+[0-9A-F]{5,6}\)")
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
    if response.status_code == 428:
        return sent_tag is not None and "*" in map(str.strip, sent_tag.split(","))
    if response.status_code not in (400, 422):
        return False
    errors = (response.json() or {}).get("errors") or {}
    rules = QUERY_UNSTATED if response.status_code == 400 else {**UNSTATED, **BY_METHOD.get(method, {})}
    found = list(leaves(errors))
    return bool(found) and all(
        any(re.fullmatch(rule, path, re.DOTALL) for rule in rules) or (method == "PATCH" and message == MISSING)
        or BEYOND_FIRST_PLANE.search(message)
        for path, message in found)
