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

from .problems import ERROR, Finding, Span, format_path

MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 2_000_000  # after alias expansion; a 10 MB concept has far fewer
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN = "?"
_KNOWN_TAGS = {
    _STR, _MAP, _SEQ,
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}

_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}


class _Loader(yaml.CSafeLoader):
    """libyaml composer that leaves resolution to us (and is twice as fast for it)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:  # noqa: D102
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
    """One YAML file: its data, its node tree and its own findings."""

    path: Path
    display: str
    data: Any = None
    root: Any = None
    sha256: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file parsed into data (there may still be findings)."""
        return self.root is not None

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

    def key_span(self, path: tuple[Any, ...]) -> Span:
        return self.locate(path, key=True)

    def finding(self, path: tuple[Any, ...], rule: str, message: str,
                severity: str = ERROR, key: bool = False) -> Finding:
        return Finding(self.display, self.locate(path, key=key), rule, severity,
                       message, format_path(path))


class _Refused(Exception):
    def __init__(self, node: Any, rule: str, message: str) -> None:
        super().__init__(message)
        self.node, self.rule, self.message = node, rule, message


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.budget = MAX_NODES

    def build(self, node: Any, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Refused(node, "yaml-unsafe",
                           "the file expands to more than 2 million values (an alias "
                           "bomb?); integ refuses it. Write the values out instead of "
                           "using '&anchors' and '*aliases'.")
        if depth > MAX_DEPTH:
            raise _Refused(node, "yaml-unsafe",
                           f"nesting deeper than {MAX_DEPTH} levels; a concept never "
                           "needs that")
        tag = node.tag
        if tag not in _KNOWN_TAGS and tag != _PLAIN:
            raise _Refused(node, "yaml-unsafe",
                           f"unknown YAML tag '{tag}': integ reads plain data only; "
                           "remove the tag")
        if isinstance(node, yaml.ScalarNode):
            if tag == _PLAIN:
                return resolve_plain(node.value)
            if tag == _STR:
                return node.value
            value = resolve_plain(node.value)
            return value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise _Refused(knode, "wrong-type",
                               "a key must be a simple word, not a list or mapping")
            key = knode.value
            if key in out:
                self.doc.findings.append(Finding(
                    self.doc.display, _span(knode), "duplicate-key", ERROR,
                    f"key '{key}' appears twice in the same mapping; integ would "
                    "silently keep only one of them. Remove or rename one.",
                    "",
                ))
                continue
            out[key] = self.build(vnode, depth + 1)
        return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _file_finding(doc: Document, rule: str, message: str, line: int = 1, column: int = 1,
                  end_line: int | None = None, end_column: int | None = None) -> None:
    doc.findings.append(Finding(
        doc.display, Span(line, column, end_line or line, end_column or column),
        rule, ERROR, message, ""))


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    col = (mark.column + 1) if mark else 1
    problem = exc.problem or "the YAML is malformed"
    lines = text.split("\n")
    this = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in this[: max(col, 1)] or "'\\t'" in problem:
        return ("a tab character is used for indentation; YAML allows only spaces. "
                "Replace the tab with spaces."), line, col
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = (" A value that contains ': ' must be put in quotes, or a key is "
                "indented wrongly.")
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
                _file_finding(doc, "file-too-large",
                              f"the file is {size / 1e6:.1f} MB; integ reads concept "
                              "files up to 10 MB. Split it or remove what does not "
                              "belong in it.")
                return doc
            data = path.read_bytes()
    except OSError as exc:
        _file_finding(doc, "file-unreadable", f"cannot read the file: {exc.strerror}")
        return doc
    if len(data) > MAX_BYTES:
        _file_finding(doc, "file-too-large",
                      f"the file is {len(data) / 1e6:.1f} MB; integ reads concept files "
                      "up to 10 MB.")
        return doc
    doc.sha256 = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        line, col = _line_col(data.decode("latin-1"), data.index(b"\x00"))
        _file_finding(doc, "file-encoding",
                      "this is not a text file (it contains NUL bytes). Is it a "
                      "binary file that ended up among the concepts?", line, col)
        return doc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"),
                              len(data[: exc.start].decode("utf-8", "replace")))
        _file_finding(doc, "file-encoding",
                      f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}). Save it "
                      "as UTF-8 in your editor (e.g. 'Speichern unter' → "
                      "Codierung UTF-8).", line, col)
        return doc
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        message, line, col = _syntax_message(exc, text)
        _file_finding(doc, "yaml-syntax", message, line, col)
        return doc
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        line, col = _line_col(text, mark) if isinstance(mark, int) else (1, 1)
        _file_finding(doc, "file-encoding",
                      f"the file contains a character YAML does not allow: {exc}",
                      line, col)
        return doc
    except RecursionError:
        _file_finding(doc, "yaml-unsafe", "the file is nested too deeply to read")
        return doc
    if root is None:
        _file_finding(doc, "not-a-mapping",
                      "the file is empty; a concept starts with 'format: integ/1'. "
                      "'integ new' writes a skeleton.")
        return doc
    try:
        doc.data = _Builder(doc).build(root)
    except _Refused as exc:
        doc.findings.append(Finding(doc.display, _span(exc.node), exc.rule, ERROR,
                                    exc.message, ""))
        return doc
    doc.root = root
    return doc


def write_atomic(path: Path, text: str, *, expect_sha256: str | None = None) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file,
    never half of one; keep its mode, follow a symlink, and refuse when the file
    changed on disk since it was read (``expect_sha256`` of the bytes read)."""
    import os
    import tempfile

    target = path.resolve()
    if expect_sha256 is not None and target.exists():
        if hashlib.sha256(target.read_bytes()).hexdigest() != expect_sha256:
            from .errors import IntegError

            raise IntegError(f"{path}: the file was changed by someone else since integ "
                             "read it; nothing was written. Run the command again.")
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dirfd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
