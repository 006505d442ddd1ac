"""Placeholders: the example texts of `integ new`'s skeleton, left as they were.

* ``finding.placeholder-text``: field (the key the text is under); subject: the
  element the text belongs to.

The skeleton's texts are the catalogue's (``skeleton.*``, listed in
``integ.scaffold.PLACEHOLDERS``), in German or, under ``--lang en``, in English; a text
is a placeholder when it equals one of them in either language (spaces and line
breaks aside; a ``{field}`` of the template stands for any words).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from . import WARNING, Context, Hit, rule, subject_at


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    from ..i18n import LANGS, _lookup
    from ..scaffold import PLACEHOLDERS

    out = []
    for lang in LANGS:
        for msgid in PLACEHOLDERS:
            text = _lookup(msgid, lang)
            if not text:
                continue
            parts = re.split(r"\{[^{}]*\}", " ".join(text.split()))
            out.append(re.compile(".+?".join(re.escape(p) for p in parts), re.IGNORECASE))
    return tuple(out)


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is one of the skeleton's example texts."""
    plain = " ".join(text.split())
    return bool(plain) and any(p.fullmatch(plain) for p in _patterns())


def _strings(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "id":
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))


@rule("placeholder-text", WARNING)
def placeholder_text(ctx: Context) -> Iterator[Hit]:
    """No example text of `integ new`'s skeleton is left unchanged.

    Why: the skeleton explains itself with example texts ("Beschreiben Sie hier …",
    "Beispielziel: …"); left in, they go into council documents. Replace them with
    your own words, or remove the example (`integ remove M-SPR-01`).

    Bad:
      vision: |
        Unser Leitbild: Wie wollen wir in unserer Kommune zusammenleben? Beschreiben
        Sie hier in wenigen Sätzen, wofür die Integrationsarbeit steht.
    Good:
      vision: |
        Gaggenau ist eine Stadt, in der alle, die hier leben, mitreden können.
    """
    for key, value in ctx.data.items():
        for path, text in _strings(value, (key,)):
            if is_placeholder(text):
                named = next((p for p in reversed(path) if isinstance(p, str)), key)
                yield Hit(
                    path,
                    "finding.placeholder-text",
                    params={"field": named},
                    subject=subject_at(ctx.data, path),
                )


def count_in_file(path: Any) -> int:
    """How many example texts a concept file still has (0 when it does not load)."""
    from .. import yaml_io

    doc = yaml_io.load(path)
    if not doc.ok or not isinstance(doc.data, dict):
        return 0
    return sum(1 for _, text in _strings(doc.data, ()) if is_placeholder(text))
