"""Identity: every id is unique within its concept, and the concept's id is its file name."""

from __future__ import annotations

from collections.abc import Iterator

from . import Context, Hit, rule


@rule("duplicate-id")
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    """An id is used only once in a concept, across fields, goals, indicators, measures,
    actors, contacts, target groups, figures and networks.

    Why: references such as a measure's `goals` or `lead` name items by id; an id used
    twice makes them ambiguous.

    Bad:
      fields:
        - id: sprache
      target_groups:
        - id: sprache
    Good:
      fields:
        - id: sprache
      target_groups:
        - id: sprachlernende
    """
    for ident, where in ctx.ids.items():
        if len(where) < 2:
            continue
        first_kind, first_path = where[0]
        first_line = ctx.doc.locate((*first_path, "id")).line
        for kind, path in where[1:]:
            yield Hit(
                (*path, "id"),
                f"id '{ident}' of this {kind} is already used by the {first_kind} "
                f"on line {first_line}; ids must be unique within the concept",
            )


@rule("id-mismatch")
def id_mismatch(ctx: Context) -> Iterator[Hit]:
    """The concept's `id` equals its file name without `.yaml`.

    Why: other concepts, the district and git history find a concept by its id; a file
    called stadt-gaggenau.yaml must hold the concept stadt-gaggenau.

    Bad:
      # file concepts/stadt-gaggenau.yaml
      id: gaggenau
    Good:
      # file concepts/stadt-gaggenau.yaml
      id: stadt-gaggenau
    """
    ident = ctx.get("id")
    if isinstance(ident, str) and ident != ctx.stem:
        yield Hit(
            ("id",),
            f"id '{ident}' differs from the file name '{ctx.stem}'; "
            f"rename the file to {ident}.yaml or set id: {ctx.stem}",
        )
