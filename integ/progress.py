"""Indicator progress, and the plain rule for "on track".

progress = (latest − baseline) / (target − baseline): 0 at the baseline, 1 at the target
(for ``direction: decrease`` the same formula works, as both differences are negative).
An indicator is **on track** when the share of the way that is done is at least the share
of the time that has passed between the baseline year and the target year (measured at
the year of the latest value), less a tolerance of 10 percentage points. For
``direction: keep`` it is on track while the latest value is not below the target.
Without baseline, target or a value, neither progress nor on-track can be said (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TOLERANCE = 0.10


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


def measure(indicator: dict[str, Any]) -> Progress:
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
    progress = on_track = None
    direction = indicator.get("direction", "increase")
    if lv is not None and t is not None:
        if direction == "keep":
            on_track = lv >= t
        elif b is not None and t != b:
            progress = round((lv - b) / (t - b), 3)
            if by is not None and ty is not None and ty > by and ly is not None:
                elapsed = min(max((ly - by) / (ty - by), 0.0), 1.0)
                on_track = progress >= elapsed - TOLERANCE
            else:
                on_track = progress >= 1 - TOLERANCE
    return Progress(b, by, lv, ly, t, ty, progress, on_track)
