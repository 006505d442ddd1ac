"""The reference document for pandoc's DOCX writer, built in code, and what pandoc keeps of it."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from integ.docx_reference import build_reference_docx
from integ.toolchain import pandoc_binary as pandoc_path

HEADER = "Integrationskonzept Musterstadt 2026"

MARKDOWN = """\
# Einleitung

Die Stadt Musterstadt legt ihr Integrationskonzept vor.

## Ziele

| Handlungsfeld | Ziel | Frist |
|---------------|------|-------|
| Sprache | Mehr Kursplätze für Erwachsene | 2027 |
| Arbeit | Anerkennung schneller | 2028 |

::: {custom-style="Beschlussvorschlag"}
Der Rat beschließt das Integrationskonzept.
:::

Ein [neuer]{custom-style="Einfügung"} und ein [alter]{custom-style="Streichung"} Satz.
"""


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ref") / "reference.docx"
    assert build_reference_docx(target, header=HEADER) == target
    return target


@pytest.fixture(scope="module")
def rendered(reference, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("out")
    source = work / "in.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    out = work / "out.docx"
    subprocess.run(
        [
            str(pandoc_path()),
            "-f",
            "markdown",
            "-t",
            "docx",
            "--sandbox",
            "--reference-doc",
            str(reference),
            "-M",
            "lang=de-DE",
            "-M",
            "title=Test",
            "-o",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out


def _assert_a4(document) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


def _header_text(document) -> str:
    return "".join(p.text for p in document.sections[0].header.paragraphs)


def _footer_xml(document) -> str:
    return document.sections[0].footer._element.xml


def _assert_footer_fields(document) -> None:
    xml = _footer_xml(document)
    assert "Seite" in xml and " von " in xml
    instructions = " ".join(
        el.text or el.get(qn("w:instr"), "")
        for el in document.sections[0].footer._element.iter(qn("w:instrText"), qn("w:fldSimple"))
    )
    assert "NUMPAGES" in instructions
    assert "PAGE" in instructions.replace("NUMPAGES", "")


def _style_lang(document) -> str | None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    return None if lang is None else lang.get(qn("w:val"))


def test_page_setup(reference):
    document = docx.Document(str(reference))
    _assert_a4(document)
    section = document.sections[0]
    assert abs(section.left_margin - Cm(2.5)) < Cm(0.01)
    assert abs(section.top_margin - Cm(2.5)) < Cm(0.01)
    assert abs(section.bottom_margin - Cm(2.5)) < Cm(0.01)
    assert abs(section.right_margin - Cm(2.0)) < Cm(0.01)


def test_header_and_footer(reference):
    document = docx.Document(str(reference))
    assert _header_text(document) == HEADER
    _assert_footer_fields(document)
    header_par = document.sections[0].header.paragraphs[0]
    assert header_par.style.font.size == Pt(9)


def test_language_and_fonts(reference):
    document = docx.Document(str(reference))
    assert document.core_properties.language == "de-DE"
    assert _style_lang(document) == "de-DE"
    normal = document.styles["Normal"]
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "de-DE"
    assert normal.font.size == Pt(11)
    assert normal.paragraph_format.line_spacing == pytest.approx(1.15, abs=0.01)
    # No style refers to a theme font any more: the sans font is named everywhere.
    styles_xml = document.styles.element.xml
    assert "majorHAnsi" not in styles_xml and "minorHAnsi" not in styles_xml
    assert document.styles["Heading 1"].font.name == "Source Sans Pro"


def test_headings_and_title(reference):
    styles = docx.Document(str(reference)).styles
    for level, size in {1: 18, 2: 14, 3: 12, 4: 11}.items():
        style = styles[f"Heading {level}"]
        assert style.font.size == Pt(size)
        assert style.font.bold is True
        assert str(style.font.color.rgb) == "1F3864"
        assert style.paragraph_format.keep_with_next is True
    assert styles["Heading 1"].paragraph_format.page_break_before is True
    assert not styles["Heading 2"].paragraph_format.page_break_before
    assert styles["Title"].font.size == Pt(26)


def test_custom_styles(reference):
    styles = docx.Document(str(reference)).styles
    expected = {
        "Titelseite": WD_STYLE_TYPE.PARAGRAPH,
        "Beschlussvorschlag": WD_STYLE_TYPE.PARAGRAPH,
        "Legende": WD_STYLE_TYPE.PARAGRAPH,
        "Hinweis": WD_STYLE_TYPE.PARAGRAPH,
        "Einfügung": WD_STYLE_TYPE.CHARACTER,
        "Streichung": WD_STYLE_TYPE.CHARACTER,
    }
    for name, kind in expected.items():
        assert styles[name].type == kind, name
    assert styles["Einfügung"].style_id == "Einfuegung"
    assert styles["Beschlussvorschlag"].font.bold is True
    assert styles["Beschlussvorschlag"].element.pPr.find(qn("w:pBdr")) is not None
    assert styles["Legende"].font.size == Pt(9)
    assert styles["Hinweis"].font.italic is True
    assert styles["Einfügung"].font.underline is True
    assert styles["Streichung"].font.strike is True


def test_table_style(reference):
    styles = docx.Document(str(reference)).styles
    table = styles["Table"]
    assert table.type == WD_STYLE_TYPE.TABLE
    borders = table.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {child.tag.split("}")[1] for child in borders} >= {"top", "bottom", "insideH"}
    first = [
        el for el in table.element.findall(qn("w:tblStylePr")) if el.get(qn("w:type")) == "firstRow"
    ]
    assert len(first) == 1
    assert first[0].find(qn("w:rPr")).find(qn("w:b")) is not None
    assert first[0].find(qn("w:tcPr")).find(qn("w:shd")).get(qn("w:fill")) == "D9D9D9"


def test_deterministic(reference, tmp_path):
    again = build_reference_docx(tmp_path / "again.docx", header=HEADER)
    assert again.read_bytes() == reference.read_bytes()
    other = build_reference_docx(tmp_path / "other.docx", header="Anderer Kopf")
    with zipfile.ZipFile(reference) as a, zipfile.ZipFile(other) as b:
        assert a.read("word/styles.xml") == b.read("word/styles.xml")


def test_options(tmp_path):
    target = build_reference_docx(
        tmp_path / "sub" / "en.docx",
        header="Concept",
        lang="en-GB",
        font="DejaVu Sans",
        footer_label=("Page", "of"),
    )
    document = docx.Document(str(target))
    assert _style_lang(document) == "en-GB"
    assert document.core_properties.language == "en-GB"
    assert document.styles["Heading 2"].font.name == "DejaVu Sans"
    footer = _footer_xml(document)
    assert "Page" in footer and " of " in footer and "Seite" not in footer


def test_pandoc_uses_reference(rendered):
    document = docx.Document(str(rendered))
    _assert_a4(document)
    styles_by_text = {p.text: p.style.name for p in document.paragraphs}
    assert styles_by_text["Einleitung"] == "Heading 1"
    assert styles_by_text["Ziele"] == "Heading 2"
    assert styles_by_text["Der Rat beschließt das Integrationskonzept."] == "Beschlussvorschlag"
    assert styles_by_text["Test"] == "Title"

    runs = {r.text: r.style.name for p in document.paragraphs for r in p.runs}
    assert runs["neuer"] == "Einfügung"
    assert runs["alter"] == "Streichung"

    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style.name == "Table"
    assert [c.text for c in table.rows[0].cells] == ["Handlungsfeld", "Ziel", "Frist"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr is None or (
        table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    )

    assert _header_text(document) == HEADER
    _assert_footer_fields(document)
    assert document.core_properties.language == "de-DE"
    assert _style_lang(document) == "de-DE"
    assert document.styles["Heading 1"].paragraph_format.page_break_before is True
