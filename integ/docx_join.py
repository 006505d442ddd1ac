"""Join Word files made by pandoc from the same reference document into one, in bounded
memory.

pandoc's DOCX writer holds the whole document; for a very large concept that is more
memory than integ may use. render therefore writes the document in parts (split at
headings, every part a complete DOCX from the same reference document) and
:func:`join` puts them together. The joined ``word/document.xml`` is never a tree in
memory: each part's ``document.xml`` is parsed on its own (one at a time), its body's
children are rewritten and serialised one by one into the output zip, and the part's
tree is dropped before the next one is read. What costs memory is the largest part,
never the sum.

The first part supplies everything around the body: styles, settings, theme, fonts,
headers and footers, ``docProps`` (the title in ``core.xml``), and the opening of
``<w:document>`` (with the namespace declarations of every part). The body is each
part's body without its final ``<w:sectPr>``, then the last part's final ``<w:sectPr>``
(the last page's size, possibly landscape).

What must be unique in one document is renumbered, because every part starts counting
afresh:

* **Relationship ids** (every attribute in the ``r:`` namespace: ``r:id``, ``r:embed``,
  ``r:link``, in headers' and footers' references in a ``sectPr`` too). A relationship
  of a later part to a file the first part also has (styles, numbering, a header, the
  same type and target) becomes the first part's id; hyperlinks and pictures get new
  ids in the joined relationships.
* **Media** (``word/media/...``): pandoc names pictures after their relationship id,
  so two parts hold different ``rId11.png``; a name that is taken by other content is
  renamed, identical content is shared, and ``[Content_Types].xml`` gets an entry for
  every new name.
* **Numbering**: ``w:num`` ids of later parts follow the earlier ones (``w:numId`` in
  the body follows; 0, "no numbering", stays), so every list keeps its own ``w:num``
  and an ordered list restarts where it did in its part. Abstract definitions that are
  the same in two parts (always, from one reference document) are kept once; one that
  differs gets a new id and ``w:nsid``. All ``w:abstractNum`` come before all
  ``w:num``, as the schema wants.
* **Footnotes, endnotes, comments**: their ids are counted anew over the whole document
  (the separators of the first part stay as they are, the later parts' go), in the
  order the references come; their own relationships are handled as the body's.
* **Bookmarks** (``w:bookmarkStart``/``w:bookmarkEnd`` ``w:id``) and pictures'
  ``wp:docPr id`` are counted anew. Bookmark *names* are the caller's (heading ids,
  unique over all parts); should a later part carry a name again, it becomes
  ``name_2`` and the internal links (``w:hyperlink w:anchor``) of that part follow.

The output goes through :func:`integ.fsio.write_stream_atomic`: a temporary file beside
the target, renamed over it when complete, nothing left behind on an error.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from lxml import etree  # type: ignore[import-untyped]

from . import fsio
from .errors import IntegError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = R + "/"
MAIN = "word/document.xml"
TYPES = "[Content_Types].xml"

#: stories with notes of their own: kind (relationship type) -> element, references
NOTES = {
    "footnotes": ("footnote", ("footnoteReference",)),
    "endnotes": ("endnote", ("endnoteReference",)),
    "comments": ("comment", ("commentRangeStart", "commentRangeEnd", "commentReference")),
}
#: footnotes and endnotes that are part of the page furniture, not of the text
SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
#: what a relationship points to that is content of the part, not a shared file
MEDIA = ("word/media/", "word/embeddings/")
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
#: a zip entry this big might pass 4 GB compressed or not: zip64 from the start
ZIP64_FROM = 1 << 30


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


W_ID, W_VAL, W_NAME, W_TYPE = _w("id"), _w("val"), _w("name"), _w("type")
BOOKMARKS = {_w("bookmarkStart"), _w("bookmarkEnd")}
NOTE_REFS = {_w(tag): kind for kind, (_, tags) in NOTES.items() for tag in tags}


@dataclass
class _Rel:
    id: str
    type: str
    target: str
    external: bool


@dataclass
class _Rels:
    """The relationships of one story of the joined document."""

    name: str  # the rels file, e.g. word/_rels/document.xml.rels
    root: Any
    ids: set[str] = field(default_factory=set)
    by_target: dict[tuple[str, str], str] = field(default_factory=dict)
    next: int = 1

    def add(self, type_: str, target: str, path: str | None = None) -> str:
        """A new relationship to ``target`` (``path`` in the package; None: external)."""
        while f"rId{self.next}" in self.ids:
            self.next += 1
        rid = f"rId{self.next}"
        el = etree.SubElement(self.root, f"{{{PKG}}}Relationship")
        el.set("Id", rid)
        el.set("Type", type_)
        el.set("Target", target)
        if path is None:
            el.set("TargetMode", "External")
        else:
            self.by_target.setdefault((type_, path), rid)
        self.ids.add(rid)
        return rid


@dataclass
class _Part:
    """One part as read: its zip, content types, stories and maps into the whole."""

    index: int
    path: Path
    zip: zipfile.ZipFile
    defaults: dict[str, str]
    overrides: dict[str, str]
    stories: dict[str, str]  # kind -> package path (footnotes, numbering ...)
    rels: dict[str, dict[str, str]] = field(default_factory=dict)  # story -> old -> new
    #: story -> its links (external relationships), added to the joined story's
    #: relationships when the story uses them (pandoc lists every link of the body in
    #: the footnotes' relationships too)
    links: dict[str, dict[str, _Rel]] = field(default_factory=dict)
    into: dict[str, str] = field(default_factory=dict)  # story -> the joined story
    nums: dict[str, str] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    bookmarks: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    root: Any = None  # <w:document> without its children


class _Counter:
    def __init__(self, start: int) -> None:
        self.next = start

    def take(self, mapping: dict[str, str], old: str) -> str:
        new = mapping.get(old)
        if new is None:
            new = mapping[old] = self.fresh()
        return new

    def fresh(self) -> str:
        self.next += 1
        return str(self.next - 1)


# --------------------------------------------------------------------------- reading


def _not_docx(path: Path, detail: str) -> IntegError:
    return IntegError("docxjoin.not_docx", file=str(path), detail=detail)


def _xml(part: _Part, name: str) -> Any:
    """A (small) XML file of a part as a tree."""
    try:
        return etree.fromstring(part.zip.read(name))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as exc:
        raise _not_docx(part.path, f"{name}: {exc}") from None


def _resolve(source: str, target: str) -> str:
    """The package path a relationship of ``source`` points to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _rels_name(story: str) -> str:
    folder, name = posixpath.split(story)
    return posixpath.join(folder, "_rels", name + ".rels")


def _read_rels(part: _Part, story: str) -> list[_Rel]:
    name = _rels_name(story)
    if name not in part.zip.namelist():
        return []
    return [
        _Rel(el.get("Id", ""), el.get("Type", ""), el.get("Target", ""), _external(el))
        for el in _xml(part, name).iter(f"{{{PKG}}}Relationship")
    ]


def _external(el: Any) -> bool:
    return bool(el.get("TargetMode") == "External")


def _open(index: int, path: Path, stack: ExitStack) -> _Part:
    try:
        z = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError) as exc:
        raise _not_docx(path, str(exc)) from None
    if MAIN not in z.namelist() or TYPES not in z.namelist():
        raise _not_docx(path, MAIN)
    part = _Part(index, path, z, {}, {}, {})
    types = _xml(part, TYPES)
    for el in types.iter(f"{{{CT}}}Default"):
        part.defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
    for el in types.iter(f"{{{CT}}}Override"):
        part.overrides[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
    for rel in _read_rels(part, MAIN):
        kind = rel.type.rpartition("/")[2]
        if not rel.external and (kind in NOTES or kind == "numbering"):
            part.stories[kind] = _resolve(MAIN, rel.target)
    part.root = _document_element(part)
    return part


def _document_element(part: _Part) -> Any:
    """``<w:document>`` (its namespaces and attributes, no children), read from the
    start of the file only."""
    parser = etree.XMLPullParser(events=("start",))
    with part.zip.open(MAIN) as stream:
        while chunk := stream.read(1 << 14):
            parser.feed(chunk)
            for _event, el in parser.read_events():
                return etree.Element(el.tag, attrib=dict(el.attrib), nsmap=el.nsmap)
    raise _not_docx(part.path, MAIN)


def _content_type(part: _Part, name: str) -> str | None:
    return part.overrides.get(name) or part.defaults.get(posixpath.splitext(name)[1][1:].lower())


# --------------------------------------------------------------------------- the plan


class _Join:
    """The joined document, planned from every part's small files (relationships,
    media, numbering) before the bodies are streamed."""

    def __init__(self, parts: list[_Part]) -> None:
        self.parts = parts
        first = parts[0]
        self.first = first
        self.types = _xml(first, TYPES)
        self.type_names = {el.get("PartName", "").lstrip("/") for el in self._overrides()}
        self.type_exts = {
            el.get("Extension", "").lower(): el.get("ContentType", "")
            for el in self.types.iter(f"{{{CT}}}Default")
        }
        self.names = set(first.zip.namelist())
        self.hashes: dict[str, str] = {}  # content hash -> media name in the output
        for name in sorted(self.names):
            if name.startswith(MEDIA):
                self.hashes.setdefault(self._hash(first, name), name)
        self.copies: list[tuple[_Part, str, str]] = []  # part, its name, output name
        self.stories: dict[str, str] = {}  # kind -> output path
        self.story_from: dict[str, _Part] = {}  # kind -> the part whose opening is used
        self.rels: dict[str, _Rels] = {}
        self.main_rels = self._rels_of(MAIN, first)
        for kind in [k for k in ("numbering", *NOTES) if any(k in p.stories for p in parts)]:
            self._story(kind)
        for part in parts:
            self._map_rels(part, MAIN, MAIN)
            for kind, source in part.stories.items():
                if kind in NOTES:
                    self._map_rels(part, source, self.stories[kind])
        self.numbering = _Numbering(self) if "numbering" in self.stories else None
        self.notes = {kind: _Counter(self._first_note_id(kind)) for kind in self.stories}
        start = self._furniture_max() + 1
        self.bookmark_ids, self.drawing_ids = _Counter(start), _Counter(start)
        self.bookmark_names: set[str] = set()
        self.closings: dict[str, bytes] = {}  # notes kind -> end tag of the joined file

    def _overrides(self) -> Iterator[Any]:
        yield from self.types.iter(f"{{{CT}}}Override")

    @staticmethod
    def _hash(part: _Part, name: str) -> str:
        digest = hashlib.sha256()
        with part.zip.open(name) as stream:
            while chunk := stream.read(1 << 16):
                digest.update(chunk)
        return digest.hexdigest()

    def _rels_of(self, story: str, part: _Part | None) -> _Rels:
        if story in self.rels:
            return self.rels[story]
        name = _rels_name(story)
        if part is not None and name in part.zip.namelist():
            root = _xml(part, name)
        else:
            root = etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
        rels = _Rels(name, root)
        for el in root.iter(f"{{{PKG}}}Relationship"):
            rid = el.get("Id", "")
            rels.ids.add(rid)
            if not _external(el):
                key = (el.get("Type", ""), _resolve(story, el.get("Target", "")))
                rels.by_target.setdefault(key, rid)
            if rid.startswith("rId") and rid[3:].isdigit():
                rels.next = max(rels.next, int(rid[3:]) + 1)
        self.rels[story] = rels
        return rels

    def _story(self, kind: str) -> None:
        """Where the joined document keeps the footnotes (numbering, ...): the first
        part's file, or that of the first part that has one."""
        source = next(p for p in self.parts if kind in p.stories)
        path = source.stories[kind]
        if source is not self.first:
            path = f"word/{kind}.xml"
            while path in self.names:
                path = f"word/{kind}{len(self.names)}.xml"
            self.main_rels.add(REL + kind, posixpath.relpath(path, "word"), path)
            self._add_type(path, _content_type(source, source.stories[kind]))
            self.names.add(path)
        self.stories[kind], self.story_from[kind] = path, source
        if kind in NOTES:
            self._rels_of(path, source if source is self.first else None)

    def _add_type(self, name: str, content_type: str | None) -> None:
        if content_type is None or name in self.type_names:
            return
        ext = posixpath.splitext(name)[1][1:].lower()
        if self.type_exts.get(ext) == content_type:
            return
        el = etree.SubElement(self.types, f"{{{CT}}}Override")
        el.set("PartName", "/" + name)
        el.set("ContentType", content_type)
        self.type_names.add(name)

    def _map_rels(self, part: _Part, source: str, story: str) -> None:
        """Map the relationship ids of a part's story to the joined story's."""
        mapping = part.rels.setdefault(source, {})
        links = part.links.setdefault(source, {})
        part.into[source] = story
        rels = self._rels_of(story, None)
        for rel in _read_rels(part, source):
            if part is self.first and source == story:
                mapping[rel.id] = rel.id
                continue
            kind = rel.type.rpartition("/")[2]
            if rel.external:
                links[rel.id] = rel
                continue
            path = _resolve(source, rel.target)
            if kind in self.stories and source == MAIN:
                path = self.stories[kind]
            shared = rels.by_target.get((rel.type, path))
            if shared is not None and not path.startswith(MEDIA):
                mapping[rel.id] = shared
                continue
            if path not in part.zip.namelist():
                continue  # a dangling relationship: left as it is
            name = self._copy(part, path)
            mapping[rel.id] = rels.add(
                rel.type, posixpath.relpath(name, posixpath.dirname(story)), name
            )

    def _copy(self, part: _Part, name: str) -> str:
        """The name in the joined package of a part's picture (or other file of its own):
        the same content is shared, a name taken by other content is changed."""
        digest = self._hash(part, name)
        if digest in self.hashes:
            return self.hashes[digest]
        out, n = name, 1
        stem, ext = posixpath.splitext(name)
        while out in self.names:
            out, n = f"{stem}-{part.index + 1}{'' if n == 1 else f'-{n}'}{ext}", n + 1
        self.names.add(out)
        self.hashes[digest] = out
        self.copies.append((part, name, out))
        self._add_type(out, _content_type(part, name))
        return out

    def _first_note_id(self, kind: str) -> int:
        if kind not in NOTES:
            return 0
        source = self.story_from[kind]
        ids = [
            int(el.get(W_ID, "0"))
            for el in _xml(source, source.stories[kind])
            if el.get(W_TYPE) in SEPARATORS and el.get(W_ID, "").lstrip("-").isdigit()
        ]
        return max([0, *ids]) + 1

    def _furniture_max(self) -> int:
        """The largest bookmark or drawing id in the first part's headers and footers
        (they stay; the body's ids are counted from above them)."""
        top = 0
        for name in self.first.zip.namelist():
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                for el in _xml(self.first, name).iter(_w("bookmarkStart"), f"{{{WP}}}docPr"):
                    value = el.get(W_ID) if el.tag == _w("bookmarkStart") else el.get("id")
                    if value and value.isdigit():
                        top = max(top, int(value))
        return top

    # ----------------------------------------------------------------------- rewriting

    def rename_bookmarks(self, part: _Part, trees: list[Any]) -> None:
        """Bookmark names of a part that an earlier part has used already: ``name_2``."""
        own = [
            el.get(W_NAME)
            for tree in trees
            for el in tree.iter(_w("bookmarkStart"))
            if el.get(W_NAME) is not None
        ]
        for name in own:
            if name in part.names:
                continue
            new, n = name, 1
            while new in self.bookmark_names:
                n += 1
                new = f"{name}_{n}"
            part.names[name] = new
            self.bookmark_names.add(new)

    def rewrite(self, part: _Part, el: Any, story: str) -> None:
        """Renumber in place what an element of a part's story refers to."""
        rels = part.rels.get(story, {})
        links = part.links.get(story, {})
        numbers = self.numbering.map(part) if self.numbering is not None else {}
        for node in el.iter(tag=etree.Element):
            for key, value in node.attrib.items():
                if not key.startswith(f"{{{R}}}"):
                    continue
                if value not in rels and value in links:
                    rel = links[value]
                    rels[value] = self.rels[part.into[story]].add(rel.type, rel.target)
                if value in rels:
                    node.set(key, rels[value])
            tag = node.tag
            if tag == _w("numId"):
                value = node.get(W_VAL)
                if value in numbers:
                    node.set(W_VAL, numbers[value])
            elif tag in NOTE_REFS:
                kind = NOTE_REFS[tag]
                if kind in self.notes and node.get(W_ID) is not None:
                    mapping = part.notes.setdefault(kind, {})
                    node.set(W_ID, self.notes[kind].take(mapping, node.get(W_ID)))
            elif tag in BOOKMARKS:
                if node.get(W_ID) is not None:
                    node.set(W_ID, self.bookmark_ids.take(part.bookmarks, node.get(W_ID)))
                name = node.get(W_NAME)
                if name in part.names:
                    node.set(W_NAME, part.names[name])
            elif tag == _w("hyperlink"):
                anchor = node.get(_w("anchor"))
                if anchor in part.names:
                    node.set(_w("anchor"), part.names[anchor])
            elif tag == f"{{{WP}}}docPr":
                node.set("id", self.drawing_ids.fresh())


class _Numbering:
    """The joined ``numbering.xml``: every part's ``w:num`` with ids of its own, the
    abstract definitions once; kept as XML text, not as trees (a part's numbering is a
    ``w:num`` per list)."""

    def __init__(self, join: _Join) -> None:
        source = join.story_from["numbering"]
        self.root = _xml(source, source.stories["numbering"])
        self.inherited = _declared(self.root.nsmap)
        self.head: list[bytes] = []  # numPicBullet
        self.abstracts: list[bytes] = []
        self.nums: list[bytes] = []
        self.tail: list[bytes] = []  # numIdMacAtCleanup and the like
        self.keys: dict[bytes, str] = {}
        self.abstract_ids: set[str] = set()
        self.nsids: set[str] = set()
        self.num_top = 0
        self.maps: dict[int, dict[str, str]] = {}
        for part in join.parts:
            if "numbering" in part.stories:
                self._add(part, self.root if part is source else None)
        for child in list(self.root):
            self.root.remove(child)

    @staticmethod
    def _key(el: Any) -> bytes:
        return bytes(etree.tostring(el, method="c14n"))

    def _add(self, part: _Part, root: Any | None) -> None:
        first = root is not None
        root = root if root is not None else _xml(part, part.stories["numbering"])
        abstract: dict[str, str] = {}
        mapping = self.maps.setdefault(part.index, {})
        for el in list(root):
            if el.tag == _w("abstractNum"):
                old = el.get(_w("abstractNumId"), "")
                key = self._key(el)
                if key in self.keys:
                    abstract[old] = self.keys[key]
                    continue
                new = old
                if new in self.abstract_ids:
                    new = str(max(int(i) for i in self.abstract_ids if i.isdigit()) + 1)
                    el.set(_w("abstractNumId"), new)
                nsid = el.find(_w("nsid"))
                if nsid is not None and nsid.get(W_VAL, "").upper() in self.nsids:
                    value = int(hashlib.sha256(key).hexdigest()[:8], 16)
                    while f"{value:08X}" in self.nsids:
                        value = (value + 1) & 0xFFFFFFFF
                    nsid.set(W_VAL, f"{value:08X}")
                if nsid is not None:
                    self.nsids.add(nsid.get(W_VAL, "").upper())
                abstract[old] = self.keys[key] = new
                self.abstract_ids.add(new)
                self.abstracts.append(_serialise(el, self.inherited))
            elif el.tag == _w("num"):
                old = el.get(_w("numId"), "")
                new = old if first else str(self.num_top + 1)
                mapping[old] = new
                el.set(_w("numId"), new)
                self.num_top = max(self.num_top, int(new) if new.isdigit() else 0)
                ref = el.find(_w("abstractNumId"))
                if ref is not None and ref.get(W_VAL) in abstract:
                    ref.set(W_VAL, abstract[ref.get(W_VAL)])
                self.nums.append(_serialise(el, self.inherited))
            elif first and isinstance(el.tag, str):
                (self.head if not self.abstracts else self.tail).append(
                    _serialise(el, self.inherited)
                )

    def map(self, part: _Part) -> dict[str, str]:
        return self.maps.get(part.index, {})

    def xml(self) -> bytes:
        return b"".join(
            [
                XML_DECLARATION,
                _opening(self.root),
                *self.head,
                *self.abstracts,
                *self.nums,
                *self.tail,
                _closing(self.root),
            ]
        )


# --------------------------------------------------------------------------- writing


def _opening(root: Any) -> bytes:
    """``<prefix:name xmlns...>`` of an element, without its children."""
    shallow = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    text = bytes(etree.tostring(shallow, encoding="UTF-8"))
    return text[:-2] + b">" if text.endswith(b"/>") else text[: text.index(b">") + 1]


def _closing(root: Any) -> bytes:
    prefix = f"{root.prefix}:" if root.prefix else ""
    return f"</{prefix}{etree.QName(root).localname}>".encode()


_TAG = re.compile(rb"<[^\s/>]+")
_DECLARATION = re.compile(rb'\s+xmlns(?::([\w.-]+))?="([^"]*)"')


def _serialise(el: Any, inherited: set[tuple[bytes | None, bytes]]) -> bytes:
    """One element as XML, without the namespace declarations its root gives already
    (lxml writes them right after the tag's name, before any attribute)."""
    data = bytes(etree.tostring(el, encoding="UTF-8", with_tail=False))
    tag = _TAG.match(data)
    if not isinstance(el.tag, str) or tag is None:
        return data
    kept, at = [data[: tag.end()]], tag.end()
    while (m := _DECLARATION.match(data, at)) is not None:
        if (m.group(1), m.group(2)) not in inherited:
            kept.append(m.group(0))
        at = m.end()
    return b"".join([*kept, data[at:]]) if at > tag.end() else data


def _declared(nsmap: dict[str | None, str]) -> set[tuple[bytes | None, bytes]]:
    return {(None if p is None else p.encode(), u.encode()) for p, u in nsmap.items()}


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _copy_entry(src: zipfile.ZipFile, name: str, dst: zipfile.ZipFile, out: str) -> None:
    info = _info(out)
    size = src.getinfo(name).file_size
    with src.open(name) as reader, dst.open(info, "w", force_zip64=size > ZIP64_FROM) as writer:
        shutil.copyfileobj(reader, writer, 1 << 16)


def _document_root(join: _Join) -> Any:
    """The joined ``<w:document>``: the first part's, with the namespaces (and the
    ``mc:Ignorable`` prefixes) the other parts declare in addition."""
    first = join.first.root
    nsmap = dict(first.nsmap)
    ignorable = (first.get(f"{{{MC}}}Ignorable") or "").split()
    for part in join.parts[1:]:
        for prefix, uri in part.root.nsmap.items():
            if prefix not in nsmap and uri not in nsmap.values():
                nsmap[prefix] = uri
        for prefix in (part.root.get(f"{{{MC}}}Ignorable") or "").split():
            if prefix not in ignorable and prefix in nsmap:
                ignorable.append(prefix)
    if ignorable and MC not in nsmap.values():
        nsmap["mc"] = MC
    root = etree.Element(first.tag, attrib=dict(first.attrib), nsmap=nsmap)
    if ignorable:
        root.set(f"{{{MC}}}Ignorable", " ".join(ignorable))
    return root


def _body_tags(root: Any, path: Path) -> tuple[bytes, bytes]:
    """``<w:body>`` and ``</w:body>`` with the prefix the joined root gives ``w``."""
    prefix = next((p for p, uri in root.nsmap.items() if uri == W and p), None)
    name = f"{prefix}:body" if prefix else "body"
    if prefix is None and root.nsmap.get(None) != W:
        raise _not_docx(path, MAIN)
    return f"<{name}>".encode(), f"</{name}>".encode()


def _write_document(join: _Join, out: IO[bytes], notes: Mapping[str, IO[bytes]]) -> None:
    """Stream the joined body into ``out``, the parts' notes into ``notes``, one part at
    a time."""
    root = _document_root(join)
    inherited = _declared(root.nsmap)
    out.write(XML_DECLARATION)
    out.write(_opening(root))
    body_open, body_close = _body_tags(root, join.first.path)
    out.write(body_open)
    last_sect: bytes | None = None
    for part in join.parts:
        doc = _xml(part, MAIN)
        body = doc.find(_w("body"))
        if body is None:
            raise _not_docx(part.path, MAIN)
        stories = {kind: _xml(part, path) for kind, path in part.stories.items() if kind in NOTES}
        join.rename_bookmarks(part, [body, *stories.values()])
        children = [c for c in body if isinstance(c.tag, str)]
        final = children[-1] if children and children[-1].tag == _w("sectPr") else None
        for child in children:
            join.rewrite(part, child, MAIN)
            if child is final:
                last_sect = _serialise(child, inherited)
                continue
            out.write(_serialise(child, inherited))
        del doc, body, children, final
        for kind, tree in stories.items():
            _write_notes(join, part, kind, tree, notes[kind])
        del stories
    if last_sect is not None:
        out.write(last_sect)
    out.write(body_close)
    out.write(_closing(root))


def _write_notes(join: _Join, part: _Part, kind: str, tree: Any, out: IO[bytes]) -> None:
    """A part's footnotes (endnotes, comments), renumbered, into ``out``; the page
    furniture (separators) only from the part whose file the joined one starts from."""
    element = _w(NOTES[kind][0])
    source = part.stories[kind]
    own = join.story_from[kind] is part
    if own:
        out.write(XML_DECLARATION)
        out.write(_opening(tree))
    inherited = _declared(tree.nsmap)
    for note in tree:
        if not isinstance(note.tag, str):
            continue
        if note.tag == element and note.get(W_TYPE) in SEPARATORS:
            if own:
                out.write(_serialise(note, inherited))
            continue
        if note.tag == element and note.get(W_ID) is not None:
            mapping = part.notes.setdefault(kind, {})
            note.set(W_ID, join.notes[kind].take(mapping, note.get(W_ID)))
        join.rewrite(part, note, source)
        out.write(_serialise(note, inherited))
    if own:
        join.closings[kind] = _closing(tree)


def _fill(join: _Join) -> Callable[[BinaryIO], None]:
    def fill(handle: BinaryIO) -> None:
        with ExitStack() as stack:
            z = stack.enter_context(zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED))
            notes = {
                kind: stack.enter_context(tempfile.TemporaryFile())
                for kind in join.stories
                if kind in NOTES
            }
            numbering = join.numbering.xml() if join.numbering is not None else None
            z.writestr(_info(TYPES), _tree_bytes(join.types))
            written = {TYPES, MAIN, *join.stories.values()}
            written |= {rels.name for rels in join.rels.values()}
            for info in join.first.zip.infolist():
                if info.filename not in written:
                    _copy_entry(join.first.zip, info.filename, z, info.filename)
            for part, name, out in join.copies:
                _copy_entry(part.zip, name, z, out)
            if numbering is not None:
                z.writestr(_info(join.stories["numbering"]), numbering)
            size = sum(p.zip.getinfo(MAIN).file_size for p in join.parts)
            with z.open(_info(MAIN), "w", force_zip64=size > ZIP64_FROM) as out_doc:
                _write_document(join, out_doc, notes)
            for kind, spool in notes.items():
                spool.write(join.closings.get(kind, b""))
                big = spool.tell() > ZIP64_FROM
                spool.seek(0)
                with z.open(_info(join.stories[kind]), "w", force_zip64=big) as writer:
                    shutil.copyfileobj(spool, writer, 1 << 16)
            for rels in join.rels.values():  # last: links are added while rewriting
                if len(rels.root) or rels.name in join.first.zip.namelist():
                    z.writestr(_info(rels.name), _tree_bytes(rels.root))

    return fill


def _tree_bytes(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def join(parts: list[Path], target: Path) -> None:
    """Write to ``target`` one DOCX whose body is the bodies of ``parts`` in order.

    ``parts`` are Word files that pandoc wrote from one reference document (render's
    parts of one document); the first gives styles, headers, footers, settings and
    properties, the last the final section's page. One part is copied as it is.
    ``target`` is written atomically (:func:`integ.fsio.write_stream_atomic`).
    Raises IntegError (``docxjoin.not_docx``) for a part that is not a Word file."""
    if not parts:
        raise ValueError("join() needs at least one part")
    paths = [Path(p) for p in parts]
    with ExitStack() as stack:
        opened = [_open(i, path, stack) for i, path in enumerate(paths)]
        if len(opened) == 1:
            source = paths[0]

            def copy(handle: BinaryIO) -> None:
                with open(source, "rb") as reader:
                    shutil.copyfileobj(reader, handle, 1 << 16)

            fsio.write_stream_atomic(target, copy)
            return
        fsio.write_stream_atomic(target, _fill(_Join(opened)))
