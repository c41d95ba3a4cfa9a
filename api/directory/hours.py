"""Opening hours: weekly rules in an IANA time zone, overnight spans, 24/7 and dated exceptions."""
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_interval, get_day_names
from babel.lists import format_list

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HORIZON_DAYS = 9  # looking a little over a week ahead finds the next change of any weekly rule


@dataclass(frozen=True)
class Span:
    """Open from `opens` to `closes` local time; `closes <= opens` runs past midnight."""

    opens: time
    closes: time

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class Exception_:
    """A dated override: closed all day, or open on its own span."""

    day: date
    span: Span | None  # None: closed


@dataclass(frozen=True)
class OpeningHours:
    timezone: str
    always_open: bool = False
    weekly: tuple[tuple[Span, ...], ...] = field(default=((),) * 7)  # index 0 = Monday
    exceptions: tuple[Exception_, ...] = ()

    @classmethod
    def from_document(cls, doc: dict) -> "OpeningHours":
        """Build from the validated `hours` document of an entry or contact."""
        weekly = [[] for _ in DAYS]
        for rule in doc.get("weekly") or ():
            span = Span(_clock(rule["opens"]), _clock(rule["closes"]))
            for day in rule["days"]:
                weekly[DAYS.index(day)].append(span)
        exceptions = tuple(
            Exception_(
                _day(item["date"]),
                None if item.get("closed") else Span(_clock(item["opens"]), _clock(item["closes"])),
            )
            for item in doc.get("exceptions") or ()
        )
        return cls(
            timezone=doc["timezone"],
            always_open=bool(doc.get("always_open")),
            weekly=tuple(tuple(sorted(spans, key=lambda s: s.opens)) for spans in weekly),
            exceptions=exceptions,
        )

    # -- when is it open -------------------------------------------------------------------
    def _spans_on(self, day: date) -> tuple[Span, ...]:
        for item in self.exceptions:
            if item.day == day:
                return (item.span,) if item.span else ()
        return self.weekly[day.weekday()]

    def _intervals(self, start: date, days: int):
        """Open intervals as UTC datetimes for spans starting on local dates from `start`."""
        zone = ZoneInfo(self.timezone)
        for offset in range(days):
            day = start + timedelta(days=offset)
            for span in self._spans_on(day):
                opens = datetime.combine(day, span.opens, zone)
                end_day = day + timedelta(days=1) if span.overnight else day
                closes = datetime.combine(end_day, span.closes, zone)
                yield opens.astimezone(timezone.utc), closes.astimezone(timezone.utc)

    def _merged(self, at: datetime):
        local_day = at.astimezone(ZoneInfo(self.timezone)).date()
        intervals = sorted(self._intervals(local_day - timedelta(days=1), _HORIZON_DAYS))
        merged: list[list[datetime]] = []
        for opens, closes in intervals:
            if merged and opens <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], closes)
            else:
                merged.append([opens, closes])
        return merged

    def is_open(self, at: datetime) -> bool:
        if self.always_open:
            return True
        return any(opens <= at < closes for opens, closes in self._merged(at))

    def next_change(self, at: datetime) -> datetime | None:
        """The next moment the service opens or closes, in UTC; None when it never changes."""
        if self.always_open:
            return None
        for opens, closes in self._merged(at):
            if at < opens:
                return opens
            if at < closes:
                # open for a whole week from now: the weekly rules never close
                return None if closes - at >= timedelta(days=7) else closes
        return None

    # -- how to say it ---------------------------------------------------------------------
    def describe(self, locale: str, open_all_week: str, every_day: str) -> str:
        """A short localized summary such as "lun. – ven. 09:00 – 20:00" or "Mon – Fri 9:00 AM – 8:00 PM".

        Day names, time ranges, day ranges and the list of runs all come from CLDR; only the
        24/7 and every-day phrases (already translated) come from the catalogs.
        """
        return _describe(self, locale, open_all_week, every_day)

    def _describe(self, locale: str, open_all_week: str, every_day: str) -> str:
        if self.always_open:
            return open_all_week
        cldr = Locale.parse(locale)
        names = get_day_names("abbreviated", context="stand-alone", locale=cldr)
        day_range = cldr.interval_formats[None]  # CLDR's "{0} – {1}"
        clock = "hm" if "h" in cldr.time_formats["short"].pattern else "Hm"
        parts = []
        for first, last, spans in _runs(self.weekly):
            if last - first == 6:
                days = every_day
            else:
                days = names[first] if first == last else day_range.format(names[first], names[last])
            hours = format_list([format_interval(s.opens, s.closes, clock, locale=cldr) for s in spans], locale=cldr)
            parts.append(f"{days} {hours}")
        return format_list(parts, locale=cldr)


@lru_cache(maxsize=16_384)
def _describe(hours: OpeningHours, locale: str, open_all_week: str, every_day: str) -> str:
    """Many entries share their hours (and CLDR lookups are slow): each summary is written once."""
    return hours._describe(locale, open_all_week, every_day)


def _runs(weekly):
    """Consecutive days sharing the same spans, Monday first: [(first, last, spans)]."""
    runs: list[list] = []
    for index, spans in enumerate(weekly):
        if not spans:
            continue
        if runs and runs[-1][1] == index - 1 and runs[-1][2] == spans:
            runs[-1][1] = index
        else:
            runs.append([index, index, spans])
    return [tuple(run) for run in runs]


def _clock(value) -> time:
    if isinstance(value, time):
        return value
    hours, minutes = str(value).split(":")
    return time(int(hours) % 24, int(minutes))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
