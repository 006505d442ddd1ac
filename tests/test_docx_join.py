"""integ.docx_join: parts of one document, each a pandoc DOCX from the same reference
document, joined into one Word file in bounded memory."""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from lxml import etree

from integ import docx_join, render
from integ.docx_reference import build_reference_docx
from integ.errors import IntegError
from integ.toolchain import pandoc

from .conftest import libreoffice_pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def png(r: int, g: int, b: int) -> bytes:
    """A 4x4 PNG of one colour."""
    raw = b"".join(b"\x00" + bytes([r, g, b]) * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


RED, BLUE = png(255, 0, 0), png(0, 0, 255)


def uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


PART1 = f"""# Erster Teil {{#erster-teil}}

Mit Fußnote eins[^a] und ohne Link.

1. Erstens
2. Zweitens
3. Drittens

- Punkt x
- Punkt y

![Rotes Bild]({uri(RED)})

[^a]: Text der ersten Fußnote.
"""

PART2 = f"""# Zweiter Teil {{#zweiter-teil}}

[Link Bonn](https://bonn.example/b) und [zurück](#erster-teil).

| Spalte A | Spalte B |
|----------|----------|
| 1        | 2        |

![Blaues Bild]({uri(BLUE)})
"""

PART3 = """# Dritter Teil {#dritter-teil}

[Link Celle](https://celle.example/c) und Fußnote drei[^c].

1. Wieder eins
2. Wieder zwei

[^c]: Text der dritten Fußnote.
"""


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reference")
    return build_reference_docx(folder / "reference.docx", header="Integrationskonzept")


def make_part(folder: Path, name: str, markdown: str, reference: Path) -> Path:
    """A part as render makes it: pandoc with the reference document, then integ's
    python-docx steps."""
    target = folder / name
    target.write_bytes(
        pandoc(
            ["-f", "markdown", "-t", "docx", "--reference-doc", str(reference), "-o", "-"],
            markdown.encode(),
        )
    )
    render._finish_docx(target)
    return target


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory, reference: Path) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("join")
    parts = [
        make_part(folder, f"teil{i}.docx", md, reference)
        for i, md in enumerate((PART1, PART2, PART3), 1)
    ]
    last = docx.Document(str(parts[2]))  # the last part ends in landscape
    section = last.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    last.save(str(parts[2]))
    target = folder / "ganz.docx"
    docx_join.join(parts, target)
    return {"parts": parts, "target": target, "folder": folder}


def files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def rels(data: bytes) -> dict[str, etree._Element]:
    return {el.get("Id"): el for el in etree.fromstring(data).iter(f"{{{PKG}}}Relationship")}


def test_headings_text_and_order(joined: dict[str, Any]) -> None:
    doc = docx.Document(str(joined["target"]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Erster Teil", "Zweiter Teil", "Dritter Teil"]
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("Erstens") < texts.index("Punkt x") < texts.index("Wieder eins")
    assert len(doc.tables) == 1 and doc.tables[0].cell(1, 1).text == "2"


def test_hyperlinks_keep_their_targets(joined: dict[str, Any]) -> None:
    doc = docx.Document(str(joined["target"]))
    links = {
        link.text: link.address for p in doc.paragraphs for link in p.hyperlinks if link.address
    }
    assert links == {"Link Bonn": "https://bonn.example/b", "Link Celle": "https://celle.example/c"}
    anchors = [link.fragment for p in doc.paragraphs for link in p.hyperlinks if link.fragment]
    assert "erster-teil" in anchors


def test_both_pictures_are_there(joined: dict[str, Any]) -> None:
    doc = docx.Document(str(joined["target"]))
    blobs = []
    for blip in doc.element.body.iter(qn("a:blip")):
        part = doc.part.related_parts[blip.get(qn("r:embed"))]
        blobs.append(part.blob)
    assert blobs == [RED, BLUE]  # pandoc names both rId<n>.png: the second is renamed
    assert len(doc.inline_shapes) == 2
    for shape in doc.inline_shapes:
        assert shape.width > 0
    ids = [el.get("id") for el in doc.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == len(set(ids)) == 2


def test_footnotes_point_to_their_texts(joined: dict[str, Any]) -> None:
    content = files(joined["target"])
    notes = etree.fromstring(content["word/footnotes.xml"])
    text = {
        n.get(f"{{{W}}}id"): "".join(n.itertext()).strip() for n in notes.iter(f"{{{W}}}footnote")
    }
    body = etree.fromstring(content["word/document.xml"])
    found = {}
    for para in body.iter(f"{{{W}}}p"):
        for ref in para.iter(f"{{{W}}}footnoteReference"):
            found["".join(para.itertext()).split(" und")[0]] = text[ref.get(f"{{{W}}}id")]
    assert found == {
        "Mit Fußnote eins": "Text der ersten Fußnote.",
        "Link Celle": "Text der dritten Fußnote.",
    }
    separators = [n for n in notes if n.get(f"{{{W}}}type")]
    assert len(separators) == 2  # the first part's; the others' are dropped
    ids = [n.get(f"{{{W}}}id") for n in notes]
    assert len(ids) == len(set(ids))


def list_ids(body: etree._Element) -> dict[str, str]:
    """The first paragraph of each list item text -> its numId."""
    out = {}
    for para in body.iter(f"{{{W}}}p"):
        num = para.find(f"{{{W}}}pPr/{{{W}}}numPr/{{{W}}}numId")
        if num is not None:
            out["".join(para.itertext())] = num.get(f"{{{W}}}val")
    return out


def test_every_list_keeps_its_own_numbering(joined: dict[str, Any]) -> None:
    content = files(joined["target"])
    ids = list_ids(etree.fromstring(content["word/document.xml"]))
    assert ids["Erstens"] == ids["Drittens"]
    assert ids["Punkt x"] == ids["Punkt y"]
    assert ids["Wieder eins"] == ids["Wieder zwei"]
    assert len({ids["Erstens"], ids["Punkt x"], ids["Wieder eins"]}) == 3
    numbering = etree.fromstring(content["word/numbering.xml"])
    kinds = [etree.QName(el).localname for el in numbering]
    assert kinds == sorted(kinds, key=lambda k: k != "abstractNum")  # abstractNum first
    nums = {n.get(f"{{{W}}}numId"): n for n in numbering.iter(f"{{{W}}}num")}
    abstracts = {a.get(f"{{{W}}}abstractNumId") for a in numbering.iter(f"{{{W}}}abstractNum")}
    assert len(nums) == len(list(numbering.iter(f"{{{W}}}num")))  # unique ids
    for num in nums.values():
        assert num.find(f"{{{W}}}abstractNumId").get(f"{{{W}}}val") in abstracts
    restart = nums[ids["Wieder eins"]].find(f"{{{W}}}lvlOverride/{{{W}}}startOverride")
    assert restart is not None and restart.get(f"{{{W}}}val") == "1"


def test_bookmarks_are_unique(joined: dict[str, Any]) -> None:
    body = etree.fromstring(files(joined["target"])["word/document.xml"])
    starts = [b.get(f"{{{W}}}id") for b in body.iter(f"{{{W}}}bookmarkStart")]
    ends = [b.get(f"{{{W}}}id") for b in body.iter(f"{{{W}}}bookmarkEnd")]
    assert len(starts) == len(set(starts)) >= 3
    assert sorted(starts) == sorted(ends)
    names = [b.get(f"{{{W}}}name") for b in body.iter(f"{{{W}}}bookmarkStart")]
    assert {"erster-teil", "zweiter-teil", "dritter-teil"} <= set(names)


def test_package_is_consistent(joined: dict[str, Any]) -> None:
    content = files(joined["target"])
    for story in ("document", "footnotes"):
        known = rels(content.get(f"word/_rels/{story}.xml.rels", b"<Relationships/>"))
        xml = etree.fromstring(content[f"word/{story}.xml"])
        used = {v for el in xml.iter() for k, v in el.attrib.items() if k.startswith(f"{{{R}}}")}
        assert used <= set(known), used - set(known)
        for rel in known.values():
            if rel.get("TargetMode") != "External":
                assert "word/" + rel.get("Target") in content, rel.get("Target")
    types = etree.fromstring(content["[Content_Types].xml"])
    overrides = {el.get("PartName") for el in types.iter(f"{{{CT}}}Override")}
    defaults = {el.get("Extension") for el in types.iter(f"{{{CT}}}Default")}
    for name in content:
        if name != "[Content_Types].xml":
            assert "/" + name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    media = [n for n in content if n.startswith("word/media/")]
    assert len(media) == 2
    docx.Document(io.BytesIO(joined["target"].read_bytes()))


def test_one_section_ending_as_the_last_part(joined: dict[str, Any]) -> None:
    doc = docx.Document(str(joined["target"]))
    assert len(doc.sections) == 1
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    # the headers and footers of the reference document are still there and found
    first = docx.Document(str(joined["parts"][0]))
    assert [p.text for p in section.footer.paragraphs] == [
        p.text for p in first.sections[0].footer.paragraphs
    ]
    assert "Integrationskonzept" in "".join(p.text for p in section.header.paragraphs)


def test_core_properties_from_the_first_part(tmp_path: Path, reference: Path) -> None:
    one = make_part(tmp_path, "a.docx", "---\ntitle: Konzept Süd\n---\n\n# A\n", reference)
    two = make_part(tmp_path, "b.docx", "---\ntitle: Falsch\n---\n\n# B\n", reference)
    docx_join.join([one, two], tmp_path / "out.docx")
    doc = docx.Document(str(tmp_path / "out.docx"))
    assert doc.core_properties.title == "Konzept Süd"
    assert [p.text for p in doc.paragraphs if p.text in ("A", "B")] == ["A", "B"]


def test_a_name_used_twice_is_renamed_and_its_links_follow(tmp_path: Path, reference: Path) -> None:
    one = make_part(tmp_path, "a.docx", "# Gleich {#gleich}\n\n[hin](#gleich)\n", reference)
    two = make_part(tmp_path, "b.docx", "# Gleich {#gleich}\n\n[her](#gleich)\n", reference)
    docx_join.join([one, two], tmp_path / "out.docx")
    body = etree.fromstring(files(tmp_path / "out.docx")["word/document.xml"])
    names = [b.get(f"{{{W}}}name") for b in body.iter(f"{{{W}}}bookmarkStart")]
    assert names.count("gleich") == 1 and names.count("gleich_2") == 1
    anchors = {
        "".join(h.itertext()): h.get(f"{{{W}}}anchor") for h in body.iter(f"{{{W}}}hyperlink")
    }
    assert anchors == {"hin": "gleich", "her": "gleich_2"}


def test_a_single_part_is_copied_unchanged(tmp_path: Path, reference: Path) -> None:
    one = make_part(tmp_path, "a.docx", PART1, reference)
    docx_join.join([one], tmp_path / "out.docx")
    assert (tmp_path / "out.docx").read_bytes() == one.read_bytes()


def test_a_part_that_is_no_docx_leaves_the_target_alone(tmp_path: Path, reference: Path) -> None:
    one = make_part(tmp_path, "a.docx", PART1, reference)
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"not a zip")
    target = tmp_path / "out" / "ganz.docx"
    target.parent.mkdir()
    target.write_bytes(b"old")
    with pytest.raises(IntegError) as caught:
        docx_join.join([one, bad], target)
    assert caught.value.message_id == "docxjoin.not_docx"
    assert "b.docx" in str(caught.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["ganz.docx"]


def test_an_error_while_streaming_leaves_no_temporary_file(
    tmp_path: Path, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [make_part(tmp_path, f"{n}.docx", f"# {n}\n", reference) for n in "ab"]
    target = tmp_path / "out" / "ganz.docx"
    target.parent.mkdir()

    def broken(*args: object) -> None:
        raise IntegError("docxjoin.not_docx", file="x", detail="y")

    monkeypatch.setattr(docx_join, "_write_document", broken)
    with pytest.raises(IntegError):
        docx_join.join(parts, target)
    assert list(target.parent.iterdir()) == []


def test_no_parse_ever_sees_the_joined_body(
    tmp_path: Path, reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory is bounded by the largest part: every XML parse lxml is asked for (by
    docx_join or anything it calls) gets at most one part's document.xml."""
    text = "\n\n".join(f"Absatz {n} mit etwas Text, damit der Teil groß wird." for n in range(300))
    parts = [make_part(tmp_path, f"{n}.docx", f"# Teil {n}\n\n{text}\n", reference) for n in "abc"]
    sizes: list[int] = []
    real_fromstring, real_xml = etree.fromstring, etree.XML
    real_pull = etree.XMLPullParser

    def fromstring(data: Any, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(data))
        return real_fromstring(data, *args, **kwargs)

    def xml(data: Any, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(data))
        return real_xml(data, *args, **kwargs)

    def parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("etree.parse reads a whole file")

    class Pull(real_pull):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            sizes.append(0)

        def feed(self, data: Any) -> None:
            sizes[-1] += len(data)
            super().feed(data)

    monkeypatch.setattr(etree, "fromstring", fromstring)
    monkeypatch.setattr(etree, "XML", xml)
    monkeypatch.setattr(etree, "parse", parse)
    monkeypatch.setattr(etree, "iterparse", parse)
    monkeypatch.setattr(etree, "XMLPullParser", Pull)
    docx_join.join(parts, tmp_path / "out.docx")
    monkeypatch.undo()
    bodies = [len(files(p)["word/document.xml"]) for p in parts]
    whole = len(files(tmp_path / "out.docx")["word/document.xml"])
    assert whole > 2.5 * max(bodies)  # the joined body really is the sum of the parts
    assert sizes and max(sizes) <= max(bodies)
    assert sorted(s for s in sizes if s in bodies) == sorted(bodies)  # each body once
    assert docx.Document(str(tmp_path / "out.docx")).paragraphs[0].text == "Teil a"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_all_parts(joined: dict[str, Any], tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(libreoffice_pdf(joined["target"], tmp_path)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    at = [text.index(h) for h in ("Erster Teil", "Zweiter Teil", "Dritter Teil")]
    assert at == sorted(at)
    assert re.search(r"1\.\s*Wieder eins", text), text
    assert re.search(r"3\.\s*Drittens", text), text
    assert "Text der dritten Fußnote." in text


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_namespaces_a_later_part_declares_go_onto_the_root(tmp_path: Path, reference: Path) -> None:
    one = make_part(tmp_path, "a.docx", "# A\n\nText a\n", reference)
    two = make_part(tmp_path, "b.docx", "# B\n\nText b\n", reference)
    content = files(two)
    xml = content["word/document.xml"].decode()
    xml = xml.replace(
        "<w:document ", f'<w:document xmlns:w14="{W14}" xmlns:mc="{MC}" mc:Ignorable="w14" ', 1
    ).replace("<w:p>", '<w:p w14:paraId="12345678">', 1)
    content["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(two, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in content.items():
            z.writestr(name, data)
    docx_join.join([one, two], tmp_path / "out.docx")
    data = files(tmp_path / "out.docx")["word/document.xml"]
    root = etree.fromstring(data)
    assert root.nsmap["w14"] == W14
    assert root.get(f"{{{MC}}}Ignorable") == "w14"
    assert b"xmlns" not in data[data.index(b"<w:body>") :]  # declared once, on the root
    para = next(p for p in root.iter(f"{{{W}}}p") if p.get(f"{{{W14}}}paraId"))
    assert "".join(para.itertext()) in ("B", "Text b")
    docx.Document(str(tmp_path / "out.docx"))


def test_comments_are_numbered_anew(tmp_path: Path, reference: Path) -> None:
    def comment(text: str) -> str:
        return (
            f'# {text}\n\nSatz [{text}]{{.comment-start id="1" author="Anna"}} hier'
            '[]{.comment-end id="1"}.\n'
        )

    one = make_part(tmp_path, "a.docx", comment("Erste Anmerkung"), reference)
    two = make_part(tmp_path, "b.docx", comment("Zweite Anmerkung"), reference)
    docx_join.join([one, two], tmp_path / "out.docx")
    content = files(tmp_path / "out.docx")
    notes = etree.fromstring(content["word/comments.xml"])
    text = {c.get(f"{{{W}}}id"): "".join(c.itertext()) for c in notes.iter(f"{{{W}}}comment")}
    assert sorted(text.values()) == ["Erste Anmerkung", "Zweite Anmerkung"]
    body = etree.fromstring(content["word/document.xml"])
    refs = [r.get(f"{{{W}}}id") for r in body.iter(f"{{{W}}}commentReference")]
    assert [text[r] for r in refs] == ["Erste Anmerkung", "Zweite Anmerkung"]
    for tag in ("commentRangeStart", "commentRangeEnd"):
        assert [r.get(f"{{{W}}}id") for r in body.iter(f"{{{W}}}{tag}")] == refs
