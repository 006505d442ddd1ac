"""A large document in parts, so that rendering it stays linear in its size.

pandoc holds the whole document while it reads Markdown and while it writes DOCX or
Typst, and typst holds every page it lays out: for a concept of 2.5 MB that is
1–2 GB (bench/render_memory.py). Above :data:`PART_TEXT` characters of Markdown,
integ therefore works in parts:

1. :func:`split_markdown` cuts the Markdown before headings that stand outside any
   fenced div, into pieces of about :data:`PART_TEXT` characters;
2. :func:`read` has pandoc read each piece into its JSON AST (one piece at a time,
   written to a file), gives every heading an identifier that is unique in the whole
   document (pandoc numbers its identifiers per piece) and cuts a table that is larger
   than a part into several, each with the header row;
3. render.py writes each part as DOCX or Typst and joins them (docx_join,
   pdf_join); the headings collected here make the table of contents and the PDF's
   bookmarks of the whole document.

A document under :data:`PART_TEXT` is made in one piece, as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: characters of Markdown per part: pandoc's writers then need well under 200 MB and
#: typst about 150 MB for a part (bench/render_memory.py); the largest real concepts
#: (70,000 characters) are made in one piece
PART_TEXT = 300_000
#: pandoc's JSON is about five times as long as the Markdown it was read from
JSON_PER_CHARACTER = 5

_HEADING = re.compile(r"#{1,6}[ \t]")
_FENCE_OPEN = re.compile(r":{3,}[ \t]*[^:\s]")
_FENCE_CLOSE = re.compile(r":{3,}[ \t]*$")


@dataclass
class Heading:
    """One heading of the whole document: its level, identifier (before the Lua filter
    puts it into integ's namespace), classes, plain text and the part it is in."""

    level: int
    ident: str
    classes: list[str]
    text: str
    part: int


@dataclass
class Parts:
    """The parts' AST files (in order) and the headings of all of them."""

    files: list[Path] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)


def split_markdown(md: str, size: int = PART_TEXT) -> list[str]:
    """``md`` in pieces of at least ``size`` characters (the last may be shorter), each
    cut just before a heading line that follows a blank line outside any fenced div
    (``:::``). A pipe table that runs on past twice ``size`` (the annex of all measures)
    is cut between its rows: the pieces close the divs around it and open them again
    marked ``fortsetzung``, each piece of the table has its header rows, and the
    caption goes with the first. Linear in the text's length."""
    if len(md) <= size:
        return [md]
    lines = md.splitlines(keepends=True)
    pieces: list[str] = []
    current: list[str] = []
    filled = 0
    fences: list[str] = []  # the opening lines of the divs around this line
    blank = True
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.rstrip("\r\n")
        if not fences and blank and filled >= size and _HEADING.match(stripped):
            pieces.append("".join(current))
            current, filled = [], 0
        if blank and _is_table_start(lines, i):
            i = _table(lines, i, fences, size, pieces, current)
            filled = sum(len(x) for x in current)
            blank = False
            continue
        if _FENCE_CLOSE.fullmatch(stripped) and fences:
            fences.pop()
        elif _FENCE_OPEN.match(stripped):
            fences.append(stripped)
        blank = not stripped.strip()
        current.append(line)
        filled += len(line)
        i += 1
    pieces.append("".join(current))
    return [p for p in pieces if p]


def _is_table_start(lines: list[str], i: int) -> bool:
    return (
        i + 1 < len(lines)
        and lines[i].startswith("|")
        and _TABLE_RULE.match(lines[i + 1].rstrip("\r\n")) is not None
    )


_TABLE_RULE = re.compile(r"\|(\s*:?-+:?\s*\|)+\s*$")


def _continued(fence: str) -> str:
    """A div's opening line, marked as the continuation of the div before."""
    colons, _, rest = fence.partition(" ")
    rest = rest.strip()
    if rest.startswith("{") and rest.endswith("}"):
        return f"{colons} {rest[:-1].rstrip()} .fortsetzung}}\n"
    return f"{colons} {{.{rest} .fortsetzung}}\n"


def _table(
    lines: list[str], i: int, fences: list[str], size: int, pieces: list[str], current: list[str]
) -> int:
    """Take the pipe table at line ``i`` into ``current``, cutting it into new pieces
    after ``2 * size`` characters; returns the index of the line after it."""
    head = lines[i : i + 2]
    end = i + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    caption: list[str] = []
    after = end
    if after < len(lines) and not lines[after].strip():
        after += 1
    if after < len(lines) and lines[after].startswith(": "):
        caption = ["\n", lines[after]]
        end, after = after + 1, after + 1
    else:
        after = end
    rows = [r for r in lines[i + 2 : end] if r.startswith("|")]
    filled = sum(len(x) for x in current)
    current.extend(head)
    first = True
    for row in rows:
        if filled >= 2 * size:
            if first:
                current.extend(caption)
                first = False
            current.append("\n" + ":::\n" * len(fences))
            pieces.append("".join(current))
            current.clear()
            current.extend(_continued(f) for f in fences)
            if fences:
                current.append("\n")
            current.extend(head)
            filled = 0
        current.append(row)
        filled += len(row)
    if first:
        current.extend(caption)
    elif caption:
        current.append("\n")  # the blank line the caption stood behind
    return after


def in_parts(md: str) -> bool:
    """Whether ``md`` is made in parts: longer than a part, with a place to cut it."""
    return len(md) > PART_TEXT and len(split_markdown(md, PART_TEXT)) > 1


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every element (a dict with ``t``) of a pandoc JSON AST, depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "t" in item:
                yield item
            content = item.get("c")
            if isinstance(content, (list, dict)):
                stack.append(content)


def plain(inlines: Any) -> str:
    """The text of pandoc inlines (what a bookmark or a table of contents shows)."""
    out: list[str] = []
    for el in walk(inlines):
        kind = el["t"]
        if kind == "Str":
            out.append(el["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math"):
            out.append(el["c"][-1])
    return "".join(out)


class _Identifiers:
    """Unique heading identifiers across the pieces, the way pandoc makes them unique
    in one document (``ziele``, ``ziele-1``, ``ziele-2`` …)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, ident: str, reserved: set[str]) -> str:
        if ident and ident in self.seen:
            n = 1
            while f"{ident}-{n}" in self.seen or f"{ident}-{n}" in reserved:
                n += 1
            ident = f"{ident}-{n}"
        if ident:
            self.seen.add(ident)
        return ident


def _table_size(table: dict[str, Any]) -> int:
    return len(json.dumps(table, ensure_ascii=False))


def split_tables(blocks: list[Any], size: int) -> list[Any]:
    """The blocks with every table of more than ``size`` characters (as JSON) cut into
    tables of about ``size`` with the same columns and header rows; the caption stays
    with the first. Divs are looked into."""
    out: list[Any] = []
    for block in blocks:
        kind = block.get("t") if isinstance(block, dict) else None
        if kind == "Div":
            attr, content = block["c"]
            out.append({"t": "Div", "c": [attr, split_tables(content, size)]})
        elif kind == "Table" and _table_size(block) > size:
            out.extend(_cut_table(block, size))
        else:
            out.append(block)
    return out


def _cut_table(table: dict[str, Any], size: int) -> list[Any]:
    attr, caption, specs, head, bodies, foot = table["c"]
    rows = [row for body in bodies for row in body[3]]
    if len(bodies) != 1 or len(rows) < 2:
        return [table]
    body_attr, head_columns, inner_head, _ = bodies[0]
    pieces: list[list[Any]] = [[]]
    filled = 0
    for row in rows:
        cost = len(json.dumps(row, ensure_ascii=False))
        if pieces[-1] and filled + cost > size:
            pieces.append([])
            filled = 0
        pieces[-1].append(row)
        filled += cost
    empty_caption: list[Any] = [None, []]
    out = []
    for i, piece in enumerate(pieces):
        out.append(
            {
                "t": "Table",
                "c": [
                    attr if i == 0 else ["", attr[1], attr[2]],
                    caption if i == 0 else empty_caption,
                    specs,
                    head,
                    [[body_attr, head_columns, inner_head, piece]],
                    foot if i == len(pieces) - 1 else [["", [], []], []],
                ],
            }
        )
    return out


def _size(node: Any) -> int:
    return len(json.dumps(node, ensure_ascii=False))


def _pack(blocks: list[Any], budget: int) -> Iterator[list[Any]]:
    """``blocks`` in runs of about ``budget`` characters of JSON; a div larger than
    that is cut into divs with the same attributes, the later ones marked
    ``fortsetzung`` (the Lua filter starts a landscape section only once)."""
    run: list[Any] = []
    filled = 0
    for block in blocks:
        cost = _size(block)
        if cost > budget and block.get("t") == "Div":
            (ident, classes, kvs), content = block["c"]
            for i, inner in enumerate(_pack(content, budget)):
                marked = classes if i == 0 else [*classes, "fortsetzung"]
                piece = {"t": "Div", "c": [[ident if i == 0 else "", marked, kvs], inner]}
                if run:
                    yield run
                run, filled = [piece], _size(piece)
            continue
        if run and filled + cost > budget:
            yield run
            run, filled = [], 0
        run.append(block)
        filled += cost
    if run:
        yield run


def read(
    md: str,
    folder: Path,
    to_ast: Callable[[str], bytes],
    prepare: Callable[[list[Any]], None] | None = None,
    size: int = PART_TEXT,
) -> Parts:
    """Read ``md`` piece by piece with ``to_ast`` (pandoc, Markdown to JSON), give the
    headings unique identifiers, let ``prepare`` adjust each piece's blocks (column
    widths), cut oversized tables and divs and write the parts' ASTs to ``folder``
    (a part holds about ``size`` characters of Markdown, some five times as much JSON)."""
    budget = size * JSON_PER_CHARACTER
    pieces = split_markdown(md, size)
    ids = _Identifiers()
    parts = Parts()
    for number, piece in enumerate(pieces):
        ast = json.loads(to_ast(piece))
        pieces[number] = ""  # the piece's text is no longer needed
        headers = [el for el in walk(ast["blocks"]) if el["t"] == "Header"]
        reserved = {h["c"][1][0] for h in headers}
        for h in headers:
            h["c"][1][0] = ids.take(h["c"][1][0], reserved)
        if prepare is not None:
            prepare(ast["blocks"])
        for blocks in _pack(split_tables(ast["blocks"], budget), budget):
            index = len(parts.files)
            for h in (el for el in walk(blocks) if el["t"] == "Header"):
                level, (ident, classes, _), inlines = h["c"]
                parts.headings.append(Heading(level, ident, list(classes), plain(inlines), index))
            path = folder / f"part-{index:04d}.json"
            path.write_text(
                json.dumps({**ast, "blocks": blocks}, ensure_ascii=False), encoding="utf-8"
            )
            parts.files.append(path)
    return parts
