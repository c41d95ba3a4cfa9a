"""Phone numbers through phonenumbers: short numbers included, display forms and URIs.

Every number is shown the way a reader dials it from where the help screen is for, written by
phonenumbers (never by hand): a number of the country in its national form with the trunk
prefix ("01 80 52 33 76"), and the leading 1 in North America ("1 (800) 668-6868"); a number the
directory writes with its +prefix is one to dial from abroad, and shows that way ("+33 1 80 52 33 76").
"""
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import phonenumbers
from phonenumbers import PhoneMetadata, shortnumberinfo

INTERNATIONAL = "INTL"
UNIVERSAL_EMERGENCY = ("112", "911")  # what GSM phones treat as emergency calls wherever they are


class InvalidPhone(ValueError):
    """A number that is not valid for its country."""


@dataclass(frozen=True)
class Phone:
    """A number as dialled in its country, with what an app needs to show and dial it."""

    dialled: str
    display: str
    e164: str | None
    short: bool

    @property
    def tel_uri(self) -> str:
        return "tel:" + (self.e164 or self.dialled)

    def sms_uri(self, body: str | None = None) -> str:
        target = self.e164 or self.dialled
        return f"sms:{target}" + (f"?body={quote(body)}" if body else "")


def parse_phone(value: str, country: str, unlisted: bool = False) -> Phone:
    """Parse a number for a country; short numbers (3018, 116 006, 988) keep their dialled form.

    `unlisted` admits a short number that phonenumbers calls possible but not yet valid
    (its metadata can lag behind a newly assigned number such as Germany's 116 016).
    """
    if country == INTERNATIONAL or not country:
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException as exc:
            raise InvalidPhone(f"{value!r} needs an international +prefix") from exc
        if not phonenumbers.is_valid_number(number):
            raise InvalidPhone(f"{value!r} is not a valid international number")
        return _full(number)
    try:
        number = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"{value!r} is not a phone number for {country}") from exc
    if phonenumbers.is_valid_number_for_region(number, country):
        return _full(number, None if value.lstrip().startswith("+") else country)
    digits = phonenumbers.national_significant_number(number)
    if shortnumberinfo.is_valid_short_number_for_region(number, country) or (
        unlisted and shortnumberinfo.is_possible_short_number_for_region(number, country)
    ):
        return Phone(dialled=digits, display=_short_display(number, country), e164=None, short=True)
    raise InvalidPhone(f"{value!r} is not a valid number for {country}")


# What a call costs the caller, by phonenumbers' number types: a help line is never one of these.
COSTLY = {phonenumbers.PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
          phonenumbers.PhoneNumberType.SHARED_COST: "a shared-cost number"}


def dialable_phone(value: str, country: str, unlisted: bool = False) -> Phone:
    """parse_phone, and what a child's phone dials from the link alone: no extension, nothing that costs extra.

    An extension (3018;ext=123, 3018,,123) is refused rather than dialled: tel: links carry ;ext= but
    dialers differ on it, and a child cannot be asked to key one in. Short numbers are not judged by
    cost: phonenumbers' short-number tariffs are out of date (it calls the free 3919 premium).
    """
    phone = parse_phone(value, country, unlisted)
    number = phonenumbers.parse(value, None if country in (INTERNATIONAL, None, "") else country)
    if number.extension:
        raise InvalidPhone(f"{value!r} has an extension: give a number that reaches the service directly")
    if not phone.short and (cost := COSTLY.get(phonenumbers.number_type(number))):
        raise InvalidPhone(f"{value!r} is {cost}: a help line must not cost the caller extra")
    return phone


def digit_forms(phone: Phone) -> frozenset[str]:
    """The digits a text may write this number with: as dialled, in E.164, without the trunk prefix."""
    forms = {phone.dialled, phone.dialled.lstrip("0")}
    if phone.e164:
        forms.add(phone.e164.lstrip("+"))
    return frozenset(form for form in forms if form)


def _full(number, country: str | None = None) -> Phone:
    """A full number as dialled within `country`; without one, as dialled from abroad (+prefix)."""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if country is None:
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return Phone(dialled=e164, display=display, e164=e164, short=False)
    dialled = phonenumbers.format_number_for_mobile_dialing(number, country, with_formatting=False)
    # from the number's own country: national form with its trunk prefix, "1 " before a North American number
    display = phonenumbers.format_out_of_country_calling_number(number, country)
    return Phone(dialled=dialled or e164, display=display, e164=e164, short=False)


def _short_display(number, country: str) -> str:
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return formatted or phonenumbers.national_significant_number(number)


@lru_cache(maxsize=512)
def emergency_number(country: str) -> Phone | None:
    """The emergency number phonenumbers' metadata gives for a country, for where the directory lists none.

    112 or 911 where the metadata says they reach the emergency services there (mobile phones route
    both), otherwise the metadata's own example of an emergency number; None where it knows none.
    """
    metadata = PhoneMetadata.short_metadata_for_region(country)
    known = metadata.emergency if metadata is not None else None
    if known is None:
        return None
    for candidate in (*UNIVERSAL_EMERGENCY, known.example_number):
        if candidate and shortnumberinfo.is_emergency_number(candidate, country):
            number = phonenumbers.parse(candidate, country)
            return Phone(dialled=candidate, display=_short_display(number, country), e164=None, short=True)
    return None
