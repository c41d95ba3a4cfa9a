"""Properties of the parts that parse input, over inputs nobody would think to write by hand."""
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from api.directory.hours import DAYS, OpeningHours
from api.directory.locales import negotiate_locale
from api.directory.phones import InvalidPhone, parse_phone
from api.schemas import check_https

settings.register_profile("helplinks", deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("helplinks")

SCHEMES = ["https", "HTTPS", "Https", "http", "javascript", "JaVaScRiPt", "data", "vbscript", "file", "tel", "sms", "ftp"]
PADDING = st.sampled_from(["", " ", "\t", "\n", "\x00", "\u200b", "%20", "\ufeff"])


@given(scheme=st.sampled_from(SCHEMES), before=PADDING, separator=st.sampled_from([":", "://", ":/", ":%2F%2F", "&#58;//"]),
       rest=st.text(max_size=40))
def test_no_link_but_plain_https_is_ever_accepted(scheme, before, separator, rest):
    value = f"{before}{scheme}{separator}{rest}"
    try:
        accepted = check_https(value)
    except ValidationError:
        return
    assert accepted.startswith("https://") and accepted == accepted.strip()
    assert not re.search(r"[\s\x00-\x1f]", accepted)


@given(st.text(max_size=60))
def test_any_text_is_either_rejected_or_an_https_link(value):
    try:
        check_https(value)
    except ValidationError:
        return
    assert value.startswith("https://")


@given(value=st.text(alphabet="0123456789 +-().#*abcTEL:", max_size=20),
       country=st.sampled_from(["FR", "BE", "CH", "CA", "GB", "US", "DE", "INTL"]))
def test_an_accepted_number_only_ever_becomes_a_tel_or_sms_uri_of_digits(value, country):
    try:
        phone = parse_phone(value, country)
    except InvalidPhone:
        return
    assert re.fullmatch(r"tel:\+?\d+", phone.tel_uri)
    assert re.fullmatch(r"sms:\+?\d+", phone.sms_uri())


SUPPORTED = ["en", "fr", "de", "ar", "pt", "zh_Hant"]


@given(lang=st.one_of(st.none(), st.text(max_size=40)), header=st.one_of(st.none(), st.text(max_size=200)))
def test_negotiation_always_lands_on_a_supported_locale(lang, header):
    assert negotiate_locale(lang, header, SUPPORTED) in SUPPORTED


@given(tags=st.lists(st.sampled_from(["fr", "fr-CA", "de-AT", "ar-MA", "pt-BR", "es", "xx", "*"]), min_size=1, max_size=4))
def test_the_first_supported_preference_wins(tags):
    header = ", ".join(f"{tag};q={1 - i / 10:.1f}" for i, tag in enumerate(tags))
    # "*" accepts anything: at its rank, the default is as good as it gets
    expected = next(("en" if t == "*" else t.split("-")[0] for t in tags if t == "*" or t.split("-")[0] in SUPPORTED), "en")
    assert negotiate_locale(None, header, SUPPORTED) == expected


# Opening hours. Boundaries stay clear of 01:00-03:59, where daylight-saving changes happen in
# these zones, so that a plain wall-clock reading is the truth to compare with.
ZONES = ["Europe/Paris", "America/New_York", "America/Toronto", "Asia/Tokyo", "Australia/Sydney", "UTC"]
CLOCK = st.builds(time, st.sampled_from([0, *range(4, 24)]), st.sampled_from([0, 15, 30, 45]))
RULE = st.fixed_dictionaries({"days": st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True),
                              "opens": CLOCK, "closes": CLOCK})


def wall_clock_open(rules, local: datetime) -> bool:
    """The obvious reading: open if a span of today covers now, or yesterday's overnight span still runs."""
    today, yesterday = DAYS[local.weekday()], DAYS[(local.weekday() - 1) % 7]
    now = local.time()
    for rule in rules:
        opens, closes = rule["opens"], rule["closes"]
        overnight = closes <= opens
        if today in rule["days"] and opens <= now and (overnight or now < closes):
            return True
        if yesterday in rule["days"] and overnight and now < closes:
            return True
    return False


@given(rules=st.lists(RULE, min_size=1, max_size=4), zone=st.sampled_from(ZONES),
       instant=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)))
def test_open_now_agrees_with_the_wall_clock(rules, zone, instant):
    local = instant.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
    if 1 <= local.hour <= 3:
        return
    document = {"timezone": zone, "weekly": [{**r, "opens": r["opens"].strftime("%H:%M"),
                                              "closes": r["closes"].strftime("%H:%M")} for r in rules]}
    hours = OpeningHours.from_document(document)
    assert hours.is_open(local.astimezone(timezone.utc)) == wall_clock_open(rules, local.replace(tzinfo=None))


@given(rules=st.lists(RULE, min_size=1, max_size=3), zone=st.sampled_from(ZONES),
       instant=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)))
def test_nothing_changes_before_the_next_change(rules, zone, instant):
    at = instant.replace(tzinfo=timezone.utc)
    document = {"timezone": zone, "weekly": [{**r, "opens": r["opens"].strftime("%H:%M"),
                                              "closes": r["closes"].strftime("%H:%M")} for r in rules]}
    hours = OpeningHours.from_document(document)
    change = hours.next_change(at)
    if change is None:
        return
    assert change > at
    state = hours.is_open(at)
    assert hours.is_open(change - timedelta(seconds=1)) == state
    assert hours.is_open(change) != state
