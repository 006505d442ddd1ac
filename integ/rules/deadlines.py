"""Deadlines: what is overdue, measured against today (or --today)."""

from __future__ import annotations

from collections.abc import Iterator

from ..concept import add_months, next_review, parse_date, parse_period, valid_cycle
from . import WARNING, Context, Hit, label, rule

ACTIVE = ("planned", "ongoing")


@rule("review-overdue", WARNING)
def review_overdue(ctx: Context) -> Iterator[Hit]:
    """The concept's review is not overdue: `review.next` (or `review.last` plus
    `cycle_months`) lies in the future.

    Why: the concept is to be checked and carried forward (Fortschreibung) in its
    cycle; `integ review` puts an overdue review at the top of the agenda.

    Bad:
      review: {cycle_months: 12, last: 2024-03-01}   # today 2026-11-25
    Good:
      review: {cycle_months: 24, last: 2025-05-12}
    """
    due = next_review(ctx.get("review"), ctx.get("adopted"))
    if due and due < ctx.today:
        where = ("review", "next") if ctx.get("review", "next") else ("review", "last")
        yield Hit(
            where,
            f"the review of the concept was due on {due.isoformat()}; run "
            "'integ review' and record it (review.last)",
        )


@rule("measure-overdue", WARNING)
def measure_overdue(ctx: Context) -> Iterator[Hit]:
    """A measure that is `planned` or `ongoing` has not passed its `end`.

    Why: either the measure ended (set `completed`, or `permanent` if it became a
    regular service) or its end moved (set a new `end`).

    Bad:
      status: ongoing
      end: 2025-12     # today 2026-11-25
    Good:
      status: completed
      end: 2025-12
    """
    for mpath, m in ctx.measures():
        end = parse_period(m.get("end"), end=True)
        if m.get("status") in ACTIVE and end and end < ctx.today:
            yield Hit(
                (*mpath, "end"),
                f"{label(m, 'measure')} is still {m['status']} "
                f"but ended {m.get('end')}; set its status or a "
                "new end",
            )


@rule("measure-not-started", WARNING)
def measure_not_started(ctx: Context) -> Iterator[Hit]:
    """A measure whose `start` has passed is no longer `planned`.

    Why: it has started (`ongoing`) or it has not (`postponed`, with a reason, and a
    new `start`).

    Bad:
      status: planned
      start: 2025-03
    Good:
      status: ongoing
      start: 2025-03
    """
    for mpath, m in ctx.measures():
        start = parse_period(m.get("start"))
        if m.get("status") == "planned" and start and start < ctx.today:
            yield Hit(
                (*mpath, "start"),
                f"{label(m, 'measure')} is still planned but "
                f"was to start {m.get('start')}; set ongoing, "
                "or postponed with a reason and a new start",
            )


@rule("review-by-past", WARNING)
def review_by_past(ctx: Context) -> Iterator[Hit]:
    """A measure's `review_by` date has not passed (completed and dropped measures
    are left alone).

    Why: `review_by` is the date by which someone promised to look at the measure again.

    Bad:
      review_by: 2026-03-31   # today 2026-11-25
    Good:
      review_by: 2027-03-31
    """
    for mpath, m in ctx.measures():
        due = parse_date(m.get("review_by"))
        if due and due < ctx.today and m.get("status") not in ("completed", "dropped"):
            yield Hit(
                (*mpath, "review_by"),
                f"{label(m, 'measure')} was to be looked at "
                f"again by {due.isoformat()}; review it and "
                "set a new review_by",
            )


@rule("funding-ends-early", WARNING)
def funding_ends_early(ctx: Context) -> Iterator[Hit]:
    """A measure's funding (`budget.until`) lasts as long as the measure (`end`).

    Why: funding that runs out before the measure ends needs a follow-up application
    or a decision, in time for the budget.

    Bad:
      end: 2027-12
      budget: {amount: 12000, per: year, until: 2026-12}
    Good:
      end: 2027-12
      budget: {amount: 12000, per: year, until: 2027-12}
    """
    for mpath, m in ctx.measures():
        budget = m.get("budget")
        if not isinstance(budget, dict) or m.get("status") in ("completed", "dropped"):
            continue
        until = parse_period(budget.get("until"), end=True)
        end = parse_period(m.get("end"), end=True)
        if until and end and until < end:
            yield Hit(
                (*mpath, "budget", "until"),
                f"{label(m, 'measure')}: funding ends {budget.get('until')}, before "
                f"the measure ends ({m.get('end')}); plan the follow-up funding",
            )


@rule("measure-stale", WARNING)
def measure_stale(ctx: Context) -> Iterator[Hit]:
    """An `ongoing` measure has a log entry (Sachstand) within the review cycle.

    Why: without a recent Sachstand, nobody can tell the council how the measure is going.

    Bad:
      status: ongoing
      log:
        - {date: 2023-02-01, note: Start mit 12 Teilnehmenden.}  # cycle 24 months
    Good:
      status: ongoing
      log:
        - {date: 2026-05-12, note: 3 Kurse mit 40 Teilnehmenden.}
    """
    cycle = ctx.get("review", "cycle_months")
    if not valid_cycle(cycle):
        return
    for mpath, m in ctx.measures():
        if m.get("status") != "ongoing":
            continue
        dated = [(d, p) for p, e in ctx.items(*mpath, "log") if (d := parse_date(e.get("date")))]
        newest, where = max(dated, default=(None, None))
        if newest is not None:
            if add_months(newest, cycle) < ctx.today:
                yield Hit(
                    (*where, "date"),
                    f"{label(m, 'measure')}: the newest Sachstand "
                    f"is from {newest.isoformat()}, longer ago "
                    f"than the review cycle ({cycle} months); add "
                    "a log entry",
                )
        else:
            start = parse_period(m.get("start"))
            if start and add_months(start, cycle) < ctx.today:
                yield Hit(
                    (*mpath, "status"),
                    f"{label(m, 'measure')} is ongoing since "
                    f"{m.get('start')} and has no Sachstand "
                    "yet; add a log entry",
                )
