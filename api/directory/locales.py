"""Locale negotiation (lang, then Accept-Language, then the default) and text fallback chains."""
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

DEFAULT_LOCALE = "en"
WILDCARD = "*"


def normalize(tag: str | None) -> str | None:
    """'fr-ca' -> 'fr_CA', 'zh-TW' -> 'zh_Hant_TW'; None for anything Babel cannot parse."""
    if not tag or len(tag) > 35:
        return None
    return _normalized(tag)


@lru_cache(maxsize=4096)  # a few hundred tags in a directory's texts and in requests: each parsed once
def _normalized(tag: str) -> str | None:
    try:
        return str(Locale.parse(tag.strip().replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def bcp47(locale: str) -> str:
    """A Babel locale id as HTTP and JSON spell it: pt_BR -> pt-BR."""
    return locale.replace("_", "-")


def canonical(tag: str) -> str:
    """A language code as the chains spell it ('pt-BR' -> 'pt_BR'); unknown codes stay as they are."""
    return normalize(tag) or tag


def parent(tag: str) -> str | None:
    """The CLDR parent of a locale: en_GB -> en_001 -> en, pt_AO -> pt_PT -> pt.

    A script that is not the language's usual one has no parent (zh_Hant does not fall back to
    zh, which is written in simplified characters; sr_Latn does not fall back to Cyrillic sr).
    """
    if exception := get_global("parent_exceptions").get(tag):
        return exception
    parts = tag.split("_")
    if len(parts) == 1:
        return None
    if len(parts) == 2 and len(parts[1]) == 4:
        likely = get_global("likely_subtags").get(parts[0], "")
        if f"_{parts[1]}_" not in f"{likely}_":
            return None
    return "_".join(parts[:-1])


def fallbacks(tag: str) -> list[str]:
    """A locale and its CLDR parents, most specific first: zh_Hant_TW, zh_Hant."""
    chain = [tag]
    while (up := parent(chain[-1])) and up not in chain:
        chain.append(up)
    return chain


def preferences(lang: str | None, accept_language: str | None) -> tuple[list[str], set[str]]:
    """Requested locales in order (`lang` first, then Accept-Language by q-value), and refused ones.

    A wildcard stands for the default locale, at the place its q-value gives it; `q=0` refuses.
    """
    wanted = [(lang, 2.0)] if lang else []
    if accept_language:
        # werkzeug puts "*" last whatever its q; a stable sort by q alone puts it back in its place
        accepted = sorted(parse_accept_header(accept_language[:1024], LanguageAccept), key=lambda item: -item[1])
        wanted.extend(accepted)
    ordered, refused = [], set()
    for value, quality in wanted:
        tag = DEFAULT_LOCALE if value == WILDCARD else normalize(value)
        if tag and quality > 0:
            ordered.append(tag)
        elif tag:
            refused.add(tag)
    return ordered, refused


def negotiate_locale(lang: str | None, accept_language: str | None, supported, default=DEFAULT_LOCALE) -> str:
    """The first supported locale among the preferences and their CLDR parents."""
    supported = set(supported)
    ordered, refused = preferences(lang, accept_language)
    for tag in ordered:
        for candidate in fallbacks(tag):
            if candidate in supported and candidate not in refused:
                return candidate
    return default


def text_chain(requested: str, own_language: str | None) -> list[str]:
    """Where an entry's text is looked for: requested (and its parents), own language, English."""
    chain = fallbacks(requested)
    for extra in (own_language, DEFAULT_LOCALE):
        if extra and extra not in chain:
            chain.append(extra)
    return chain


# The scripts Unicode writes right to left. In CLDR a locale's character order is its script's (its own
# script, or the likely one of its language), so a locale's direction is known without loading its data:
# a worker that renders texts in a hundred languages does not hold a hundred locales' CLDR data for it.
RTL_SCRIPTS = frozenset({
    "Adlm", "Arab", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar", "Lydi", "Mand", "Mani",
    "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg",
    "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi",
})


@lru_cache(maxsize=1024)
def direction(locale: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Hebrew...), as CLDR says, from the locale's script."""
    try:
        parsed = Locale.parse(locale)
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"
    return "rtl" if (parsed.script or _likely_script(parsed)) in RTL_SCRIPTS else "ltr"


def _likely_script(locale: Locale) -> str | None:
    likely = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}" if locale.territory else None, locale.language):
        if key and key in likely:
            return parse_locale(likely[key])[2]
    return None
