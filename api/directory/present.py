"""Turns entries and selections into the JSON documents apps receive, in one locale at one moment."""
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_time

from ..i18n import N_
from .entries import Entry
from .locales import direction, text_chain
from .selection import HelpQuery, Selection
from .taxonomy import CATEGORIES

CHANNEL_LABELS = {
    "phone": N_("Call"),
    "sms": N_("Send a text"),
    "chat": N_("Chat"),
    "whatsapp": N_("WhatsApp"),
    "app": N_("Open the app"),
    "web": N_("Open the website"),
    "email": N_("Send an e-mail"),
}
KIND_LABELS = {
    "listening_line": N_("Listening line"),
    "victim_support": N_("Victim support"),
    "emergency": N_("Emergency number"),
    "police": N_("Police"),
    "gendarmerie": N_("Gendarmerie"),
    "reporting_platform": N_("Reporting platform"),
}
AUDIENCE_LABELS = {
    "children": N_("Children"),
    "teens": N_("Teenagers"),
    "adults": N_("Adults"),
    "parents": N_("Parents"),
    "witnesses": N_("Witnesses"),
    "professionals": N_("Professionals"),
}
COVERAGE_NOTICES = {
    "full": None,
    "partial": N_("We have no service for this kind of problem in this country yet: "
                  "here are the general helplines and emergency numbers."),
    "none": N_("We do not list local services for this country yet. If you are in danger, "
               "call the local emergency number. These international services can help."),
}
OPEN_ALL_WEEK = N_("Open 24/7")
OPEN_NOW = N_("Open now")
CLOSED_OPENS_AT = N_("Closed, opens at %(time)s")
CLOSED = N_("Closed")
CATEGORY_BY_SLUG = {category.slug: category for category in CATEGORIES}


class Presenter:
    """Everything rendered for one locale: `translations` is the gettext catalog of that locale."""

    def __init__(self, locale: str, translations):
        self.locale = locale
        self._ = translations.gettext

    def category(self, slug: str) -> dict:
        category = CATEGORY_BY_SLUG[slug]
        return {"slug": slug, "name": self._(category.name), "description": self._(category.description)}

    def hours(self, hours, at: datetime | None) -> dict | None:
        """The hours' state at `at`; None without a moment (bundles carry the rules instead)."""
        if hours is None or at is None:
            return None
        open_now = hours.is_open(at)
        change = hours.next_change(at)
        if hours.always_open:
            state = self._(OPEN_ALL_WEEK)
        elif open_now:
            state = self._(OPEN_NOW)
        elif change:
            local = change.astimezone(ZoneInfo(hours.timezone))
            state = self._(CLOSED_OPENS_AT) % {"time": format_time(local, "short", locale=self.locale)}
        else:
            state = self._(CLOSED)
        return {
            "text": hours.describe(self.locale, self._(OPEN_ALL_WEEK)),
            "timezone": hours.timezone,
            "always_open": hours.always_open,
            "open_now": open_now,
            "state": state,
            "next_change": change.isoformat().replace("+00:00", "Z") if change else None,
        }

    def entry(self, entry: Entry, at: datetime | None) -> dict:
        chain = text_chain(self.locale, entry.language)
        lang, texts = entry.text(chain)
        alert = next((entry.alert[code] for code in chain if code in entry.alert), None)
        return {
            "id": entry.id,
            "kind": entry.kind,
            "kind_label": self._(KIND_LABELS[entry.kind]),
            "name": texts["name"],
            "description": texts.get("description"),
            "call_to_action": texts.get("call_to_action"),
            "lang": lang.replace("_", "-"),
            "dir": direction(lang),
            "contacts": [self.contact(contact, chain, at) for contact in entry.contacts],
            "hours": self.hours(entry.hours, at),
            "free": entry.free,
            "anonymous": entry.anonymous,
            "confidential": entry.confidential,
            "languages": list(entry.languages),
            "audiences": list(entry.audiences),
            "min_age": entry.min_age,
            "max_age": entry.max_age,
            "status": entry.status,
            "alert": alert,
            "verified_at": entry.verified_at,
        }

    def contact(self, contact, chain: list[str], at: datetime | None) -> dict:
        label = next((contact.label[code] for code in chain if code in contact.label), None)
        return {
            "type": contact.type,
            "value": contact.phone.dialled if contact.phone else contact.value,
            "display": contact.display,
            "uri": contact.uri,
            "label": label or self._(CHANNEL_LABELS[contact.type]),
            "hours": self.hours(contact.hours, at),
        }

    def answer(self, query: HelpQuery, selection: Selection, at: datetime, version: int) -> dict:
        def group(entries):
            rendered = [(entry, self.entry(entry, at)) for entry in entries]
            rendered.sort(key=lambda pair: (
                pair[0].status != "active", -pair[0].priority,
                pair[1]["hours"] is None or not pair[1]["hours"]["open_now"], pair[1]["name"].casefold(),
            ))
            return [document for _, document in rendered[: query.limit]]

        notice = COVERAGE_NOTICES[selection.coverage]
        return {
            "country": query.country,
            "country_name": country_name(query.country, self.locale),
            "subdivision": query.subdivision,
            "category": self.category(query.category),
            "audience": query.audience,
            "locale": self.locale.replace("_", "-"),
            "dir": direction(self.locale),
            "coverage": selection.coverage,
            "notice": self._(notice) if notice else None,
            "emergency": group(selection.emergency),
            "listen": group(selection.listen),
            "report": group(selection.report),
            "version": version,
        }


def valid_until(selection: Selection, at: datetime) -> datetime | None:
    """The first moment an answer's open-now facts change: its cached body is good until then."""
    changes = [
        change
        for entry in (*selection.emergency, *selection.listen, *selection.report)
        for hours in (entry.hours, *(c.hours for c in entry.contacts))
        if hours is not None and (change := hours.next_change(at)) is not None
    ]
    return min(changes, default=None)


@lru_cache(maxsize=4096)
def country_name(code: str, locale: str) -> str:
    """The CLDR name of a country in a locale."""
    return Locale.parse(locale).territories.get(code, code)
