"""Locale negotiation (lang, then Accept-Language, then the default) and text fallback chains."""
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

DEFAULT_LOCALE = "en"
RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"}


def normalize(tag: str | None) -> str | None:
    """'fr-ca' -> 'fr_CA', 'zh-hant-tw' -> 'zh_Hant_TW'; None for anything Babel cannot parse."""
    if not tag or tag == "*" or len(tag) > 35:
        return None
    try:
        return str(Locale.parse(tag.strip().replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def fallbacks(tag: str) -> list[str]:
    """A locale and its parents, most specific first: zh_Hant_TW, zh_Hant, zh."""
    parts = tag.split("_")
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


def preferences(lang: str | None, accept_language: str | None) -> list[str]:
    """Requested locales in order: the `lang` parameter first, then Accept-Language by q-value."""
    wanted = [lang] if lang else []
    if accept_language:
        accepted = parse_accept_header(accept_language[:1024], LanguageAccept)
        wanted.extend(value for value, quality in accepted if quality > 0)
    return [tag for tag in map(normalize, wanted) if tag]


def negotiate_locale(lang: str | None, accept_language: str | None, supported, default=DEFAULT_LOCALE) -> str:
    """The first supported locale among the preferences and their region-less fallbacks."""
    supported = set(supported)
    for tag in preferences(lang, accept_language):
        for candidate in fallbacks(tag):
            if candidate in supported:
                return candidate
    return default


def text_chain(requested: str, own_language: str | None) -> list[str]:
    """Where an entry's text is looked for: requested (and its parents), own language, English."""
    chain = fallbacks(requested)
    for extra in (own_language, DEFAULT_LOCALE):
        if extra and extra not in chain:
            chain.append(extra)
    return chain


@lru_cache(maxsize=1024)
def direction(locale: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Hebrew...), from CLDR."""
    try:
        return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"
    except (ValueError, UnknownLocaleError):
        return "ltr"
