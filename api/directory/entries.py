"""Entries as immutable value objects, built once from validated documents."""
import json
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import quote

from .hours import DAYS, OpeningHours
from .locales import canonical
from .phones import INTERNATIONAL, Phone, parse_phone
from .texts import TEXT_FIELDS, outdated

KINDS = ("listening_line", "victim_support", "emergency", "police", "gendarmerie", "reporting_platform")
GROUPS = {
    "emergency": ("emergency",),
    "listen": ("listening_line", "victim_support"),
    "report": ("police", "gendarmerie", "reporting_platform"),
}
GROUP_OF_KIND = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
AUDIENCES = ("children", "teens", "adults", "parents", "witnesses", "professionals")
# The age bands, defined once: the ages (inclusive; None: no upper bound) an audience of that name covers.
# An entry reaches a band's screen only if it names the band (or no audience) and its min_age/max_age overlap it.
AGE_BANDS = {"children": (0, 12), "teens": (13, 17), "adults": (18, None)}
YOUNG = ("children", "teens")
# Audiences made only of grown-ups: an entry that names no other is restricted to adults.
ADULT_AUDIENCES = ("adults", "parents", "professionals")
CONTACT_TYPES = ("phone", "sms", "chat", "whatsapp", "app", "web", "email")
LINK_TYPES = ("chat", "whatsapp", "app", "web")  # an https:// link each
STATUSES = ("active", "temporarily_closed", "retired")


@dataclass(frozen=True, slots=True)
class Contact:
    type: str
    value: str
    phone: Phone | None
    body: str | None
    label: dict
    hours: OpeningHours | None

    @property
    def display(self) -> str:
        return self.phone.display if self.phone else self.value

    @property
    def uri(self) -> str | None:
        """Only tel:, sms:, https: and (for an e-mail address) mailto: links ever reach an app."""
        if self.type == "phone":
            return self.phone.tel_uri
        if self.type == "sms":
            return self.phone.sms_uri(self.body)
        if self.type == "email":
            return "mailto:" + quote(self.value, safe="@!$'*+,;=")
        if self.type in LINK_TYPES and self.value.startswith("https://"):
            return self.value
        return None


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: str
    countries: tuple[str, ...]
    subdivisions: tuple[str, ...]
    categories: tuple[str, ...]
    audiences: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    general: bool
    priority: int
    status: str
    needs_review: bool
    free: bool | None
    anonymous: bool | None
    confidential: bool | None
    languages: tuple[str, ...]
    language: str
    alert: dict
    contacts: tuple[Contact, ...]
    hours: OpeningHours | None
    sources: tuple[str, ...]
    verified_at: date
    version: int
    updated_at: datetime | None
    source: bytes = field(repr=False)  # the document, packed (_pack): an eighth of its size as a dict
    international: bool = False

    @property
    def document(self) -> dict:
        """The validated document this entry was built from (a fresh copy)."""
        return json.loads(_unpack(self.source))

    @property
    def texts(self) -> dict:
        """Name, description, call to action per language; read from the document when a body is rendered."""
        return _by_language(self.document["texts"])

    @classmethod
    def from_document(cls, doc: dict, version: int = 1, updated_at: datetime | None = None) -> "Entry":
        """`doc` has passed EntrySchema: build without validating again."""
        home = doc["countries"][0] if doc["countries"] else INTERNATIONAL
        contacts = tuple(
            Contact(
                type=_word(item["type"]),
                value=item["value"],
                phone=_phone(item["value"], home, item.get("unlisted", False))
                if item["type"] in ("phone", "sms") else None,
                body=item.get("body"),
                label=_by_language(item.get("label")) or _NO_TEXT,
                hours=_hours(item["hours"]) if item.get("hours") else None,
            )
            for item in doc["contacts"]
        )
        countries = _words(doc["countries"])
        return cls(
            id=doc["id"], kind=_word(doc["kind"]), countries=countries,
            subdivisions=_words(doc.get("subdivisions")), categories=_words(doc.get("categories")),
            audiences=_words(doc.get("audiences")), min_age=doc.get("min_age"), max_age=doc.get("max_age"),
            general=bool(doc.get("general")), priority=doc.get("priority", 50), status=_word(doc.get("status", "active")),
            needs_review=bool(doc.get("needs_review")), free=doc.get("free"), anonymous=doc.get("anonymous"),
            confidential=doc.get("confidential"), languages=_words(doc.get("languages")),
            language=_word(canonical(doc["language"])), alert=_by_language(doc.get("alert")) or _NO_TEXT,
            contacts=contacts,
            hours=_hours(doc["hours"]) if doc.get("hours") else None,
            sources=tuple(doc["sources"]), verified_at=_as_date(doc["verified_at"]), version=version,
            updated_at=updated_at, source=_pack(doc), international=INTERNATIONAL in countries,
        )

    @property
    def group(self) -> str:
        return GROUP_OF_KIND[self.kind]

    @property
    def published(self) -> bool:
        """Shown in help answers: not retired and not waiting for review."""
        return self.status != "retired" and not self.needs_review

    def serves(self, audience: str | None) -> bool:
        """Whether the entry belongs on a screen for `audience` (None: a screen for anyone).

        It names the audience, or none (then it is for everyone); for an age band (AGE_BANDS) its own
        min_age and max_age must overlap the band too: an 18+ service never reaches a teen's screen.
        """
        if audience is None:
            return True
        if self.audiences and audience not in self.audiences:
            return False
        band = AGE_BANDS.get(audience)
        return band is None or self.takes_ages(*band)

    def takes_ages(self, youngest: int, oldest: int | None) -> bool:
        """Whether someone aged between `youngest` and `oldest` (None: any age above) may use the service."""
        return ((self.max_age is None or self.max_age >= youngest)
                and (oldest is None or self.min_age is None or self.min_age <= oldest))

    @property
    def adults_only(self) -> bool:
        """Restricted to adults: from 18, or for grown-ups only (adults, parents, professionals).

        Such an entry never reaches a child's or a teen's screen; on a screen for anyone it says so.
        """
        adult_age = AGE_BANDS["adults"][0]
        return ((self.min_age or 0) >= adult_age
                or bool(self.audiences) and all(audience in ADULT_AUDIENCES for audience in self.audiences))

    @property
    def child_helpline(self) -> bool:
        """The country's child helpline: a general listening line that names children (119, Childline, 147...).

        It joins every child's and teen's screen of its country that it serves, whatever the category.
        """
        return self.general and self.group == "listen" and "children" in self.audiences

    def in_area(self, country: str, subdivision: str | None) -> bool:
        """National entries (no subdivisions) show everywhere in their countries; regional ones only
        when the query names one of their subdivisions."""
        if country not in self.countries and not self.international:
            return False
        return not self.subdivisions or subdivision in self.subdivisions

    def is_open(self, at: datetime) -> bool | None:
        """Open by its own hours; without them, open when one of its channels is; None if unknown."""
        if self.hours:
            return self.hours.is_open(at)
        known = [contact.hours.is_open(at) for contact in self.contacts if contact.hours]
        return any(known) if known else None

    def stale(self, today: date, max_age_days: int) -> bool:
        return (today - self.verified_at).days > max_age_days

    def text(self, chain: list[str], document: dict | None = None) -> tuple[str, dict, dict]:
        """The first language of `chain` that has a current name; its texts, each field falling back on its
        own along the chain (an outdated translation counts as missing); and the language each text is in.

        `document`: this entry's document, when the caller has decoded it already."""
        document = document or self.document
        available = _by_language(document["texts"])
        late = _by_language(outdated(document))

        def current(lang: str, field: str) -> str | None:
            return None if field in late.get(lang, ()) else available.get(lang, {}).get(field)

        chosen = next((lang for lang in chain if current(lang, "name")), self.language)
        texts, languages = {}, {}
        for field in TEXT_FIELDS:
            for lang in [chosen, *chain]:
                value = current(lang, field)
                if value:
                    texts[field], languages[field] = value, lang
                    break
        return chosen, texts, languages


def _by_language(texts: dict | None) -> dict:
    """Texts keyed by canonical locale ('pt-BR' and 'pt_BR' are both 'pt_BR'), as the fallback chains are."""
    return {canonical(lang): text for lang, text in (texts or {}).items()}


# A large directory repeats the same words, numbers and opening hours: share one object for each.
_NO_TEXT: dict = {}
_phone = lru_cache(maxsize=65_536)(parse_phone)


def _word(value: str) -> str:
    return sys.intern(value)


def _words(values) -> tuple[str, ...]:
    return tuple(sys.intern(value) for value in values) if values else ()


def _hours(document: dict) -> OpeningHours:
    return _hours_of(json.dumps(document, sort_keys=True, default=str))


@lru_cache(maxsize=16_384)
def _hours_of(key: str) -> OpeningHours:
    return OpeningHours.from_document(json.loads(key))


# A document is kept as compact JSON deflated against a dictionary of the words every document repeats
# (its keys and vocabularies): 45 % of the JSON's size, where deflate alone gives 55 % and costs four times
# as long. A small window keeps each compressor cheap to set up (~15 us a document); the directory decodes
# a document only to render a body.
_KEYS = ("id", "kind", "countries", "subdivisions", "categories", "audiences", "min_age", "max_age", "general",
         "priority", "status", "needs_review", "review_note", "free", "anonymous", "confidential", "languages",
         "language", "alert", "organisation", "notes", "hours", "timezone", "always_open", "weekly", "exceptions",
         "date", "closed", "days", "opens", "closes", "contacts", "type", "value", "unlisted", "label", "body",
         "texts", *TEXT_FIELDS, "translated_from", "sources", "verified_at")
_WORDS = (*KINDS, *AUDIENCES, *CONTACT_TYPES, *STATUSES, *DAYS)
_DICTIONARY = (json.dumps(_WORDS, separators=(",", ":")) + "".join(f'"{key}":' for key in _KEYS)
               + '"https://","verified_at":"20').encode()
_WINDOW_BITS, _MEMORY_LEVEL = 12, 4


def _pack(document: dict) -> bytes:
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    packer = zlib.compressobj(6, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL, zdict=_DICTIONARY)
    return packer.compress(data) + packer.flush()


def _unpack(source: bytes) -> bytes:
    return zlib.decompressobj(_WINDOW_BITS, zdict=_DICTIONARY).decompress(source)


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))
