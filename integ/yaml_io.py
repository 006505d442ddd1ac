"""The one module that reads YAML.

Read-only commands go through libyaml (PyYAML's C parser), which keeps every node's
start and end mark; plain scalars are resolved here with YAML 1.2 core-schema rules
(``no`` stays a string, ``2024-01-01`` stays a string), duplicate keys are found here,
and aliases are expanded under a budget (values and characters, aliases counted at
their expanded size) so that an alias bomb is refused instead of eating the machine.
The result is plain Python data plus the node tree, from which a finding's position
is looked up only when a finding needs one.

Only regular files are read, and the size limit is applied before reading (a FIFO,
``/dev/zero`` or a symlink loop is a finding, never a hang). Every finding is a
message id of the ``loader`` catalogue with its parameters; libyaml's English
problem texts are translated into what happened (a wrong indentation with the
column the lines above expect, a missing ``-``, an unclosed quote or bracket, a tab).
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the fast reader; every file it is not sure about goes through libyaml below
    if os.environ.get("INTEG_YAML_READER") == "libyaml":  # to compare, or to rule it out
        raise ImportError("INTEG_YAML_READER=libyaml")
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - yaml-rs is a dependency; libyaml alone still works
    _yaml_rs = None  # type: ignore[assignment]

from .fsio import write_atomic, write_bytes_atomic  # noqa: F401  (moved to fsio; import from there)
from .problems import ERROR, Finding, Span, Subject, format_path

#: the largest file integ reads: fifty times the largest real concept, and as much as
#: integ renders under 500 MB (bench/render_memory.py: 5 MB of concept gives DOCX and
#: PDF at about 380 MB; validating a 10 MB concept alone took 460 MB)
MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 2_000_000  # after alias expansion; a 5 MB concept has far fewer
#: characters of text after alias expansion: no more than a file may have written out
#: (the text of a file is shorter than the file), so that what validates renders
MAX_EXPANDED_CHARS = MAX_BYTES
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN = "?"
_KNOWN_TAGS = {
    _STR,
    _MAP,
    _SEQ,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
#: control characters a text may not hold (a double-quoted "\e[2J" or "\0" gets them
#: past libyaml's reader, which refuses them raw); tab and newline are text
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")


class Unconvertible(str):
    """A plain scalar that looks like a number but cannot be one (an integer of more
    than 4,300 digits, ``.inf``, ``.nan``): kept as its text, with a finding made by the
    loader. The schema does not report it a second time."""

    __slots__ = ()


class _Loader(yaml.CSafeLoader):
    """libyaml composer that leaves resolution to us (and is twice as fast for it)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema for a plain (unquoted) scalar.

    Raises ``ValueError`` for a number Python will not convert (more than 4,300
    digits); ``load`` turns that into a finding on the value."""
    if not text:
        return None
    c = text[0]
    if c.isalpha() and c not in "nNtTfF":
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if _OCT.match(text):
        return int(text, 0)
    if _HEX.match(text):
        return int(text, 0)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    return text


def _span(node: Any) -> Span:
    s, e = node.start_mark, node.end_mark
    end_line, end_col = e.line + 1, e.column + 1
    # block scalars end at the start of the next line: point at the end of the last one
    if e.column == 0 and e.line > s.line:
        end_line, end_col = e.line, 1
    return Span(s.line + 1, s.column + 1, end_line, end_col)


@dataclass
class Document:
    """One YAML file: its data, its text and its own findings.

    The node tree with positions is built only when a finding needs a position, so a
    file without findings costs one pass of the event parser.
    """

    path: Path
    display: str
    data: Any = None
    text: str = ""
    parsed: bool = False
    empty: bool = False
    sha256: str = ""
    findings: list[Finding] = field(default_factory=list)
    _root: Any = None

    @property
    def ok(self) -> bool:
        """True when the file parsed into data (there may still be findings)."""
        return self.parsed

    @property
    def root(self) -> Any:
        if self._root is None and self.parsed:
            self._root = yaml.compose(self.text, Loader=_Loader)
        return self._root

    def locate(self, path: tuple[Any, ...], key: bool = False) -> Span:
        """The span of the value at ``path`` (or of its key), or the nearest parent's."""
        node = self.root
        found = _span(node) if node is not None else Span(1, 1, 1, 1)
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        found = _span(k) if key and part == path[-1] else _span(v)
                        node = v
                        break
                else:
                    return found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                    found = _span(node)
                else:
                    return found
            else:
                return found
        return found

    def finding(
        self,
        path: tuple[Any, ...],
        rule: str,
        message: str,
        severity: str = ERROR,
        key: bool = False,
        params: dict[str, Any] | None = None,
        subject: Subject | None = None,
    ) -> Finding:
        """A finding at ``path``; ``message`` is a message id of the catalogue."""
        return Finding(
            self.display,
            self.locate(path, key=key),
            rule,
            severity,
            message,
            format_path(path),
            params or {},
            subject,
        )


class _Refused(Exception):
    def __init__(
        self, mark: Any, rule: str, message_id: str, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message_id)
        self.mark, self.rule, self.message_id = mark, rule, message_id
        self.params = params or {}


def _mark_span(start: Any, end: Any | None = None) -> Span:
    end = end or start
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _tag(tag: str) -> str:
    """A tag as it is written: tag:yaml.org,2002:python/object → !!python/object."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _scalar(event: Any, doc: Document) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if not (event.implicit[0] and tag is None):
            value = event.value
        else:
            try:
                value = resolve_plain(event.value)
            except ValueError:  # an integer of more than 4,300 digits
                doc.findings.append(
                    _event_finding(
                        doc,
                        event,
                        "invalid-value",
                        "loader.number-too-long",
                        {"digits": len(event.value.lstrip("+-"))},
                    )
                )
                return Unconvertible(event.value)
            if type(value) is float and not math.isfinite(value):
                doc.findings.append(
                    _event_finding(
                        doc, event, "invalid-value", "loader.not-finite", {"value": event.value}
                    )
                )
                return Unconvertible(event.value)
            return value
        if type(value) is str and _CONTROL.search(value):
            char = _CONTROL.search(value).group()  # type: ignore[union-attr]
            doc.findings.append(
                _event_finding(
                    doc,
                    event,
                    "invalid-value",
                    "loader.control-character",
                    {"char": _codepoint(char)},
                )
            )
        return value
    if tag == _STR:
        return event.value
    if tag not in _KNOWN_TAGS:
        raise _Refused(event.start_mark, "yaml-unsafe", "loader.unknown-tag", {"tag": _tag(tag)})
    try:
        return resolve_plain(event.value)
    except ValueError:
        raise _Refused(
            event.start_mark,
            "invalid-value",
            "loader.number-too-long",
            {"digits": len(event.value.lstrip("+-"))},
        ) from None


# --------------------------------------------------------------------------- fast path

#: What sends a text to libyaml instead of yaml-rs: anything on which the two could
#: disagree or that needs a finding with a position. Numbers YAML 1.2's core schema
#: does not know but yaml-rs reads (``1_000``, ``0b1``, ``0X1F``, ``+0x1``, ``.NaN``),
#: tags, directives, a second document, tabs, backslash escapes (control characters),
#: control and unusual line-break characters, and deep indentation
#: (yaml-rs recurses; libyaml's depth limit gives the finding). Aliases are refused
#: by yaml-rs itself (a limit of no expansions), duplicate keys too.
_RISKY = tuple(
    re.compile(p)
    for p in (
        r"0[bBoOxX]|(?i:\.inf|\.nan)",
        r"\n(?:---|\.\.\.)|\n%|\n[ \-?:]{40}",
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]",
    )
)
#: the same, for characters that are rare: looked for only when the character is there
_RISKY_IF = (
    ("_", re.compile(r"_(?:(?<=[-+.0-9]_)|[0-9])")),  # a literal first: a fast scan
    ("!", re.compile(r"!(?<=[\s\[\]{},]!)")),
)


def _risky(text: str) -> bool:
    """True when the text holds something the fast reader must leave to libyaml."""
    if "\\" in text or "\t" in text or text.startswith(("%", "!")):
        return True
    for rx in _RISKY:
        if rx.search(text):
            return True
    return any(char in text and rx.search(text) for char, rx in _RISKY_IF)


#: Maps and lists yaml-rs builds; anything else in its result sends the text to libyaml.
_SCALARS = (str, int, float, bool, type(None))


def _fast(text: str) -> dict[str, Any] | None:
    """The data of a plain, single-document mapping read by yaml-rs, or None when the
    text must go through libyaml (which then gives the same data or the findings).

    The result is the same as :func:`_build` gives: aliases refused, duplicate keys an
    error, no date parsing, and a walk that checks every key is a string, every value
    a scalar type the core schema yields, the depth and the node count in bounds."""
    if _yaml_rs is None or _risky(text):
        return None
    try:
        data = _yaml_rs.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=_DUP_ERROR,
            alias_limits=_NO_ALIASES,
        )
    except Exception:  # noqa: BLE001 - whatever yaml-rs refuses, libyaml explains
        return None
    if type(data) is not dict or not _plain(data):
        return None
    return data


def _plain(root: dict[str, Any]) -> bool:
    """True when ``root`` holds only str keys, core-schema scalars, dicts and lists,
    at most MAX_DEPTH containers deep and MAX_NODES nodes in all."""
    budget = MAX_NODES
    scalars = _SCALARS
    stack: list[tuple[Any, int]] = [(root, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return False
        if type(node) is dict:
            for k in node:
                if type(k) is not str:
                    return False
            values = node.values()
        else:
            values = node
        budget -= len(values) + 1
        if budget < 0:
            return False
        for v in values:
            t = type(v)
            if t is dict or t is list:
                push((v, depth + 1))
            elif (
                t not in scalars
                or (t is float and not math.isfinite(v))
                or (t is int and v.bit_length() > 14_000)  # about 4,200 digits and up
            ):
                return False
    return True


if _yaml_rs is not None:
    _DUP_ERROR = _yaml_rs.DuplicateKeyPolicy.Error
    _NO_ALIASES = _yaml_rs.AliasLimits(
        max_total_replayed_events=0,
        max_replay_stack_depth=MAX_DEPTH,
        max_alias_expansions_per_anchor=0,
    )


def _event_finding(
    doc: Document, event: Any, rule: str, message_id: str, params: dict[str, Any]
) -> Finding:
    return Finding(
        doc.display,
        _mark_span(event.start_mark, event.end_mark),
        rule,
        ERROR,
        message_id,
        "",
        params,
    )


def _build(loader: Any, doc: Document) -> Any:
    """Plain data from libyaml's events: YAML 1.2 scalars, duplicate keys found,
    aliases shared (not copied) but counted at their expanded size (values and
    characters)."""
    get = loader.get_event
    budget = MAX_NODES
    chars = MAX_EXPANDED_CHARS
    # anchor -> (value, values, characters)
    anchors: dict[str, tuple[Any, int, int]] = {}
    # stack entries: [container, size, anchor, pending_key, key_event, characters]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    first_anchor: Any = None
    while True:
        event = get()
        cls = type(event)
        if cls is yaml.ScalarEvent or cls is yaml.AliasEvent:
            if cls is yaml.ScalarEvent:
                value, size, length = _scalar(event, doc), 1, len(event.value) + 1
                if event.anchor:
                    anchors[event.anchor] = (value, 1, length)
                    first_anchor = first_anchor or event.start_mark
            else:
                if event.anchor not in anchors:
                    raise _Refused(
                        event.start_mark,
                        "yaml-syntax",
                        "loader.syntax.undefined-alias",
                        {"alias": event.anchor},
                    )
                value, size, length = anchors[event.anchor]
            budget -= size
            chars -= length
            if budget < 0:
                raise _Refused(
                    first_anchor or event.start_mark,
                    "yaml-unsafe",
                    "loader.alias-bomb",
                    {"limit": MAX_NODES},
                )
            if chars < 0:
                raise _Refused(
                    first_anchor or event.start_mark,
                    "yaml-unsafe",
                    "loader.expanded-too-large",
                    {"limit_mb": MAX_EXPANDED_CHARS // (1024 * 1024)},
                )
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            if event.anchor and first_anchor is None:
                first_anchor = event.start_mark
            if event.tag not in (None, "!", _MAP, _SEQ):
                raise _Refused(
                    event.start_mark, "yaml-unsafe", "loader.unknown-tag", {"tag": _tag(event.tag)}
                )
            if len(stack) >= MAX_DEPTH:
                raise _Refused(
                    event.start_mark, "yaml-unsafe", "loader.too-deep", {"limit": MAX_DEPTH}
                )
            container: Any = {} if cls is yaml.MappingStartEvent else []
            stack.append([container, 1, event.anchor, _NOKEY, None, 1])
            continue
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            container, size, anchor, _, _, length = stack.pop()
            value = container
            if anchor:
                anchors[anchor] = (value, size, length)
            budget -= 1
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(event.start_mark, "yaml-syntax", "loader.syntax.second-document")
            continue
        elif cls is yaml.StreamEndEvent:
            return root
        else:
            continue
        # attach value
        if not stack:
            root = value
            continue
        top = stack[-1]
        top[1] += size
        top[5] += length
        parent = top[0]
        if type(parent) is list:
            parent.append(value)
        elif top[3] is _NOKEY:
            if cls is not yaml.ScalarEvent:
                raise _Refused(event.start_mark, "wrong-type", "loader.complex-key")
            top[3] = event.value
            top[4] = event
        else:
            key = top[3]
            top[3] = _NOKEY
            if key in parent:
                kev = top[4]
                doc.findings.append(
                    Finding(
                        doc.display,
                        _mark_span(kev.start_mark, kev.end_mark),
                        "duplicate-key",
                        ERROR,
                        "loader.duplicate-key",
                        "",
                        {"key": key},
                    )
                )
            else:
                parent[key] = value


_NOKEY = object()


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _file_finding(
    doc: Document,
    rule: str,
    message_id: str,
    params: dict[str, Any] | None = None,
    line: int = 1,
    column: int = 1,
    end_line: int | None = None,
    end_column: int | None = None,
) -> None:
    doc.findings.append(
        Finding(
            doc.display,
            Span(line, column, end_line or line, end_column or column),
            rule,
            ERROR,
            message_id,
            "",
            params or {},
        )
    )


# --------------------------------------------------------------------------- syntax errors


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


_BLOCK_SCALAR = re.compile(r"(?:^|[:\-]\s)\s*[|>][-+0-9]*\s*(?:#.*)?$")


def _open_columns(lines: list[str], before: int) -> list[int]:
    """The indentations (0-based) of the blocks open above line ``before`` (1-based):
    the columns at which the next line may start."""
    stack: list[int] = []
    block_scalar: int | None = None
    for raw in lines[: before - 1]:
        line = raw.rstrip("\r")
        if not _meaningful(line):
            continue
        i = _indent(line)
        if block_scalar is not None and i > block_scalar:
            continue  # the text of a `|` or `>` block
        block_scalar = None
        while stack and stack[-1] > i:
            stack.pop()
        if not stack or stack[-1] < i:
            stack.append(i)
        rest, j = line[i:], i
        while rest.startswith("-") and (len(rest) == 1 or rest[1] == " "):
            m = re.match(r"-\s*", rest)
            assert m is not None
            j += len(m.group())
            rest = rest[len(m.group()) :]
            if rest:
                stack.append(j)
        if _BLOCK_SCALAR.search(line):
            block_scalar = i
    return stack or [0]


def _previous(lines: list[str], before: int, indent: int) -> str | None:
    """The nearest meaningful line above ``before`` indented at most ``indent``."""
    for raw in reversed(lines[: before - 1]):
        if _meaningful(raw) and _indent(raw) <= indent:
            return raw
    return None


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int] | None:
    """(line, column) of the first value before line ``before`` that opens a quote the
    line does not close: the usual cause of an error reported further down."""
    for number, line in enumerate(lines[: before - 1], start=1):
        m = re.match(r"^\s*(?:-\s+)?[^\s#'\"][^:#]*:\s+(['\"])(.*)$", line)
        if not m:
            continue
        quote, rest = m.group(1), m.group(2)
        body = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in body:
            return number, m.start(1) + 1
    return None


def _syntax(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, dict[str, Any], int, int]:
    """(message id, params, line, column) for what went wrong, in a coordinator's terms."""
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    col = (mark.column + 1) if mark else 1
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    cmark = exc.context_mark
    lines = text.split("\n")
    if context.startswith("while parsing a flow") and cmark is not None:
        sequence = "sequence" in context
        return (
            "loader.syntax.unclosed-bracket",
            {"opener": "[" if sequence else "{", "closer": "]" if sequence else "}"},
            cmark.line + 1,
            cmark.column + 1,
        )
    if "quoted scalar" in context and cmark is not None:
        quote = (
            lines[cmark.line][cmark.column : cmark.column + 1] if cmark.line < len(lines) else '"'
        )
        return (
            "loader.syntax.unclosed-quote",
            {"quote": quote or '"'},
            cmark.line + 1,
            cmark.column + 1,
        )
    quoted = _unclosed_quote(lines, line)
    if quoted is not None:
        number, column = quoted
        return (
            "loader.syntax.unclosed-quote",
            {"quote": lines[number - 1][column - 1]},
            number,
            column,
        )
    if "simple key" in context and cmark is not None:
        line, col = cmark.line + 1, cmark.column + 1  # the line without its ':'
    this = lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""
    if "\t" in this[: max(col, 1)] or (
        "cannot start any token" in problem and this[col - 1 : col] == "\t"
    ):
        tab = this.index("\t") + 1 if "\t" in this else col
        return "loader.syntax.tab", {}, line, tab
    structural = (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "did not find expected '-'" in problem
        or "mapping values are not allowed" in problem
        or "could not find expected ':'" in problem
    )
    if structural and _meaningful(this):
        found = _indent(this)
        above = _previous(lines, line, found)
        if (
            above is not None
            and _indent(above) == found
            and above.lstrip(" ").startswith("- ")
            and not this.lstrip(" ").startswith("-")
        ):
            return "loader.syntax.missing-dash", {}, line, found + 1
        columns = _open_columns(lines, line)
        if found not in columns:
            expected = min(columns, key=lambda c: (abs(c - found), -c))
            return (
                "loader.syntax.indentation",
                {"found": found + 1, "expected": expected + 1},
                line,
                found + 1,
            )
    if "mapping values are not allowed" in problem:
        return "loader.syntax.colon-in-value", {}, line, col
    if "could not find expected ':'" in problem:
        return "loader.syntax.missing-colon", {}, line, col
    if "cannot start any token" in problem:
        return "loader.syntax.bad-start", {"char": this[col - 1 : col] or "?"}, line, col
    if "found undefined alias" in problem:
        return "loader.syntax.undefined-alias", {"alias": ""}, line, col
    if "expected a single document" in problem:
        return "loader.syntax.second-document", {}, line, col
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "loader.syntax.structure", {}, line, col
    return "loader.syntax.other", {"problem": problem or "?"}, line, col


# --------------------------------------------------------------------------- reading


class NotARegularFile(OSError):
    """A path that is not a regular file (a folder, FIFO, device or socket)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def read_regular(path: Path, limit: int | None = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` + 1 of them (so a caller can
    tell that the file is too large), without ever blocking: a FIFO, a device or a
    folder raises ``NotARegularFile`` before anything is read; a symlink loop and
    every other failure raise ``OSError``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(errno.EINVAL, _kind(info.st_mode), str(path))
        want = info.st_size + 1 if limit is None else min(info.st_size, limit) + 1
        chunks = []
        while want > 0:
            chunk = os.read(fd, min(want, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_finding(doc: Document, exc: OSError) -> None:
    if isinstance(exc, NotARegularFile):
        _file_finding(doc, "file-unreadable", f"loader.not-a-file.{exc.strerror}")
    elif exc.errno == errno.ELOOP:
        _file_finding(doc, "file-unreadable", "loader.symlink-loop")
    elif exc.errno == errno.ENOENT and doc.path.is_symlink():
        _file_finding(doc, "file-unreadable", "loader.dangling-link")
    elif exc.errno == errno.ENOENT:
        _file_finding(doc, "file-unreadable", "loader.missing")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        _file_finding(doc, "file-unreadable", "loader.no-permission")
    else:
        _file_finding(
            doc,
            "file-unreadable",
            "loader.unreadable",
            {"reason": exc.strerror or type(exc).__name__},
        )


def _too_large(doc: Document, size: int) -> None:
    _file_finding(
        doc,
        "file-too-large",
        "loader.too-large",
        {"mb": round(size / 1e6, 1), "limit_mb": MAX_BYTES // (1024 * 1024)},
    )


def load(
    path: Path, display: str | None = None, data: bytes | None = None, fast_reader: bool = True
) -> Document:
    """Read one YAML file; never raises for bad content, records findings instead.

    A plain file is read by yaml-rs (about ten times faster); every other one, and
    every one with ``fast_reader=False``, by libyaml with the checks above."""
    doc = Document(path=path, display=display or str(path))
    if data is None:
        try:
            data = read_regular(path)
        except OSError as exc:
            _read_finding(doc, exc)
            return doc
        if len(data) > MAX_BYTES:
            try:
                size = os.stat(path).st_size
            except OSError:
                size = len(data)
            _too_large(doc, max(size, len(data)))
            return doc
    if len(data) > MAX_BYTES:
        _too_large(doc, len(data))
        return doc
    doc.sha256 = hashlib.sha256(data).hexdigest()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        _file_finding(doc, "file-encoding", "loader.utf16")
        return doc
    if b"\x00" in data:
        line, col = _line_col(data.decode("latin-1"), data.index(b"\x00"))
        _file_finding(doc, "file-encoding", "loader.nul-bytes", {}, line, col)
        return doc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = _line_col(before, len(before))
        _file_finding(
            doc,
            "file-encoding",
            "loader.not-utf8",
            {"byte": f"0x{data[exc.start]:02x}"},
            line,
            col,
        )
        return doc
    doc.text = text
    fast = _fast(text) if fast_reader else None
    if fast is not None:
        doc.data = fast
        doc.parsed = True
        return doc
    loader = _Loader(text)
    try:
        data = _build(loader, doc)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            mark = exc.problem_mark
            _file_finding(
                doc,
                "yaml-unsafe",
                "loader.too-deep",
                {"limit": MAX_DEPTH},
                mark.line + 1 if mark else 1,
                mark.column + 1 if mark else 1,
            )
            return doc
        message_id, params, line, col = _syntax(exc, text)
        _file_finding(doc, "yaml-syntax", message_id, params, line, col)
        return doc
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        line, col = _line_col(text, mark) if isinstance(mark, int) else (1, 1)
        char = getattr(exc, "character", None)
        code = (
            _codepoint(char)
            if isinstance(char, str) and char
            else f"U+{char:04X}"
            if isinstance(char, int)
            else "?"
        )
        _file_finding(doc, "file-encoding", "loader.bad-character", {"char": code}, line, col)
        return doc
    except _Refused as exc:
        doc.findings.append(
            Finding(
                doc.display,
                _mark_span(exc.mark),
                exc.rule,
                ERROR,
                exc.message_id,
                "",
                exc.params,
            )
        )
        return doc
    except (ValueError, OverflowError, RecursionError, MemoryError):
        # a value Python cannot convert, found nowhere above: still a finding, not a crash
        _file_finding(doc, "yaml-unsafe", "loader.unconvertible")
        return doc
    finally:
        loader.dispose()
    if data is None:
        doc.empty = True
        _file_finding(doc, "not-a-mapping", "loader.empty")
        return doc
    doc.data = data
    doc.parsed = True
    return doc
