"""References: every id that a concept names exists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import Context, Hit, did_you_mean, label, rule


def _unknown(
    ctx: Context, path: tuple[Any, ...], owner: str, what: str, value: Any, known: set[str]
) -> Hit:
    other = ""
    if isinstance(value, str) and value in ctx.ids:
        other = f" ('{value}' is a {ctx.ids[value][0][0]}, not a {what})"
    return Hit(
        path, f"{owner}: {what} '{value}' does not exist{other or did_you_mean(value, known)}"
    )


def _each(ctx: Context, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    value = ctx.get(*path)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, i), item
    elif isinstance(value, str):
        yield path, value


@rule("unknown-reference")
def unknown_reference(ctx: Context) -> Iterator[Hit]:
    """Every id a concept names exists: a measure's goals, lead, partners and target
    groups; a network's convener and members; a review's `by`; a log entry's `by`.
    `municipality.district`, `contributes_to` and a measure's `scope` are checked
    whenever the concept they name is in the workspace (a town may keep its repository
    alone). Actors may come from the concept's own `actors:` or from the shared
    `actors.yaml`.

    Why: a dangling id makes a measure lose its goal, its lead or its partners in every
    document and review.

    Bad:
      measures:
        - id: M-SPR-01
          goals: [Z-SPR-9]     # there is no goal Z-SPR-9
          lead: vhs-rastat     # misspelt
    Good:
      measures:
        - id: M-SPR-01
          goals: [Z-SPR-1]
          lead: vhs-rastatt
    """
    goals = ctx.ids_of("goal")
    actors = ctx.ids_of("actor") | ctx.workspace.registry_actors
    groups = ctx.ids_of("target group")
    contacts = ctx.ids_of("contact")
    for mpath, m in ctx.measures():
        owner = label(m, "measure")
        for path, value in _each(ctx, (*mpath, "goals")):
            if value not in goals:
                yield _unknown(ctx, path, owner, "goal", value, goals)
        for key, what, known in (
            ("lead", "actor", actors),
            ("partners", "actor", actors),
            ("target_groups", "target group", groups),
        ):
            for path, value in _each(ctx, (*mpath, key)):
                if value not in known:
                    yield _unknown(ctx, path, owner, what, value, known)
        for lpath, _entry in ctx.items(*mpath, "log"):
            for path, value in _each(ctx, (*lpath, "by")):
                if value not in contacts:
                    yield _unknown(ctx, path, f"{owner}, log entry", "contact", value, contacts)
        towns = ctx.workspace.municipality_ids
        if towns:
            for path, value in _each(ctx, (*mpath, "scope")):
                if value not in towns:
                    yield _unknown(ctx, path, owner, "town or municipality", value, towns)
    for npath, net in ctx.items("networks"):
        owner = label(net, "network")
        for key in ("convener", "members"):
            for path, value in _each(ctx, (*npath, key)):
                if value not in actors:
                    yield _unknown(ctx, path, owner, "actor", value, actors)
    for rpath, _review in ctx.items("reviews"):
        for path, value in _each(ctx, (*rpath, "by")):
            if value not in contacts:
                yield _unknown(ctx, path, "review", "contact", value, contacts)
    yield from _across(ctx)


def _across(ctx: Context) -> Iterator[Hit]:
    ws = ctx.workspace
    district = ctx.get("municipality", "district")
    if isinstance(district, str) and ws.has_concept(district):
        other = ws.concept_data(district)
        kind = (
            other.get("municipality", {}).get("type")
            if isinstance(other, dict) and isinstance(other.get("municipality"), dict)
            else None
        )
        if kind not in (None, "district"):
            yield Hit(
                ("municipality", "district"),
                f"municipality.district names '{district}', which is a {kind}, not a district",
            )
    for gpath, goal, _fld in ctx.goals():
        for path, value in _each(ctx, (*gpath, "contributes_to")):
            concept, _, goal_id = value.partition(":")
            if not goal_id or not ws.has_concept(concept):
                continue
            other_goals = ws.goal_ids(concept)
            if goal_id not in other_goals:
                yield Hit(
                    path,
                    f"{label(goal, 'goal')}: contributes_to names goal "
                    f"'{goal_id}', which concept '{concept}' does not have"
                    f"{did_you_mean(goal_id, other_goals)}",
                )
