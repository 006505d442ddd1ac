"""Dates of the format: ISO dates, partial dates (2024, 2024-06) and review cycles.

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
