"""A locale's direction comes from its script: the same answer CLDR's character order gives, for every locale."""
from babel import Locale
from babel.localedata import locale_identifiers

from api.directory.locales import direction


def test_direction_agrees_with_cldr_for_every_locale_babel_ships():
    disagree = [tag for tag in locale_identifiers()
                if direction(tag) != ("rtl" if Locale.parse(tag).character_order == "right-to-left" else "ltr")]
    assert not disagree, disagree
