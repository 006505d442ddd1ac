"""Word that opens well everywhere, corporate design, the concept document: read back
the DOCX (python-docx, its XML), the PDF (pypdf, pikepdf, pdftotext) and the HTML, and
convert Word with LibreOffice where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from integ import docx_post, fontmetrics

from .conftest import ROOT, libreoffice_pdf
from .test_render import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("worddoc")
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)
    return ws


@pytest.fixture(scope="module")
def lk(example: Path) -> dict[str, Path]:
    out = {}
    for to in ("docx", "pdf", "html", "md"):
        target = example / f"lk.{to}"
        render(example, "concepts/landkreis-rastatt.yaml", "--to", to, "-o", str(target))
        out[to] = target
    return out


def _document(path: Path) -> Any:
    from docx import Document

    return Document(str(path))


def table_words(doc: Any) -> set[str]:
    """Words (and dates) of every table cell; a hyphen or slash may end a line."""
    found = set()
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for word in cell.text.split():
                    for part in re.split(r"(?<=[-/])", word):
                        part = part.strip('.,;:()„“"')
                        if len(part) >= 3:
                            found.add(part)
    return found


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# --------------------------------------------------------------------------- contents


def test_table_of_contents_is_filled_with_links_to_the_headings(lk: dict[str, Path]) -> None:
    doc = _document(lk["docx"])
    body = doc.element.body
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    headings = [
        (int(p.style.style_id[7:]), p.text)
        for p in doc.paragraphs
        if p.style is not None and p.style.style_id in ("Heading1", "Heading2") and p.text.strip()
    ]
    entries = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if (
            style is None
            or not style.get(f"{W}val", "").startswith("TOC")
            or style.get(f"{W}val") == "TOCHeading"
        ):
            continue
        link = p.find(f"{W}hyperlink")
        assert link is not None, "every entry links to its heading"
        assert link.get(f"{W}anchor") in bookmarks
        level = int(style.get(f"{W}val")[3:])
        entries.append((level, "".join(t.text or "" for t in p.iter(f"{W}t"))))
    assert entries == headings
    assert len(entries) > 20
    xml = zipfile.ZipFile(lk["docx"]).read("word/document.xml").decode()
    assert "Inhalt …" not in xml
    begin, end = xml.index("TOC \\o"), xml.index('fldCharType="end"', xml.index("TOC \\o"))
    assert "Handlungsfeld: Sprache" in xml[begin:end], "the entries are the field's result"


def test_fill_toc_without_headings_leaves_the_field() -> None:
    from lxml import etree

    body = etree.fromstring(
        f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText>TOC \\o "1-2"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Inhalt</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body>'
    )
    assert docx_post.fill_toc(body) == 0
    assert len(body.findall(f"{W}p")) == 1


# --------------------------------------------------------------------------- widths


def test_every_column_is_as_wide_as_its_widest_word(lk: dict[str, Path]) -> None:
    """Pure: the widths written into the file against the shipped font's metrics."""
    doc = _document(lk["docx"])
    assert len(doc.tables) > 10
    for table in doc.tables:
        tbl = table._tbl
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        grid = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
        size = tbl.find(f".//{W}r/{W}rPr/{W}sz")
        points = int(size.get(f"{W}val")) / 2 if size is not None else 11
        assert points >= 8
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row.cells):
                for word in docx_post.words(cell.text):
                    need = fontmetrics.text_width(word, points, bold=i == 0) * 20 + 2 * 108
                    assert grid[j] >= need, f"{word!r} is wider than its column ({grid[j]})"
                tcw = cell._tc.find(f"{W}tcPr/{W}tcW")
                assert int(tcw.get(f"{W}w")) == grid[j]
            for p in row._tr.iter(f"{W}p"):
                assert p.find(f"{W}pPr/{W}suppressAutoHyphens") is not None


def test_column_widths_share_the_rest_of_the_line() -> None:
    cols = [docx_post.Column(word=50, line=50), docx_post.Column(word=40, line=400)]
    widths = docx_post.column_widths(cols, 9000)
    assert sum(widths) <= 9000
    assert widths[0] >= 50 * 20 and widths[1] > widths[0]
    assert docx_post.words("Baden-Württemberg und/oder 17.09.2024 M-BIL-02") == [
        "Baden-",
        "Württemberg",
        "und/",
        "oder",
        "17.09.2024",
        "M-BIL-02",
    ]
    tight = docx_post.column_widths([docx_post.Column(word=400, line=400)] * 3, 9000)
    assert sum(tight) <= 9000  # more than fits: shrunk, never wider than the page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_breaks_no_word_or_date_in_tables(lk: dict[str, Path], tmp_path: Path) -> None:
    pdf = libreoffice_pdf(lk["docx"], tmp_path)
    text = pdftotext(pdf)
    words = table_words(_document(lk["docx"]))
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d{4}", w) for w in words)
    broken = sorted(w for w in words if w not in text)
    assert not broken, broken
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "SourceSansPro-Regular" in fonts, "LibreOffice used the embedded font"


def test_pdf_tables_break_no_word_or_date(lk: dict[str, Path]) -> None:
    text = pdftotext(lk["pdf"])
    broken = sorted(w for w in table_words(_document(lk["docx"])) if w not in text)
    assert not broken, broken


# --------------------------------------------------------------------------- font


def test_the_font_is_embedded(lk: dict[str, Path]) -> None:
    from lxml import etree

    z = zipfile.ZipFile(lk["docx"])
    settings = etree.fromstring(z.read("word/settings.xml"))
    assert settings.find(f"{W}embedTrueTypeFonts") is not None
    table = etree.fromstring(z.read("word/fontTable.xml"))
    font = next(f for f in table.findall(f"{W}font") if f.get(f"{W}name") == "Source Sans Pro")
    regular = font.find(f"{W}embedRegular")
    assert regular is not None and font.find(f"{W}embedBold") is not None
    rels = etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))
    rid = regular.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    data = z.read(f"word/{target}")
    original = (fontmetrics.FONTS / "SourceSansPro-Regular.ttf").read_bytes()
    assert data != original  # obfuscated, as Word expects
    assert docx_post.obfuscate(data, regular.get(f"{W}fontKey")) == original
    assert "odttf" in z.read("[Content_Types].xml").decode()


# --------------------------------------------------------------------------- design


def tiny_png(path: Path) -> Path:
    import struct
    import zlib

    w, h = 12, 16
    raw = b"".join(b"\x00" + bytes((200, 30, 30)) * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


@pytest.fixture(scope="module")
def designed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ws = tmp_path_factory.mktemp("design")
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    shutil.copy(ROOT / "actors.yaml", ws / "actors.yaml")
    tiny_png(ws / "wappen.png")
    settings = (ROOT / "integ.yaml").read_text(encoding="utf-8")
    settings += (
        "logo: wappen.png\n"
        "design:\n"
        '  colour: "#8B0000"\n'
        '  accent: "#FFE4B5"\n'
        "  logo_alt: Wappen des Landkreises Rastatt\n"
    )
    (ws / "integ.yaml").write_text(settings, encoding="utf-8")
    out = {"ws": ws}
    for to in ("docx", "pdf", "html", "md"):
        target = ws / f"lk.{to}"
        render(ws, "concepts/gemeinde-durmersheim.yaml", "--to", to, "-o", str(target))
        out[to] = target
    return out


def test_logo_on_title_page_and_header_of_word(designed: dict[str, Path]) -> None:
    doc = _document(designed["docx"])
    pictures = {
        pr.get("descr")
        for pr in doc.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    }
    assert "Wappen des Landkreises Rastatt" in pictures  # the title page
    header = doc.sections[0].header._element
    descr = [
        pr.get("descr")
        for pr in header.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert descr == ["Wappen des Landkreises Rastatt"]
    styles = zipfile.ZipFile(designed["docx"]).read("word/styles.xml").decode()
    assert "8B0000" in styles and "FFE4B5" in styles


def test_logo_and_colours_in_the_pdf(designed: dict[str, Path]) -> None:
    import pikepdf

    with pikepdf.open(designed["pdf"]) as pdf:
        first = list(pdf.pages[0].get_images())
        second = list(pdf.pages[1].get_images())
        assert first and second, "the logo on the title page and in the header"
        alts = [
            str(node.get("/Alt"))
            for node in _struct_nodes(pdf.Root.StructTreeRoot)
            if node.get("/S") == "/Figure"
        ]
        assert "Wappen des Landkreises Rastatt" in alts


def _struct_nodes(node: Any, depth: int = 0) -> list[Any]:
    import pikepdf

    out = []
    if isinstance(node, pikepdf.Dictionary):
        out.append(node)
        kids = node.get("/K")
        if kids is not None:
            out += _struct_nodes(kids, depth + 1)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            out += _struct_nodes(kid, depth + 1)
    return out


def test_logo_and_main_in_html(designed: dict[str, Path], lk: dict[str, Path]) -> None:
    page = designed["html"].read_text(encoding="utf-8")
    assert page.count("<main>") == 1 and page.count("</main>") == 1
    banner = page[page.index('<header class="integ-kopf">') : page.index("<main>")]
    assert 'alt="Wappen des Landkreises Rastatt"' in banner
    assert 'alt="Wappen des Landkreises Rastatt"' in page[page.index("<main>") :]  # title
    assert "#8B0000" in page
    plain = lk["html"].read_text(encoding="utf-8")
    assert "<main>" in plain and '<header class="integ-kopf">' not in plain
    md = designed["md"].read_text(encoding="utf-8")
    assert "lk_bilder/integ-logo.png" in md
    assert (designed["md"].parent / "lk_bilder" / "integ-logo.png").is_file()


def test_reference_doc_changes_the_pdf(example: Path, tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import RGBColor

    reference = example / "hausvorlage.docx"
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Heading 1"].font.color.rgb = RGBColor.from_string("006400")
    doc.save(str(reference))
    from integ.design import from_reference

    assert from_reference(reference) == {"font": "DejaVu Sans", "colour": "006400"}
    render(
        example,
        "concepts/gemeinde-durmersheim.yaml",
        "--to",
        "pdf",
        "--reference-doc",
        str(reference),
        "-o",
        str(example / "haus.pdf"),
    )
    fonts = subprocess.run(
        ["pdffonts", str(example / "haus.pdf")], capture_output=True, text=True, check=True
    ).stdout
    if (
        "DejaVu"
        not in subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    ):
        pytest.skip("DejaVu Sans is not installed")
    assert "DejaVuSans" in fonts


def test_a_logo_outside_the_workspace_is_refused(example: Path, tmp_path: Path) -> None:
    from .conftest import TODAY, run_cli

    ws = tmp_path / "ws"
    shutil.copytree(example / "concepts", ws / "concepts")
    shutil.copy(example / "actors.yaml", ws / "actors.yaml")
    outside = tiny_png(tmp_path / "fremd.png")
    (ws / "wappen.png").symlink_to(outside)
    settings = (example / "integ.yaml").read_text(encoding="utf-8") + "logo: wappen.png\n"
    (ws / "integ.yaml").write_text(settings, encoding="utf-8")
    result = run_cli(
        "render", "--today", TODAY, "concepts/gemeinde-durmersheim.yaml", "--to", "html", cwd=ws
    )
    assert result.code != 0 and "Traceback" not in result.err
    assert "außerhalb" in result.err + result.out
    (ws / "wappen.png").unlink()
    (ws / "integ.yaml").write_text(
        settings.replace("logo: wappen.png", "logo: fehlt.png"), encoding="utf-8"
    )
    result = run_cli(
        "render", "--today", TODAY, "concepts/gemeinde-durmersheim.yaml", "--to", "html", cwd=ws
    )
    assert result.code != 0 and "fehlt.png" in result.err + result.out


# --------------------------------------------------------------------------- the concept


def test_title_page_says_stand_and_each_fact_once(lk: dict[str, Path]) -> None:
    from pypdf import PdfReader

    first = PdfReader(str(lk["pdf"])).pages[0].extract_text()
    assert "Stand: 20. Oktober 2026" in first  # the latest date the data records
    assert first.count("Fassung 2.0") == 1
    assert first.count("Landratsamt Rastatt") == 1
    assert "Herausgeber" not in first
    doc = _document(lk["docx"])
    title_page = []
    for p in doc.paragraphs:
        if p.style is not None and p.style.style_id == "Heading1":
            break  # the contents (a w:sdt) and the first chapter follow the title page
        title_page.append(p.text)
    text = "\n".join(title_page)
    assert "Stand: 20. Oktober 2026" in text
    assert text.count("Fassung 2.0") == 1 and text.count("Landratsamt Rastatt") == 1
    # the date is no list item: no numbering on any title page paragraph
    for p in doc.paragraphs[: len(title_page)]:
        assert p._p.find(f"{W}pPr/{W}numPr") is None
    typ_list = re.search(r"^\s*\+|^\s*\d+\.\s", first.split("Stand:")[0], re.MULTILINE)
    assert typ_list is None


def test_measure_facts_keep_together(lk: dict[str, Path]) -> None:
    doc = _document(lk["docx"])
    body = doc.element.body
    assert not [
        b
        for b in body.iter(f"{W}bookmarkStart")
        if b.get(f"{W}name", "").startswith("integ_zusammen")
    ], "the block markers are gone"
    paragraphs = doc.paragraphs
    checked = 0
    for i, p in enumerate(paragraphs):
        if p.text.startswith("Sachstand ("):
            # everything from the measure's facts down to its progress note keeps together
            before = paragraphs[i - 1]
            assert before._p.find(f"{W}pPr/{W}keepNext") is not None, before.text
            checked += 1
    assert checked > 20
    typ = subprocess.run(
        ["pdftotext", str(lk["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    for page in typ.split("\f")[:-1]:  # the text ends with a form feed
        lines = [x for x in page.splitlines() if x.strip() and "Seite" not in x]
        assert len(lines) > 3, f"a nearly empty page: {lines}"


def test_unrendered_data_is_rendered(lk: dict[str, Path], example: Path) -> None:
    md = lk["md"].read_text(encoding="utf-8")
    assert "**Zielebene:** strategisch" in md and "**Zielebene:** operativ" in md
    assert "(Schwerpunkt\\)" in md
    assert "**Gilt für:** Stadt Rastatt\\, Stadt Gaggenau" in md
    assert "**Gilt für:** den ganzen Landkreis" in md
    assert "**Beiträge der Städte und Gemeinden:** Gemeinde Durmersheim" in md
    target = example / "dm.md"
    render(example, "concepts/gemeinde-durmersheim.yaml", "--to", "md", "-o", str(target))
    town = target.read_text(encoding="utf-8")
    assert "**Beitrag zu den Zielen:** Landkreis Rastatt\\: Z\\-SPR\\-2" in town


def test_glossary_sources_and_imprint(lk: dict[str, Path]) -> None:
    doc = _document(lk["docx"])
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.style_id == "Heading1"
    ]
    for name in ("Glossar", "Quellen", "Impressum"):
        assert name in headings
    glossary = next(t for t in doc.tables if t.rows[0].cells[0].text == "Begriff")
    terms = [r.cells[0].text for r in glossary.rows[1:]]
    assert {"VABO", "VKL", "MiMi"} <= set(terms) and terms == sorted(terms, key=str.casefold)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BAMF-Integrationskursgeschäftsstatistik" in text  # an indicator's source
    assert "Zensus 2022, Statistisches Landesamt Baden-Württemberg" in text  # a figure's
    assert text.count("Statistisches Landesamt Baden-Württemberg, Schulstatistik") >= 1
    imprint = text[text.index("Impressum") :]
    assert "Herausgeber: Landratsamt Rastatt" in imprint and "Stand der Daten" in imprint


def test_abbreviations_found_in_the_text() -> None:
    from integ import view

    concept = {
        "title": "Konzept mit VABO, VKL und dem MiMi-Modell nach SGB II",
        "measures": [{"id": "M-SPR-01", "title": "Kurs", "log": [{"note": "KT-2023-045 DaZ"}]}],
        "glossary": [{"term": "VABO", "explanation": "…"}],
    }
    assert view.abbreviations(concept) == ["DaZ", "MiMi", "SGB", "VABO", "VKL"]
    assert view.glossary(concept)["unexplained"] == ["DaZ", "MiMi", "SGB", "VKL"]


def test_no_contacts_sentence_under_public_contacts(lk: dict[str, Path], tmp_path: Path) -> None:
    md = lk["md"].read_text(encoding="utf-8")
    contacts = md[md.index("# Ansprechpersonen") : md.index("# Glossar")]
    assert "| Name |" in contacts
    assert "nicht aufgeführt" not in contacts


def test_empty_fields_share_one_page(example: Path, tmp_path: Path) -> None:
    import json

    from integ import yaml_io

    data = yaml_io.load(example / "concepts" / "gemeinde-durmersheim.yaml").data
    data["fields"] += [
        {"id": "leer-eins", "title": "Gesundheit", "summary": "Kommt 2027."},
        {"id": "leer-zwei", "title": "Sport"},
    ]
    ws = tmp_path / "ws"
    shutil.copytree(example / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(example / name, ws / name)
    (ws / "concepts" / "gemeinde-durmersheim.yaml").write_text(json.dumps(data), encoding="utf-8")
    render(ws, "concepts/gemeinde-durmersheim.yaml", "--to", "docx", "-o", str(ws / "d.docx"))
    doc = _document(ws / "d.docx")
    h1 = [p.text for p in doc.paragraphs if p.style is not None and p.style.style_id == "Heading1"]
    assert "Handlungsfeld: Gesundheit" not in h1 and "Weitere Handlungsfelder" in h1
    h2 = [p.text for p in doc.paragraphs if p.style is not None and p.style.style_id == "Heading2"]
    assert "Gesundheit" in h2 and "Sport" in h2


def test_excerpt_for_a_town_by_its_name_with_district_and_partner_measures(
    example: Path,
) -> None:
    target = example / "auszug.docx"
    render(
        example,
        "concepts/landkreis-rastatt.yaml",
        "--kind",
        "excerpt",
        "--municipality",
        "stadt-gaggenau",
        "--to",
        "docx",
        "-o",
        str(target),
    )
    doc = _document(target)
    assert doc.core_properties.title == "Auszug für Stadt Gaggenau"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "stadt-gaggenau" not in text
    assert "Rolle der Kommune: kreisweite Maßnahme" in text
    assert "Rolle der Kommune: Partner" in text
    assert "Rolle der Kommune: Maßnahme für die Kommune" in text
