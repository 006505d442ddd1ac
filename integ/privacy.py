"""What a public audience may see of a concept: the one privacy filter.

Every document, summary, export or diff meant for the public is made from the concept
that ``for_audience`` returns, before anything is diffed, rendered, summarised or
exported. A contact that is not marked ``public: true`` (exactly the boolean) loses
every field: it is left out entirely, and so is every reference to it (``reviews[].by``,
``measures[].log[].by``), because a role such as "Integrationsbeauftragte der Gemeinde
X" or an id such as ``erika-beispiel`` identifies the person as well as the name does.
"""

from __future__ import annotations

from typing import Any

PUBLIC = "public"
INTERNAL = "internal"


def for_audience(concept: Any, audience: str = PUBLIC) -> Any:
    """The concept as ``audience`` may see it; the input is never changed.

    ``internal``: the concept itself. ``public`` (and any other value: when in doubt,
    publish less): a copy without the contacts that are not public and without the
    ``by:`` of reviews and log entries that name anyone but a public contact."""
    if audience == INTERNAL or not isinstance(concept, dict):
        return concept
    contacts = concept.get("contacts")
    kept = [
        c
        for c in (contacts if isinstance(contacts, list) else [])
        if isinstance(c, dict) and c.get("public") is True and isinstance(c.get("id"), str)
    ]
    public = {c["id"] for c in kept}
    out = dict(concept)
    if "contacts" in concept:
        out["contacts"] = [dict(c) for c in kept]

    def unnamed(entries: Any) -> Any:
        if not isinstance(entries, list):
            return entries
        return [
            {k: v for k, v in e.items() if k != "by"}
            if isinstance(e, dict) and "by" in e and not _names(e.get("by"), public)
            else e
            for e in entries
        ]

    if "reviews" in concept:
        out["reviews"] = unnamed(concept.get("reviews"))
    measures = concept.get("measures")
    if isinstance(measures, list):
        out["measures"] = [
            {**m, "log": unnamed(m.get("log"))} if isinstance(m, dict) and "log" in m else m
            for m in measures
        ]
    return out


def _names(by: Any, public: set[str]) -> bool:
    return isinstance(by, str) and by in public


__all__ = ["INTERNAL", "PUBLIC", "for_audience"]
