"""Phone numbers and links that free text mentions: what a reviewer sees before a child reads it, and
what a field report does not keep.

Apps pass text through data detectors, so a number or a domain in a name or an alert is something a
child taps. Text is read here at least as eagerly: phonenumbers' matcher for the entry's countries,
every run of three digits or more (the matcher finds no short number such as 3018 or 116 006), the
two-digit short numbers of those countries (17, 15), links with a scheme, and bare domains (3018.fr).
Look-alike letters written inside a number (O6 I2 34 56 78) count as the digits they imitate.
Numbers spelled out in words ("zero six douze...") are not recognised.
"""
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import shortnumberinfo

from .phones import INTERNATIONAL

# Between two groups of a number: a blank (also non-breaking), a dot, a hyphen or dash, a bracket.
_GAP = "[ \u00a0\u202f.\\-\u2010\u2011\u2012\u2013()]"
_RUN = re.compile(rf"\+?\d(?:{_GAP}{{0,2}}\d)*")
# O, o, I and l standing for 0 and 1 in a token that also holds a digit, and touching no other letter.
_LOOK_ALIKE_TOKEN = re.compile(r"(?<![^\W\d_])[\dOoIl]+(?![^\W\d_])")
_LOOK_ALIKES = str.maketrans("OoIl", "0011")
_DOTS = "[.\uff0e\u3002\uff61]"
# A link with a scheme (https://..., tel:..., javascript:...), or one that starts with www.
_SCHEMED = re.compile(
    r"(?i)(?<![\w.+-])(?:[a-z][a-z0-9+.-]{1,30}://|(?:tel|sms|mailto|callto|facetime|skype|sip|whatsapp|viber|tg|"
    rf"intent|javascript|data|file):|www{_DOTS})[^\s<>\"']+")
# A bare domain: labels, then a top-level domain of letters (3018.fr, e-enfance.org, аpple.com).
_DOMAIN = re.compile(rf"(?<![\w.-])(?:[\w-]+{_DOTS})+[^\W\d_]{{2,}}(?![\w-])")


@dataclass(frozen=True)
class Mention:
    kind: str  # "phone" or "link"
    start: int
    end: int
    key: str  # a phone's digits; a link's host in lower case ("" when it names none)


def digits(text: str) -> str:
    """The ASCII digits of a text, whatever script or width they are written in."""
    return "".join(str(unicodedata.decimal(char)) for char in text if unicodedata.category(char) == "Nd")


def readable_digits(text: str) -> str:
    """The text with look-alike letters inside numbers read as digits; same length, same positions."""
    return _LOOK_ALIKE_TOKEN.sub(
        lambda m: m.group().translate(_LOOK_ALIKES) if any(c.isdigit() for c in m.group()) else m.group(), text)


def _regions(countries) -> list[str | None]:
    regions = [code for code in countries if code and code != INTERNATIONAL]
    return regions or [None]


def phone_mentions(text: str, countries=(), min_digits: int = 3, short: bool = True) -> list[Mention]:
    """Numbers in a text: the matcher's for each country, runs of `min_digits` digits or more, and
    (with `short`) the two-digit short numbers of those countries."""
    readable = readable_digits(text)
    found = []
    for region in _regions(countries):
        for match in phonenumbers.PhoneNumberMatcher(readable, region):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.append(Mention("phone", match.start, match.end, e164.lstrip("+")))
    for run in _RUN.finditer(readable):
        number = digits(run.group())
        if len(number) >= min_digits or short and len(number) == 2 and _short_number(number, countries):
            found.append(Mention("phone", run.start(), run.end(), number))
    return found


def _short_number(number: str, countries) -> bool:
    for region in _regions(countries):
        if region is None:
            continue
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if shortnumberinfo.is_valid_short_number_for_region(parsed, region):
            return True
    return False


def link_mentions(text: str) -> list[Mention]:
    """Links with a scheme or www., and bare domains."""
    found = [Mention("link", m.start(), m.end(), host_of(m.group())) for m in _SCHEMED.finditer(text)]
    found += [Mention("link", m.start(), m.end(), _dotted(m.group())) for m in _DOMAIN.finditer(text)]
    return found


def _dotted(text: str) -> str:
    return re.sub(_DOTS, ".", text).lower().removeprefix("www.")


def host_of(link: str) -> str:
    """The host a link names, in lower case without www.; "" for tel:, javascript: and the like."""
    if "://" in link:
        try:
            return _dotted(urlsplit(link).hostname or "")
        except ValueError:
            return ""
    if link[:3].lower() == "www":
        return _dotted(re.split(r"[/?#:]", link, maxsplit=1)[0])
    return ""


def unknown_mentions(text: str, countries, numbers: frozenset[str], hosts: frozenset[str]) -> list[Mention]:
    """The numbers and links of a text that are not among `numbers` (digit forms) and `hosts` (and their subdomains)."""
    unknown = []
    for mention in phone_mentions(text, countries):
        if not {mention.key, mention.key.removeprefix("00")} & numbers:
            unknown.append(mention)
    for mention in link_mentions(text):
        if not mention.key or not any(mention.key == host or mention.key.endswith("." + host) for host in hosts):
            unknown.append(mention)
    return unknown
