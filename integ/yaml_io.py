"""The one module that reads YAML.

Read-only commands go through libyaml (PyYAML's C parser), which keeps every node's
start and end mark; plain scalars are resolved here with YAML 1.2 core-schema rules
(``no`` stays a string, ``2024-01-01`` stays a string), duplicate keys are found here,
and aliases are expanded under a budget so that an alias bomb is refused instead of
eating the machine. The result is plain Python data plus the node tree, from which a
finding's position is looked up only when a finding needs one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fsio import write_atomic, write_bytes_atomic  # noqa: F401  (moved to fsio; import from there)
from .problems import ERROR, Finding, Span, Subject, format_path

MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 2_000_000  # after alias expansion; a 10 MB concept has far fewer
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


class _Loader(yaml.CSafeLoader):
    """libyaml composer that leaves resolution to us (and is twice as fast for it)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema for a plain (unquoted) scalar."""
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
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
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
    def __init__(self, mark: Any, rule: str, message: str) -> None:
        super().__init__(message)
        self.mark, self.rule, self.message = mark, rule, message


def _mark_span(start: Any, end: Any | None = None) -> Span:
    end = end or start
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        return resolve_plain(event.value) if event.implicit[0] and tag is None else event.value
    if tag == _STR:
        return event.value
    if tag not in _KNOWN_TAGS:
        raise _Refused(
            event.start_mark,
            "yaml-unsafe",
            f"unknown YAML tag '{tag}': integ reads plain data only; remove the tag",
        )
    return resolve_plain(event.value)


def _build(loader: Any, doc: Document) -> Any:
    """Plain data from libyaml's events: YAML 1.2 scalars, duplicate keys found,
    aliases shared (not copied) but counted at their expanded size."""
    get = loader.get_event
    budget = MAX_NODES
    anchors: dict[str, tuple[Any, int]] = {}
    # stack entries: [container, size, anchor, pending_key, key_event, seen_keys]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    first_anchor: Any = None
    while True:
        event = get()
        cls = type(event)
        if cls is yaml.ScalarEvent or cls is yaml.AliasEvent:
            if cls is yaml.ScalarEvent:
                value, size = _scalar(event), 1
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                    first_anchor = first_anchor or event.start_mark
            else:
                if event.anchor not in anchors:
                    raise _Refused(
                        event.start_mark,
                        "yaml-syntax",
                        f"YAML syntax error: the alias '*{event.anchor}' names no anchor",
                    )
                value, size = anchors[event.anchor]
            budget -= size
            if budget < 0:
                raise _Refused(first_anchor or event.start_mark, "yaml-unsafe", _BOMB)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            if event.anchor and first_anchor is None:
                first_anchor = event.start_mark
            if event.tag not in (None, "!", _MAP, _SEQ):
                raise _Refused(
                    event.start_mark,
                    "yaml-unsafe",
                    f"unknown YAML tag '{event.tag}': integ reads plain data only; remove the tag",
                )
            if len(stack) >= MAX_DEPTH:
                raise _Refused(
                    event.start_mark,
                    "yaml-unsafe",
                    f"nesting deeper than {MAX_DEPTH} levels; a concept never needs that",
                )
            container: Any = {} if cls is yaml.MappingStartEvent else []
            stack.append([container, 1, event.anchor, _NOKEY, None, None])
            continue
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            container, size, anchor, _, _, _ = stack.pop()
            value = container
            if anchor:
                anchors[anchor] = (value, size)
            budget -= 1
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(
                    event.start_mark,
                    "yaml-syntax",
                    "YAML syntax error: a concept file holds one document; remove the second '---'",
                )
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
        parent = top[0]
        if type(parent) is list:
            parent.append(value)
        elif top[3] is _NOKEY:
            if cls is not yaml.ScalarEvent:
                raise _Refused(
                    event.start_mark,
                    "wrong-type",
                    "a key must be a simple word, not a list or mapping",
                )
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
                        f"key '{key}' appears twice in the same mapping; integ would "
                        "silently keep only one of them. Remove or rename one.",
                        "",
                    )
                )
            else:
                parent[key] = value


_NOKEY = object()
_BOMB = (
    "the file expands to more than 2 million values (an alias bomb?); integ "
    "refuses it. Write the values out instead of using '&anchors' and '*aliases'."
)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _file_finding(
    doc: Document,
    rule: str,
    message: str,
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
            message,
            "",
        )
    )


def _unclosed_quote(lines: list[str], before: int) -> int | None:
    """The first line (1-based) before ``before`` whose value opens a quote that the
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
            return number
    return None


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    col = (mark.column + 1) if mark else 1
    problem = exc.problem or "the YAML is malformed"
    lines = text.split("\n")
    context = str(exc.context or "")
    if context.startswith("while parsing a flow") and exc.context_mark is not None:
        opener = "[" if "sequence" in context else "{"
        closer = "]" if opener == "[" else "}"
        return (
            f"YAML syntax error: the {'list' if opener == '[' else 'mapping'} opened "
            f"here with '{opener}' is not closed with '{closer}'.",
            exc.context_mark.line + 1,
            exc.context_mark.column + 1,
        )
    if "quoted scalar" in context and exc.context_mark is not None:
        return (
            "YAML syntax error: the quote opened here is never closed.",
            exc.context_mark.line + 1,
            exc.context_mark.column + 1,
        )
    quoted = _unclosed_quote(lines, line)
    if quoted is not None:
        return (
            "YAML syntax error: the quote opened on this line is not closed on it; "
            "add the closing quote.",
            quoted,
            lines[quoted - 1].index(
                next(c for c in lines[quoted - 1].split(":", 1)[1] if c in "'\"")
            )
            + 1,
        )
    this = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in this[: max(col, 1)] or "'\\t'" in problem:
        return (
            (
                "a tab character is used for indentation; YAML allows only spaces. "
                "Replace the tab with spaces."
            ),
            line,
            col,
        )
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " A value that contains ': ' must be put in quotes, or a key is indented wrongly."
    elif "could not find expected ':'" in problem:
        hint = " A key is missing its ':' or a quote is not closed."
    elif "expected <block end>" in problem:
        hint = " Check the indentation of this line against the lines above it."
    elif "found character" in problem and "cannot start any token" in problem:
        hint = " Put the value in quotes."
    elif "found undefined alias" in problem:
        hint = " An '*alias' names an '&anchor' that does not exist."
    elif "expected a single document" in problem:
        hint = " A concept file holds one document: remove the second '---'."
    context = f"{exc.context}: " if exc.context and "while" not in exc.context else ""
    return f"YAML syntax error: {context}{problem}.{hint}", line, col


def load(path: Path, display: str | None = None, data: bytes | None = None) -> Document:
    """Read one YAML file; never raises for bad content, records findings instead."""
    doc = Document(path=path, display=display or str(path))
    try:
        if data is None:
            size = path.stat().st_size
            if size > MAX_BYTES:
                _file_finding(
                    doc,
                    "file-too-large",
                    f"the file is {size / 1e6:.1f} MB; integ reads concept "
                    "files up to 10 MB. Split it or remove what does not "
                    "belong in it.",
                )
                return doc
            data = path.read_bytes()
    except OSError as exc:
        _file_finding(doc, "file-unreadable", f"cannot read the file: {exc.strerror}")
        return doc
    if len(data) > MAX_BYTES:
        _file_finding(
            doc,
            "file-too-large",
            f"the file is {len(data) / 1e6:.1f} MB; integ reads concept files up to 10 MB.",
        )
        return doc
    doc.sha256 = hashlib.sha256(data).hexdigest()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        _file_finding(
            doc,
            "file-encoding",
            "the file is saved as UTF-16; save it as UTF-8 in your editor "
            "(e.g. 'Speichern unter' → Codierung UTF-8).",
        )
        return doc
    if b"\x00" in data:
        line, col = _line_col(data.decode("latin-1"), data.index(b"\x00"))
        _file_finding(
            doc,
            "file-encoding",
            "this is not a text file (it contains NUL bytes). Is it a "
            "binary file that ended up among the concepts?",
            line,
            col,
        )
        return doc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(
            data[: exc.start].decode("utf-8", "replace"),
            len(data[: exc.start].decode("utf-8", "replace")),
        )
        _file_finding(
            doc,
            "file-encoding",
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}). Save it "
            "as UTF-8 in your editor (e.g. 'Speichern unter' → "
            "Codierung UTF-8).",
            line,
            col,
        )
        return doc
    doc.text = text
    loader = _Loader(text)
    try:
        data = _build(loader, doc)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            mark = exc.problem_mark
            _file_finding(
                doc,
                "yaml-unsafe",
                "nesting deeper than libyaml allows; a concept never needs that",
                mark.line + 1,
                mark.column + 1,
            )
            return doc
        message, line, col = _syntax_message(exc, text)
        _file_finding(doc, "yaml-syntax", message, line, col)
        return doc
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        line, col = _line_col(text, mark) if isinstance(mark, int) else (1, 1)
        _file_finding(
            doc,
            "file-encoding",
            f"the file contains a character YAML does not allow: {exc}",
            line,
            col,
        )
        return doc
    except _Refused as exc:
        doc.findings.append(
            Finding(doc.display, _mark_span(exc.mark), exc.rule, ERROR, exc.message, "")
        )
        return doc
    finally:
        loader.dispose()
    if data is None:
        doc.empty = True
        _file_finding(
            doc,
            "not-a-mapping",
            "the file is empty; a concept starts with 'format: integ/1'. "
            "'integ new' writes a skeleton.",
        )
        return doc
    doc.data = data
    doc.parsed = True
    return doc


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


_TOP_KEY = re.compile(r"^([^\s#][^:#]*):\s*(#.*)?$")
_TOP_LINE = re.compile(r"^[^\s#\-]", re.MULTILINE)
_ITEM = re.compile(r"^( *- )", re.MULTILINE)


class RevisionReader:
    """Reads many revisions of one file quickly, for `integ log`.

    Consecutive revisions of a concept differ in a few items. The text is cut before
    every top-level key and before every item of a top-level block list (`measures:`
    with its `  - id: ...` items); each piece is parsed once and remembered by its text.
    A file the pieces cannot represent exactly (anchors, flow styles across pieces,
    anything that does not parse piecewise) is parsed whole.
    """

    def __init__(self) -> None:
        self._pieces: dict[str, Any] = {}

    def data(self, raw: bytes) -> Any:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        if (
            "\t" in text
            or text.startswith(("---", "..."))
            or "\n---" in text
            or "\n..." in text
            or _has_references(text)
        ):
            return self._whole(raw)
        result = self._pieced(text)
        return result if result is not None else self._whole(raw)

    def _whole(self, raw: bytes) -> Any:
        doc = load(Path("revision.yaml"), "revision", data=raw)
        return doc.data if doc.ok else None

    def _parse(self, piece: str) -> Any:
        if piece not in self._pieces:
            doc = load(Path("piece.yaml"), "piece", data=piece.encode("utf-8"))
            self._pieces[piece] = doc.data if doc.ok and not doc.findings else _FAILED
        return self._pieces[piece]

    def _pieced(self, text: str) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
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
            m = _TOP_KEY.match(first_line.rstrip("\r"))
            item = _ITEM.search(body) if m else None
            if (
                m is None
                or item is None
                or body[: item.start()].strip(" \r\n")
                and not all(
                    x.lstrip().startswith("#")
                    for x in body[: item.start()].splitlines()
                    if x.strip()
                )
            ):
                part = self._parse(section)  # key: value, block scalar, nested mapping
                if not isinstance(part, dict) or len(part) != 1:
                    return None
                key = next(iter(part))
                if key in out:
                    return None
                out[key] = part[key]
                continue
            key = m.group(1).strip()
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


_FAILED = object()
