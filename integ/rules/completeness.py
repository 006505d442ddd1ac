"""Completeness: what a concept needs so that it can be followed up.

Findings (params; subject: the item named):

* ``finding.completed-without-end``: id, title; the measure;
* ``finding.status-without-reason``: id, title, status; the measure;
* ``finding.goal-without-indicator``, ``finding.goal-without-measure``: id, title;
  the goal;
* ``finding.field-without-goals``: id, title; the field of action;
* ``finding.indicator-without-recent-value``: id, title, since (the oldest year that
  counts as recent), newest (the newest year), due (YYYY-MM-DD: the last day the
  newest value counted as recent, integ.dates.indicator_due); the indicator.
  ``finding.indicator-without-recent-value.none``: the same without newest (no values;
  due from the baseline's year, absent when there is none);
* ``finding.target-wrong-direction.increase`` / ``.decrease``: id, title, direction,
  target, baseline; the indicator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..dates import indicator_due
from . import WARNING, Context, Hit, about, iso, rule, subject_of


@rule("completed-without-end", WARNING)
def completed_without_end(ctx: Context) -> Iterator[Hit]:
    """A `completed` measure says when it ended (`end`).

    Why: the review report and the council want to know when a measure was finished.

    Bad:
      status: completed
    Good:
      status: completed
      end: 2025-06
    """
    for mpath, m in ctx.measures():
        if m.get("status") == "completed" and m.get("end") is None:
            yield Hit(
                (*mpath, "status"),
                "finding.completed-without-end",
                params=about(m, mpath),
                subject=subject_of(m, "measure"),
            )


@rule("status-without-reason", WARNING)
def status_without_reason(ctx: Context) -> Iterator[Hit]:
    """A `postponed`, `paused` or `dropped` measure gives a `status_reason`.

    Why: the council will ask why; the answer belongs in the concept.

    Bad:
      status: dropped
    Good:
      status: dropped
      status_reason: Förderung ausgelaufen; Angebot übernimmt die Caritas.
    """
    for mpath, m in ctx.measures():
        reason = m.get("status_reason")
        if m.get("status") in ("postponed", "paused", "dropped") and not (
            isinstance(reason, str) and reason.strip()
        ):
            yield Hit(
                (*mpath, "status"),
                "finding.status-without-reason",
                params=about(m, mpath, status=m["status"]),
                subject=subject_of(m, "measure"),
            )


@rule("goal-without-indicator", WARNING)
def goal_without_indicator(ctx: Context) -> Iterator[Hit]:
    """Every goal has at least one indicator.

    Why: without an indicator nobody can say whether the goal is being reached.

    Bad:
      goals:
        - id: Z-WOH-1
          title: Mehr Wohnraum für Geflüchtete
    Good:
      goals:
        - id: Z-WOH-1
          title: Mehr Wohnraum für Geflüchtete
          indicators:
            - {id: I-WOH-1, title: Vermittelte Wohnungen, unit: count, ...}
    """
    for gpath, goal, _fld in ctx.goals():
        if not goal.get("indicators"):
            yield Hit(
                (*gpath, "id"),
                "finding.goal-without-indicator",
                params=about(goal, gpath),
                subject=subject_of(goal, "goal"),
            )


@rule("goal-without-measure", WARNING)
def goal_without_measure(ctx: Context) -> Iterator[Hit]:
    """Every goal is served by at least one measure (a measure lists it in `goals`).

    Why: a goal that no measure works towards is a wish, not a plan.

    Bad:
      a goal Z-GES-2 that no measure names in its goals
    Good:
      measures:
        - id: M-GES-04
          goals: [Z-GES-2]
    """
    served: set[str] = set()
    for _mpath, m in ctx.measures():
        goals = m.get("goals")
        if isinstance(goals, list):
            served.update(g for g in goals if isinstance(g, str))
    for gpath, goal, _fld in ctx.goals():
        if isinstance(goal.get("id"), str) and goal["id"] not in served:
            yield Hit(
                (*gpath, "id"),
                "finding.goal-without-measure",
                params=about(goal, gpath),
                subject=subject_of(goal, "goal"),
            )


@rule("field-without-goals", WARNING)
def field_without_goals(ctx: Context) -> Iterator[Hit]:
    """Every field of action (Handlungsfeld) has at least one goal.

    Why: a field without goals has nothing to review.

    Bad:
      - id: wohnen
        title: Wohnen
    Good:
      - id: wohnen
        title: Wohnen
        goals:
          - {id: Z-WOH-1, title: ..., indicators: [...]}
    """
    for fpath, fld in ctx.items("fields"):
        if not fld.get("goals"):
            yield Hit(
                (*fpath, "id"),
                "finding.field-without-goals",
                params=about(fld, fpath),
                subject=subject_of(fld, "field"),
            )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@rule("indicator-without-recent-value", WARNING)
def indicator_without_recent_value(ctx: Context) -> Iterator[Hit]:
    """An indicator has a value from the last two years (this year or last year).

    Why: progress can only be judged with current figures; ask the source (BAMF,
    Bundesagentur für Arbeit, Statistisches Landesamt) for the latest value.

    Bad:
      values:
        - {year: 2023, value: 51}    # today 2026-11-25
    Good:
      values:
        - {year: 2023, value: 51}
        - {year: 2025, value: 56}
    """
    oldest_ok = ctx.today.year - 1
    for ipath, ind in ctx.indicators():
        dated = [
            (v.get("year"), p)
            for p, v in ctx.items(*ipath, "values")
            if isinstance(v.get("year"), int) and not isinstance(v.get("year"), bool)
        ]
        years = [y for y, _ in dated]
        if years and max(years) >= oldest_ok:
            continue
        baseline = ctx.get(*ipath, "baseline", "year")
        if not years and isinstance(baseline, int) and baseline >= oldest_ok:
            continue
        params = about(ind, ipath, since=oldest_ok)
        due = iso(indicator_due(ind))
        if due:
            params["due"] = due
        if years:
            yield Hit(
                (*max(dated)[1], "year"),
                "finding.indicator-without-recent-value",
                params={**params, "newest": max(years)},
                subject=subject_of(ind, "indicator"),
            )
        else:
            yield Hit(
                (*ipath, "id"),
                "finding.indicator-without-recent-value.none",
                params=params,
                subject=subject_of(ind, "indicator"),
            )


@rule("target-wrong-direction", WARNING)
def target_wrong_direction(ctx: Context) -> Iterator[Hit]:
    """An indicator's target lies on the side of its baseline that its `direction`
    calls progress.

    Why: `direction: increase` with a target below the baseline is usually a typo in
    one of the three; progress would be reported backwards.

    Bad:
      direction: increase
      baseline: {value: 48, year: 2022}
      target: {value: 40, year: 2027}
    Good:
      direction: increase
      baseline: {value: 48, year: 2022}
      target: {value: 60, year: 2027}
    """
    for ipath, ind in ctx.indicators():
        base = _number(ctx.get(*ipath, "baseline", "value"))
        target = _number(ctx.get(*ipath, "target", "value"))
        direction = ind.get("direction", "increase")
        if base is None or target is None:
            continue
        if (direction == "increase" and target < base) or (
            direction == "decrease" and target > base
        ):
            yield Hit(
                (*ipath, "target", "value"),
                f"finding.target-wrong-direction.{direction}",
                params=about(
                    ind,
                    ipath,
                    direction=direction,
                    target=ctx.get(*ipath, "target", "value"),
                    baseline=ctx.get(*ipath, "baseline", "value"),
                ),
                subject=subject_of(ind, "indicator"),
            )
