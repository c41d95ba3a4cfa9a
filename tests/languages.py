"""Reading the app's own catalogs in tests, so that revised translations do not break them."""


def translation(app, locale: str, message: str) -> str:
    """`message` as the app's catalog for `locale` says it."""
    translated = app.extensions["helplinks"].catalogs.get(locale).gettext(message)
    assert translated != message, f"no {locale} translation for {message!r}"
    return translated
