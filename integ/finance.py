"""The financial effects of a concept: month-exact sums per calendar year and payer.

A yearly amount counts one twelfth for every month the measure runs (from its
``start`` to the earliest of its ``end``, the budget's ``until`` and the concept's
period end; ``2024-07`` to ``2026-06`` is 24 months, so 52.000 €/Jahr make 104.000 €,
not three full years). A total amount is spread evenly over the months of its run.
Only months after the month of the submission (``--today``) are effects: what is
spent already is no decision of the council. Amounts are grouped by who pays
(``budget.source``, or ``budget.shares`` for mixed funding); a budget without a source
keeps its own ``funding`` text as its row, so that different payers are never one
figure without their breakdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .dates import parse_period

#: the order of payers in the table (the format's ``budget.source`` values)
SOURCES = ("district", "municipality", "state", "federal", "eu", "jobcenter", "foundation", "other")


@dataclass
class Row:
    """One payer (``source``) or, without a source, one funding text (``funding``)."""

    source: str | None
    funding: str
    years: dict[int, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.years.values())


@dataclass
class Effects:
    rows: list[Row]
    years: list[int]
    #: measures with a yearly amount but no end in the data (id, amount per year, row key)
    open_ended: list[tuple[str, float, str]]

    def year_sum(self, year: int) -> float:
        return sum(r.years.get(year, 0.0) for r in self.rows)

    @property
    def total(self) -> float:
        return sum(r.total for r in self.rows)

    def by_source(self, source: str) -> float:
        return sum(r.total for r in self.rows if r.source == source)


def _month(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def months(start: Any, end: Any) -> list[tuple[int, int]]:
    """The (year, month) pairs from ``start`` to ``end`` (both as the format writes
    periods: 2024, 2024-07, 2024-07-15), both included; empty when one is missing."""
    a, b = parse_period(start), parse_period(end, end=True)
    if a is None or b is None or b < a:
        return []
    return [(m // 12, m % 12 + 1) for m in range(_month(a), _month(b) + 1)]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _parts(budget: dict[str, Any], amount: float) -> list[tuple[str | None, str, float]]:
    """(source, funding text, amount) of a budget: its shares, else its one source."""
    funding = str(budget.get("funding") or "")
    shares = [s for s in budget.get("shares") or [] if isinstance(s, dict)]
    out: list[tuple[str | None, str, float]] = []
    if shares:
        rest = amount
        for s in shares:
            value = _number(s.get("amount"))
            if value is None or s.get("source") not in SOURCES:
                continue
            out.append((str(s["source"]), "", value))
            rest -= value
        if abs(rest) >= 0.5:  # shares that do not add up: the rest stays visible
            out.append((None, funding, rest))
        return out
    source = budget.get("source")
    if source in SOURCES:
        return [(str(source), "", amount)]
    return [(None, funding, amount)]


def effects(
    measures: list[dict[str, Any]], period: dict[str, Any] | None, today: dt.date
) -> Effects:
    """The effects from the month after ``today`` on, of the concept's measures
    (raw measure mappings as in the concept file)."""
    period = period or {}
    first = _month(today) + 1
    rows: dict[tuple[str | None, str], Row] = {}
    open_ended: list[tuple[str, float, str]] = []
    for m in measures:
        budget = m.get("budget") if isinstance(m.get("budget"), dict) else None
        amount = _number(budget.get("amount")) if budget else None
        if budget is None or amount is None or m.get("status") in ("dropped", "completed"):
            continue
        ends = [
            d
            for d in (m.get("end"), budget.get("until"), period.get("end"))
            if parse_period(d, end=True) is not None
        ]
        end = min(ends, key=lambda d: parse_period(d, end=True)) if ends else None  # type: ignore[arg-type,return-value]
        start = m.get("start") if parse_period(m.get("start")) else period.get("start")
        run = months(start, end)
        per_year = budget.get("per", "year") != "total"
        for source, funding, value in _parts(budget, amount):
            key = (source, "" if source else funding)
            if end is None and per_year:
                open_ended.append((str(m.get("id", "")), value, source or funding))
                continue
            if not run:
                continue
            share = value / 12 if per_year else value / len(run)
            for year, month in run:
                if year * 12 + month - 1 < first:
                    continue
                row = rows.setdefault(key, Row(source, key[1]))
                row.years[year] = row.years.get(year, 0.0) + share
    order = {s: i for i, s in enumerate(SOURCES)}
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.source is None, order.get(r.source or "", 99), r.funding),
    )
    for r in ordered:  # cents from twelfths: whole euros, as budgets are written
        r.years = {y: round(v, 2) for y, v in r.years.items() if round(v, 2)}
    ordered = [r for r in ordered if r.years]
    years = sorted({y for r in ordered for y in r.years})
    return Effects(ordered, years, open_ended)


__all__ = ["SOURCES", "Effects", "Row", "effects", "months"]
