"""Glossary: abbreviations the concept's text uses are explained in ``glossary:``.

Findings (params; subject: the element whose text uses it):

* ``finding.abbreviation-unexplained``: id (of that element), term (the abbreviation),
  at its first use. Names (of actors, contacts, target groups, networks) are proper
  names and not looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import WARNING, Context, Hit, rule, subject_at

_CANDIDATE = re.compile(r"(?<![\w-])[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,5}(?!\w|-\d)")
# names (of actors, contacts, target groups, networks) are proper names, not prose
#: keys whose values are names, references or file numbers (Vorlage-Nr., Aktenzeichen), not prose
SKIP_KEYS = {
    "id",
    "ref",
    "name",
    "glossary",
    "format",
    "municipality",
    "lead",
    "partners",
    "scope",
    "number",
    "file_reference",
}


def _texts(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in SKIP_KEYS:
                yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))


def abbreviations_in(text: str) -> list[str]:
    """All-caps words of 2 to 6 letters and short words with a capital inside (MiMi,
    DaZ); identifiers (KT-2023-045) and Roman numerals (SGB II) are none."""
    return [
        word
        for word in (m.group(0) for m in _CANDIDATE.finditer(text))
        if sum(c.isupper() for c in word) >= 2 and not re.fullmatch(r"[IVXLC]+", word)
    ]


@rule("abbreviation-unexplained", WARNING)
def abbreviation_unexplained(ctx: Context) -> Iterator[Hit]:
    """An abbreviation the text uses (VABO, VKL, MiMi) is explained in `glossary`.

    Why: the concept document lists the glossary for councillors and citizens who do
    not know the abbreviations of the field; one without an entry stays unexplained.

    Bad:
      title: Koordinierung der VKL
    Good:
      title: Koordinierung der VKL
      glossary:
        - {term: VKL, explanation: Vorbereitungsklasse für neu zugewanderte Kinder}
    """
    known = {str(e.get("term")) for _, e in ctx.items("glossary") if isinstance(e.get("term"), str)}
    seen: set[str] = set()
    for path, text in _texts(ctx.data, ()):
        for word in abbreviations_in(text):
            if word in known or word in seen:
                continue
            seen.add(word)
            subject = subject_at(ctx.data, path)
            yield Hit(
                path,
                "finding.abbreviation-unexplained",
                params={"id": subject.id or "", "term": word},
                subject=subject,
            )
