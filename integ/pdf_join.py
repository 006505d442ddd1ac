"""One tagged PDF from the PDFs typst made of a document's parts (integ.parts).

Each part is a complete, tagged PDF of its own. Joining keeps what makes the whole
accessible and navigable:

- the pages, in order, and one structure tree: the children of every later part's
  Document element go into the first part's; the parent tree's keys (a page's
  ``/StructParents``, an annotation's ``/StructParent``) are moved past the keys of
  the parts before, and element ids (a table header cell's, which other cells name in
  ``/Headers``) get the part's prefix, so that they stay unique;
- the named destinations (typst makes one for every heading's label) of all parts in
  one name tree, so that a link in one part reaches a heading in another; the table of
  contents' links, which typst can only write as URIs of the form
  ``integ-ziel:LABEL`` (the label lies in another part), become links to the named
  destination;
- bookmarks for the headings of the whole document, nested by level;
- one page numbering from 1, the first part's metadata with the joined page count.

The join streams: each part is read on its own and its objects are written out one by
one with their numbers moved past the parts before, so memory stays at the size of
one part (a general PDF library holds every object of the whole document, some
400 MB for a concept of 2.5 MB). It reads what typst writes (a classic
cross-reference table, no object streams) and refuses anything else.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote_to_bytes

#: the scheme of the table of contents' links to a heading in another part
TARGET = "integ-ziel:"


class JoinError(ValueError):
    """A part is not a PDF as typst writes it (a programming error, not the user's)."""


# --------------------------------------------------------------------------- syntax


class Name(bytes):
    """A PDF name, with its slash."""


class Raw(bytes):
    """A number, keyword or string, exactly as it was written."""


@dataclass(frozen=True)
class Ref:
    number: int


Value = Any  # Name | Raw | Ref | list[Value] | dict[Name, Value]

_WS = b"\x00\t\n\x0c\r "
_DELIM = b"()<>[]{}/%"
_SPACE = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_REGULAR = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_HEX = re.compile(rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>")
_REF = re.compile(
    rb"(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+R(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
)
_OBJ = re.compile(rb"(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+obj")


def _literal_end(data: bytes, pos: int) -> int:
    """The index after the literal string that starts at ``pos`` (its ``(``)."""
    depth = 0
    i = pos
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise JoinError("unterminated string")


def parse(data: bytes, pos: int) -> tuple[Value, int]:
    """The value at ``pos`` and the index after it."""
    pos = _SPACE.match(data, pos).end()  # type: ignore[union-attr]
    c = data[pos : pos + 1]
    if c == b"/":
        m = _REGULAR.match(data, pos + 1)
        end = m.end() if m else pos + 1
        return Name(data[pos:end]), end
    if c == b"<":
        if data[pos + 1 : pos + 2] == b"<":
            out: dict[Name, Value] = {}
            pos += 2
            while True:
                pos = _SPACE.match(data, pos).end()  # type: ignore[union-attr]
                if data[pos : pos + 2] == b">>":
                    return out, pos + 2
                key, pos = parse(data, pos)
                if not isinstance(key, Name):
                    raise JoinError("dictionary key is not a name")
                out[key], pos = parse(data, pos)
        m = _HEX.match(data, pos)
        if m is None:
            raise JoinError("bad hex string")
        return Raw(m.group()), m.end()
    if c == b"[":
        items: list[Value] = []
        pos += 1
        while True:
            pos = _SPACE.match(data, pos).end()  # type: ignore[union-attr]
            if data[pos : pos + 1] == b"]":
                return items, pos + 1
            item, pos = parse(data, pos)
            items.append(item)
    if c == b"(":
        end = _literal_end(data, pos)
        return Raw(data[pos:end]), end
    m = _REF.match(data, pos)
    if m is not None:
        return Ref(int(m.group(1))), m.end()
    m = _REGULAR.match(data, pos)
    if m is None:
        raise JoinError(f"unexpected byte at {pos}")
    return Raw(m.group()), m.end()


def dump(value: Value, out: list[bytes], ref: Callable[[int], int]) -> None:
    """``value`` in PDF syntax, its references renumbered by ``ref``."""
    if isinstance(value, Ref):
        out.append(b"%d 0 R" % ref(value.number))
    elif isinstance(value, dict):
        out.append(b"<<")
        for key, item in value.items():
            out.append(key)
            out.append(b" ")
            dump(item, out, ref)
            out.append(b" ")
        out.append(b">>")
    elif isinstance(value, list):
        out.append(b"[")
        for item in value:
            dump(item, out, ref)
            out.append(b" ")
        out.append(b"]")
    else:
        out.append(value)


def content(value: Value) -> bytes:
    """The bytes a PDF string (literal or hex) holds."""
    raw = bytes(value)
    if raw.startswith(b"<"):
        return bytes.fromhex(re.sub(rb"[^0-9A-Fa-f]", b"", raw[1:-1]).decode())
    return _unescape(raw[1:-1])


def text(value: Value) -> str:
    """The text of a PDF string: UTF-16BE with its mark, else UTF-8 (how typst writes
    names and labels), else PDFDocEncoding, taken as Latin-1."""
    data = content(value)
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        s = m.group(1)
        if s[:1].isdigit():
            return bytes([int(s, 8) & 0xFF])
        if s in (b"\r\n", b"\n", b"\r"):
            return b""
        return _ESCAPES.get(s, s)

    return re.sub(rb"\\([0-7]{1,3}|\r\n|.)", one, raw, flags=re.DOTALL)


def literal(data: bytes) -> Raw:
    """A PDF string holding ``data``, as a literal with escapes."""
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    escaped = escaped.replace(b"\r", b"\\r").replace(b"\n", b"\\n")
    return Raw(b"(" + escaped + b")")


def string(value: str) -> Raw:
    """A PDF text string of ``value`` (UTF-16BE where it is not ASCII): a bookmark's title."""
    if value.isascii() and value.isprintable():
        return literal(value.encode("ascii"))
    return Raw(b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">")


def label(value: str) -> Raw:
    """A named destination's name as typst writes it (the label's UTF-8 bytes)."""
    return literal(value.encode("utf-8"))


# --------------------------------------------------------------------------- a part


@dataclass
class Part:
    """One PDF as typst writes it: its bytes and where each object starts."""

    data: bytes
    offsets: dict[int, int]
    trailer: dict[Name, Value]
    size: int

    @classmethod
    def read(cls, data: bytes) -> Part:
        if not data.startswith(b"%PDF-"):
            raise JoinError("not a PDF")
        at = data.rfind(b"startxref")
        if at < 0:
            raise JoinError("no startxref")
        xref = int(data[at + 9 :].split()[0])
        if data[xref : xref + 4] != b"xref":
            raise JoinError("no classic cross-reference table")
        lines = data[xref:].split(b"trailer", 1)
        offsets: dict[int, int] = {}
        rows = lines[0].split()[1:]
        i = 0
        while i + 1 < len(rows):
            first, count = int(rows[i]), int(rows[i + 1])
            i += 2
            for n in range(count):
                offset, _, kind = rows[i : i + 3]
                i += 3
                if kind == b"n":
                    offsets[first + n] = int(offset)
        trailer, _ = parse(lines[1], 0)
        return cls(data, offsets, trailer, int(bytes(trailer[Name(b"/Size")])))

    def object(self, number: int) -> tuple[Value, bytes | None]:
        """Object ``number``: its value and, for a stream, its data."""
        at = self.offsets[number]
        m = _OBJ.match(self.data, at)
        if m is None or int(m.group(1)) != number:
            raise JoinError(f"object {number} not at its offset")
        value, pos = parse(self.data, m.end())
        pos = _SPACE.match(self.data, pos).end()  # type: ignore[union-attr]
        if not self.data.startswith(b"stream", pos):
            return value, None
        pos += 6
        if self.data[pos : pos + 2] == b"\r\n":
            pos += 2
        elif self.data[pos : pos + 1] in (b"\n", b"\r"):
            pos += 1
        length = value[Name(b"/Length")]
        if isinstance(length, Ref):
            length = self.object(length.number)[0]
        return value, self.data[pos : pos + int(bytes(length))]

    def get(self, value: Value) -> Value:
        """``value``, or the object it refers to."""
        return self.object(value.number)[0] if isinstance(value, Ref) else value

    def catalog(self) -> dict[Name, Value]:
        root: dict[Name, Value] = self.get(self.trailer[Name(b"/Root")])
        return root

    def pages(self) -> list[int]:
        """The page objects' numbers, in order."""
        out: list[int] = []
        stack = [self.catalog()[Name(b"/Pages")]]
        while stack:
            ref = stack.pop()
            node = self.get(ref)
            if node.get(Name(b"/Type")) == Name(b"/Pages"):
                stack.extend(reversed(node[Name(b"/Kids")]))
            else:
                out.append(ref.number)
        return out

    def tree(self, node: Value, key: bytes) -> Iterator[tuple[Value, Value]]:
        """The (key, value) pairs of a name tree (``/Names``) or number tree (``/Nums``),
        leaves in order."""
        node = self.get(node)
        items = node.get(Name(key), [])
        for i in range(0, len(items) - 1, 2):
            yield items[i], items[i + 1]
        for kid in node.get(Name(b"/Kids"), []):
            yield from self.tree(kid, key)

    def dests(self) -> dict[str, Value]:
        names = self.get(self.catalog().get(Name(b"/Names"), {}))
        if Name(b"/Dests") not in names:
            return {}
        return {text(k): v for k, v in self.tree(names[Name(b"/Dests")], b"/Names")}


def page_counts_and_targets(data: bytes) -> tuple[int, dict[str, int]]:
    """A part's page count and, for every named destination, the index of its page."""
    part = Part.read(data)
    index = {number: i for i, number in enumerate(part.pages())}
    targets: dict[str, int] = {}
    for name, dest in part.dests().items():
        dest = part.get(dest)
        if isinstance(dest, dict):
            dest = part.get(dest[Name(b"/D")])
        if dest and isinstance(dest[0], Ref) and dest[0].number in index:
            targets[name] = index[dest[0].number]
    return len(index), targets


# --------------------------------------------------------------------------- join


@dataclass
class Mark:
    """A bookmark: heading level, title and the label of its named destination."""

    level: int
    title: str
    label: str


N = Name  # short, for the many keys below
_SKIP_CATALOG = {N(b"/Type"), N(b"/Pages"), N(b"/StructTreeRoot"), N(b"/Names")}
_SKIP_CATALOG |= {N(b"/Outlines"), N(b"/PageLabels"), N(b"/Metadata")}


@dataclass
class _Writer:
    out: BinaryIO
    offsets: dict[int, int] = field(default_factory=dict)
    pos: int = 0

    def raw(self, data: bytes) -> None:
        self.out.write(data)
        self.pos += len(data)

    def obj(
        self, number: int, value: Value, ref: Callable[[int], int], stream: bytes | None = None
    ) -> None:
        self.offsets[number] = self.pos
        chunks = [b"%d 0 obj\n" % number]
        if stream is not None:
            value = {**value, N(b"/Length"): Raw(b"%d" % len(stream))}
        dump(value, chunks, ref)
        if stream is not None:
            chunks += [b"\nstream\n", stream, b"\nendstream"]
        chunks.append(b"\nendobj\n")
        self.raw(b"".join(chunks))


def _edit(value: Value, shift: int, prefix: bytes) -> Value:
    """Structure parents moved by ``shift``, element ids and ``/Headers`` given
    ``prefix``, and the table of contents' URIs made links to named destinations, in
    every dictionary of ``value``."""
    if isinstance(value, list):
        return [_edit(v, shift, prefix) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _edit(v, shift, prefix) for k, v in value.items()}
    for key in (N(b"/StructParents"), N(b"/StructParent")):
        if key in out:
            out[key] = Raw(b"%d" % (int(bytes(out[key])) + shift))
    if prefix and out.get(N(b"/Type")) == N(b"/StructElem") and N(b"/ID") in out:
        out[N(b"/ID")] = literal(prefix + content(out[N(b"/ID")]))
    if prefix and N(b"/Headers") in out and isinstance(out[N(b"/Headers")], list):
        out[N(b"/Headers")] = [literal(prefix + content(h)) for h in out[N(b"/Headers")]]
    action = out.get(N(b"/A"))
    if isinstance(action, dict) and action.get(N(b"/S")) == N(b"/URI"):
        uri = content(action[N(b"/URI")])
        if uri.startswith(TARGET.encode()):
            del out[N(b"/A")]
            out[N(b"/Dest")] = literal(unquote_to_bytes(uri[len(TARGET) :]))
    if out.get(N(b"/Type")) == N(b"/Page"):
        out[N(b"/Tabs")] = N(b"/S")  # PDF/UA: annotations in the order of the structure
    return out


def join(parts: Sequence[bytes], target: Path, marks: Sequence[Mark] = ()) -> None:
    """Write to ``target`` one PDF of ``parts`` (typst's PDFs of a document's parts, in
    order), with the bookmarks ``marks``."""
    with target.open("wb") as out:
        _join(parts, _Writer(out), marks)


def _join(parts: Sequence[bytes], w: _Writer, marks: Sequence[Mark]) -> None:
    first = Part.read(parts[0])
    bases = []
    total_size = 0
    for data in parts:
        bases.append(total_size)
        total_size += int(bytes(_trailer_size(data)))
    new = iter(range(total_size, total_size + 10_000_000))
    pages_root, tree_root, parent_tree, id_tree, dests_tree = (next(new) for _ in range(5))
    outlines, metadata, catalog_number = next(new), next(new), next(new)
    w.raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    kids: list[int] = []
    nums: list[tuple[int, bytes]] = []
    ids: list[tuple[bytes, bytes]] = []
    dests: list[tuple[bytes, bytes]] = []
    roles: dict[Name, Value] = {}
    document_kids: list[bytes] = []
    document: tuple[int, dict[Name, Value]] | None = None
    shift = 0
    for index, data in enumerate(parts):
        part = first if index == 0 else Part.read(data)
        base = bases[index]
        cat = part.catalog()
        struct_ref = cat[N(b"/StructTreeRoot")]
        struct = part.get(struct_ref)
        top = _as_list(struct[N(b"/K")])
        if len(top) != 1 or not isinstance(top[0], Ref):
            raise JoinError("the structure tree has not one Document element")
        doc_number = top[0].number
        doc = part.get(top[0])
        names = cat.get(N(b"/Names"))
        names_value = part.get(names) if names is not None else {}
        pages_nodes = _pages_nodes(part)
        # what the joined document has anew: catalog, page tree, structure root and
        # trees, bookmarks; a later part's Document element, metadata and info
        skip = {part.trailer[N(b"/Root")].number, *pages_nodes}
        for held in (struct_ref, names):
            if isinstance(held, Ref):
                skip.add(held.number)
        skip |= _tree_objects(part, struct.get(N(b"/ParentTree")))
        skip |= _tree_objects(part, struct.get(N(b"/IDTree")))
        skip |= _tree_objects(part, names_value.get(N(b"/Dests")))
        skip |= _outline_objects(part, cat.get(N(b"/Outlines")))
        if index > 0:
            skip.add(doc_number)
            for held in (cat.get(N(b"/Metadata")), part.trailer.get(N(b"/Info"))):
                if isinstance(held, Ref):
                    skip.add(held.number)
        prefix = b"" if index == 0 else b"t%d-" % index
        moved = {
            doc_number: document[0] if document else base + doc_number,
            part.trailer[N(b"/Root")].number: catalog_number,
            **({struct_ref.number: tree_root} if isinstance(struct_ref, Ref) else {}),
            **dict.fromkeys(pages_nodes, pages_root),
        }

        def ref(n: int, base: int = base, moved: dict[int, int] = moved) -> int:
            return moved.get(n, base + n)

        for number in sorted(part.offsets):
            if number in skip or (index == 0 and number == doc_number):
                continue  # part 0's Document is written last, with every part's children
            value, stream = part.object(number)
            w.obj(base + number, _edit(value, shift, prefix), ref, stream)
        kids.extend(base + p for p in part.pages())
        for key, value in part.tree(struct[N(b"/ParentTree")], b"/Nums"):
            nums.append((int(bytes(key)) + shift, _dumped(value, ref)))
        if N(b"/IDTree") in struct:
            for key, value in part.tree(struct[N(b"/IDTree")], b"/Names"):
                ids.append((prefix + content(key), _dumped(value, ref)))
        if N(b"/Dests") in names_value:
            for key, value in part.tree(names_value[N(b"/Dests")], b"/Names"):
                dests.append((content(key), _dumped(value, ref)))
        roles.update(part.get(struct.get(N(b"/RoleMap"), {})))
        document_kids.extend(_dumped(kid, ref) for kid in _as_list(doc.get(N(b"/K"))))
        if index == 0:
            document = (base + doc_number, doc)
        shift = max([shift, *(k + 1 for k, _ in nums)])
    assert document is not None
    doc_value = {**document[1], N(b"/K"): Raw(b"[" + b" ".join(document_kids) + b"]")}
    w.obj(document[0], doc_value, lambda n: tree_root if n == _struct_number(first) else n)
    page_list = b" ".join(b"%d 0 R" % k for k in kids)
    _plain(w, pages_root, b"<</Type /Pages /Count %d /Kids [%s]>>" % (len(kids), page_list))
    nums.sort(key=lambda kv: kv[0])
    _plain(w, parent_tree, b"<</Nums [" + b" ".join(b"%d %s" % kv for kv in nums) + b"]>>")
    root_entries = [
        b"/Type /StructTreeRoot",
        b"/K [%d 0 R]" % document[0],
        b"/ParentTree %d 0 R" % parent_tree,
        b"/ParentTreeNextKey %d" % shift,
    ]
    if ids:
        _plain(w, id_tree, _names_tree(ids))
        root_entries.append(b"/IDTree %d 0 R" % id_tree)
    if roles:
        root_entries.append(b"/RoleMap " + _dumped(roles, lambda n: n))
    _plain(w, tree_root, b"<<" + b" ".join(root_entries) + b">>")
    _plain(w, dests_tree, _names_tree(dests))
    known = {name.decode("utf-8", "replace") for name, _ in dests}
    has_outline = _write_outline(w, outlines, marks, known, new)
    xmp = _metadata(first, len(kids))
    w.obj(metadata, {N(b"/Type"): N(b"/Metadata"), N(b"/Subtype"): N(b"/XML")}, int, xmp)
    entries = [
        b"/Type /Catalog",
        b"/Pages %d 0 R" % pages_root,
        b"/StructTreeRoot %d 0 R" % tree_root,
        b"/Names <</Dests %d 0 R>>" % dests_tree,
        b"/Metadata %d 0 R" % metadata,
        b"/PageLabels <</Nums [0 <</S /D /St 1>>]>>",
    ]
    if has_outline:
        entries.append(b"/Outlines %d 0 R" % outlines)
    for key, value in first.catalog().items():
        if key not in _SKIP_CATALOG:
            entries.append(key + b" " + _dumped(value, lambda n: n))
    _plain(w, catalog_number, b"<<" + b" ".join(entries) + b">>")
    _finish(w, catalog_number, first)


def _dumped(value: Value, ref: Callable[[int], int]) -> bytes:
    chunks: list[bytes] = []
    dump(value, chunks, ref)
    return b"".join(chunks)


def _finish(w: _Writer, catalog: int, first: Part) -> None:
    """The cross-reference table (numbers no object took are free) and the trailer."""
    size = max(w.offsets) + 1
    xref = w.pos
    rows = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        at = w.offsets.get(number)
        rows.append(b"%010d 00000 n \n" % at if at is not None else b"0000000000 00000 f \n")
    w.raw(b"".join(rows))
    trailer = [b"/Size %d" % size, b"/Root %d 0 R" % catalog]
    info = first.trailer.get(N(b"/Info"))
    if isinstance(info, Ref):
        trailer.append(b"/Info %d 0 R" % info.number)
    if N(b"/ID") in first.trailer:
        trailer.append(b"/ID " + _dumped(first.trailer[N(b"/ID")], lambda n: n))
    w.raw(b"trailer\n<<" + b" ".join(trailer) + b">>\nstartxref\n%d\n%%%%EOF\n" % xref)


def _trailer_size(data: bytes) -> Raw:
    at = data.rfind(b"trailer")
    trailer, _ = parse(data, at + 7)
    size: Raw = trailer[N(b"/Size")]
    return size


def _struct_number(part: Part) -> int:
    ref = part.catalog()[N(b"/StructTreeRoot")]
    return ref.number if isinstance(ref, Ref) else -1


def _as_list(value: Value) -> list[Value]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _tree_objects(part: Part, node: Value) -> set[int]:
    """The numbers of a name or number tree's own node objects."""
    out: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            out.add(item.number)
        value = part.get(item)
        stack.extend(value.get(N(b"/Kids"), []))
    return out


def _outline_objects(part: Part, node: Value) -> set[int]:
    """The numbers of the outline's objects (integ writes the bookmarks anew)."""
    out: set[int] = set()
    stack = [node] if isinstance(node, Ref) else []
    while stack:
        ref = stack.pop()
        if ref.number in out:
            continue
        out.add(ref.number)
        item = part.get(ref)
        for key in (N(b"/First"), N(b"/Next")):
            if isinstance(item.get(key), Ref):
                stack.append(item[key])
    return out


def _pages_nodes(part: Part) -> set[int]:
    out: set[int] = set()
    stack = [part.catalog()[N(b"/Pages")]]
    while stack:
        ref = stack.pop()
        node = part.get(ref)
        if node.get(N(b"/Type")) == N(b"/Pages"):
            out.add(ref.number)
            stack.extend(node[N(b"/Kids")])
    return out


def _plain(w: _Writer, number: int, body: bytes) -> None:
    w.offsets[number] = w.pos
    w.raw(b"%d 0 obj\n" % number + body + b"\nendobj\n")


def _names_tree(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """A name tree of one node, its keys sorted by their bytes, as PDF wants them."""
    keyed = sorted(pairs, key=lambda kv: kv[0])
    return b"<</Names [" + b" ".join(bytes(literal(k)) + b" " + v for k, v in keyed) + b"]>>"


def _write_outline(
    w: _Writer, root: int, marks: Sequence[Mark], known: set[str], new: Iterator[int]
) -> bool:
    """The bookmarks, nested by level, each to its heading's named destination; an
    entry with entries under it starts closed."""

    @dataclass
    class Item:
        number: int
        parent: Item | None
        title: str = ""
        label: str = ""
        kids: list[Item] = field(default_factory=list)

    top = Item(root, None)
    stack: list[tuple[int, Item]] = [(0, top)]
    items: list[Item] = []
    for mark in marks:
        if mark.label not in known:
            continue
        while stack[-1][0] >= mark.level:
            stack.pop()
        item = Item(next(new), stack[-1][1], mark.title, mark.label)
        stack[-1][1].kids.append(item)
        stack.append((mark.level, item))
        items.append(item)
    if not items:
        return False

    def ends(node: Item) -> bytes:
        if not node.kids:
            return b""
        return b" /First %d 0 R /Last %d 0 R" % (node.kids[0].number, node.kids[-1].number)

    for parent in (top, *items):
        siblings = parent.kids
        for i, node in enumerate(siblings):
            body = [b"<</Title ", bytes(string(node.title)), b" /Parent %d 0 R" % parent.number]
            body.append(b" /Dest " + bytes(label(node.label)))
            if i > 0:
                body.append(b" /Prev %d 0 R" % siblings[i - 1].number)
            if i + 1 < len(siblings):
                body.append(b" /Next %d 0 R" % siblings[i + 1].number)
            if node.kids:
                body.append(ends(node) + b" /Count -%d" % len(node.kids))
            _plain(w, node.number, b"".join(body) + b">>")
    _plain(w, root, b"<</Type /Outlines" + ends(top) + b" /Count %d>>" % len(top.kids))
    return True


def _metadata(first: Part, pages: int) -> bytes:
    """The first part's XMP with the joined document's page count."""
    ref = first.catalog().get(N(b"/Metadata"))
    if not isinstance(ref, Ref):
        return b""
    value, data = first.object(ref.number)
    data = data or b""
    if value.get(N(b"/Filter")) == N(b"/FlateDecode"):
        data = zlib.decompress(data)
    count = b"<xmpTPg:NPages>%d</xmpTPg:NPages>" % pages
    return re.sub(rb"<xmpTPg:NPages>\d+</xmpTPg:NPages>", count, data, count=1)
