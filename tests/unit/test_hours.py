"""Opening hours: open now, next change, overnight spans, exceptions, DST, localized text."""
from datetime import datetime, timezone

from api.directory.hours import OpeningHours

UTC = timezone.utc


def hours(**document):
    return OpeningHours.from_document({"timezone": "Europe/Paris", **document})


WEEKDAYS = hours(weekly=[{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"}])


def test_open_during_the_day_in_the_entry_time_zone():
    assert WEEKDAYS.is_open(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))       # 09:00 Paris
    assert not WEEKDAYS.is_open(datetime(2026, 11, 30, 7, 59, tzinfo=UTC))  # 08:59 Paris
    assert not WEEKDAYS.is_open(datetime(2026, 11, 30, 19, 0, tzinfo=UTC))  # 20:00 Paris: closed
    assert not WEEKDAYS.is_open(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))  # Sunday


def test_next_change_skips_the_weekend():
    friday_evening = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    assert WEEKDAYS.next_change(friday_evening) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def test_overnight_span_runs_past_midnight():
    nights = hours(weekly=[{"days": ["sat"], "opens": "22:00", "closes": "02:00"}])
    assert nights.is_open(datetime(2026, 11, 29, 0, 30, tzinfo=UTC))       # Sunday 01:30 Paris
    assert not nights.is_open(datetime(2026, 11, 29, 1, 0, tzinfo=UTC))    # Sunday 02:00 Paris
    assert nights.next_change(datetime(2026, 11, 29, 0, 30, tzinfo=UTC)) == datetime(2026, 11, 29, 1, 0, tzinfo=UTC)


def test_a_dated_closure_overrides_the_week():
    christmas = hours(weekly=WEEKDAYS_RULE, exceptions=[{"date": "2026-12-25", "closed": True}])
    assert not christmas.is_open(datetime(2026, 12, 25, 10, 0, tzinfo=UTC))
    assert christmas.is_open(datetime(2026, 12, 24, 10, 0, tzinfo=UTC))


def test_a_dated_special_span():
    short_day = hours(weekly=WEEKDAYS_RULE, exceptions=[{"date": "2026-12-24", "opens": "09:00", "closes": "12:00"}])
    assert not short_day.is_open(datetime(2026, 12, 24, 12, 0, tzinfo=UTC))  # 13:00 Paris
    assert short_day.is_open(datetime(2026, 12, 24, 10, 0, tzinfo=UTC))


def test_daylight_saving_time_moves_the_utc_opening():
    winter = WEEKDAYS.next_change(datetime(2026, 3, 27, 20, 0, tzinfo=UTC))   # Fri 21:00 CET
    summer = WEEKDAYS.next_change(datetime(2026, 3, 30, 6, 0, tzinfo=UTC))    # Mon 08:00 CEST
    assert winter == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)                   # 09:00 CEST
    assert summer == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def test_always_open_never_changes():
    always = hours(always_open=True)
    assert always.is_open(datetime(2026, 1, 1, tzinfo=UTC))
    assert always.next_change(datetime(2026, 1, 1, tzinfo=UTC)) is None
    assert always.describe("fr", "24/7", "tous les jours") == "24/7"


def test_text_uses_cldr_day_names_and_time_formats():
    assert WEEKDAYS.describe("fr", "24/7", "-") == "lun.\u2009–\u2009ven. 09:00\u2009–\u200920:00"
    assert WEEKDAYS.describe("en", "24/7", "-") == "Mon\u2009–\u2009Fri 9:00\u202fAM\u2009–\u20098:00\u202fPM"
    assert WEEKDAYS.describe("de", "24/7", "-") == "Mo\u2009–\u2009Fr 09:00–20:00 Uhr"


WEEKDAYS_RULE = [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"}]
