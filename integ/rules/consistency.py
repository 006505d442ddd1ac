"""Consistency: dates in order, adoption recorded, values in range."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..concept import parse_date, parse_period
from . import Context, Hit, label, rule


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
    places: list[tuple[tuple[Any, ...], str]] = [(("period",), "the concept's period")]
    places += [(p, label(m, "measure")) for p, m in ctx.measures()]
    for path, owner in places:
        start = parse_period(ctx.get(*path, "start"))
        end = parse_period(ctx.get(*path, "end"), end=True)
        if start and end and end < start:
            yield Hit(
                (*path, "end"),
                f"{owner}: end {ctx.get(*path, 'end')} lies before start {ctx.get(*path, 'start')}",
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
            f"status is {status} but 'adopted' (date, body, "
            "resolution) is missing; add it or set status: draft",
        )


def _ordered(ctx: Context, path: tuple[Any, ...], key: str, what: str, owner: str) -> Iterator[Hit]:
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
            yield Hit(
                (*ipath, key),
                f"{owner}: {what} {value} comes after one of {previous}; list them oldest first",
            )
        previous = current if previous is None or current > previous else previous


@rule("date-order")
def date_order(ctx: Context) -> Iterator[Hit]:
    """Dated lists are in date order, oldest first: a measure's `log`, an indicator's
    `values`, a network's `meetings`, and `reviews`.

    Why: the newest entry is taken as the current state (Sachstand, latest value); a
    list out of order would report an old state as the current one.

    Bad:
      log:
        - {date: 2025-05-12, note: Zweiter Kurs läuft.}
        - {date: 2024-10-01, note: Erster Kurs gestartet.}
    Good:
      log:
        - {date: 2024-10-01, note: Erster Kurs gestartet.}
        - {date: 2025-05-12, note: Zweiter Kurs läuft.}
    """
    for mpath, m in ctx.measures():
        yield from _ordered(ctx, (*mpath, "log"), "date", "log entry of", label(m, "measure"))
    for ipath, ind in ctx.indicators():
        yield from _ordered(
            ctx, (*ipath, "values"), "year", "value of year", label(ind, "indicator")
        )
    for npath, net in ctx.items("networks"):
        yield from _ordered(ctx, (*npath, "meetings"), "date", "meeting of", label(net, "network"))
    yield from _ordered(ctx, ("reviews",), "date", "review of", "reviews")


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
                    f"{label(ind, 'indicator')}: {ctx.get(*path)} percent is "
                    "outside 0..100; check the value or the unit",
                )
    for fpath, fig in ctx.items("situation", "figures"):
        value = _number(fig.get("value"))
        if fig.get("unit") == "percent" and value is not None and not 0 <= value <= 100:
            yield Hit(
                (*fpath, "value"),
                f"{label(fig, 'figure')}: {fig.get('value')} percent is outside 0..100",
            )
