"""Deadlines: what is overdue, measured against today (or --today).

Every finding of these rules has ``params["due"]`` (YYYY-MM-DD), the last day on which
its subject was on time (integ.dates defines each); a rule fires when ``due < today``,
never on the due date itself. Review reads ``f.params["due"]`` and ``f.subject``.

* ``finding.review-overdue``: due (the next review date); subject the concept;
* ``finding.measure-overdue``: id, status, end (as written), due (the last day
  of ``end``); the measure;
* ``finding.measure-not-started``: id, start (as written), due (the first day
  of ``start``); the measure;
* ``finding.review-by-past``: id, due (``review_by``); the measure;
* ``finding.funding-ends-early``: id, until, end (as written), due (the last day
  of ``budget.until``); the measure;
* ``finding.measure-stale``: id, last (the newest log date), n (the review
  cycle in months), due (last + cycle); the measure.
  ``finding.measure-stale.no-log``: id, start, n, due (start + cycle).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import (
    funding_until,
    last_log,
    measure_end,
    measure_start,
    next_review,
    next_sachstand,
    parse_date,
    valid_cycle,
)
from . import WARNING, Context, Hit, about, iso, rule, subject_at, subject_of

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
            "finding.review-overdue",
            params={"due": due.isoformat()},
            subject=subject_at(ctx.data, ()),
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
        end = measure_end(m)
        if m.get("status") in ACTIVE and end and end < ctx.today:
            yield Hit(
                (*mpath, "end"),
                "finding.measure-overdue",
                params=about(m, mpath, status=m["status"], end=m.get("end"), due=iso(end)),
                subject=subject_of(m, "measure"),
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
        start = measure_start(m)
        if m.get("status") == "planned" and start and start < ctx.today:
            yield Hit(
                (*mpath, "start"),
                "finding.measure-not-started",
                params=about(m, mpath, start=m.get("start"), due=iso(start)),
                subject=subject_of(m, "measure"),
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
                "finding.review-by-past",
                params=about(m, mpath, due=iso(due)),
                subject=subject_of(m, "measure"),
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
        until = funding_until(m)
        end = measure_end(m)
        if until and end and until < end:
            yield Hit(
                (*mpath, "budget", "until"),
                "finding.funding-ends-early",
                params=about(m, mpath, until=budget.get("until"), end=m.get("end"), due=iso(until)),
                subject=subject_of(m, "measure"),
            )


@rule("measure-stale", WARNING)
def measure_stale(ctx: Context) -> Iterator[Hit]:
    """An `ongoing` measure has a log entry (Sachstand) within the review cycle.

    Why: without a recent log note, nobody can tell the council how the measure is going.

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
        due = next_sachstand(m, cycle)
        if due is None or not due < ctx.today:
            continue
        newest = last_log(m)
        if newest is not None:
            where = max(
                (p for p, e in ctx.items(*mpath, "log") if parse_date(e.get("date")) == newest),
                default=(*mpath, "log"),
            )
            yield Hit(
                (*where, "date"),
                "finding.measure-stale",
                params=about(m, mpath, last=iso(newest), n=cycle, due=iso(due)),
                subject=subject_of(m, "measure"),
            )
        else:
            yield Hit(
                (*mpath, "status"),
                "finding.measure-stale.no-log",
                params=about(m, mpath, start=m.get("start"), n=cycle, due=iso(due)),
                subject=subject_of(m, "measure"),
            )
