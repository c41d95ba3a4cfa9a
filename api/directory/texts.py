"""Service texts in many languages: each translation remembers the original it was made from.

An entry's texts in its own `language` are the originals. A text in any other language carries
`translated_from`: per field, the fingerprint of the original it translates. When an original
changes, the fingerprint no longer matches: that field's translations are outdated, and the
original shows in their place until someone translates the field again.
"""
import hashlib
import re
import unicodedata

from .locales import canonical

TEXT_FIELDS = ("name", "description", "call_to_action")
FINGERPRINT = "translated_from"
_NUMBER = re.compile(r"\d(?:[\d \u00a0\u202f.\-\u2011]*\d)?")  # digits, with the separators numbers are written with


def fingerprint(text: str) -> str:
    """Twelve hex digits of the SHA-256 of the text (NFC): the same text, the same fingerprint, everywhere."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode()).hexdigest()[:12]


def originals(document: dict) -> dict:
    """The entry's texts in its own language."""
    own = canonical(document["language"])
    return next((text for lang, text in document["texts"].items() if canonical(lang) == own), {})


def outdated(document: dict) -> dict[str, set[str]]:
    """{language: fields} whose translation was made from an original that has changed since."""
    own, found = canonical(document["language"]), {}
    current = {field: fingerprint(text) for field, text in originals(document).items() if field in TEXT_FIELDS and text}
    for lang, text in document["texts"].items():
        if canonical(lang) == own:
            continue
        stale = {field for field, mark in (text.get(FINGERPRINT) or {}).items() if field in current and mark != current[field]}
        if stale:
            found[lang] = stale
    return found


def stamp_missing(document: dict) -> dict:
    """Fingerprint every translated field that has none yet, as a translation of the original it sits beside.

    What the curated folder or a new entry brings is taken as translated from today's originals;
    fingerprints already there are kept, so an original edited in the folder shows its translations outdated.
    """
    source, own = originals(document), canonical(document["language"])
    for lang, text in document["texts"].items():
        if canonical(lang) == own:
            text.pop(FINGERPRINT, None)
            continue
        marks = {field: mark for field, mark in (text.get(FINGERPRINT) or {}).items() if text.get(field)}
        for field in TEXT_FIELDS:
            if text.get(field) and source.get(field) and field not in marks:
                marks[field] = fingerprint(source[field])
        _set_marks(text, marks)
    return document


def carry_stamps(document: dict, base: dict) -> dict:
    """The fingerprints of a change to `base`: a translation the change wrote translates today's original;
    one it left as it was keeps the fingerprint it had, so changing only an original outdates it."""
    source, own = originals(document), canonical(document["language"])
    before = {canonical(lang): text for lang, text in base["texts"].items()}
    for lang, text in document["texts"].items():
        if canonical(lang) == own:
            text.pop(FINGERPRINT, None)
            continue
        previous = before.get(canonical(lang), {})
        marks = {}
        for field in TEXT_FIELDS:
            if not text.get(field) or not source.get(field):
                continue
            kept = (previous.get(FINGERPRINT) or {}).get(field)
            unchanged = previous.get(field) == text[field]
            marks[field] = kept if unchanged and kept else fingerprint(source[field])
        _set_marks(text, marks)
    return document


def wanted(documents: list[dict], languages: list[str], countries: set[str] | None = None) -> list[dict]:
    """The worksheet rows of every published text missing or outdated in `languages`, original beside it."""
    rows = []
    for document in documents:
        if document["status"] == "retired" or document["needs_review"]:
            continue
        if countries and not countries & set(document["countries"] or ["INTL"]):
            continue
        source, own, late = originals(document), canonical(document["language"]), outdated(document)
        texts = {canonical(lang): text for lang, text in document["texts"].items()}
        for lang in languages:
            if canonical(lang) == own:
                continue
            have = texts.get(canonical(lang), {})
            for field in TEXT_FIELDS:
                if source.get(field) and (not have.get(field) or field in late.get(_key(document, lang), ())):
                    rows.append({"language": lang, "id": document["id"], "field": field,
                                 "from": document["language"], "original": source[field], "text": ""})
    return rows


def apply(document: dict, lang: str, field: str, original: str, text: str) -> str | None:
    """Write one translation of `original` into the document; or say why not (nothing written)."""
    source = originals(document)
    if source.get(field) != original:
        return "its original changed since the worksheet was made"
    if numbers(text) != numbers(original):
        return f"its numbers {numbers(text)} are not the original's {numbers(original)}"
    key = _key(document, lang) or lang
    translation = document["texts"].setdefault(key, {})
    translation[field] = text
    marks = dict(translation.get(FINGERPRINT) or {})
    marks[field] = fingerprint(original)
    _set_marks(translation, marks)
    return None


def numbers(text: str) -> list[str]:
    """The numbers a text holds (3018, 0800 1111, 116 006...), digits as written: a translation keeps
    them all, in the same digits, so that what a child reads is what the call button dials."""
    return sorted(re.sub(r"\D", "", run) for run in _NUMBER.findall(text))


def isolate_numbers(text: str) -> str:
    """Each number of a right-to-left text kept left to right (between U+2066 and U+2069): without
    it, "0800 1111" in an Arabic sentence shows as "1111 0800", a number the call button does not dial."""
    return _NUMBER.sub(lambda match: f"\u2066{match.group()}\u2069" if not match.group().isdigit() else match.group(), text)


def _key(document: dict, lang: str) -> str | None:
    """How the document spells `lang` among its texts' keys, if it has texts in it."""
    return next((key for key in document["texts"] if canonical(key) == canonical(lang)), None)


def _set_marks(text: dict, marks: dict) -> None:
    text.pop(FINGERPRINT, None)  # then last, after the texts it marks
    if marks:
        text[FINGERPRINT] = {field: marks[field] for field in TEXT_FIELDS if field in marks}
