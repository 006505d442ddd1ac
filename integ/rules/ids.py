"""Identity: every id is unique within its concept, and the concept's id is its file name.

Findings (message id: params; subject):

* ``finding.duplicate-id``: id, kind (of this item), first_kind, first_line; the item
  (its kind, its id);
* ``finding.id-mismatch``: id, stem; the concept.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import SUBJECT_KIND, Context, Hit, Subject, rule


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
            kind = SUBJECT_KIND.get(kind, kind)
            yield Hit(
                (*path, "id"),
                "finding.duplicate-id",
                params={
                    "id": ident,
                    "kind": kind,
                    "first_kind": SUBJECT_KIND.get(first_kind, first_kind),
                    "first_line": first_line,
                },
                subject=Subject(kind, ident),
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
            "finding.id-mismatch",
            params={"id": ident, "stem": ctx.stem},
            subject=Subject("concept", ident),
        )
