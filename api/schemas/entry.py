"""The entry document: the one schema for the YAML import and the partner writes, and its field checks."""
import json
import re
import unicodedata
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import pycountry

from babel import Locale, UnknownLocaleError
from marshmallow import (
    RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema,
)

from ..directory.entries import AUDIENCES, CONTACT_TYPES, KINDS, LINK_TYPES, STATUSES, YOUNG
from ..directory.screens import GAP_RULES
from ..directory.hours import DAYS
from ..directory.phones import INTERNATIONAL, InvalidPhone, dialable_phone
from ..directory.taxonomy import CATEGORY_SLUGS
from ..directory.texts import TEXT_FIELDS, stamp_missing
from ..i18n import N_

_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK", "CP", "CQ", "DG", "EA", "IC", "TA"}
COUNTRY_CODES = tuple(
    sorted(code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)
)


def _case_insensitive_pattern(codes) -> str:
    """An exact, case-insensitive regular expression for a set of two-letter codes (for the docs)."""
    by_first: dict[str, str] = {}
    for code in sorted(codes):
        by_first[code[0]] = by_first.get(code[0], "") + code[1] + code[1].lower()
    return "^(?:" + "|".join(f"[{a}{a.lower()}][{rest}]" for a, rest in by_first.items()) + ")$"


COUNTRY_PATTERN = _case_insensitive_pattern(COUNTRY_CODES)
LANGUAGE_TAG_PATTERN = re.compile(r"^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_LENGTH = (2, 80)
SUBDIVISION_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
# ISO 3166-2 as pycountry ships it (CLDR, and so Babel, lists no subdivisions): read once, codes only.
SUBDIVISION_CODES = frozenset(
    item["code"] for item in json.loads((Path(pycountry.DATABASE_DIR) / "iso3166-2.json").read_text("utf-8"))["3166-2"])
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# messages said to users of the API: translated in their language (see i18n.translate)
ONE_OF = N_("Must be one of: %(choices)s.")
BETWEEN = N_("Must be between %(min)s and %(max)s.")
SUBDIVISION_CODE = N_("Must be an ISO 3166-2 code such as CA-QC.")
LANGUAGE_TAG = N_("Must be a language tag such as fr or pt-BR.")


def _selectable_zones() -> tuple[str, ...]:
    """The IANA time zones an entry may name: those IANA lists for people to pick (zone1970.tab and zone.tab,
    one per region and country, e.g. Europe/Paris, Asia/Kolkata, Europe/Kyiv), plus UTC.

    Refused though the system knows them: 'localtime' and 'Factory' (not zones), and the backward-compatible
    aliases IANA keeps only for old data ('US/Eastern', 'Asia/Calcutta', 'Europe/Kiev', 'GMT0'...). The tables
    come from the pinned tzdata package, so every machine accepts the same names; only names this machine can
    load are kept.
    """
    tables = files("tzdata.zoneinfo")
    listed = {"UTC"}
    for table in ("zone1970.tab", "zone.tab"):
        for line in (tables / table).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                listed.add(line.split("\t")[2])
    return tuple(sorted(listed & available_timezones()))


TIME_ZONES = _selectable_zones()
_ZONES = frozenset(TIME_ZONES)
TIME_ZONE_PATTERN = r"^(?:UTC|[A-Z][A-Za-z_-]+(?:/[A-Z][A-Za-z0-9_+-]+){1,2})$"
TIME_ZONE = {
    "pattern": TIME_ZONE_PATTERN, "example": "Europe/Paris",
    "description": "An IANA time zone name as IANA lists them for selection (zone1970.tab and zone.tab of tzdata), "
                   "or UTC. Backward aliases (US/Eastern, Asia/Calcutta, Europe/Kiev), localtime and Factory are refused.",
}


def check_time_zone(value: str) -> str:
    if value not in _ZONES:
        raise ValidationError(f"{value!r} is not an IANA time zone (a canonical name such as Europe/Paris; aliases such as US/Eastern are refused).")
    return value


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _ranges(codes) -> str:
    """A regular expression character class body for a set of code points, as ranges."""
    spans: list[list[int]] = []
    for code in sorted(codes):
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in spans)


# Characters that show nothing, or change how the text around them shows: bidi controls (U+202E turns
# a stored "87 65 43 21 60" into a displayed "06 12 34 56 78"), zero-width characters, every other
# format character (Unicode category Cf), and the blank letters used to fake empty names.
# Zero-width non-joiner and joiner stay where writing needs them: between two letters (or marks) of
# one script that shapes with them (Persian "می‌خواهم", Hindi "क्‍ष"); anywhere else they are refused.
INVISIBLE = frozenset(
    [code for code in (*range(0x20000), *range(0xE0000, 0xE1000)) if unicodedata.category(chr(code)) == "Cf"]
    + [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0])  # format characters live in planes 0, 1 and 14 only
_INVISIBLE = re.compile(f"[{_ranges(INVISIBLE)}]")
JOINERS = ("\u200c", "\u200d")
JOINING_SCRIPTS = frozenset({
    "ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL",
    "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MYANMAR", "KHMER", "TIBETAN"})


def _script(char: str) -> str | None:
    """The script of a letter or mark, from its Unicode name ("ARABIC LETTER YEH" -> ARABIC)."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    return unicodedata.name(char, "").split(" ", 1)[0] or None


def invisible_character(text: str) -> str | None:
    """The first character that hides or reorders text, as U+XXXX; None if there is none."""
    for match in _INVISIBLE.finditer(text):
        at = match.start()
        if match.group() in JOINERS and 0 < at < len(text) - 1:
            before, after = _script(text[at - 1]), _script(text[at + 1])
            if before is not None and before == after and before in JOINING_SCRIPTS:
                continue
        return f"U+{ord(match.group()):04X}"
    return None


# Python's whitespace (str.isspace) and the control characters, spelled out so that the docs'
# patterns mean the same in every regular expression dialect.
_BLANK = "\\x00-\\x20\\x7f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# The docs' patterns name the invisible characters of the first plane only (their regular expression
# dialect, ECMA-262, has no escape for the others, which are refused all the same), and the joiners everywhere.
_HIDDEN = _ranges(code for code in INVISIBLE if code <= 0xFFFF)
# A host name as DNS spells it in ASCII: letters, digits and hyphens, label by label. No user, port,
# percent-encoding or letters of other scripts, and no "xn--" label (IDNA's spelling of such letters:
# xn--pple-43d.com shows as a Cyrillic look-alike of apple.com).
_LABEL = "(?![Xx][Nn]--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_NAME = f"{_LABEL}(?:\\.{_LABEL})*"
HOST_PATTERN = f"{_NAME}\\.?"  # a fully qualified name may end with its root's dot
_HOST = re.compile(f"^{HOST_PATTERN}$")
# The only links we accept: https://, an ASCII host, then an optional path without blanks,
# backslashes or invisible characters. The docs say it with the first plane's invisible characters.
HTTPS_PATTERN = f"^https://{HOST_PATTERN}(?:[/?#][^{_BLANK}{_ranges(INVISIBLE)}\\\\]*)?$"
HTTPS_DOCS_PATTERN = f"^https://{HOST_PATTERN}(?:[/?#][^{_BLANK}{_HIDDEN}\\\\]*)?$"
_HTTPS = re.compile(HTTPS_PATTERN)
# An e-mail address as a mail client takes it from a mailto: link: an unquoted local part, then an ASCII host.
_LOCAL_PART = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
EMAIL_PATTERN = f"^{_LOCAL_PART}@{_NAME}\\.[A-Za-z]{{2,63}}$"
_EMAIL = re.compile(EMAIL_PATTERN)


def check_https(value: str) -> str:
    """Only plain https://host links: no other scheme, whatever its case, spacing or encoding."""
    if not isinstance(value, str) or _CONTROL.search(value) or re.search(r"\s", value):
        raise ValidationError("Must be an https:// link without spaces.")
    if not _HTTPS.match(value):
        raise ValidationError("Must be an https:// link to an ASCII host name (no user, port, look-alike "
                              "letters, backslash or invisible character).")
    try:
        parts = urlsplit(value)
        host, _port = parts.hostname, parts.port
    except ValueError:
        raise ValidationError("Must be a well-formed https:// link.") from None
    if parts.scheme != "https" or not host or not _HOST.match(parts.netloc):
        raise ValidationError("Must be an https:// link.")
    return value


def check_email(value: str) -> str:
    """An e-mail address (it becomes a mailto: link), never a link of another kind."""
    if not isinstance(value, str) or not _EMAIL.match(value) or len(value) > 254:
        raise ValidationError("Must be an e-mail address such as contact@example.org (ASCII, no link).")
    return value


def check_contact_value(kind: str, value: str) -> str:
    """What a contact of this type may hold, phones aside (they need the entry's country)."""
    if kind in LINK_TYPES:
        return check_https(value)
    if kind == "email":
        return check_email(value)
    return value


def check_language(value: str) -> str:
    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise ValidationError(N_("%(value)s is not a language code.", value=repr(value))) from None
    return value


def check_plain_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValidationError("Must not hold control characters.")
    return check_visible(value)


def check_visible(value: str) -> str:
    """No character that hides or reorders text (see invisible_character)."""
    if hidden := invisible_character(value):
        raise ValidationError(f"Must not hold invisible or direction-changing characters ({hidden}).")
    return value


def check_subdivision(value: str) -> str:
    """A code ISO 3166-2 lists (help answers are cached per subdivision: made-up ones are refused)."""
    if value not in SUBDIVISION_CODES:
        raise ValidationError(SUBDIVISION_CODE)
    return value


# PlainText as the docs say it: no control or invisible character, and something left once stripped.
_TEXT = f"[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f{_HIDDEN}]*"
NO_CONTROL_PATTERN = f"^{_TEXT}$"
VISIBLE_PATTERN = f"^[^{_HIDDEN}]*$"
PLAIN_TEXT_PATTERN = f"^{_TEXT}[^{_BLANK}{_HIDDEN}]{_TEXT}$"


class PlainText(fields.String):
    """A stripped, bounded string without control characters."""

    def __init__(self, max_length: int, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("pattern", PLAIN_TEXT_PATTERN)
        super().__init__(validate=[validate.Length(min=1, max=max_length), check_plain_text], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class Clock(fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Regexp(_CLOCK, error="Must be a time as HH:MM."), **kwargs)


class WeeklyRuleSchema(Schema):
    days = fields.List(fields.String(validate=validate.OneOf(DAYS)), required=True, validate=validate.Length(1, 7))
    opens = Clock(required=True)
    closes = Clock(required=True)


class HoursExceptionSchema(Schema):
    date = fields.Date(required=True)
    closed = fields.Boolean(load_default=False)
    opens = Clock()
    closes = Clock()
    note = PlainText(200)

    @validates_schema
    def _span_or_closed(self, data, **kwargs):
        if not data.get("closed") and not (data.get("opens") and data.get("closes")):
            raise ValidationError("Give opens and closes, or closed: true.", "opens")


class HoursSchema(Schema):
    timezone = fields.String(required=True, validate=check_time_zone, metadata=TIME_ZONE)
    always_open = fields.Boolean(load_default=False)
    weekly = fields.List(fields.Nested(WeeklyRuleSchema), load_default=list, validate=validate.Length(max=21))
    exceptions = fields.List(fields.Nested(HoursExceptionSchema), load_default=list, validate=validate.Length(max=100))

    @validates_schema
    def _consistent(self, data, **kwargs):
        if not data.get("always_open") and not data.get("weekly"):
            raise ValidationError("Give weekly rules, or always_open: true.", "weekly")


# Languages one entry may be written in: an international service is read in every language the interface
# speaks (each catalog in locales/, and English), with room to grow; the bound keeps a hostile body small.
TEXT_LANGUAGES = 100
LocalizedText = lambda max_length, **kw: fields.Dict(  # noqa: E731 - a field factory
    keys=fields.String(validate=check_language), values=PlainText(max_length), validate=validate.Length(max=TEXT_LANGUAGES),
    **kw
)


class ContactSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(CONTACT_TYPES))
    value = fields.String(required=True, validate=[validate.Length(1, 300), check_plain_text],
                          metadata={"pattern": NO_CONTROL_PATTERN})
    label = LocalizedText(60)
    body = PlainText(60)
    hours = fields.Nested(HoursSchema)
    unlisted = fields.Boolean()

    @validates_schema
    def _value_fits_type(self, data, **kwargs):
        try:
            check_contact_value(data["type"], data["value"])
        except ValidationError as exc:
            raise ValidationError(exc.messages, "value") from None
        if data.get("body") and data["type"] != "sms":
            raise ValidationError("Only an sms contact has a body.", "body")


class TextSchema(Schema):
    name = PlainText(120, required=True)
    description = PlainText(600)
    call_to_action = PlainText(80)
    translated_from = fields.Dict(
        keys=fields.String(validate=validate.OneOf(TEXT_FIELDS)),
        values=fields.String(validate=validate.Regexp(r"^[0-9a-f]{12}$", error="Must be 12 hexadecimal digits.")),
        metadata={"description": "In a language other than the entry's own: per field, the fingerprint of the "
                                 "original it translates. Set by the service; a translation whose original has "
                                 "changed since is outdated, and the original shows instead."})

    @validates_schema
    def _translations_of_texts(self, data, **kwargs):
        unknown = [field for field in data.get("translated_from") or {} if not data.get(field)]
        if unknown:
            raise ValidationError({"translated_from": [f"No {', '.join(unknown)} to be a translation."]})


class EntrySchema(Schema):
    """One entry of the directory, as written in resources/*.yaml and sent to the write API."""

    class Meta:
        unknown = RAISE
        ordered = True

    id = fields.String(required=True, validate=[validate.Length(*ID_LENGTH), validate.Regexp(SLUG, error="Must be a lowercase slug.")])
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    countries = fields.List(fields.String(validate=validate.OneOf((*COUNTRY_CODES, INTERNATIONAL), error="{input!r} is not an ISO 3166-1 alpha-2 code or INTL.")), required=True, validate=validate.Length(1, 10))
    subdivisions = fields.List(fields.String(validate=[validate.Regexp(SUBDIVISION_PATTERN, error=SUBDIVISION_CODE), check_subdivision]), load_default=list, validate=validate.Length(max=20))
    categories = fields.List(fields.String(validate=validate.OneOf(CATEGORY_SLUGS)), load_default=list, validate=validate.Length(max=len(CATEGORY_SLUGS)))
    audiences = fields.List(fields.String(validate=validate.OneOf(AUDIENCES)), load_default=list, validate=validate.Length(max=len(AUDIENCES)))
    min_age = fields.Integer(allow_none=True, validate=validate.Range(0, 120))
    max_age = fields.Integer(allow_none=True, validate=validate.Range(0, 120))
    general = fields.Boolean(load_default=False)
    priority = fields.Integer(load_default=50, validate=validate.Range(0, 100))
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))
    needs_review = fields.Boolean(load_default=False)
    review_note = PlainText(500, allow_none=True)
    alert = LocalizedText(300)
    organisation = PlainText(200, allow_none=True)
    free = fields.Boolean(allow_none=True, load_default=None)
    anonymous = fields.Boolean(allow_none=True, load_default=None)
    confidential = fields.Boolean(allow_none=True, load_default=None)
    languages = fields.List(fields.String(validate=check_language), load_default=list, validate=validate.Length(max=60))
    language = fields.String(required=True, validate=check_language)
    hours = fields.Nested(HoursSchema, allow_none=True)
    contacts = fields.List(fields.Nested(ContactSchema), required=True, validate=validate.Length(max=20))
    texts = fields.Dict(keys=fields.String(validate=check_language), values=fields.Nested(TextSchema), required=True,
                          validate=validate.Length(1, TEXT_LANGUAGES))
    sources = fields.List(fields.String(validate=check_https, metadata={"pattern": HTTPS_DOCS_PATTERN}), required=True, validate=validate.Length(1, 20))
    verified_at = fields.Date(required=True)
    notes = PlainText(2000, allow_none=True)

    @validates_schema
    def _coherent(self, data, **kwargs):
        errors: dict = {}
        countries = data.get("countries", [])
        for index, code in enumerate(data.get("subdivisions", [])):
            if code[:2] not in countries:
                errors.setdefault("subdivisions", {})[index] = [f"{code} is not in one of the entry's countries."]
        if data.get("language") and data["language"] not in data.get("texts", {}):
            errors["texts"] = [f"Needs texts in the entry's own language ({data['language']})."]
        if data.get("min_age") is not None and data.get("max_age") is not None and data["min_age"] > data["max_age"]:
            errors["max_age"] = ["Must not be below min_age."]
        home = countries[0] if countries else None
        if home and "countries" not in errors:
            for index, contact in enumerate(data.get("contacts", [])):
                if contact["type"] in ("phone", "sms"):
                    try:
                        dialable_phone(contact["value"], home, contact.get("unlisted", False))
                    except InvalidPhone as exc:
                        errors.setdefault("contacts", {})[index] = {"value": [str(exc)]}
        if not data.get("contacts") and not data.get("needs_review") and data.get("status") != "retired":
            errors.setdefault("contacts", []).append("A published entry needs at least one contact.")
        if data.get("kind") != "emergency" and not data.get("categories"):
            errors.setdefault("categories", []).append("An entry other than an emergency number needs a category.")
        if errors:
            raise ValidationError(errors)

    @post_load
    def _normalize(self, data, **kwargs):
        for key in ("free", "anonymous", "confidential", "review_note", "organisation", "notes", "min_age", "max_age"):
            data.setdefault(key, None)
        return stamp_missing(data)


entry_schema = EntrySchema()


class GapSchema(Schema):
    """A screen rule that no service of a country can keep, as curators found it (resources/gaps.yaml)."""

    class Meta:
        unknown = RAISE

    country = fields.String(required=True, validate=validate.OneOf(COUNTRY_CODES))
    rule = fields.String(required=True, validate=validate.OneOf(GAP_RULES))
    audience = fields.String(load_default=None, validate=validate.OneOf(YOUNG),
                             metadata={"description": "The age band the gap is for; none means children and teens."})
    categories = fields.List(fields.String(validate=validate.OneOf(CATEGORY_SLUGS)), load_default=None,
                             metadata={"description": "The categories the gap is in; none means all."})
    reason = PlainText(500, required=True)


class GapListSchema(Schema):
    gaps = fields.List(fields.Nested(GapSchema), required=True)


gap_list_schema = GapListSchema()
