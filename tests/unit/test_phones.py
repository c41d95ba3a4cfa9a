"""Phone numbers: short numbers stay as dialled, full numbers get national display and E.164 links."""
import pytest

from phonenumbers import shortnumberinfo

from api.directory.phones import InvalidPhone, emergency_number, parse_phone


@pytest.mark.parametrize("value, country, dialled, display, uri", [
    ("3018", "FR", "3018", "3018", "tel:3018"),
    ("116 006", "FR", "116006", "116 006", "tel:116006"),
    ("119", "FR", "119", "119", "tel:119"),
    ("988", "US", "988", "988", "tel:988"),
    ("116111", "DE", "116111", "116111", "tel:116111"),
    ("0 800 235 236", "FR", "0800235236", "0 800 23 52 36", "tel:+33800235236"),
    ("1-800-843-5678", "US", "+18008435678", "1 (800) 843-5678", "tel:+18008435678"),  # dialled with the 1
    ("1 800 668-6868", "CA", "+18006686868", "1 (800) 668-6868", "tel:+18006686868"),
    ("+33 1 80 52 33 76", "FR", "+33180523376", "+33 1 80 52 33 76", "tel:+33180523376"),  # to dial from abroad
    ("01 80 52 33 76", "FR", "0180523376", "01 80 52 33 76", "tel:+33180523376"),  # with its trunk prefix
    ("030 252 088 38", "DE", "03025208838", "030 25208838", "tel:+493025208838"),
    ("0300 123 2040", "GB", "03001232040", "0300 123 2040", "tel:+443001232040"),
])
def test_forms_of_a_number(value, country, dialled, display, uri):
    phone = parse_phone(value, country)
    assert (phone.dialled, phone.display, phone.tel_uri) == (dialled, display, uri)


def test_short_numbers_have_no_e164_form():
    assert parse_phone("3018", "FR").e164 is None
    assert parse_phone("3018", "FR").short


@pytest.mark.parametrize("value, country", [
    ("116 006", "US"),         # a French short number means nothing in the US
    ("988", "FR"),
    ("0 800 23 52", "FR"),     # truncated
    ("12345678901234", "FR"),
    ("call us", "FR"),
    ("", "FR"),
])
def test_invalid_numbers_are_rejected(value, country):
    with pytest.raises(InvalidPhone):
        parse_phone(value, country)


def test_a_short_number_missing_from_the_metadata_needs_to_be_declared_unlisted():
    with pytest.raises(InvalidPhone):
        parse_phone("116016", "DE")
    assert parse_phone("116016", "DE", unlisted=True).tel_uri == "tel:116016"


def test_sms_uri_carries_the_keyword():
    assert parse_phone("741741", "US").sms_uri("HOME") == "sms:741741?body=HOME"
    assert parse_phone("988", "CA").sms_uri() == "sms:988"


def test_international_numbers_need_a_prefix():
    assert parse_phone("+44 808 802 5000", "INTL").display == "+44 808 802 5000"
    with pytest.raises(InvalidPhone):
        parse_phone("0808 802 5000", "INTL")


@pytest.mark.parametrize("country, number", [("JP", "110"), ("MX", "911"), ("CZ", "112"), ("ES", "112")])
def test_a_country_the_directory_does_not_cover_still_has_an_emergency_number(country, number):
    phone = emergency_number(country)
    assert (phone.dialled, phone.display, phone.tel_uri) == (number, number, f"tel:{number}")
    assert shortnumberinfo.is_emergency_number(number, country)


def test_no_emergency_number_is_made_up_where_phonenumbers_knows_none():
    assert emergency_number("AQ") is None
