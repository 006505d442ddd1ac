"""Consistency: dates in order, adoption recorded, values in range.

Findings (message id: params; subject):

* ``finding.end-before-start.period``: start, end (as written: a year, YYYY-MM or
  YYYY-MM-DD); the concept. ``finding.end-before-start.measure``: id, start,
  end; the measure;
* ``finding.adopted-missing``: status; the concept;
* ``finding.date-order.log`` / ``.meetings`` / ``.reviews``: id, value,
  previous (YYYY-MM-DD); the measure, network or the review;
  ``finding.date-order.values``: id, value, previous (years); the indicator;
* ``finding.value-out-of-range.indicator`` / ``.figure``: id, value; the
  indicator or figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..dates import parse_date, parse_period
from . import Context, Hit, Subject, about, rule, subject_at, subject_of


@rule("end-before-start")
def end_before_start(ctx: Context) -> Iterator[Hit]:
    """A measure's (and the concept's `period`) `end` is not before its `start`.

    Why: a period that ends before it starts is a typo that makes every deadline wrong.

    Bad:
      start: 2025-09
      end: 2024-12
    Good:
      start: 2024-09
      end: 2025-12
    """
    places: list[tuple[tuple[Any, ...], dict[str, Any] | None]] = [(("period",), None)]
    places += list(ctx.measures())
    for path, item in places:
        start = parse_period(ctx.get(*path, "start"))
        end = parse_period(ctx.get(*path, "end"), end=True)
        if start and end and end < start:
            given = {"start": ctx.get(*path, "start"), "end": ctx.get(*path, "end")}
            if item is None:
                yield Hit(
                    (*path, "end"),
                    "finding.end-before-start.period",
                    params=given,
                    subject=subject_at(ctx.data, ()),
                )
            else:
                yield Hit(
                    (*path, "end"),
                    "finding.end-before-start.measure",
                    params=about(item, path, **given),
                    subject=subject_of(item, "measure"),
                )


@rule("adopted-missing")
def adopted_missing(ctx: Context) -> Iterator[Hit]:
    """A concept with status `adopted` or `superseded` says when and by whom it was
    adopted.

    Why: the council's resolution is what makes the concept binding; documents print it.

    Bad:
      status: adopted
    Good:
      status: adopted
      adopted: {date: 2023-07-18, body: Kreistag, resolution: KT-2023-045}
    """
    status = ctx.get("status")
    if status in ("adopted", "superseded") and ctx.get("adopted") is None:
        yield Hit(
            ("status",),
            "finding.adopted-missing",
            params={"status": status},
            subject=subject_at(ctx.data, ()),
        )


def _ordered(
    ctx: Context,
    path: tuple[Any, ...],
    key: str,
    variant: str,
    owner: dict[str, Any] | None,
    subject: Subject,
) -> Iterator[Hit]:
    previous: Any = None
    for ipath, item in ctx.items(*path):
        value = item.get(key)
        current = (
            parse_date(value)
            if key == "date"
            else (value if isinstance(value, int) and not isinstance(value, bool) else None)
        )
        if current is None:
            continue
        if previous is not None and current < previous:
            params: dict[str, Any] = (
                {"value": current.isoformat(), "previous": previous.isoformat()}
                if isinstance(current, dt.date) and isinstance(previous, dt.date)
                else {"value": current, "previous": previous}
            )
            if owner is not None:
                params = about(owner, path[:-1], **params)
            yield Hit(
                (*ipath, key),
                f"finding.date-order.{variant}",
                params=params,
                subject=subject if owner is not None else subject_of(item, "review"),
            )
        previous = current if previous is None or current > previous else previous


@rule("date-order")
def date_order(ctx: Context) -> Iterator[Hit]:
    """Dated lists are in date order, oldest first: a measure's `log`, an indicator's
    `values`, a network's `meetings`, and `reviews`.

    Why: the newest entry is taken as the current state (the latest progress note, the
    latest value); a list out of order would report an old state as the current one.

    Bad:
      log:
        - {date: 2025-05-12, note: Zweiter Kurs läuft.}
        - {date: 2024-10-01, note: Erster Kurs gestartet.}
    Good:
      log:
        - {date: 2024-10-01, note: Erster Kurs gestartet.}
        - {date: 2025-05-12, note: Zweiter Kurs läuft.}
    """
    lists: list[tuple[tuple[Any, ...], str, str, dict[str, Any] | None, str]] = []
    lists += [((*p, "log"), "date", "log", m, "measure") for p, m in ctx.measures()]
    lists += [((*p, "values"), "year", "values", i, "indicator") for p, i in ctx.indicators()]
    lists += [
        ((*p, "meetings"), "date", "meetings", n, "network") for p, n in ctx.items("networks")
    ]
    lists.append((("reviews",), "date", "reviews", None, "review"))
    for path, key, variant, owner, kind in lists:
        subject = subject_of(owner, kind) if owner is not None else Subject("review")
        yield from _ordered(ctx, path, key, variant, owner, subject)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@rule("value-out-of-range")
def value_out_of_range(ctx: Context) -> Iterator[Hit]:
    """A value in percent lies between 0 and 100: indicator baselines, targets and
    values, and figures of the Ausgangslage.

    Why: 150 % is a typo or a count in the wrong unit.

    Bad:
      unit: percent
      baseline: {value: 480, year: 2022}
    Good:
      unit: percent
      baseline: {value: 48, year: 2022}
    """
    for ipath, ind in ctx.indicators():
        if ind.get("unit") != "percent":
            continue
        places = [(*ipath, "baseline", "value"), (*ipath, "target", "value")]
        places += [(*vpath, "value") for vpath, _ in ctx.items(*ipath, "values")]
        for path in places:
            value = _number(ctx.get(*path))
            if value is not None and not 0 <= value <= 100:
                yield Hit(
                    path,
                    "finding.value-out-of-range.indicator",
                    params=about(ind, ipath, value=ctx.get(*path)),
                    subject=subject_of(ind, "indicator"),
                )
    for fpath, fig in ctx.items("situation", "figures"):
        value = _number(fig.get("value"))
        if fig.get("unit") == "percent" and value is not None and not 0 <= value <= 100:
            yield Hit(
                (*fpath, "value"),
                "finding.value-out-of-range.figure",
                params=about(fig, fpath, value=fig.get("value")),
                subject=subject_of(fig, "figure"),
            )
