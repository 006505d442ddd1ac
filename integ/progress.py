"""Indicator progress, and the plain rule for "on track".

progress = (latest − baseline) / (target − baseline): 0 at the baseline, 1 at the target
(for ``direction: decrease`` the same formula works, as both differences are negative).
An indicator is **on track** when the share of the way that is done is at least the share
of the time that has passed between the baseline year and the target year, less a
tolerance of 10 percentage points. The time is measured at ``today`` (the date of the
review) when it is given, else at the year of the latest value. For ``direction: keep``
it is on track while the latest value is not below the target. Without baseline,
target or a value, neither progress nor on-track can be said (None).

Measured against ``today``, an indicator whose newest value is older than last year
(the rule indicator-without-recent-value) is **stale**: "keine aktuellen Daten", never
on track (``on_track`` None, ``stale`` True). The comparison is exact (fractions of the
decimal values as written), so that 0.8 − 0.1 is 0.7 and a value exactly at the
threshold is on track.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

TOLERANCE = Fraction(1, 10)


def _exact(value: float) -> Fraction:
    """The decimal value as written (0.1 is 1/10, not the nearest binary float)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@dataclass(frozen=True)
class Progress:
    baseline: float | None
    baseline_year: int | None
    latest: float | None
    latest_year: int | None
    target: float | None
    target_year: int | None
    progress: float | None
    on_track: bool | None
    stale: bool = False


def measure(indicator: dict[str, Any], today: dt.date | None = None) -> Progress:
    found_base, found_goal = indicator.get("baseline"), indicator.get("target")
    base: dict[str, Any] = found_base if isinstance(found_base, dict) else {}
    goal: dict[str, Any] = found_goal if isinstance(found_goal, dict) else {}
    values = [
        v
        for v in indicator.get("values") or []
        if isinstance(v, dict)
        and _num(v.get("value")) is not None
        and isinstance(v.get("year"), int)
    ]
    latest = max(values, key=lambda v: v["year"]) if values else None
    b, t = _num(base.get("value")), _num(goal.get("value"))
    by = base.get("year") if isinstance(base.get("year"), int) else None
    ty = goal.get("year") if isinstance(goal.get("year"), int) else None
    lv = _num(latest["value"]) if latest else None
    ly = latest["year"] if latest else None
    progress: float | None = None
    on_track: bool | None = None
    direction = indicator.get("direction", "increase")
    stale = today is not None and ly is not None and ly < today.year - 1
    at = today.year if today is not None else ly
    if lv is not None and t is not None:
        if direction == "keep":
            on_track = lv >= t
        elif b is not None and t != b:
            share = (_exact(lv) - _exact(b)) / (_exact(t) - _exact(b))
            progress = round(float(share), 3)
            if by is not None and ty is not None and ty > by and at is not None:
                elapsed = min(max(Fraction(at - by, ty - by), Fraction(0)), Fraction(1))
                on_track = share >= elapsed - TOLERANCE
            else:
                on_track = share >= 1 - TOLERANCE
    if stale:
        on_track = None  # no recent data: neither on track nor off it
    return Progress(b, by, lv, ly, t, ty, progress, on_track, stale)
