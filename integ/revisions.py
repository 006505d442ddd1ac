"""Many revisions of one concept, read quickly (for `integ log`, `diff`, `check`).

Consecutive revisions of a concept differ in a few items. The text is cut before every
top-level line and before every item of a top-level block list (`measures:` with its
`  - id: ...` items); each piece is parsed once by the project's loader
(``integ.yaml_io.load``) and remembered by its text, so a piece shared by 500 revisions
is parsed once.

The cutting only decides where pieces begin; what a piece *means* always comes from the
loader. In particular a top-level key is the key the loader reads from its line
(``"measures":`` and ``'fields':`` are the keys ``measures`` and ``fields``), never a
regular expression's idea of it. A text the pieces cannot represent exactly (anchors,
aliases, tags, tabs, several documents, a piece that does not parse on its own, a key
twice) is parsed whole.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import yaml_io

_TOP_LINE = re.compile(r"^[^\s#\-]", re.MULTILINE)
#: a line that may open a block list: a key and nothing else (a comment at most)
_LIST_HEAD = re.compile(r"^[^\s#].*:[ \t]*(#.*)?$")
_ITEM = re.compile(r"^( *- )", re.MULTILINE)
_FAILED = object()


def _has_references(text: str) -> bool:
    """Anchors, aliases or tags (`&a`, `*a`, `!tag` after a space or bracket): then the
    pieces of a file depend on each other."""
    for c in "&*!":
        i = text.find(c)
        while i != -1:
            before = text[i - 1] if i else "\n"
            after = text[i + 1 : i + 2]
            if before in " \n[{,:" and after and not after.isspace():
                return True
            i = text.find(c, i + 1)
    return False


class RevisionReader:
    """``data(raw)`` is what ``yaml_io.load`` reads from ``raw`` when it reads it
    without findings, else None (a revision that does not parse)."""

    def __init__(self) -> None:
        self._pieces: dict[str, Any] = {}

    def data(self, raw: bytes | None) -> Any:
        if raw is None:
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        if (
            "\t" in text
            or "\r" in text
            or text.startswith(("---", "...", "%"))
            or "\n---" in text
            or "\n..." in text
            or _has_references(text)
        ):
            return self._whole(raw)
        result = self._pieced(text)
        return result if result is not None else self._whole(raw)

    def _whole(self, raw: bytes) -> Any:
        doc = yaml_io.load(Path("revision.yaml"), "revision", data=raw)
        return doc.data if doc.ok else None

    def _parse(self, piece: str) -> Any:
        if piece not in self._pieces:
            doc = yaml_io.load(Path("piece.yaml"), "piece", data=piece.encode("utf-8"))
            self._pieces[piece] = doc.data if doc.ok and not doc.findings else _FAILED
        return self._pieces[piece]

    def _key(self, line: str) -> tuple[bool, Any]:
        """The key a line ``KEY:`` names, read by the loader; (False, None) when the
        line is not exactly one key without a value."""
        part = self._parse(line + "\n")
        if not isinstance(part, dict) or len(part) != 1:
            return False, None
        key, value = next(iter(part.items()))
        return (value is None), key

    def _pieced(self, text: str) -> dict[str, Any] | None:
        out: dict[Any, Any] = {}
        starts = [m.start() for m in _TOP_LINE.finditer(text)]
        if not starts:
            return None
        head = text[: starts[0]]
        if head.strip() and not all(
            not x.strip() or x.lstrip().startswith("#") for x in head.splitlines()
        ):
            return None
        for a, b in zip(starts, [*starts[1:], len(text)]):
            section = text[a:b]
            first_line, _, body = section.partition("\n")
            item = _ITEM.search(body) if _LIST_HEAD.match(first_line) else None
            lead = body[: item.start()] if item else ""
            is_list = item is not None and all(
                x.lstrip().startswith("#") for x in lead.splitlines() if x.strip()
            )
            key: Any = None
            if is_list:
                is_list, key = self._key(first_line)
            if not is_list:
                part = self._parse(section)  # key: value, block scalar, nested mapping
                if not isinstance(part, dict) or len(part) != 1:
                    return None
                key = next(iter(part))
                if key in out:
                    return None
                out[key] = part[key]
                continue
            assert item is not None
            prefix = item.group(1)
            bounds = [x.start() for x in re.finditer("^" + re.escape(prefix), body, re.MULTILINE)]
            items = []
            for x, y in zip(bounds, [*bounds[1:], len(body)]):
                piece = self._parse(body[x:y])
                if not isinstance(piece, list) or len(piece) != 1:
                    return None
                items.append(piece[0])
            if key in out:
                return None
            out[key] = items
        return out
