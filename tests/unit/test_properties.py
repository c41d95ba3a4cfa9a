"""Properties of the parts that parse input, over inputs nobody would think to write by hand."""
import copy
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from api.directory.changes import diff, merge_patch
from api.directory.hours import DAYS, OpeningHours
from api.directory.locales import negotiate_locale
from api.directory.phones import InvalidPhone, parse_phone
from api.schemas import HTTPS_PATTERN, check_https


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


# Merge patches (RFC 7396), over JSON documents without nulls (a merge patch cannot write a null).
KEYS = st.text(alphabet="abcdexyz/~", min_size=1, max_size=4)
SCALARS = st.one_of(st.booleans(), st.integers(-5, 5), st.text(max_size=3))
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)
OBJECTS = st.dictionaries(KEYS, DOCUMENTS, max_size=5)
PATCHES = st.recursive(st.one_of(st.none(), SCALARS, st.lists(SCALARS, max_size=3)),
                       lambda inner: st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)


def apply_changes(document, changes):
    """Set each changed leaf of a diff (a JSON pointer) to its new value; null removes it."""
    result = copy.deepcopy(document)
    for change in changes:
        if change["path"] == "/":
            return change["to"]
        *parents, last = [part.replace("~1", "/").replace("~0", "~") for part in change["path"].split("/")[1:]]
        target = result
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        key = int(last) if isinstance(target, list) else last
        if change["to"] is None:
            target.pop(key, None)
        else:
            target[key] = change["to"]
    return result


@given(OBJECTS)
def test_an_empty_merge_patch_changes_nothing(document):
    before = copy.deepcopy(document)
    assert merge_patch(document, {}) == document == before


@given(OBJECTS, PATCHES)
def test_a_merge_patch_follows_rfc_7396(document, patch):
    before = copy.deepcopy(document)
    result = merge_patch(document, patch)
    assert document == before, "the target is not modified in place"
    if not isinstance(patch, dict):
        assert result == patch  # anything but an object replaces the whole document
        return
    for key, value in patch.items():
        if value is None:
            assert key not in result  # null removes
        elif isinstance(value, dict):
            assert result[key] == merge_patch(document.get(key), value)  # objects merge, key by key
        else:
            assert result[key] == value  # arrays and scalars replace
    for key in set(document) - set(patch):
        assert result[key] == document[key]  # what the patch does not name stays
    assert merge_patch(result, patch) == result  # applying it twice is applying it once


@given(OBJECTS, PATCHES)
def test_the_diff_of_a_patch_replays_it(document, patch):
    patched = merge_patch(document, patch)
    changes = diff(document, patched)
    assert apply_changes(document, changes) == patched
    assert (changes == []) == (patched == document)
    assert diff(patched, patched) == []


# Links, through the write API: whatever a partner sends, only https:, tel: and sms: reach an app.
LOOK_ALIKES = ["ｈｔｔｐｓ", "httpѕ", "hｔtps", "https\u200b", "%68ttps", "ht%74ps", "javascript", "JAVASCRIPT",
               "java\tscript", "java\u200dscript", "%6Aavascript", "jav&#x61;script", "data", "vbscript", "file",
               "http", "tel", "sms", "intent", "https", "HTTPS", "HtTpS"]
HOSTS = st.sampled_from(["3018.fr", "e-enfance.org", "xn--80ak6aa92e.com", "аpple.com", "evil.example@3018.fr",
                         "3018.fr:8443", "[::1]", "3018.fr%2F@evil.example", "%33018.fr", "", "3018。fr"])
LINKS = st.builds(lambda pad, scheme, sep, host, rest: f"{pad}{scheme}{sep}{host}{rest}",
                  st.sampled_from(["", " ", "\t", "\u00a0", "\ufeff", "%20"]), st.sampled_from(LOOK_ALIKES),
                  st.sampled_from([":", "://", ":/", ":\\\\", "%3A//", ":%2F%2F", "://\u200b", "&colon;//"]),
                  HOSTS, st.one_of(st.just(""), st.text(max_size=12), st.sampled_from(["/x?a=<b>", "/\\evil", "/%0a"])))
# each example is a request: fewer of them than the profile asks for pure functions
API_SETTINGS = settings(max_examples=min(60, settings().max_examples), deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])


def every_uri(client) -> list[str]:
    answer = client.get("/v1/help?country=FR&category=cyberharassment&lang=fr").get_json()
    return [c["uri"] for group in ("emergency", "listen", "report") for r in answer[group] for c in r["contacts"] if c["uri"]]


@API_SETTINGS
@example(link="https://3018.fr/contact?from=app#chat", kind="chat")
@given(link=LINKS, kind=st.sampled_from(["chat", "web", "whatsapp", "app", "phone", "sms"]))
def test_no_link_but_https_tel_or_sms_ever_passes_the_write_api(client, admin, link, kind):
    document = admin.get("/v1/resources/fr-3018").get_json()
    contacts = [{"type": kind, "value": link}, *document["contacts"]]
    response = admin.patch("fr-3018", {"contacts": contacts, "sources": [link]})
    assert response.status_code in (200, 422), response.get_json()
    if kind not in ("phone", "sms"):  # a link contact is accepted exactly when it is a plain https:// link
        assert (response.status_code == 200) == bool(re.fullmatch(HTTPS_PATTERN, link)), response.get_json()
    if response.status_code == 200:
        stored = response.get_json()
        assert re.fullmatch(HTTPS_PATTERN, stored["contacts"][0]["value"]) or kind in ("phone", "sms")
        assert all(re.fullmatch(HTTPS_PATTERN, source) for source in stored["sources"])
    for uri in every_uri(client):
        assert re.fullmatch(r"tel:\+?\d+|sms:\+?\d+(\?body=[^\s]*)?|mailto:[^:/\s]+@[^:/\s]+", uri) or re.fullmatch(
            HTTPS_PATTERN, uri), uri
