"""The languages that ship, and reading the app's own catalogs in tests, so that revised translations do not break them."""
SHIPPED = ["af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi", "fil",
           "fr", "ga", "he", "hi", "hr", "ht", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km", "ko", "ky", "lb",
           "lo", "lt", "lv", "mg", "mk", "mn", "ms", "mt", "my", "nb", "ne", "nl", "nn", "pl", "ps", "pt", "ro", "ru",
           "si", "sk", "sl", "so", "sq", "sr", "sr_Latn", "sv", "sw", "ta", "tg", "th", "tk", "tr", "uk", "ur", "uz",
           "vi", "xh", "zh", "zh_Hant", "zu"]  # English is the source
# translations spelled like the English on purpose (the same word in that language)
SAME_AS_ENGLISH = {
    ("fr", "Police"), ("fr", "Gendarmerie (police)"), ("fr", "Parents"), ("fr", "%(count)s service"),
    ("da", "Chat"), ("nb", "Chat"), ("ro", "Conflict"), ("lb", "Police"), ("ca", "Professionals"),
}


def translation(app, locale: str, message: str) -> str:
    """`message` as the app's catalog for `locale` says it."""
    translated = app.extensions["helplinks"].catalogs.get(locale).gettext(message)
    assert translated != message, f"no {locale} translation for {message!r}"
    return translated
