"""Turns entries and selections into the JSON documents apps receive, in one locale at one moment."""
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_decimal

from ..i18n import N_, Nn_
from .entries import Entry
from .locales import bcp47, direction, fallbacks, text_chain
from .phones import emergency_number
from .selection import HelpQuery, Selection
from .texts import isolate_numbers
from .taxonomy import CATEGORIES

CHANNEL_LABELS = {
    "phone": N_("Call"),
    "sms": N_("Send a text"),
    "chat": N_("Chat"),
    "whatsapp": N_("Message on WhatsApp"),
    "app": N_("Open the app"),
    "web": N_("Open the website"),
    "email": N_("Send an e-mail"),
}
# Words a ten-year-old knows: what the service does for them, not what the sector calls it.
KIND_LABELS = {
    "listening_line": N_("Listening line"),
    "victim_support": N_("Help and advice"),
    "emergency": N_("Emergency number"),
    "police": N_("Police"),
    # Translators: France's gendarmerie, explained: it is a police force.
    "gendarmerie": N_("Gendarmerie (police)"),
    "reporting_platform": N_("Report online"),
}
AUDIENCE_LABELS = {
    "children": N_("Children"),
    "teens": N_("Teenagers"),
    "adults": N_("Adults"),
    "parents": N_("Parents"),
    "witnesses": N_("Witnesses"),
    "professionals": N_("Professionals"),
}
# What a screen says when the directory knows little; each is only said when it is true of the screen.
COVERAGE_NOTICES = {
    "full": None,
    # some services are listed, none made for this problem
    "partial": N_("We have no service for this kind of problem in this country yet: "
                  "here are the general helplines and emergency numbers."),
    # services that work from any country are listed
    "none": N_("We do not list local services for this country yet. If you are in danger, "
               "call the local emergency number. These international services can help."),
    # a country whose emergency numbers (and perhaps a general helpline) are all the directory knows
    "basic": N_("So far we only know this country's emergency numbers and general helplines. "
                "If you are in danger, call an emergency number."),
    # nothing is listed but emergency numbers
    "nothing": N_("We don't know a service for this in this country yet. "
                  "If you are in danger, call an emergency number."),
}
# Shown with a service restricted to adults, on a screen sent without an audience (docs/screens.md).
ADULTS_ONLY = N_("Adults only")
# Translators: the ages a service takes, e.g. "Ages 12 to 25".
AGES_BETWEEN = N_("Ages %(min)s to %(max)s")
AGES_FROM = N_("Ages %(min)s and over")
AGES_UP_TO = N_("Up to age %(max)s")
OPEN_ALL_WEEK = N_("Open 24/7")
# Translators: comes before the hours of a service open all week, e.g. "Every day 09:00 – 23:00".
EVERY_DAY = N_("Every day")
OPEN_NOW = N_("Open now")
# Translators: %(time)s is a time later today, e.g. "09:00" or "9:00 AM".
CLOSED_OPENS_AT = N_("Closed, opens at %(time)s")
CLOSED_OPENS_TOMORROW = N_("Closed, opens tomorrow at %(time)s")
# Translators: %(day)s is a weekday name from CLDR ("Monday", "lundi", "poniedziałek").
CLOSED_OPENS_ON = N_("Closed, opens %(day)s at %(time)s")
CLOSED = N_("Closed")
# Translators: %(languages)s is a list of language names, e.g. "French and English".
LANGUAGES_COUNT = Nn_("%(count)s language: %(languages)s", "%(count)s languages: %(languages)s")
# Translators: how many help services a country has, in the list of countries.
SERVICES_COUNT = Nn_("%(count)s service", "%(count)s services")
CATEGORY_BY_SLUG = {category.slug: category for category in CATEGORIES}


class Presenter:
    """Everything rendered for one locale: `translations` is the gettext catalog of that locale."""

    def __init__(self, locale: str, translations):
        self.locale = locale
        self.cldr = Locale.parse(locale)
        self._ = translations.gettext
        self.ngettext = translations.ngettext
        self._language_names: dict[str, str] = {}  # each language named once per answer, not once per entry

    def count(self, phrase: tuple[str, str], n: int, **values) -> str:
        """A counted phrase in the locale's plural form, its number written the CLDR way."""
        return self.ngettext(*phrase, n) % {"count": format_decimal(n, locale=self.cldr), **values}

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
            state = self.reopening(change, at, ZoneInfo(hours.timezone))
        else:
            state = self._(CLOSED)
        return {
            "text": hours.describe(self.locale, self._(OPEN_ALL_WEEK), self._(EVERY_DAY)),
            "timezone": hours.timezone,
            "always_open": hours.always_open,
            "open_now": open_now,
            "state": state,
            "next_change": rfc3339(change) if change else None,
        }

    def reopening(self, change: datetime, at: datetime, zone: ZoneInfo) -> str:
        """"Closed, opens at 09:00", "...tomorrow at 09:00" or "...Monday at 09:00", in the service's time zone."""
        opens = change.astimezone(zone)
        days = (opens.date() - at.astimezone(zone).date()).days
        time = format_time(opens, "short", locale=self.cldr)
        if days == 0:
            return self._(CLOSED_OPENS_AT) % {"time": time}
        if days == 1:
            return self._(CLOSED_OPENS_TOMORROW) % {"time": time}
        day = get_day_names("wide", context="format", locale=self.cldr)[opens.weekday()]
        return self._(CLOSED_OPENS_ON) % {"day": day, "time": time}

    def services(self, count: int) -> str:
        """How many services a country has, as a phrase: "12 services", "1 service"."""
        return self.count(SERVICES_COUNT, count)

    def languages(self, codes: tuple[str, ...]) -> dict:
        """The languages a service answers in, named by CLDR in the locale, and counted in a phrase."""
        names = [self.language_name(code) for code in codes]
        text = self.count(LANGUAGES_COUNT, len(names), languages=format_list(names, locale=self.cldr)) if names else None
        return {"language_names": names, "languages_text": text}

    def language_name(self, code: str) -> str:
        name = self._language_names.get(code)
        if name is None:
            name = self._language_names[code] = language_name(code, self.cldr)
        return name

    def ages(self, entry: Entry) -> str | None:
        """The ages a service takes, in words ("Ages 12 to 25"); None when it sets no bound."""
        low, high = (None if age is None else format_decimal(age, locale=self.cldr) for age in (entry.min_age, entry.max_age))
        if low is not None and high is not None:
            return self._(AGES_BETWEEN) % {"min": low, "max": high}
        if low is not None:
            return self._(AGES_FROM) % {"min": low}
        return self._(AGES_UP_TO) % {"max": high} if high is not None else None

    def entry(self, entry: Entry, at: datetime | None, document: dict | None = None) -> dict:
        """`document`: the entry's document, when the caller has decoded it already."""
        chain = text_chain(self.locale, entry.language)
        lang, texts, text_langs = entry.text(chain, document)
        texts = {field: isolate_numbers(text) if direction(text_langs[field]) == "rtl" else text
                 for field, text in texts.items()}
        alert = next((entry.alert[code] for code in chain if code in entry.alert), None)
        return {
            "id": entry.id,
            "kind": entry.kind,
            "kind_label": self._(KIND_LABELS[entry.kind]),
            "name": texts["name"],
            "description": texts.get("description"),
            "call_to_action": texts.get("call_to_action"),
            "lang": bcp47(lang),
            "dir": direction(lang),
            "text_langs": {field: bcp47(code) for field, code in text_langs.items()},
            "contacts": [self.contact(contact, at) for contact in entry.contacts],
            "hours": self.hours(entry.hours, at),
            "free": entry.free,
            "anonymous": entry.anonymous,
            "confidential": entry.confidential,
            "languages": list(entry.languages),
            **self.languages(entry.languages),
            "audiences": list(entry.audiences),
            "audience_labels": [self._(AUDIENCE_LABELS[audience]) for audience in entry.audiences],
            "min_age": entry.min_age,
            "max_age": entry.max_age,
            "ages": self.ages(entry),
            "adults_only": entry.adults_only,
            "status": entry.status,
            "alert": alert,
            "verified_at": entry.verified_at,
        }

    def contact(self, contact, at: datetime | None) -> dict:
        # an entry's own label only in the user's language: otherwise the channel's translated name
        label = next((contact.label[code] for code in fallbacks(self.locale) if code in contact.label), None)
        return {
            "type": contact.type,
            "value": contact.phone.dialled if contact.phone else contact.value,
            "display": contact.display,
            "uri": contact.uri,
            "label": label or self._(CHANNEL_LABELS[contact.type]),
            "hours": self.hours(contact.hours, at),
        }

    def help_document(self, query: HelpQuery, selection: Selection, at: datetime, version: int) -> tuple[dict, datetime]:
        """The answer, and until when its open-now facts hold (the next change among the services it shows)."""
        shown: list[Entry] = []

        def group(entries):
            rendered = [(entry, self.entry(entry, at)) for entry in entries]
            rendered.sort(key=lambda pair: (
                pair[0].status != "active", -pair[0].priority,
                not pair[0].is_open(at), pair[1]["name"].casefold(),
            ))
            kept = rendered[: query.limit]
            shown.extend(entry for entry, _ in kept)
            return [document for _, document in kept]

        listen, emergency, report = group(selection.listen), group(selection.emergency), group(selection.report)
        fallback = [] if emergency else self.emergency_numbers(query.country)
        notice = coverage_notice(selection.coverage, bool(listen or report))
        document = {
            "country": query.country,
            "country_name": country_name(query.country, self.locale),
            "subdivision": query.subdivision,
            "category": self.category(query.category),
            "audience": query.audience,
            "locale": bcp47(self.locale),
            "dir": direction(self.locale),
            "coverage": selection.coverage,
            "notice": self._(notice) if notice else None,
            "primary": primary(listen, emergency, fallback),
            "listen": listen,
            "emergency": emergency,
            "emergency_numbers": fallback,
            "report": report,
            "directory_version": version,
            "version": version,
        }
        return document, valid_until(shown, at)

    def emergency_numbers(self, country: str) -> list[dict]:
        """Where the directory lists no emergency service: the country's emergency number from phonenumbers."""
        phone = emergency_number(country)
        if phone is None:
            return []
        return [{"type": "phone", "value": phone.dialled, "display": phone.display, "uri": phone.tel_uri,
                 "label": self._(CHANNEL_LABELS["phone"]), "hours": None}]


def rfc3339(moment: datetime) -> str:
    """An instant as RFC 3339 in UTC, to the second: 2026-11-30T22:00:00Z."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def coverage_notice(coverage: str, listed: bool) -> str | None:
    """The notice of a screen, true of what it lists: no promise of services that are not there."""
    if coverage == "full":
        return None
    return COVERAGE_NOTICES[coverage] if listed else COVERAGE_NOTICES["nothing"]


def primary(listen: list[dict], emergency: list[dict], fallback: list[dict]) -> dict | None:
    """The one contact of a "one number" screen: the first listening line's best contact; without one,
    the first emergency number (from the directory, else from phonenumbers); None when nothing is known."""
    for group, entries in (("listen", listen), ("emergency", emergency)):
        for entry in entries:
            if (contact := best_contact(entry["contacts"], entry["hours"])) is not None:
                return {"group": group, "id": entry["id"], "name": entry["name"], "lang": entry["lang"],
                        "dir": entry["dir"], "contact": contact}
    if fallback:
        return {"group": "emergency", "id": None, "name": None, "lang": None, "dir": None, "contact": fallback[0]}
    return None


def best_contact(contacts: list[dict], hours: dict | None) -> dict | None:
    """The first contact (entries list the most useful first) that a tap reaches and that is not closed now;
    the first that a tap reaches when all are closed."""
    reachable = [contact for contact in contacts if contact["uri"]]
    for contact in reachable:
        said = contact["hours"] or hours
        if said is None or said["open_now"]:
            return contact
    return reachable[0] if reachable else None


def valid_until(entries: Iterable[Entry], at: datetime) -> datetime:
    """The first moment an answer's open-now facts change, within the hour: its body holds until then.

    `entries` are the services the answer shows. The hour bounds what a week-long look-ahead cannot
    see (a dated closure further away).
    """
    changes = [at + timedelta(hours=1), *(
        change
        for entry in entries
        for hours in (entry.hours, *(c.hours for c in entry.contacts))
        if hours is not None and (change := hours.next_change(at)) is not None
    )]
    return min(changes)


@lru_cache(maxsize=4096)
def country_name(code: str, locale: str) -> str:
    """The CLDR name of a country in a locale."""
    return Locale.parse(locale).territories.get(code, code)


def language_name(code: str, locale: Locale) -> str:
    """The CLDR name of a language in a locale: 'ar' in French is 'arabe', 'pt-BR' is 'portugais (Brésil)'."""
    try:
        language = Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    # a bare language code names the language only (Babel would add the likely region to 'tl')
    named = language.get_display_name(locale) if "-" in code or "_" in code else language.get_language_name(locale)
    return named or code
