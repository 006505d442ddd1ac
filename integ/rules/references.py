"""References: every id that a concept names exists.

Findings of ``unknown-reference`` (subject: the item that names the id; params: owner
(its id), owner_kind, value (the id named), what (the kind expected), and in the
``.suggest`` variants the closest existing id as ``suggestion``):

* ``finding.unknown-reference.goal[.suggest]``: a measure's `goals`;
* ``finding.unknown-reference.actor[.suggest]``: lead, partners, convener, members;
  also ``registry`` (the file name of the shared registry, where actors may be
  declared besides the concept's `actors:`);
* ``finding.unknown-reference.target_group[.suggest]``: a measure's `target_groups`;
* ``finding.unknown-reference.contact[.suggest]``: a log entry's or a review's `by`;
* ``finding.unknown-reference.scope[.suggest]``: a measure's `scope`;
* ``finding.unknown-reference.wrong-kind``: the id exists but is another kind of
  element (``actual``);
* ``finding.unknown-reference.district``: district, kind;
* ``finding.unknown-reference.contributes-to[.suggest]``: goal, concept.

A value that is not a valid id (umlauts, spaces) is left to the structural rule
``invalid-value``, which suggests the transliterated id; a value that is the
transliteration of a declared id (or whose transliteration is declared) is not
reported either: one mistake, one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..concept import ID_PATTERN
from . import Context, Hit, Subject, rule, subject_at, suggest, transliterate

_VALID_ID = re.compile(ID_PATTERN)


def _close(value: str, known: set[str]) -> str | None:
    """An id one or two typos away ("caritas-x" is not "vhs-x")."""
    return suggest(value, known, max_edits=1 if len(value) < 8 else 2)


def _known(value: str, known: set[str]) -> bool:
    """Known, or one umlaut away from a known id (the id itself is reported)."""
    if value in known:
        return True
    if not _VALID_ID.match(value):
        return True  # invalid-value reports it, with the transliterated suggestion
    return any(value in _folds(k) for k in known if not _VALID_ID.match(k))


def _folds(ident: str) -> set[str]:
    """The ASCII spellings of an id with umlauts: ü as ue (the suggestion) and as u."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode("ascii")
    return {transliterate(ident), "-".join(plain.split())}


def _unknown(
    ctx: Context,
    path: tuple[Any, ...],
    what: str,
    value: str,
    known: set[str],
    **extra: Any,
) -> Hit:
    subject = subject_at(ctx.data, path)
    params: dict[str, Any] = {
        "owner": subject.id or "",
        "owner_kind": subject.kind,
        "value": value,
        "what": what,
        **extra,
    }
    if value in ctx.ids and what != "scope":
        actual = ctx.ids[value][0][0].replace(" ", "_")
        return Hit(
            path,
            "finding.unknown-reference.wrong-kind",
            params={**params, "actual": actual},
            subject=subject,
        )
    # a private contact's id (often the person's name) is never offered in a finding,
    # which CI logs and pull requests show to anyone
    pool = _public_contacts(ctx) & known if what == "contact" else known
    close = _close(value, pool)
    if close:
        return Hit(
            path,
            f"finding.unknown-reference.{what}.suggest",
            params={**params, "suggestion": close},
            subject=subject,
        )
    return Hit(path, f"finding.unknown-reference.{what}", params=params, subject=subject)


def _public_contacts(ctx: Context) -> set[str]:
    from ..privacy import for_audience

    public = for_audience(ctx.data).get("contacts") if isinstance(ctx.data, dict) else None
    return {c["id"] for c in public or [] if isinstance(c, dict) and isinstance(c.get("id"), str)}


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
    registry = ctx.workspace.registry_path.name
    for mpath, _m in ctx.measures():
        for path, value in _each(ctx, (*mpath, "goals")):
            if not _known(value, goals):
                yield _unknown(ctx, path, "goal", value, goals)
        for key, what, known in (
            ("lead", "actor", actors),
            ("partners", "actor", actors),
            ("target_groups", "target_group", groups),
        ):
            for path, value in _each(ctx, (*mpath, key)):
                if not _known(value, known):
                    extra = {"registry": registry} if what == "actor" else {}
                    yield _unknown(ctx, path, what, value, known, **extra)
        for lpath, _entry in ctx.items(*mpath, "log"):
            for path, value in _each(ctx, (*lpath, "by")):
                if not _known(value, contacts):
                    yield _unknown(ctx, path, "contact", value, contacts)
        towns = ctx.workspace.municipality_ids
        if towns:
            for path, value in _each(ctx, (*mpath, "scope")):
                if not _known(value, towns):
                    yield _unknown(ctx, path, "scope", value, towns)
    for npath, _net in ctx.items("networks"):
        for key in ("convener", "members"):
            for path, value in _each(ctx, (*npath, key)):
                if not _known(value, actors):
                    yield _unknown(ctx, path, "actor", value, actors, registry=registry)
    for rpath, _review in ctx.items("reviews"):
        for path, value in _each(ctx, (*rpath, "by")):
            if not _known(value, contacts):
                yield _unknown(ctx, path, "contact", value, contacts)
    yield from _across(ctx)


def _across(ctx: Context) -> Iterator[Hit]:
    ws = ctx.workspace
    district = ctx.get("municipality", "district")
    concept = Subject("concept", ctx.get("id") if isinstance(ctx.get("id"), str) else None)
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
                "finding.unknown-reference.district",
                params={"district": district, "kind": kind},
                subject=concept,
            )
    for gpath, goal, _fld in ctx.goals():
        for path, value in _each(ctx, (*gpath, "contributes_to")):
            other_id, _, goal_id = value.partition(":")
            if not goal_id or not ws.has_concept(other_id):
                continue
            other_goals = ws.goal_ids(other_id)
            if goal_id not in other_goals:
                subject = subject_at(ctx.data, gpath)
                params: dict[str, Any] = {
                    "owner": subject.id or "",
                    "owner_kind": "goal",
                    "goal": goal_id,
                    "concept": other_id,
                }
                close = _close(goal_id, other_goals)
                yield Hit(
                    path,
                    "finding.unknown-reference.contributes-to" + (".suggest" if close else ""),
                    params={**params, "suggestion": close} if close else params,
                    subject=subject,
                )
