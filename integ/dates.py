"""Dates of the format: ISO dates, partial dates (2024, 2024-06), review cycles, and
every date integ derives from them (the one place they are defined).

Derived dates, each the last day on which the thing is still on time (a rule fires
when ``due < today``; on the due date itself nothing is overdue):

* ``next_review(review, adopted)``: ``review.next``, else ``review.last`` (else the
  adoption date) + ``cycle_months``;
* ``measure_end(m)``: the last day of a measure's ``end`` (``2025-12`` → 2025-12-31);
* ``measure_start(m)``: the first day of its ``start`` (``2025-03`` → 2025-03-01);
* ``funding_until(m)``: the last day of ``budget.until``;
* ``next_sachstand(m, cycle)``: when the next log entry (Sachstand) of a measure is
  due: the newest log date + the review cycle, or without a log ``start`` + cycle;
* ``next_meeting(network)``: when a network's next meeting is due: its last meeting +
  ``cadence_months`` (what ``integ status`` shows as "Nächstes Treffen fällig");
* ``network_inactive(network, today)``: the next meeting is more than
  ``MEETING_GRACE_MONTHS`` (one month) overdue; the grace keeps a meeting that slips
  by a few weeks from being reported, while a network that skips a whole meeting is;
* ``indicator_due(indicator)``: the last day the newest value (or, without values,
  the baseline) counts as recent: 31 December of the year after its year (a value
  of 2025 is recent throughout 2026).

Kept apart from the model (concept.py) so that commands that only read dates do not
import pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(value: Any) -> dt.date | None:
    """An ISO date string as a date, or None."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_period(value: Any, end: bool = False) -> dt.date | None:
    """``2024``, ``"2024-06"`` or ``"2024-06-30"`` as its first (or, for end, last) day."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if 1000 <= value <= 9999:
            return dt.date(value, 12, 31) if end else dt.date(value, 1, 1)
        return None
    if not isinstance(value, str):
        return None
    m = _PERIOD_RE.match(value)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return dt.date.fromisoformat(value)
        if month:
            first = dt.date(int(year), int(month), 1)
            if not end:
                return first
            nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max  # beyond the calendar: never due
    if year < dt.MINYEAR:
        return dt.date.min
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def valid_cycle(value: Any) -> bool:
    """A review cycle or cadence in months that date rules can use (1..60)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 60


def next_review(review: Any, adopted: Any = None) -> dt.date | None:
    """``review.next``, or ``review.last`` (else the adoption date) + cycle_months."""
    if not isinstance(review, dict):
        return None
    explicit = parse_date(review.get("next"))
    if explicit:
        return explicit
    cycle = review.get("cycle_months")
    last = parse_date(review.get("last"))
    if last is None and isinstance(adopted, dict):
        last = parse_date(adopted.get("date"))
    if last is None or not valid_cycle(cycle):
        return None
    return add_months(last, cycle)


# --------------------------------------------------------------------------- derived

#: how long after its due date a network's next meeting may slip before the network
#: counts as inactive (rule network-inactive)
MEETING_GRACE_MONTHS = 1


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def measure_start(measure: Any) -> dt.date | None:
    """The first day of a measure's ``start``."""
    return parse_period(measure.get("start")) if isinstance(measure, dict) else None


def measure_end(measure: Any) -> dt.date | None:
    """The last day of a measure's ``end``."""
    return parse_period(measure.get("end"), end=True) if isinstance(measure, dict) else None


def funding_until(measure: Any) -> dt.date | None:
    """The last day of a measure's ``budget.until``."""
    budget = measure.get("budget") if isinstance(measure, dict) else None
    return parse_period(budget.get("until"), end=True) if isinstance(budget, dict) else None


def last_log(measure: Any) -> dt.date | None:
    """The date of a measure's newest log entry (Sachstand)."""
    dates = [d for e in _dicts(measure.get("log") if isinstance(measure, dict) else None)
             if (d := parse_date(e.get("date")))]
    return max(dates, default=None)


def next_sachstand(measure: Any, cycle: Any) -> dt.date | None:
    """When a measure's next Sachstand is due: newest log date (else its start) +
    the review cycle in months; None without a valid cycle or either date."""
    if not valid_cycle(cycle):
        return None
    base = last_log(measure) or measure_start(measure)
    return add_months(base, cycle) if base else None


def last_meeting(network: Any) -> dt.date | None:
    """The date of a network's newest meeting."""
    dates = [d for e in _dicts(network.get("meetings") if isinstance(network, dict) else None)
             if (d := parse_date(e.get("date")))]
    return max(dates, default=None)


def next_meeting(network: Any) -> dt.date | None:
    """When a network's next meeting is due: its last meeting + ``cadence_months``."""
    cadence = network.get("cadence_months") if isinstance(network, dict) else None
    last = last_meeting(network)
    return add_months(last, cadence) if last and valid_cycle(cadence) else None


def network_inactive(network: Any, today: dt.date) -> bool:
    """The network's next meeting is more than MEETING_GRACE_MONTHS overdue."""
    due = next_meeting(network)
    return due is not None and add_months(due, MEETING_GRACE_MONTHS) < today


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def indicator_due(indicator: Any) -> dt.date | None:
    """The last day an indicator's newest value (else its baseline) counts as recent:
    31 December of the year after the value's year."""
    if not isinstance(indicator, dict):
        return None
    years = [y for v in _dicts(indicator.get("values")) if (y := _year(v.get("year")))]
    baseline = indicator.get("baseline")
    year = max(years) if years else _year(baseline.get("year")) if isinstance(
        baseline, dict) else None
    if year is None or year < 1:
        return None
    return dt.date(year + 1, 12, 31) if year < dt.MAXYEAR else dt.date.max
