"""Entries as immutable value objects, built once from validated documents."""
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from .hours import OpeningHours
from .locales import canonical
from .phones import INTERNATIONAL, Phone, parse_phone

KINDS = ("listening_line", "victim_support", "emergency", "police", "gendarmerie", "reporting_platform")
GROUPS = {
    "emergency": ("emergency",),
    "listen": ("listening_line", "victim_support"),
    "report": ("police", "gendarmerie", "reporting_platform"),
}
GROUP_OF_KIND = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
AUDIENCES = ("children", "teens", "adults", "parents", "witnesses", "professionals")
CONTACT_TYPES = ("phone", "sms", "chat", "whatsapp", "app", "web", "email")
STATUSES = ("active", "temporarily_closed", "retired")
TEXT_FIELDS = ("name", "description", "call_to_action")


@dataclass(frozen=True)
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
        """Only tel:, sms: and https: links ever reach an app."""
        if self.type == "phone":
            return self.phone.tel_uri
        if self.type == "sms":
            return self.phone.sms_uri(self.body)
        if self.value.startswith("https://"):
            return self.value
        return None


@dataclass(frozen=True)
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
    texts: dict
    alert: dict
    contacts: tuple[Contact, ...]
    hours: OpeningHours | None
    sources: tuple[str, ...]
    verified_at: date
    version: int
    updated_at: datetime | None
    document: dict

    @classmethod
    def from_document(cls, doc: dict, version: int = 1, updated_at: datetime | None = None) -> "Entry":
        """`doc` has passed EntrySchema: build without validating again."""
        home = doc["countries"][0] if doc["countries"] else INTERNATIONAL
        contacts = tuple(
            Contact(
                type=item["type"],
                value=item["value"],
                phone=parse_phone(item["value"], home, item.get("unlisted", False))
                if item["type"] in ("phone", "sms") else None,
                body=item.get("body"),
                label=_by_language(item.get("label")),
                hours=OpeningHours.from_document(item["hours"]) if item.get("hours") else None,
            )
            for item in doc["contacts"]
        )
        return cls(
            id=doc["id"], kind=doc["kind"], countries=tuple(doc["countries"]),
            subdivisions=tuple(doc.get("subdivisions") or ()), categories=tuple(doc.get("categories") or ()),
            audiences=tuple(doc.get("audiences") or ()), min_age=doc.get("min_age"), max_age=doc.get("max_age"),
            general=bool(doc.get("general")), priority=doc.get("priority", 50), status=doc.get("status", "active"),
            needs_review=bool(doc.get("needs_review")), free=doc.get("free"), anonymous=doc.get("anonymous"),
            confidential=doc.get("confidential"), languages=tuple(doc.get("languages") or ()),
            language=canonical(doc["language"]), texts=_by_language(doc["texts"]), alert=_by_language(doc.get("alert")),
            contacts=contacts,
            hours=OpeningHours.from_document(doc["hours"]) if doc.get("hours") else None,
            sources=tuple(doc["sources"]), verified_at=_as_date(doc["verified_at"]), version=version,
            updated_at=updated_at, document=doc,
        )

    @property
    def group(self) -> str:
        return GROUP_OF_KIND[self.kind]

    @property
    def published(self) -> bool:
        """Shown in help answers: not retired and not waiting for review."""
        return self.status != "retired" and not self.needs_review

    @cached_property
    def international(self) -> bool:
        return INTERNATIONAL in self.countries

    def serves(self, audience: str | None) -> bool:
        """An entry with no audience listed is for everyone."""
        return audience is None or not self.audiences or audience in self.audiences

    def in_area(self, country: str, subdivision: str | None) -> bool:
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

    def text(self, chain: list[str]) -> tuple[str, dict, dict]:
        """The first language of `chain` that has a name; its texts, each field falling back on its own
        along the chain; and the language each text is in: (language, texts, languages)."""
        chosen = next((lang for lang in chain if self.texts.get(lang, {}).get("name")), self.language)
        texts, languages = {}, {}
        for field in TEXT_FIELDS:
            for lang in [chosen, *chain]:
                value = self.texts.get(lang, {}).get(field)
                if value:
                    texts[field], languages[field] = value, lang
                    break
        return chosen, texts, languages


def _by_language(texts: dict | None) -> dict:
    """Texts keyed by canonical locale ('pt-BR' and 'pt_BR' are both 'pt_BR'), as the fallback chains are."""
    return {canonical(lang): text for lang, text in (texts or {}).items()}


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))
