"""Edits to a concept file that change only the lines they must.

This is the engine behind ``integ update`` and the interactive ``integ review``. It
does not re-serialise the document: it locates the exact character range of what
changes with libyaml's node marks (through :mod:`integ.yaml_io`) and splices new text
into the file's own text. Everything else — comments (also above ``---``), key order,
quoting, flow ``{...}``/``[...]`` and block ``|``/``>`` styles, blank lines, anchors,
``~``/``null``, CRLF line endings, a byte-order mark, a missing final newline — stays
byte for byte as it was, because it is never touched.

New text is written in the file's own style: indentation (mapping indent, sequence
indent and offset) is detected from the file, a list gets a new item in the style of
its existing items (block or flow, block or flow mappings), a new key goes where the
format's order puts it.

Every operation is checked twice before anything is written:

1. after each splice the text is parsed again and its data must equal the data before
   the edit with exactly the intended change applied (otherwise the edit is undone and
   refused: integ never writes a file it did not mean to write);
2. :func:`save` runs the real validator on the new text and refuses the edit when it
   would add an error that the file did not have (an unknown status, a bad date, a log
   entry out of date order ...). Only then is the file replaced atomically, and only if
   nobody changed it on disk since it was read.

No YAML library is imported here: parsing is yaml_io's job.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import hashlib
import math
import re
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import fsio, yaml_io
from .concept import (
    Actor,
    Concept,
    Contact,
    Field_,
    Figure,
    Goal,
    Indicator,
    Measure,
    Measurement,
    Network,
    Review,
    ReviewEntry,
    TargetGroup,
)
from .errors import IntegError, UsageError
from .problems import ERROR, WARNING, Finding
from .rules import Context, suggest
from .workspace import Workspace, display_path

__all__ = [
    "Change",
    "ChangedOnDisk",
    "EditDoc",
    "EditError",
    "EditRefused",
    "SaveResult",
    "enum_value",
    "load_for_edit",
    "parse_day",
    "parse_when",
    "save",
    "update",
]

# ----------------------------------------------------------------------------- errors


class EditError(UsageError):
    """The edit cannot be made as asked (unknown id, wrong kind of item ...): exit 2."""


class EditRefused(IntegError):
    """The edit would make the concept invalid; nothing was written: exit 1."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


class ChangedOnDisk(IntegError):
    """The file changed on disk after it was read; nothing was written: exit 2."""

    def __init__(self, message: str, changes: list[Change]) -> None:
        super().__init__(message)
        self.changes = changes


# ----------------------------------------------------------------------------- changes


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return " ".join(value.split()) if "\n" in value else value
    return str(value)


@dataclass(frozen=True)
class Change:
    """One change, as the user sees it: ``M-SPR-01 status ongoing → completed``."""

    item: str
    field: str
    old: Any = None
    new: Any = None
    added: bool = False  # a new key, list entry or measurement

    def describe(self) -> str:
        """The change in the words of the current language: "M-1: Status: geplant →
        laufend", "M-1: Sachstand vom 02.12.2026 eingetragen: …", "M-1: Wiedervorlage:
        01.06.2027", "I-1: Wert 2026: 74,5 eingetragen"."""
        from .i18n import t

        new = self.new
        if self.field == "log" and isinstance(new, dict):
            return t(
                "update.change.log",
                item=self.item,
                date=new.get("date"),
                note=_show(new.get("note")),
            )
        if self.field == "reviews" and isinstance(new, dict):
            return t(
                "update.change.review.by" if new.get("by") else "update.change.review",
                item=self.item,
                date=new.get("date"),
                by=new.get("by"),
            )
        if self.field == "values" and isinstance(new, dict):
            return t(
                "update.change.value.note"
                if new.get("note") is not None
                else "update.change.value",
                item=self.item,
                year=new.get("year"),
                value=_word(new.get("value"), "value"),
                note=_show(new.get("note")),
            )
        key = self.field
        if key.startswith("values ") and key.endswith(" note"):
            name, kind = t("update.field.value_note", year=key.split()[1]), "text"
        elif key.startswith("values "):
            name, kind = t("update.field.value", year=key.split()[1]), "value"
        else:
            label = f"update.field.{key}"
            name = t(label)
            if name == label:
                name = key
            kind = key
        if self.added:
            return t("update.change.added", item=self.item, field=name, new=_word(new, kind))
        return t(
            "update.change.set",
            item=self.item,
            field=name,
            old=_word(self.old, kind),
            new=_word(new, kind),
        )


_DATE_KEYS = {"start", "end", "review_by", "review.last", "review.next", "date"}


def _word(value: Any, key: str) -> str:
    """A value as the reader writes it: dates as dates (01.06.2027, 06/2027), numbers
    with the language's decimal mark (74,5), a status as its word (laufend)."""
    from . import i18n

    if value is None:
        return "–"
    if key == "status" and isinstance(value, str):
        known = i18n.enum_values("measure_status")
        return known[value] if value in known else i18n.quote(value)  # invalid: raw
    if key in _DATE_KEYS and isinstance(value, str | int) and not isinstance(value, bool):
        return i18n.date(value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return i18n.number(value, 6)
    if isinstance(value, bool):
        return i18n.plain(value)
    return _show(value)


def _t(msgid: str, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def _kinds(kinds: Iterable[str] | None) -> str:
    """'measure' → 'Maßnahme'; several: 'Maßnahme oder Indikator'; none: 'Element'."""
    from .i18n import join

    if not kinds:
        return _t("update.kind.item")
    words = []
    for kind in sorted(kinds):
        label = f"review.subject.{kind.replace(' ', '_')}"
        word = _t(label)
        words.append(kind if word == label else word)
    return join(words, "or")


def parse_day(text: str) -> str | None:
    """A date as a person types it: ``01.06.2027``, ``1.6.2027`` or ``2027-06-01`` →
    ``2027-06-01``; None when it is none."""
    from .dates import parse_date

    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if m:
        text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return text if parse_date(text) else None


def parse_when(text: str) -> str | None:
    """A period date as a person types it: ``2027``, ``06/2027``, ``6/2027``,
    ``2027-06``, ``01.06.2027`` or ``2027-06-01`` → the format's ``YYYY``,
    ``YYYY-MM`` or ``YYYY-MM-DD``; None when it is none."""
    from .dates import parse_period

    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if m:
        text = f"{m.group(2)}-{int(m.group(1)):02d}"
    elif re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
        return parse_day(text)
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) and parse_period(text):
        return text
    return None


def enum_value(kind: str, text: str) -> str | None:
    """The value of an enumeration that ``text`` names: the value itself (``ongoing``) or
    its word in German or English (``laufend``, ``Laufend``), as the review walk and
    ``integ update --status`` accept them; None when it names none. The one mapping of
    enumeration words to values (the words are the catalogue's ``enum.<kind>.<value>``)."""
    from .i18n import LANGS, enum_values

    key = " ".join(text.split()).casefold()
    if not key:
        return None
    for lang in LANGS:
        for value, word in enum_values(kind, lang).items():
            if key in (value.casefold(), word.casefold()):
                return value
    return None


@dataclass
class SaveResult:
    changes: list[Change]
    written: bool
    diff: str = ""
    new_warnings: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the file's, after the edit


# ----------------------------------------------------------------------------- scalars

_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_BAD = set(",[]{}")


def _printable(s: str) -> bool:
    return all(
        c in "\t"
        or (ord(c) >= 0x20 and c not in "\x7f\x85\u2028\u2029\ufeff" and not 0x80 <= ord(c) <= 0x9F)
        for c in s
    )


def _plain_ok(s: str, flow: bool) -> bool:
    """Can ``s`` be written unquoted and read back as the same string, by integ and by
    YAML 1.1 readers alike?"""
    if not s or s != s.strip() or not _printable(s) or "\t" in s:
        return False
    if s[0] in _PLAIN_BAD_START or s.lower() in _YAML11_WORDS:
        return False
    if ": " in s or " #" in s or s.endswith(":"):
        return False
    if flow and any(c in _FLOW_BAD or c == ":" for c in s):
        return False
    if re.fullmatch(r"[-+]?[\d._:]+|[-+]?0b[01_]+", s):
        return False  # YAML 1.1 readers take 1_000, 1:30, 0b11 ... as numbers
    return bool(yaml_io.resolve_plain(s) == s)


def _dq(s: str) -> str:
    out = []
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif not _printable(c):
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _number(value: float) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if yaml_io.resolve_plain(text) == value else f"{value:.17g}"
    return str(value)


def _emit(value: Any, flow: bool, old_style: str | None = None) -> str | None:
    """One-line YAML for a scalar, or None when only a literal block fits (a
    multi-line string in block context)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise EditError(_t("update.err.not-simple-type", type=type(value).__name__))
    if old_style == "'" and "\n" not in value and _printable(value):
        return "'" + value.replace("'", "''") + "'"
    if old_style == '"':
        return _dq(value)
    if _plain_ok(value, flow):
        return value
    if "\n" in value and not flow and _literal_ok(value):
        return None
    return _dq(value)


def _literal_ok(value: str) -> bool:
    """Can ``value`` be written as a literal block (``|``) and read back unchanged?"""
    body = value.rstrip("\n")
    if not body or "\r" in value or not _printable(value.replace("\n", "")):
        return False
    lines = body.split("\n")
    if any(line and not line.strip() for line in lines):
        return False  # a line of blanks would be read as an empty line
    return not lines[0].startswith((" ", "\t")) and lines[0] != ""


def _literal(value: str, indent: int, header_char: str = "|") -> tuple[str, list[str]]:
    """Header (``|``, ``|-``, ``|+``, ``>`` ...) and content lines of a block scalar."""
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = [(" " * indent + line) if line else "" for line in body.split("\n")]
    if chomp == "+":
        lines += [""] * (trailing - 1)
    return header_char + chomp, lines


# ----------------------------------------------------------------------------- nodes
# PyYAML nodes as composed by yaml_io (duck-typed here: .id is scalar/sequence/mapping,
# marks have a character .index into the document's text).


def _is_map(node: Any) -> bool:
    return getattr(node, "id", None) == "mapping"


def _is_seq(node: Any) -> bool:
    return getattr(node, "id", None) == "sequence"


def _is_scalar(node: Any) -> bool:
    return getattr(node, "id", None) == "scalar"


def _flow(node: Any) -> bool:
    return bool(getattr(node, "flow_style", False))


def _block_scalar(node: Any) -> bool:
    return _is_scalar(node) and node.style in ("|", ">")


def _children(node: Any) -> Iterator[Any]:
    if _is_map(node):
        for k, v in node.value:
            yield k
            yield v
    elif _is_seq(node):
        yield from node.value


_ITEM_FLOW_DEFAULT = {"values": True}  # the format writes - {year: 2024, value: 55}


@dataclass
class _Style:
    nl: str = "\n"
    map_indent: int = 2
    seq_indent: int = 2  # dash column minus the column of the key above
    offset: int = 2  # item content column minus dash column
    block_indent: int = 0  # block scalar content column minus key column (0: map_indent)
    item_flow: dict[str, bool] = field(default_factory=dict)  # per list key: {..} items?

    def flow_items(self, key: str) -> bool:
        return self.item_flow.get(key, _ITEM_FLOW_DEFAULT.get(key, False))


def _detect_style(root: Any, text: str) -> _Style:
    """The indentation and list styles the file uses (the most common of each)."""
    maps: Counter[int] = Counter()
    seqs: Counter[int] = Counter()
    offsets: Counter[int] = Counter()
    blocks: Counter[int] = Counter()
    items: dict[str, Counter[bool]] = {}
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if _is_map(node) and not _flow(node):
            for k, v in node.value:
                if _is_map(v) and not _flow(v) and v.start_mark.line > k.start_mark.line:
                    maps[v.start_mark.column - k.start_mark.column] += 1
                elif _is_seq(v) and not _flow(v):
                    seqs[v.start_mark.column - k.start_mark.column] += 1
                elif _block_scalar(v):
                    first = text[_next_line(text, v.start_mark.index) : v.end_mark.index]
                    body = first.lstrip("\r\n")
                    if body.strip():
                        blocks[len(body) - len(body.lstrip(" ")) - k.start_mark.column] += 1
                if _is_scalar(k) and _is_seq(v):
                    for item in v.value:
                        if _is_map(item):
                            items.setdefault(k.value, Counter())[_flow(item)] += 1
        elif _is_seq(node) and not _flow(node):
            for item in node.value:
                dash = _dash_index(text, item)
                if dash is not None:
                    offsets[item.start_mark.index - dash] += 1
        stack.extend(_children(node))
    style = _Style(nl="\r\n" if "\r\n" in text else "\n")
    if maps:
        style.map_indent = max(1, maps.most_common(1)[0][0])
    if seqs:
        style.seq_indent = max(0, seqs.most_common(1)[0][0])
    if offsets:
        style.offset = max(2, offsets.most_common(1)[0][0])
    style.block_indent = max(1, blocks.most_common(1)[0][0]) if blocks else style.map_indent
    style.item_flow = {k: c.most_common(1)[0][0] for k, c in items.items()}
    return style


def _dash_index(text: str, item: Any) -> int | None:
    """Index of the ``-`` of a block sequence item, when it is on the item's line."""
    i = item.start_mark.index - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i if i >= 0 and text[i] == "-" else None


# ----------------------------------------------------------------------------- text


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _line_end(text: str, i: int) -> int:
    """Index of the line break that ends the line holding ``i`` (or len(text))."""
    j = text.find("\n", i)
    if j < 0:
        return len(text)
    return j - 1 if j > 0 and text[j - 1] == "\r" else j


def _next_line(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j + 1


def _col(text: str, i: int) -> int:
    return i - _line_start(text, i)


def _chomp(text: str, node: Any) -> str:
    m = re.match(r"[|>]([-+]?)[0-9]?([-+]?)", text[node.start_mark.index :])
    return (m.group(1) or m.group(2)) if m else ""


def _content_end(text: str, node: Any) -> int:
    """Index just after the last character that belongs to ``node``: not the blank
    lines and comments that libyaml counts into a block collection or block scalar."""
    start: int = node.start_mark.index
    end: int = node.end_mark.index
    if _is_scalar(node):
        if node.style in ("|", ">"):
            if _chomp(text, node) == "+":
                return end
            return start + len(text[start:end].rstrip(" \t\r\n"))
        return end
    if _flow(node) or not node.value:
        return end
    if _is_map(node):
        key, last = node.value[-1]
        if last.start_mark.index < key.end_mark.index:  # `key: *alias`
            return _line_end(text, key.end_mark.index)
        return _content_end(text, last)
    return _content_end(text, node.value[-1])


def _after(text: str, node: Any) -> int:
    """Where lines can be inserted after ``node``: the start of the line after it."""
    end = _content_end(text, node)
    if end == _line_start(text, end) and end > node.start_mark.index:
        return end  # a kept block scalar ends at a line start
    return _next_line(text, end)


# ----------------------------------------------------------------------------- models

_KIND_MODELS: dict[str, type[BaseModel]] = {
    "concept": Concept,
    "field": Field_,
    "goal": Goal,
    "indicator": Indicator,
    "measure": Measure,
    "actor": Actor,
    "contact": Contact,
    "target group": TargetGroup,
    "figure": Figure,
    "network": Network,
}


def _leaves(annotation: Any) -> set[Any]:
    out: set[Any] = set()
    stack = [annotation]
    while stack:
        t = stack.pop()
        origin = typing.get_origin(t)
        if origin is typing.Annotated:
            stack.append(typing.get_args(t)[0])
        elif origin is typing.Literal:
            out.add(str)
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            stack.extend(typing.get_args(t))
        elif origin is not None:
            out.add(origin)
        elif t is type(None):
            continue
        else:
            out.add(t)
    return out


_SIMPLE = {str, int, float, bool, Any}


def _simple_keys(model: type[BaseModel]) -> dict[str, set[Any]]:
    """The keys of ``model`` that hold one scalar, with the Python types they take."""
    out = {}
    for name, info in model.model_fields.items():
        leaves = _leaves(info.annotation)
        if leaves and leaves <= _SIMPLE:
            out[name] = leaves
    return out


def _coerce(raw: str, leaves: set[Any]) -> Any:
    """A value given as text on the command line, as the type the key takes; where it
    does not fit, the text itself, so that the validator says what is wrong."""
    if leaves <= {str}:
        return raw
    value = yaml_io.resolve_plain(raw.strip())
    if Any in leaves:  # a period date: 2027 is a year, 2026-12 a month
        return value if isinstance(value, (int, str)) and not isinstance(value, bool) else raw
    if type(value) in leaves or (type(value) is int and float in leaves):
        return value
    return raw


def _insert_position(model: type[BaseModel] | None, keys: list[str], key: str) -> int:
    """Index in ``keys`` after which ``key`` goes in the model's order (-1: first);
    len(keys) - 1 (the end) when the model does not say."""
    order = list(model.model_fields) if model is not None else []
    if key not in order:
        return len(keys) - 1
    rank = order.index(key)
    if not any(k in order and order.index(k) > rank for k in keys):
        return len(keys) - 1  # nothing known comes after it: the end (e.g. `log:`)
    best = -1
    for i, k in enumerate(keys):
        if k in order and order.index(k) < rank:
            best = i
    return best


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _date_text(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


# ----------------------------------------------------------------------------- document


@dataclass
class EditDoc:
    """A concept file opened for editing: its bytes as read, its text as it is now,
    and the changes made so far."""

    path: Path
    display: str
    raw: bytes
    sha256: str
    bom: bool
    text: str
    doc: yaml_io.Document
    original: yaml_io.Document
    ws: Workspace
    today: dt.date
    style: _Style
    changes: list[Change] = field(default_factory=list)
    _shared: set[int] | None = None

    # ---- reading

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data  # type: ignore[no-any-return]

    def _ids(self) -> dict[str, list[tuple[str, tuple[Any, ...]]]]:
        ctx = Context(
            doc=self.doc, data=self.data, stem=self.path.stem, today=self.today, workspace=self.ws
        )
        ids = dict(ctx.ids)
        own = self.data.get("id")
        if isinstance(own, str):
            ids.setdefault(own, []).insert(0, ("concept", ()))
        return ids

    def find(self, ident: str, kinds: Iterable[str] | None = None) -> tuple[str, tuple[Any, ...]]:
        """(kind, path) of the item with id ``ident``; did-you-mean when there is none."""
        wanted = set(kinds) if kinds else None
        ids = self._ids()
        where = ids.get(ident)
        if not where:
            pool = [i for i, w in ids.items() if wanted is None or any(k in wanted for k, _ in w)]
            close = suggest(ident, pool) or suggest(ident, ids)
            raise EditError(
                _t(
                    "update.err.no-such-item.suggest" if close else "update.err.no-such-item",
                    file=self.display,
                    id=ident,
                    kinds=_kinds(wanted),
                    suggestion=close,
                )
            )
        if len(where) > 1:
            raise EditError(
                _t("update.err.duplicate-id", file=self.display, id=ident, n=len(where))
            )
        kind, path = where[0]
        if wanted is not None and kind not in wanted:
            raise EditError(
                _t(
                    "update.err.wrong-kind",
                    file=self.display,
                    id=ident,
                    kind=_kinds([kind]),
                    kinds=_kinds(wanted),
                )
            )
        return kind, path

    def _get(self, data: Any, path: tuple[Any, ...]) -> Any:
        for part in path:
            data = data[part]
        return data

    def _node(self, path: tuple[Any, ...]) -> tuple[Any, bool]:
        """The node at ``path`` and whether it sits inside a flow collection."""
        shared = self._shared_nodes()
        node, flow = self.doc.root, False
        trail = [node]
        for part in path:
            flow = flow or _flow(node)
            if _is_map(node):
                node = next(v for k, v in node.value if _is_scalar(k) and k.value == part)
            else:
                node = node.value[part]
            trail.append(node)
        for step in trail:
            if id(step) in shared:
                raise EditError(
                    _t("update.err.alias", file=self.display, line=step.start_mark.line + 1)
                )
        return node, flow

    def _shared_nodes(self) -> set[int]:
        if self._shared is None:
            self._shared = set()
            if "*" in self.text:
                seen: set[int] = set()
                stack = [self.doc.root]
                while stack:
                    node = stack.pop()
                    if id(node) in seen:
                        self._shared.add(id(node))
                        continue
                    seen.add(id(node))
                    stack.extend(_children(node))
        return self._shared

    # ---- the one way text changes

    def _apply(self, splices: list[tuple[int, int, str]], expected: Any, change: Change) -> None:
        """Splice, parse again, and keep the result only if the data is exactly what
        the edit means."""
        text = self.text
        for start, end, new in sorted(splices, key=lambda s: s[0], reverse=True):
            text = text[:start] + new + text[end:]
        doc = yaml_io.load(self.path, self.display, data=text.encode("utf-8"))
        if not doc.ok or not _same(doc.data, expected):
            raise EditError(_t("update.err.reparse", file=self.display, change=change.describe()))
        self.text, self.doc, self._shared = text, doc, None
        self.changes.append(change)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """An operation of several steps happens whole or not at all."""
        saved = (self.text, self.doc, self._shared, len(self.changes))
        try:
            yield
        except BaseException:
            self.text, self.doc, self._shared = saved[:3]
            del self.changes[saved[3] :]
            raise

    # ---- primitives: each returns splices (start, end, new text) into self.text

    def _replace_scalar(
        self, node: Any, value: Any, flow: bool, key_col: int
    ) -> list[tuple[int, int, str]]:
        text = self.text
        start, end = node.start_mark.index, node.end_mark.index
        props = re.match(r"(?:[!&][^\s,\[\]{}]*[ \t]+)+", text[start:end])
        if props:
            if "&" in props.group(0):
                raise EditError(
                    _t("update.err.anchor", file=self.display, line=node.start_mark.line + 1)
                )
            start += props.end()
        if node.style in ("|", ">"):
            return [self._replace_block_scalar(start, end, value, key_col)]
        if start == end:  # an empty value (`key:`)
            return [(start, end, " " + (_emit(value, flow) or _dq(value)))]
        new = _emit(value, flow, node.style or None) or _dq(value)
        # an end-of-line comment keeps its column
        m = re.match(r"( +)#", text[end : _line_end(text, end)])
        if m and "\n" not in text[start:end]:
            hash_col = _col(text, end) + len(m.group(1))
            pad = max(1, hash_col - (_col(text, start) + len(new)))
            return [(start, end + len(m.group(1)), new + " " * pad)]
        return [(start, end, new)]

    def _replace_block_scalar(
        self, start: int, end: int, value: Any, key_col: int
    ) -> tuple[int, int, str]:
        text, nl = self.text, self.style.nl
        head = re.match(r"[|>][-+0-9]*", text[start:end])
        assert head is not None
        header_end = _line_end(text, start)
        rest = text[start + head.end() : header_end]
        comment = rest if re.fullmatch(r"[ \t]+#.*", rest) else ""
        if "+" in head.group(0):
            body_end = end  # kept trailing lines belong to the value
        else:
            last = start + len(text[start:end].rstrip(" \t\r\n"))
            body_end = _next_line(text, max(last, header_end))
        content = text[_next_line(text, header_end) : body_end].split("\n")
        indent = next(
            (len(x) - len(x.lstrip(" ")) for x in content if x.strip()),
            key_col + (self.style.block_indent or self.style.map_indent),
        )
        if isinstance(value, str) and _literal_ok(value):
            char = head.group(0)[0]
            if char == ">" and "\n" in value.rstrip("\n"):
                char = "|"
            header, body = _literal(value, indent, char)
            new = header + comment + nl + nl.join(body) + nl
        else:
            new = (_emit(value, False) or _dq(value)) + comment + nl
        if body_end == len(text) and not text.endswith("\n"):
            new = new[: -len(nl)]
        return (start, body_end, new)

    def _key_lines(self, key: str, value: Any, key_col: int) -> list[str]:
        """Lines for ``key: value`` in block context at ``key_col``."""
        pad = " " * key_col
        if isinstance(value, list):
            lines = [f"{pad}{key}:"]
            dash = key_col + self.style.seq_indent
            for item in value:
                lines += self._item_lines(item, dash, self.style.offset, self.style.flow_items(key))
            return lines
        if isinstance(value, dict):
            lines = [f"{pad}{key}:"]
            for k, v in value.items():
                lines += self._key_lines(k, v, key_col + self.style.map_indent)
            return lines
        one = _emit(value, False)
        if one is not None:
            return [f"{pad}{key}: {one}"]
        header, body = _literal(value, key_col + (self.style.block_indent or self.style.map_indent))
        return [f"{pad}{key}: {header}", *body]

    def _item_lines(
        self, item: Any, dash: int, offset: int, flow_item: bool, spaced: bool = False
    ) -> list[str]:
        """Lines of a new block sequence item (``- ...``) whose dash is at ``dash``."""
        lead = " " * dash + "-" + " " * (offset - 1)
        if not isinstance(item, dict) or flow_item:
            return [lead + self._flow_text(item, spaced)]
        lines: list[str] = []
        for i, (k, v) in enumerate(item.items()):
            sub = self._key_lines(k, v, dash + offset)
            if i == 0:
                sub[0] = lead + sub[0].lstrip(" ")
            lines += sub
        return lines

    def _flow_text(self, value: Any, spaced: bool = False) -> str:
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {self._flow_text(v)}" for k, v in value.items())
            return "{ " + inner + " }" if spaced else "{" + inner + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self._flow_text(v) for v in value) + "]"
        return _emit(value, True) or _dq(value)

    def _insert_lines(self, at: int, lines: list[str]) -> tuple[int, int, str]:
        nl = self.style.nl
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            return (at, at, nl + nl.join(lines))  # the file ends without a line break
        return (at, at, nl.join(lines) + nl)

    def _separator(self, a: Any, b: Any) -> str | None:
        """The text between two neighbours of a flow collection when it is a plain
        comma on one line (', ' or ','), else None."""
        between = self.text[a.end_mark.index : b.start_mark.index]
        return between if re.fullmatch(r"[ \t]*,[ \t]*", between) else None

    def _flow_insert(
        self, container: Any, nodes: list[Any], index: int, text: str, opener: str
    ) -> list[tuple[int, int, str]]:
        """Put ``text`` into a flow collection before ``nodes[index]`` (or at the end),
        on its own line when the collection has one entry per line."""
        nl = self.style.nl
        if not nodes:
            at = self.text.index(opener, container.start_mark.index) + 1
            return [(at, at, text)]
        lines = [n.start_mark.line for n in nodes]
        multiline = len(set(lines)) == len(lines) and (
            len(nodes) > 1 or lines[0] != container.start_mark.line
        )
        ref = nodes[min(index, len(nodes) - 1)]
        if multiline:
            sep = "," + nl + " " * ref.start_mark.column
        else:
            sep = (self._separator(nodes[-2], nodes[-1]) if len(nodes) > 1 else None) or ", "
        if index >= len(nodes):
            end = nodes[-1]
            return [(end.end_mark.index, end.end_mark.index, sep + text)]
        return [
            (
                ref.start_mark.index,
                ref.start_mark.index,
                text + (sep if multiline else sep.rstrip(" \t") + " "),
            )
        ]

    def _set_key(
        self, path: tuple[Any, ...], key: str, value: Any, model: type[BaseModel] | None
    ) -> list[tuple[int, int, str]]:
        """Splices that give the mapping at ``path`` the key ``key`` with ``value``."""
        node, flow = self._node(path)
        if not _is_map(node):
            raise EditError(
                _t("update.err.not-mapping", file=self.display, line=node.start_mark.line + 1)
            )
        for k, v in node.value:
            if _is_scalar(k) and k.value == key:
                if v.start_mark.index < k.end_mark.index:
                    raise EditError(
                        _t(
                            "update.err.key-alias",
                            file=self.display,
                            line=k.start_mark.line + 1,
                            key=key,
                        )
                    )
                if not _is_scalar(v):
                    raise EditError(
                        _t(
                            "update.err.key-not-simple",
                            file=self.display,
                            line=v.start_mark.line + 1,
                            key=key,
                        )
                    )
                return self._replace_scalar(v, value, flow or _flow(node), k.start_mark.column)
        keys = [k.value for k, _ in node.value]
        pos = _insert_position(model, keys, key)
        if _flow(node):
            text = f"{key}: {self._flow_text(value)}"
            pairs = node.value
            if pos < 0:
                return self._flow_insert(node, [k for k, _ in pairs], 0, text, "{")
            if not pairs:
                return self._flow_insert(node, [], 0, text, "{")
            # after the value of pairs[pos]: the separator of the mapping's keys
            values = [v for _, v in pairs]
            keys_nodes = [k for k, _ in pairs]
            if pos + 1 < len(pairs):
                return self._flow_insert(node, keys_nodes, pos + 1, text, "{")
            lines = [k.start_mark.line for k in keys_nodes]
            multiline = len(set(lines)) == len(lines) and (
                len(pairs) > 1 or lines[0] != node.start_mark.line
            )
            if multiline:
                sep = "," + self.style.nl + " " * keys_nodes[-1].start_mark.column
            else:
                sep = (
                    self._separator(values[-2], keys_nodes[-1]) if len(pairs) > 1 else None
                ) or ", "
            end = values[-1].end_mark.index
            return [(end, end, sep + text)]
        first = node.value[0][0]
        lines = self._key_lines(key, value, first.start_mark.column)
        if pos < 0:
            at = _line_start(self.text, first.start_mark.index)
            if not self.text[at : first.start_mark.index].strip():
                return [self._insert_lines(at, lines)]
            pos = len(node.value) - 1  # `- key:` lines: append instead
        k, v = node.value[pos]
        at = (
            _next_line(self.text, k.end_mark.index)
            if v.start_mark.index < k.end_mark.index
            else _after(self.text, v)
        )  # *alias
        return [self._insert_lines(at, lines)]

    def _add_item(
        self,
        path: tuple[Any, ...],
        key: str,
        item: Any,
        index: int | None,
        model: type[BaseModel] | None,
    ) -> list[tuple[int, int, str]]:
        """Splices that put ``item`` into the list ``key`` of the mapping at ``path``
        (at ``index``, default the end), creating the list when it is missing."""
        owner, flow = self._node(path)
        data = self._get(self.data, path)
        current = data.get(key)
        if current is None:
            pair = next(((k, v) for k, v in owner.value if _is_scalar(k) and k.value == key), None)
            if pair is None:
                return self._set_key(path, key, [item], model)
            k, v = pair  # `key:` or `key: ~`
            if flow or _flow(owner):
                gap = "" if v.start_mark.index < v.end_mark.index else " "
                return [(v.start_mark.index, v.end_mark.index, gap + self._flow_text([item]))]
            lines = self._key_lines(key, [item], k.start_mark.column)[1:]
            start = v.start_mark.index
            while self.text[start - 1] in " \t":
                start -= 1
            return [
                (start, v.end_mark.index, ""),
                self._insert_lines(_next_line(self.text, v.end_mark.index), lines),
            ]
        if not isinstance(current, list):
            raise EditError(_t("update.err.not-list", file=self.display, key=key))
        seq, _ = self._node((*path, key))
        items = seq.value
        index = len(items) if index is None else index
        if _flow(seq):
            spaced = (
                bool(items)
                and _is_map(items[-1])
                and self.text[items[-1].start_mark.index + 1] == " "
            )
            return self._flow_insert(seq, items, index, self._flow_text(item, spaced), "[")
        ref = items[min(index, len(items) - 1)]
        dash = _dash_index(self.text, ref)
        if dash is not None:
            dash_col, offset = _col(self.text, dash), ref.start_mark.index - dash
        else:
            dash_col, offset = seq.start_mark.column, self.style.offset
        flow_item = _is_map(ref) and _flow(ref)
        spaced = flow_item and self.text[ref.start_mark.index + 1] == " "
        lines = self._item_lines(item, dash_col, offset, flow_item, spaced)
        if index >= len(items):
            return [self._insert_lines(_after(self.text, items[-1]), lines)]
        if index > 0:
            return [self._insert_lines(_after(self.text, items[index - 1]), lines)]
        at = _line_start(self.text, seq.start_mark.index)
        if self.text[at : seq.start_mark.index].strip():
            raise EditError(
                _t("update.err.insert-first", file=self.display, line=seq.start_mark.line + 1)
            )
        return [self._insert_lines(at, lines)]

    # ---- operations

    def set_field(self, item_id: str, key: str, value: Any) -> Change | None:
        """Set a simple key (``end``, ``title``, ``priority`` ...) of the item with id
        ``item_id`` (or of the concept, by its own id). A value given as text is read
        as the type the key takes (``2027`` a year, ``2026-12`` a month)."""
        kind, path = self.find(item_id)
        model = _KIND_MODELS[kind]
        simple = _simple_keys(model)
        if key not in simple:
            if key in model.model_fields:
                raise EditError(
                    _t("update.err.set-not-simple", file=self.display, key=key, id=item_id)
                )
            close = suggest(key, simple)
            raise EditError(
                _t(
                    "update.err.no-key.suggest" if close else "update.err.no-key",
                    file=self.display,
                    key=key,
                    kind=_kinds([kind]),
                    keys=", ".join(simple),
                    suggestion=close,
                )
            )
        if isinstance(value, str):
            value = _coerce(value, simple[key])
        elif isinstance(value, dt.date):
            value = value.isoformat()
        return self._set(item_id, path, key, value, model)

    def _set(
        self,
        item_id: str,
        path: tuple[Any, ...],
        key: str,
        value: Any,
        model: type[BaseModel] | None,
        label: str | None = None,
    ) -> Change | None:
        data = self._get(self.data, path)
        had = key in data
        old = data.get(key)
        if had and _same(old, value):
            return None
        change = Change(item_id, label or key, old, value, added=not had)
        expected = copy.deepcopy(self.data)
        self._get(expected, path)[key] = value
        self._apply(self._set_key(path, key, value, model), expected, change)
        return change

    def _append(
        self,
        item_id: str,
        path: tuple[Any, ...],
        key: str,
        item: dict[str, Any],
        model: type[BaseModel] | None,
        change: Change,
        index: int | None = None,
    ) -> Change:
        expected = copy.deepcopy(self.data)
        owner = self._get(expected, path)
        if owner.get(key) is None:
            owner[key] = [item]
        else:
            owner[key].insert(len(owner[key]) if index is None else index, item)
        self._apply(self._add_item(path, key, item, index, model), expected, change)
        return change

    def set_status(
        self,
        measure_id: str,
        status: str,
        reason: str | None = None,
        today: dt.date | None = None,
        note: str | None = None,
    ) -> list[Change]:
        """A measure's status (and ``status_reason``); with ``note``, also a log entry
        ``{date, status, note}``."""
        _, path = self.find(measure_id, ["measure"])
        with self._transaction():
            out = [c for c in [self._set(measure_id, path, "status", status, Measure)] if c]
            if reason is not None:
                change = self._set(measure_id, path, "status_reason", reason, Measure)
                out += [change] if change else []
            if note is not None:
                out.append(self.add_log(measure_id, note, today, status=status))
        return out

    def add_log(
        self, measure_id: str, note: str, today: dt.date | None = None, status: str | None = None
    ) -> Change:
        """Append a log entry (Sachstand) ``{date, status, note}`` to a measure; the
        status defaults to the measure's current one. ``log:`` is created at the end of
        the measure when it is missing."""
        _, path = self.find(measure_id, ["measure"])
        measure = self._get(self.data, path)
        entry: dict[str, Any] = {"date": (today or self.today).isoformat()}
        current = status if status is not None else measure.get("status")
        if isinstance(current, str):
            entry["status"] = current
        entry["note"] = note
        return self._append(
            measure_id,
            path,
            "log",
            entry,
            Measure,
            Change(measure_id, "log", None, entry, added=True),
        )

    def set_review_by(self, measure_id: str, date: dt.date | str) -> Change | None:
        """By when a measure is looked at again (``review_by``)."""
        _, path = self.find(measure_id, ["measure"])
        return self._set(measure_id, path, "review_by", _date_text(date), Measure)

    def record_value(
        self, indicator_id: str, year: int, value: float, note: str | None = None
    ) -> list[Change]:
        """A measurement of an indicator: inserted in year order, or replacing the value
        (and, when given, the note) of that year."""
        _, path = self.find(indicator_id, ["indicator"])
        indicator = self._get(self.data, path)
        values = indicator.get("values")
        values = values if isinstance(values, list) else []
        label = f"values {year}"
        for i, entry in enumerate(values):
            if isinstance(entry, dict) and entry.get("year") == year:
                out: list[Change] = []
                with self._transaction():
                    for key, new, what in (
                        ("value", value, label),
                        ("note", note, f"{label} note"),
                    ):
                        if new is not None:
                            change = self._set(
                                indicator_id, (*path, "values", i), key, new, Measurement, what
                            )
                            out += [change] if change else []
                return out
        index = next(
            (
                i
                for i, e in enumerate(values)
                if isinstance(e, dict) and isinstance(e.get("year"), int) and e["year"] > year
            ),
            None,
        )
        added: dict[str, Any] = {"year": year, "value": value}
        if note is not None:
            added["note"] = note
        return [
            self._append(
                indicator_id,
                path,
                "values",
                added,
                Indicator,
                Change(indicator_id, "values", None, added, added=True),
                index,
            )
        ]

    def record_review(
        self,
        date: dt.date | str,
        by: str | None = None,
        summary: str | None = None,
        version: str | None = None,
        next_review: dt.date | str | None = None,
        ref: str | None = None,
        uncommitted: bool | None = None,
    ) -> list[Change]:
        """Append a ``reviews:`` entry and set ``review.last`` (and ``review.next`` when
        ``next_review`` is given). When the last entry is of the same day, that entry
        is brought up to date instead: one entry per review day."""
        ident = got if isinstance(got := self.data.get("id"), str) else self.path.stem
        if not isinstance(self.data.get("review"), dict):
            raise EditError(_t("update.err.no-review", file=self.display))
        day = _date_text(date)
        entry: dict[str, Any] = {"date": day}
        for k, v in (
            ("by", by),
            ("summary", summary),
            ("version", version),
            ("ref", ref),
            ("uncommitted", uncommitted),
        ):
            if v is not None:
                entry[k] = v
        reviews = self.data.get("reviews")
        reviews = reviews if isinstance(reviews, list) else []
        last = reviews[-1] if reviews else None
        with self._transaction():
            if isinstance(last, dict) and _date_text(last.get("date") or "") == day:
                path = ("reviews", len(reviews) - 1)
                out = []
                for k, v in entry.items():
                    if k != "date":
                        change = self._set(ident, path, k, v, ReviewEntry, f"reviews.{k}")
                        out += [change] if change else []
                if last.get("uncommitted") and not uncommitted:
                    change = self._set(
                        ident, path, "uncommitted", False, ReviewEntry, "reviews.uncommitted"
                    )
                    out += [change] if change else []
            else:
                out = [
                    self._append(
                        ident,
                        (),
                        "reviews",
                        entry,
                        Concept,
                        Change(ident, "reviews", None, entry, added=True),
                    )
                ]
            for key, val in (("last", day), ("next", next_review)):
                if val is not None:
                    change = self._set(
                        ident, ("review",), key, _date_text(val), Review, f"review.{key}"
                    )
                    out += [change] if change else []
        return out

    # ---- adding and removing whole items (integ add, remove, move)

    def add_item(
        self,
        path: tuple[Any, ...],
        key: str,
        item: dict[str, Any],
        model: type[BaseModel] | None,
        label: str,
    ) -> Change:
        """Append ``item`` to the list ``key`` of the mapping at ``path`` in the file's
        own style (a missing list is made, block style when the file is)."""
        return self._append(label, path, key, item, model, Change(label, key, None, item, True))

    def remove_item(self, path: tuple[Any, ...], label: str) -> Change:
        """Remove the list item at ``path`` (its lines; a list left empty goes with its
        key, so that the file stays valid YAML of the same shape)."""
        *owner_path, key, index = path
        owner_path_t = tuple(owner_path)
        expected = copy.deepcopy(self.data)
        owner = self._get(expected, owner_path_t)
        old = owner[key].pop(index)
        last = not owner[key]
        if last:
            del owner[key]
        change = Change(label, key, old, None)
        seq, flow = self._node((*owner_path_t, key))
        text = self.text
        if last:
            parent, _ = self._node(owner_path_t)
            k = next(k for k, v in parent.value if _is_scalar(k) and k.value == key)
            if _flow(parent) or flow:
                raise EditError(
                    _t("update.err.remove-flow", file=self.display, line=seq.start_mark.line + 1)
                )
            start = _line_start(text, k.start_mark.index)
            if text[start : k.start_mark.index].strip():
                raise EditError(
                    _t("update.err.remove-flow", file=self.display, line=k.start_mark.line + 1)
                )
            splices = [
                (
                    start,
                    _after(text, seq) if not _flow(seq) else _next_line(text, seq.end_mark.index),
                    "",
                )
            ]
        elif _flow(seq):
            splices = [  # a flow list is written anew from its data
                (
                    seq.start_mark.index,
                    seq.end_mark.index,
                    self._flow_text(self._get(expected, (*owner_path_t, key))),
                )
            ]
        else:
            item = seq.value[index]
            dash = _dash_index(text, item)
            if dash is None:
                raise EditError(
                    _t("update.err.remove-flow", file=self.display, line=item.start_mark.line + 1)
                )
            start = _line_start(text, dash)
            if text[start:dash].strip():  # `key: - item` on one line
                raise EditError(
                    _t("update.err.remove-flow", file=self.display, line=item.start_mark.line + 1)
                )
            splices = [(start, _after(text, item), "")]
        self._apply(splices, expected, change)
        return change

    # ---- what the edits did

    def diff(self) -> str:
        old = self.original.text
        a, b = (
            (self.display, self.display)
            if Path(self.display).is_absolute()
            else (f"a/{self.display}", f"b/{self.display}")
        )
        return "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True), self.text.splitlines(keepends=True), a, b
            )
        )


def load_for_edit(
    path: Path,
    *,
    ws: Workspace | None = None,
    today: dt.date | None = None,
    display: str | None = None,
) -> EditDoc:
    """Open a concept file for editing. Raises EditError (exit 2) when it cannot be
    read or does not parse."""
    path = Path(path)
    shown = display or display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise EditError(_t("update.err.no-file", file=shown)) from None
    except OSError as exc:
        raise EditError(_t("update.err.unreadable", file=shown, reason=exc.strerror)) from None
    ws = ws or Workspace.open(path)
    if ws.is_special(path):
        raise EditError(_t("update.err.special", file=shown))
    source = ws.source_of(path)
    if source is not None:  # a town's concept fetched from its repository
        raise EditError(_t("district.edit_refused", file=shown, id=source.id, url=source.shown_url))
    doc = yaml_io.load(path, shown, data=raw)
    if not doc.ok:
        first = doc.findings[0] if doc.findings else None
        where = (
            f"{first.file}:{first.line}:{first.column}: {first.message}"
            if first
            else f"{shown}: cannot be read"
        )
        raise EditError(_t("update.err.broken", where=where))
    if not isinstance(doc.data, dict):
        raise EditError(_t("update.err.top-level", file=shown))
    if doc.data.get("format", "integ/1") != "integ/1":  # a format integ does not know
        from .i18n import t

        known = ["integ/1"]
        raise EditError(
            t("files.unknown_format", file=shown, format=doc.data["format"], known=known)
        )
    if re.search(r"\r(?!\n)", doc.text):
        raise EditError(_t("update.err.cr", file=shown))
    style = _detect_style(doc.root, doc.text)
    return EditDoc(
        path=path,
        display=shown,
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        bom=raw.startswith(b"\xef\xbb\xbf"),
        text=doc.text,
        doc=doc,
        original=doc,
        ws=ws,
        today=today or dt.date.today(),
        style=style,
    )


# ----------------------------------------------------------------------------- saving


def _norm(f: Finding) -> tuple[object, ...]:
    """What makes a finding after the edit the same as one before it: its identity
    (file, rule, path, message id, params) with the path without list indices and the
    subject (kind, id) instead, and without the params that are positions (``line``,
    ``first_line`` ...): lines and indices move when an edit adds lines or list
    entries above a finding. Never the message text."""
    params = {
        k: v
        for k, v in f.params.items()
        if k not in ("line", "column") and not k.endswith(("_line", "_column"))
    }
    path = re.sub(r"\[\d+\]", "[]", f.path)
    subject = (f.subject.kind, f.subject.id) if f.subject else None
    return (*dataclasses.replace(f, path=path, params=params).identity(), subject)


def _added(before: list[Finding], after: list[Finding], severity: str) -> list[Finding]:
    left = Counter(_norm(f) for f in before if f.severity == severity)
    out = []
    for f in after:
        if f.severity != severity:
            continue
        key = _norm(f)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return out


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.message} [{f.rule}]"


def save(ed: EditDoc, path: Path | None = None, *, dry_run: bool = False) -> SaveResult:
    """Validate the edited text and write it atomically.

    Refuses (EditRefused, exit 1) when the edit adds an error the file did not have;
    refuses (ChangedOnDisk, exit 2) when the file changed on disk since it was read.
    Either way the file is left untouched.
    """
    from .validate import check_concept, severities

    if not ed.changes:
        return SaveResult([], written=False)
    table = severities(ed.ws)
    before = check_concept(ed.original, ed.ws, ed.today, table)
    after = check_concept(ed.doc, ed.ws, ed.today, table)
    errors = _added(before, after, ERROR)
    if errors:
        lines = "\n".join("  " + _where(f) for f in errors)
        asked = "; ".join(c.describe() for c in ed.changes)
        raise EditRefused(
            _t("update.refused", file=ed.display, changes=asked) + "\n" + lines,
            errors,
        )
    result = SaveResult(
        list(ed.changes),
        written=False,
        diff=ed.diff(),
        new_warnings=_added(before, after, WARNING),
        findings=after,
    )
    if dry_run:
        return result
    target = Path(path) if path is not None else ed.path
    same = target.resolve() == ed.path.resolve()
    if same:
        _check_unchanged(ed)
    text = ("\ufeff" if ed.bom else "") + ed.text
    try:
        fsio.write_atomic(target, text, expect_sha256=ed.sha256 if same else None)
    except OSError as exc:
        raise IntegError(
            _t("update.err.write", file=display_path(target), reason=exc.strerror)
        ) from None
    except IntegError:
        _check_unchanged(ed)  # lost a race: say it the same way
        raise
    result.written = True
    if same:  # further edits and saves start from what is on disk now
        raw = text.encode("utf-8")
        ed.raw, ed.sha256, ed.original, ed.changes = (
            raw,
            hashlib.sha256(raw).hexdigest(),
            ed.doc,
            [],
        )
    return result


def _check_unchanged(ed: EditDoc) -> None:
    try:
        now = ed.path.read_bytes()
    except OSError:
        now = None
    if now is not None and hashlib.sha256(now).hexdigest() == ed.sha256:
        return
    asked = "; ".join(c.describe() for c in ed.changes)
    raise ChangedOnDisk(
        _t(
            "update.removed" if now is None else "update.changed-on-disk",
            file=ed.display,
            changes=asked,
        ),
        list(ed.changes),
    )


# ----------------------------------------------------------------------------- update


def _pair(option: str, text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise EditError(
            _t(
                "update.err.pair",
                option=option,
                form="KEY=VALUE" if option == "--set" else "YEAR=VALUE",
                text=text,
            )
        )
    return key.strip(), value


def _measurement(text: str) -> tuple[int, int | float]:
    year_text, raw = _pair("--value", text)
    if not re.fullmatch(r"\d{4}", year_text):
        raise EditError(_t("update.err.year", text=text))
    raw = raw.strip()
    if re.fullmatch(r"[-+]?\d+,\d+", raw):  # as the walk: a decimal comma, 74,5
        raw = raw.replace(",", ".")
    value = yaml_io.resolve_plain(raw)
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise EditError(_t("update.err.not-number", text=text, raw=raw))
    return int(year_text), value


def update(
    path: Path,
    ident: str,
    *,
    status: str | None = None,
    reason: str | None = None,
    note: str | None = None,
    review_by: str | None = None,
    sets: Iterable[str] = (),
    value: str | None = None,
    today: dt.date,
    dry_run: bool = False,
    ws: Workspace | None = None,
) -> SaveResult:
    """What ``integ update`` does: the options as edits of one item, saved together
    (all of them or none)."""
    sets = list(sets)
    if not any(x is not None for x in (status, reason, note, review_by, value)) and not sets:
        raise EditError(_t("update.err.nothing"))
    pairs = [_pair("--set", s) for s in sets]
    measurement = _measurement(value) if value is not None else None
    ed = load_for_edit(path, ws=ws, today=today)
    kind, _ = ed.find(ident)
    measure_options = [
        n
        for n, v in (("--status", status), ("--reason", reason), ("--review-by", review_by))
        if v is not None
    ]
    if kind == "indicator":
        if measure_options:
            raise EditError(_t("update.err.indicator-options", id=ident, options=measure_options))
        if note is not None and measurement is None:
            raise EditError(_t("update.err.indicator-note", id=ident))
    elif kind != "measure":
        used = measure_options + (["--note"] if note is not None else [])
        if used:
            raise EditError(
                _t("update.err.measure-options", id=ident, kind=_kinds([kind]), options=used)
            )
    if measurement is not None and kind != "indicator":
        raise EditError(_t("update.err.value-option", id=ident, kind=_kinds([kind])))
    if review_by is not None:
        review_by = parse_day(review_by) or review_by  # 01.06.2027 as the walk; else refused
    if status is not None:
        status = enum_value("measure_status", status) or status  # else the validator says
    if measurement is not None:
        ed.record_value(ident, measurement[0], measurement[1], note=note)
    elif status is not None:
        ed.set_status(ident, status, reason=reason, today=today, note=note)
    else:
        if reason is not None:
            ed.set_field(ident, "status_reason", reason)
        if note is not None:
            ed.add_log(ident, note, today)
    if review_by is not None:
        ed.set_review_by(ident, review_by)
    for key, raw in pairs:
        ed.set_field(ident, key, raw)
    return save(ed, dry_run=dry_run)
