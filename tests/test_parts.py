"""Large documents in parts (issue 14, point 24): the Markdown is read piece by piece,
written and compiled per part and joined (integ.parts, integ.pdf_join,
integ.docx_join). A part is made small here, so the example concept is made in parts
and compared with the same document made whole."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from integ import parts, pdf_join, render, toolchain

from .conftest import TODAY, libreoffice_pdf, run_cli

SMALL = 15_000  # characters per part: the example (70,000) comes in several


def to_ast(piece: str) -> bytes:
    return render._pandoc(["--to", "json"], piece, filtered=False)


def make(ws: Path, to: str, name: str) -> Path:
    result = run_cli(
        "render",
        "--today",
        TODAY,
        "concepts/landkreis-rastatt.yaml",
        "--to",
        to,
        "-o",
        name,
        cwd=ws,
    )
    assert result.code == 0 and "Traceback" not in result.err, result.err
    return ws / name


@pytest.fixture
def both(example: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Any:
    """The example made whole and in parts, as ``to`` (the test's parameter)."""

    def made(to: str) -> tuple[Path, Path, list[int]]:
        whole = make(example, to, f"whole.{to}")
        calls: list[int] = []
        original = toolchain.typst_compile_apart

        def apart(*args: Any, **kwargs: Any) -> None:
            calls.append(1)
            original(*args, **kwargs)

        monkeypatch.setattr(toolchain, "typst_compile_apart", apart)
        monkeypatch.setattr(parts, "PART_TEXT", SMALL)
        in_parts = make(example, to, f"parts.{to}")
        monkeypatch.undo()
        return whole, in_parts, calls

    return made


# --------------------------------------------------------------------------- pieces


def test_markdown_is_cut_only_before_a_heading_outside_fenced_divs() -> None:
    md = "".join(
        f"# Kapitel {i}\n\nText {i}.\n\n::: zusammen\n## Innen {i}\n\nMehr.\n:::\n\n"
        for i in range(6)
    )
    pieces = parts.split_markdown(md, 40)
    assert "".join(pieces) == md and len(pieces) == 6
    assert all(p.startswith("# Kapitel") for p in pieces)
    assert parts.split_markdown("ein Absatz " * 100, 40) == ["ein Absatz " * 100]
    # a heading right after text (no blank line) is a paragraph's continuation: no cut
    glued = "# A\n\n" + "x" * 50 + "\n# B\n\ny\n"
    assert parts.split_markdown(glued, 10) == [glued]


def test_identifiers_stay_unique_across_pieces(tmp_path: Path) -> None:
    md = "".join(f"# Feld {i}\n\n## Ziele\n\nText.\n\n## Ziele-1\n\nMehr.\n\n" for i in range(3))
    doc = parts.read(md, tmp_path, to_ast, size=30)
    assert len(doc.files) > 1
    ids = [h.ident for h in doc.headings]
    assert len(ids) == len(set(ids)) == 9
    assert ids[:3] == ["feld-0", "ziele", "ziele-1"]
    assert [h.text for h in doc.headings][:3] == ["Feld 0", "Ziele", "Ziele-1"]
    written = [
        h["c"][1][0]
        for f in doc.files
        for h in parts.walk(json.loads(f.read_text())["blocks"])
        if h["t"] == "Header"
    ]
    assert written == ids


def test_a_table_larger_than_a_part_is_cut_with_its_header_on_each_piece(tmp_path: Path) -> None:
    rows = "".join(f"| M-{i:03d} | Maßnahme {i} |\n" for i in range(200))
    md = f"# Anhang\n\n| ID | Titel |\n|:--|:--|\n{rows}\n: Alle Maßnahmen\n"
    doc = parts.read(md, tmp_path, to_ast, size=2_000)
    tables = [
        t
        for f in doc.files
        for t in parts.walk(json.loads(f.read_text())["blocks"])
        if t["t"] == "Table"
    ]
    assert len(tables) > 3
    heads = {json.dumps(t["c"][3]) for t in tables}
    assert len(heads) == 1 and "Titel" in heads.pop()
    ids = [parts.plain(row[1][0][4]) for t in tables for row in t["c"][4][0][3]]
    assert ids == [f"M-{i:03d}" for i in range(200)]
    captions = [parts.plain(t["c"][1][1]) for t in tables]
    assert captions[0] == "Alle Maßnahmen" and not any(captions[1:])


def test_a_long_table_in_a_div_is_cut_in_the_markdown(tmp_path: Path) -> None:
    """The annex (one table of every measure in a landscape div) is cut before pandoc
    reads it, each piece a table with the header in a div marked as continued."""
    rows = "".join(f"| M-{i:03d} | Maßnahme {i} |\n" for i in range(300))
    md = f"# Vorher\n\nText.\n\n::: querformat\n# Anhang\n\n| ID | Titel |\n|:--|:--|\n{rows}\n: Alle\n:::\n"
    pieces = parts.split_markdown(md, 1_000)
    assert len(pieces) > 3 and "".join(pieces).count("| M-") == 300
    blocks = [json.loads(to_ast(p))["blocks"] for p in pieces]
    divs = [b for piece in blocks for b in piece if b["t"] == "Div"]
    assert len(divs) == len(pieces)
    assert [d["c"][0][1] for d in divs] == [["querformat"]] + [["querformat", "fortsetzung"]] * (
        len(divs) - 1
    )
    tables = [t for d in divs for t in d["c"][1] if t["t"] == "Table"]
    ids = [parts.plain(row[1][0][4]) for t in tables for row in t["c"][4][0][3]]
    assert ids == [f"M-{i:03d}" for i in range(300)]
    assert [parts.plain(t["c"][1][1]) for t in tables][:2] == ["Alle", ""]
    assert all(parts.plain(t["c"][3][1][0][1][0][4]) == "ID" for t in tables)


def test_a_div_larger_than_a_part_continues_marked(tmp_path: Path) -> None:
    body = "".join(f"Absatz {i} mit etwas Text.\n\n" for i in range(300))
    md = f"# Vorher\n\nText.\n\n::: querformat\n# Anhang\n\n{body}:::\n"
    doc = parts.read(md, tmp_path, to_ast, size=1_000)
    divs = [
        d["c"][0][1]
        for f in doc.files
        for d in json.loads(f.read_text())["blocks"]
        if d["t"] == "Div"
    ]
    assert divs[0] == ["querformat"] and len(divs) > 2
    assert all(classes == ["querformat", "fortsetzung"] for classes in divs[1:])


# --------------------------------------------------------------------------- PDF


def outline(pdf: Any) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def walk(items: Any, depth: int) -> None:
        for item in items:
            out.append((depth, item.title))
            walk(item.children, depth + 1)

    with pdf.open_outline() as o:
        walk(o.root, 0)
    return out


def structure_problems(pdf: Any) -> list[str]:
    """What breaks the tagged structure: a page or annotation whose parent-tree key is
    missing, an element not reachable from the root, ids twice or unsorted."""
    import pikepdf

    tree = pdf.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    problems = []
    if int(tree.ParentTreeNextKey) <= max(entries):
        problems.append("next key")
    for i, page in enumerate(pdf.pages):
        key = int(page.obj.StructParents)
        if key not in entries:
            problems.append(f"page {i}: no parent entry")
            continue
        for elem in entries[key]:
            if not isinstance(elem, pikepdf.Dictionary):
                continue
            node, hops = elem, 0
            while "/P" in node and hops < 200:
                node, hops = node.P, hops + 1
            if node.get("/Type") != "/StructTreeRoot":
                problems.append(f"page {i}: element outside the tree")
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot and int(annot.StructParent) not in entries:
                problems.append(f"page {i}: annotation without parent")
    top = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
    if [str(t.S) for t in top] != ["/Document"]:
        problems.append("root is not one Document")
    if "/IDTree" in tree:
        names = tree.IDTree.Names
        keys = [bytes(names[i]) for i in range(0, len(names), 2)]
        if keys != sorted(set(keys)):
            problems.append("ids twice or unsorted")
    return problems


def test_a_pdf_in_parts_is_the_same_document_as_made_whole(both: Any) -> None:
    import pikepdf
    import pypdf

    whole, in_parts, calls = both("pdf")
    with pikepdf.open(whole) as w, pikepdf.open(in_parts) as p:
        assert p.check_pdf_syntax() == []
        assert structure_problems(w) == [] and structure_problems(p) == []
        # each part compiled in a process of its own, twice (pages, then numbers)
        assert len(calls) >= 4 and len(calls) % 2 == 0
        assert outline(p) == outline(w) and len(outline(p)) > 50
        names = p.Root.Names.Dests.Names
        known = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert known == sorted(known)
        links = [a for page in p.pages for a in page.obj.get("/Annots", [])]
        contents = [a for a in links if "/Dest" in a]
        assert len(contents) == len(
            [a for page in w.pages for a in page.obj.get("/Annots", []) if "/Dest" in a]
        )
        assert all(bytes(a.Dest) in set(known) for a in contents)
        assert not any(
            bytes(a.get("/A", {}).get("/URI", b"")).startswith(b"integ-ziel:") for a in links
        )
        total = len(p.pages)
        xmp = p.Root.Metadata.read_bytes()
        assert f"<xmpTPg:NPages>{total}</xmpTPg:NPages>".encode() in xmp
        assert str(p.Root.Lang) == "de-DE" and b"pdfuaid:part>1<" in xmp
        assert all(str(page.obj.Tabs) == "/S" for page in p.pages)
    reader, whole_reader = pypdf.PdfReader(in_parts), pypdf.PdfReader(whole)
    assert reader.metadata.title == whole_reader.metadata.title
    pages = [page.extract_text() for page in reader.pages]
    for number, page in enumerate(pages, 1):
        assert page.rstrip().endswith(f"Seite {number} von {total}"), (number, page[-80:])
    text, whole_text = "\n".join(pages), "\n".join(p.extract_text() for p in whole_reader.pages)
    measures = set(re.findall(r"M-[A-Z]{3}-\d+", whole_text))
    assert len(measures) > 20 and measures == set(re.findall(r"M-[A-Z]{3}-\d+", text))
    # the contents page: every entry's number is the page its heading is on
    toc = pages[1]
    for title, number in re.findall(r"\n?([A-ZÄÖÜ][^\n.]+?) [. ]+ ?(\d+)\n", toc)[:8]:
        assert title.strip() in pages[int(number) - 1], (title, number)


# --------------------------------------------------------------------------- pdf_join


def test_pdf_syntax_reads_what_typst_writes_and_writes_it_back() -> None:
    data = b"<</T (a \\(b\\) (c) \\\\) /K [1 0 R 2 0 R 3] /H <FEFF00E4> /X -1.5 /B true>>"
    value, end = pdf_join.parse(data, 0)
    assert end == len(data)
    assert value[pdf_join.Name(b"/K")] == [pdf_join.Ref(1), pdf_join.Ref(2), pdf_join.Raw(b"3")]
    assert pdf_join.text(value[pdf_join.Name(b"/T")]) == "a (b) (c) \\"
    assert pdf_join.text(value[pdf_join.Name(b"/H")]) == "ä"
    out: list[bytes] = []
    pdf_join.dump(value, out, lambda n: n + 100)
    again, _ = pdf_join.parse(b"".join(out), 0)
    assert again[pdf_join.Name(b"/K")][:2] == [pdf_join.Ref(101), pdf_join.Ref(102)]
    assert again[pdf_join.Name(b"/T")] == value[pdf_join.Name(b"/T")]
    assert pdf_join.content(pdf_join.literal(b"x(y)\\z\n")) == b"x(y)\\z\n"


def test_a_part_that_is_not_a_pdf_from_typst_is_refused() -> None:
    with pytest.raises(pdf_join.JoinError):
        pdf_join.Part.read(b"no pdf")
    with pytest.raises(pdf_join.JoinError):
        pdf_join.Part.read(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF")


# --------------------------------------------------------------------------- DOCX


def docx_facts(path: Path) -> dict[str, Any]:
    from docx import Document

    doc = Document(str(path))
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    toc = xml[xml.index("<w:sdt>") : xml.index("</w:sdt>")]
    marks = re.findall(r'<w:bookmarkStart[^>]*w:name="([^"]+)"', xml)
    ids = re.findall(r'<w:bookmarkStart[^>]*w:id="(\d+)"', xml)
    return {
        "headings": [
            (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
        ],
        "toc": re.findall(r'w:anchor="([^"]+)"', toc),
        "toc_text": re.findall(r"<w:hyperlink [^>]*>.*?<w:t[^>]*>([^<]*)</w:t>", toc),
        "marks": marks,
        "ids": ids,
        "sections": [s.orientation for s in doc.sections],
        "tables": len(doc.tables),
        "title": doc.core_properties.title,
    }


def test_a_docx_in_parts_is_the_same_document_as_made_whole(both: Any, tmp_path: Path) -> None:
    whole, in_parts, _ = both("docx")
    w, p = docx_facts(whole), docx_facts(in_parts)
    assert p["headings"] == w["headings"] and len(p["headings"]) > 50
    # the same entries (identifiers may be numbered differently: they are unique per part
    # first, then across them), each to a heading that is there
    assert p["toc_text"] == w["toc_text"] and len(p["toc"]) == len(w["toc"]) > 30
    assert set(p["toc"]) <= set(p["marks"])
    assert len(p["ids"]) == len(set(p["ids"]))
    assert p["sections"] == w["sections"] and len(p["sections"]) == 2  # the annex lies across
    assert p["tables"] == w["tables"] and p["title"] == w["title"]
    if shutil.which("soffice"):
        import pypdf

        made = [
            len(pypdf.PdfReader(libreoffice_pdf(f, tmp_path / f.stem)).pages)
            for f in (whole, in_parts)
        ]
        assert made[0] == made[1]


# --------------------------------------------------------------------------- HTML


def test_an_html_page_in_parts_is_the_same_page_as_made_whole(both: Any) -> None:
    whole, in_parts, _ = both("html")
    a, b = whole.read_text("utf-8"), in_parts.read_text("utf-8")

    def headings(page: str) -> list[str]:
        found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.DOTALL)
        return [" ".join(re.sub(r"<[^>]+>", "", t).split()) for _, t in found]

    def toc(page: str) -> list[str]:
        nav = page[page.index('<nav id="TOC"') : page.index("</nav>")]
        return re.findall(r'href="#([^"]+)"', nav)

    assert headings(b) == headings(a) and len(headings(a)) > 50
    assert len(toc(b)) == len(toc(a)) > 30
    ids = set(re.findall(r'\sid="([^"]+)"', b))
    assert all(target in ids for target in toc(b))
    assert b.count("<main>") == 1 and '<html xmlns="http://www.w3.org/1999/xhtml" lang="de-DE"' in b
    assert "integ-dokumentkoerper" not in b
