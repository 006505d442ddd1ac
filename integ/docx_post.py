"""Finishing touches to the Word file pandoc wrote (called from integ.render only).

* the table of contents is filled: one paragraph per heading of level 1 and 2 with an
  internal hyperlink to the heading's bookmark inside the TOC field's result, so
  LibreOffice, viewers and server-side converters show it without updating fields
  (Word can still update it and add page numbers);
* every table gets column widths from what its cells hold: no column narrower than
  its widest word (measured with the shipped font's metrics), the rest of the line
  shared by how much text each column has; cells are not hyphenated;
* the shipped font is embedded (``w:embedTrueTypeFonts``, obfuscated font parts as
  ECMA-376 Part 1, 17.8.1 describes), so Word and LibreOffice set the same letters;
* the logo goes into the header, with its alternative text.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fontmetrics

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
TWIPS = 20  # per point
#: cell margins left+right of pandoc's table style plus a reserve for rounding and for
#: renderers whose line breaking is a little stricter than the metrics say
CELL_RESERVE = 2 * 108 + 60
#: the smallest size (points) table text is set in to let every word fit
SMALLEST = 8.0


def q(tag: str) -> str:
    prefix, _, name = tag.partition(":")
    return f"{{{W if prefix == 'w' else R}}}{name}"


# --------------------------------------------------------------------------- contents


def toc_entries(body: Any, levels: int = 2) -> list[tuple[int, str, str]]:
    """(level, text, bookmark) of every heading down to ``levels`` that has a bookmark."""
    entries = []
    previous: list[Any] = []
    for child in body:
        if child.tag == q("w:bookmarkStart"):
            previous.append(child)
            continue
        if child.tag != q("w:p"):
            previous = []
            continue
        style = child.find(f"{q('w:pPr')}/{q('w:pStyle')}")
        name = style.get(q("w:val")) if style is not None else ""
        level = int(name[7:]) if name.startswith("Heading") and name[7:].isdigit() else 0
        marks = previous + list(child.iter(q("w:bookmarkStart")))
        previous = []
        if not 1 <= level <= levels:
            continue
        text = "".join(t.text or "" for t in child.iter(q("w:t")))
        anchor = next(
            (m.get(q("w:name")) for m in marks if not m.get(q("w:name"), "").startswith("_")),
            None,
        )
        if text.strip() and anchor:
            entries.append((level, text, anchor))
    return entries


def fill_toc(body: Any, levels: int = 2, more: list[tuple[int, str, str]] | None = None) -> int:
    """Write the entries of the headings into the TOC field, and then ``more`` (the
    headings of the later parts of a document made in parts); returns how many."""
    from lxml import etree  # type: ignore[import-untyped]

    field_para = None
    for instr in body.iter(q("w:instrText")):
        if (instr.text or "").strip().startswith("TOC"):
            field_para = instr.getparent().getparent()
            break
    if field_para is None:
        return 0
    entries = [*toc_entries(body, levels), *(more or [])]
    if not entries:
        return 0
    # the field: begin, instruction, separate in the first paragraph; the entries as
    # the result; the end in a paragraph of its own
    runs = list(field_para.iter(q("w:r")))
    end_run = None
    for run in runs:
        char = run.find(q("w:fldChar"))
        if char is not None:
            if char.get(q("w:fldCharType")) == "begin":
                char.attrib.pop(q("w:dirty"), None)
            if char.get(q("w:fldCharType")) == "end":
                end_run = run
        elif run.find(q("w:t")) is not None and end_run is None:
            field_para.remove(run)  # the placeholder "Inhalt …"
    if end_run is None:
        return 0
    field_para.remove(end_run)
    anchor_para = field_para
    for level, text, bookmark in entries:
        p = etree.SubElement(field_para.getparent(), q("w:p"))
        ppr = etree.SubElement(p, q("w:pPr"))
        etree.SubElement(ppr, q("w:pStyle")).set(q("w:val"), f"TOC{level}")
        link = etree.SubElement(p, q("w:hyperlink"))
        link.set(q("w:anchor"), bookmark)
        link.set(q("w:history"), "1")
        run = etree.SubElement(link, q("w:r"))
        rpr = etree.SubElement(run, q("w:rPr"))
        etree.SubElement(rpr, q("w:rStyle")).set(q("w:val"), "Hyperlink")
        t = etree.SubElement(run, q("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor_para.addnext(p)
        anchor_para = p
    last = etree.Element(q("w:p"))
    last.append(end_run)
    anchor_para.addnext(last)
    return len(entries)


def toc_styles(styles: Any, font_colour: str = "000000") -> None:
    """TOC 1 and TOC 2 paragraph styles and a character style Hyperlink, where the
    reference document has none (pandoc's default lacks the TOC levels)."""
    from lxml import etree

    have = {s.get(q("w:styleId")) for s in styles.iter(q("w:style"))}
    for level, indent in ((1, 0), (2, 240)):
        sid = f"TOC{level}"
        if sid in have:
            continue
        style = etree.SubElement(styles, q("w:style"))
        style.set(q("w:type"), "paragraph")
        style.set(q("w:styleId"), sid)
        etree.SubElement(style, q("w:name")).set(q("w:val"), f"toc {level}")
        etree.SubElement(style, q("w:basedOn")).set(q("w:val"), "Normal")
        etree.SubElement(style, q("w:next")).set(q("w:val"), "Normal")
        etree.SubElement(style, q("w:uiPriority")).set(q("w:val"), "39")
        etree.SubElement(style, q("w:unhideWhenUsed"))
        ppr = etree.SubElement(style, q("w:pPr"))
        spacing = etree.SubElement(ppr, q("w:spacing"))
        spacing.set(q("w:before"), "60" if level == 1 else "0")
        spacing.set(q("w:after"), "40")
        ind = etree.SubElement(ppr, q("w:ind"))
        ind.set(q("w:left"), str(indent))
        if level == 1:
            rpr = etree.SubElement(style, q("w:rPr"))
            etree.SubElement(rpr, q("w:b"))
    if "Hyperlink" not in have:
        style = etree.SubElement(styles, q("w:style"))
        style.set(q("w:type"), "character")
        style.set(q("w:styleId"), "Hyperlink")
        etree.SubElement(style, q("w:name")).set(q("w:val"), "Hyperlink")
        rpr = etree.SubElement(style, q("w:rPr"))
        etree.SubElement(rpr, q("w:color")).set(q("w:val"), font_colour)


# --------------------------------------------------------------------------- tables


@dataclass
class Column:
    word: float = 0.0  # the widest word (points)
    line: float = 0.0  # the widest cell set on one line (points)
    text: float = 0.0  # all text of the column (points), for sharing the rest


def _cell_text(tc: Any) -> tuple[list[str], bool]:
    paragraphs = []
    bold = False
    for p in tc.iter(q("w:p")):
        paragraphs.append("".join(t.text or "" for t in p.iter(q("w:t"))))
        if p.find(f".//{q('w:b')}") is not None:
            bold = True
    return paragraphs, bold


def words(text: str) -> list[str]:
    """The pieces a line may not break: words, split after a hyphen or slash (where
    Word and LibreOffice may end a line: "Baden-|Württemberg", "und/|oder"), except
    in words with a digit."""
    return [
        p
        for w in text.split()
        # ids, dates and amounts (M-BIL-02, 01/2025) are not broken at all
        for p in ([w] if any(c.isdigit() for c in w) else re.split(r"(?<=[-/–])", w))
        if p
    ]


def measure_columns(tbl: Any, points: float) -> list[Column]:
    grid = tbl.find(q("w:tblGrid"))
    n = len(grid.findall(q("w:gridCol"))) if grid is not None else 0
    cols = [Column() for _ in range(n)]
    for i, tr in enumerate(tbl.findall(q("w:tr"))):
        header = tr.find(f"{q('w:trPr')}/{q('w:tblHeader')}") is not None or i == 0
        for j, tc in enumerate(tr.findall(q("w:tc"))):
            if j >= n:
                break
            paragraphs, bold = _cell_text(tc)
            bold = bold or header
            col = cols[j]
            for para in paragraphs:
                for word in words(para):
                    col.word = max(col.word, fontmetrics.text_width(word, points, bold=bold))
                width = fontmetrics.text_width(para, points, bold=bold)
                col.line = max(col.line, width)
                col.text += width
    return cols


def column_widths(cols: list[Column], available: int, reserve: int = CELL_RESERVE) -> list[int]:
    """Widths in twips: each column at least its widest word (plus ``reserve`` for
    the cell's margins); the rest of the line by how much the columns need to set
    their cells on one line."""
    if not cols:
        return []
    least = [int(c.word * TWIPS) + reserve for c in cols]
    if sum(least) >= available:  # more than fits: shrink in proportion (rare)
        return [max(1, w * available // sum(least)) for w in least]
    want = [max(least[i], int(c.line * TWIPS) + reserve) for i, c in enumerate(cols)]
    if sum(want) <= available:
        spare = available - sum(want)
        total = sum(want)
        return [w + spare * w // total for w in want]
    spare = available - sum(least)
    need = [want[i] - least[i] for i in range(len(cols))]
    total = sum(need) or 1
    return [least[i] + spare * need[i] // total for i in range(len(cols))]


def _text_width(sect: Any) -> int:
    size = sect.find(q("w:pgSz"))
    mar = sect.find(q("w:pgMar"))
    width = int(size.get(q("w:w"), "11906")) if size is not None else 11906
    left = int(mar.get(q("w:left"), "1417")) if mar is not None else 1417
    right = int(mar.get(q("w:right"), "1134")) if mar is not None else 1134
    return width - left - right


def fit_tables(body: Any, points: float) -> int:
    """Column widths from content for every table; returns how many tables."""
    from lxml import etree

    sections: list[Any] = []
    # the section a table belongs to is the next sectPr after it in body order
    pending: list[Any] = []
    for child in body:
        if child.tag == q("w:tbl"):
            pending.append(child)
        sect = None
        if child.tag == q("w:p"):
            sect = child.find(f"{q('w:pPr')}/{q('w:sectPr')}")
        elif child.tag == q("w:sectPr"):
            sect = child
        if sect is not None:
            sections += [(t, sect) for t in pending]
            pending = []
    last = body.find(q("w:sectPr"))
    sections += [(t, last) for t in pending]
    count = 0
    for tbl, sect in sections:
        # nested tables: their own width is the cell's; keep them as they are
        available = _text_width(sect) if sect is not None else 9355
        size = points
        cols = measure_columns(tbl, size)
        least = sum(int(c.word * TWIPS) + CELL_RESERVE for c in cols)
        while least > available and size > SMALLEST:  # smaller text for wide tables
            size = max(SMALLEST, size - 0.5)
            cols = measure_columns(tbl, size)
            least = sum(int(c.word * TWIPS) + CELL_RESERVE for c in cols)
        if size != points:
            _set_size(tbl, size)
        widths = column_widths(cols, available)
        if not widths:
            continue
        tbl_pr = tbl.find(q("w:tblPr"))
        tbl_w = tbl_pr.find(q("w:tblW"))
        if tbl_w is None:
            tbl_w = etree.SubElement(tbl_pr, q("w:tblW"))
        tbl_w.set(q("w:type"), "dxa")
        tbl_w.set(q("w:w"), str(sum(widths)))
        layout = tbl_pr.find(q("w:tblLayout"))
        if layout is None:
            layout = etree.Element(q("w:tblLayout"))
            tbl_w.addnext(layout)
        layout.set(q("w:type"), "fixed")
        for gc, width in zip(
            tbl.find(q("w:tblGrid")).findall(q("w:gridCol")), widths, strict=False
        ):
            gc.set(q("w:w"), str(width))
        for tr in tbl.findall(q("w:tr")):
            for tc, width in zip(tr.findall(q("w:tc")), widths, strict=False):
                tc_pr = tc.find(q("w:tcPr"))
                if tc_pr is None:
                    tc_pr = etree.Element(q("w:tcPr"))
                    tc.insert(0, tc_pr)
                tc_w = tc_pr.find(q("w:tcW"))
                if tc_w is None:
                    tc_w = etree.Element(q("w:tcW"))
                    tc_pr.insert(0, tc_w)
                tc_w.set(q("w:type"), "dxa")
                tc_w.set(q("w:w"), str(width))
                for p in tc.iter(q("w:p")):
                    ppr = p.find(q("w:pPr"))
                    if ppr is None:
                        ppr = etree.Element(q("w:pPr"))
                        p.insert(0, ppr)
                    if ppr.find(q("w:suppressAutoHyphens")) is None:
                        _insert_ordered(ppr, etree.Element(q("w:suppressAutoHyphens")))
        count += 1
    return count


def _set_size(tbl: Any, points: float) -> None:
    """Every run of a table in ``points`` (w:sz and w:szCs, in half points)."""
    from lxml import etree

    value = str(round(points * 2))
    for run in tbl.iter(q("w:r")):
        rpr = run.find(q("w:rPr"))
        if rpr is None:
            rpr = etree.Element(q("w:rPr"))
            run.insert(0, rpr)
        for tag in ("w:szCs", "w:sz"):
            el = rpr.find(q(tag))
            if el is None:
                el = etree.Element(q(tag))
                # CT_RPr order: ... color, spacing, w, kern, position, sz, szCs, highlight ...
                later = next((c for c in rpr if c.tag.rpartition("}")[2] in _AFTER_SZ), None)
                if tag == "w:szCs" or rpr.find(q("w:szCs")) is None:
                    if later is not None:
                        later.addprevious(el)
                    else:
                        rpr.append(el)
                else:
                    rpr.find(q("w:szCs")).addprevious(el)
            el.set(q("w:val"), value)


_AFTER_SZ = {
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
}


# CT_PPrBase order (the schema's order of a paragraph's properties), enough to put
# suppressAutoHyphens, keepNext, pBdr and shd in their place
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _insert_ordered(ppr: Any, el: Any) -> None:
    name = el.tag.rpartition("}")[2]
    rank = PPR_ORDER.index(name)
    for index, child in enumerate(ppr):
        other = child.tag.rpartition("}")[2]
        if other in PPR_ORDER and PPR_ORDER.index(other) > rank:
            ppr.insert(index, el)
            return
    ppr.append(el)


def keep_with_next(paragraph: Any) -> None:
    from lxml import etree

    ppr = paragraph.find(q("w:pPr"))
    if ppr is None:
        ppr = etree.Element(q("w:pPr"))
        paragraph.insert(0, ppr)
    if ppr.find(q("w:keepNext")) is None:
        _insert_ordered(ppr, etree.Element(q("w:keepNext")))


# --------------------------------------------------------------------------- fonts


def font_key(name: str, variant: str) -> str:
    digest = hashlib.sha256(f"integ:{name}:{variant}".encode()).hexdigest()[:32].upper()
    return "{" + f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}" + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: the first 32 bytes XOR the key's bytes, reversed."""
    raw = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ raw[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


EMBED = (
    ("embedRegular", "SourceSansPro-Regular.ttf"),
    ("embedBold", "SourceSansPro-Bold.ttf"),
    ("embedItalic", "SourceSansPro-It.ttf"),
    ("embedBoldItalic", "SourceSansPro-BoldIt.ttf"),
)


def embed_fonts(docx: bytes, name: str, folder: Path) -> bytes:
    """The Word file with the font ``name`` embedded from ``folder``."""
    from lxml import etree

    src = zipfile.ZipFile(io.BytesIO(docx))
    files = {i.filename: src.read(i.filename) for i in src.infolist()}
    fonts = etree.fromstring(files["word/fontTable.xml"])
    rels_name = "word/_rels/fontTable.xml.rels"
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    rels = (
        etree.fromstring(files[rels_name])
        if rels_name in files
        else etree.Element(f"{{{rel_ns}}}Relationships", nsmap={None: rel_ns})
    )
    entry = next((f for f in fonts.findall(q("w:font")) if f.get(q("w:name")) == name), None)
    if entry is None:
        entry = etree.SubElement(fonts, q("w:font"))
        entry.set(q("w:name"), name)
        etree.SubElement(entry, q("w:charset")).set(q("w:val"), "00")
        etree.SubElement(entry, q("w:family")).set(q("w:val"), "swiss")
        etree.SubElement(entry, q("w:pitch")).set(q("w:val"), "variable")
    for old in [c for c in entry if c.tag.rpartition("}")[2].startswith("embed")]:
        entry.remove(old)
    for n, (tag, file) in enumerate(EMBED, 1):
        path = folder / file
        if not path.is_file():
            continue
        key = font_key(name, tag)
        part = f"fonts/integ-font{n}.odttf"
        files[f"word/{part}"] = obfuscate(path.read_bytes(), key)
        rid = f"rIdIntegFont{n}"
        rel = etree.SubElement(rels, f"{{{rel_ns}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", FONT_REL)
        rel.set("Target", part)
        embed = etree.SubElement(entry, q(f"w:{tag}"))
        embed.set(q("r:id"), rid)
        embed.set(q("w:fontKey"), key)
    files["word/fontTable.xml"] = etree.tostring(
        fonts, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    files[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(files["[Content_Types].xml"])
    ct_ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    if not any(d.get("Extension") == "odttf" for d in types.findall(f"{{{ct_ns}}}Default")):
        default = etree.SubElement(types, f"{{{ct_ns}}}Default")
        default.set("Extension", "odttf")
        default.set("ContentType", FONT_TYPE)
    files["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    settings = etree.fromstring(files["word/settings.xml"])
    if settings.find(q("w:embedTrueTypeFonts")) is None:
        # early in CT_Settings: after writeProtection/view/zoom/removePersonalInformation...
        flag = etree.Element(q("w:embedTrueTypeFonts"))
        before = {
            q(f"w:{tag}")
            for tag in (
                "writeProtection",
                "view",
                "zoom",
                "removePersonalInformation",
                "removeDateAndTime",
                "doNotDisplayPageBoundaries",
                "displayBackgroundShape",
                "printPostScriptOverText",
                "printFractionalCharacterWidth",
                "printFormsData",
            )
        }
        index = 0
        for i, child in enumerate(settings):
            if child.tag in before:
                index = i + 1
        settings.insert(index, flag)
    files["word/settings.xml"] = etree.tostring(
        settings, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for filename, data in files.items():
            info = zipfile.ZipInfo(filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    return out.getvalue()


__all__ = [
    "column_widths",
    "embed_fonts",
    "fill_toc",
    "fit_tables",
    "keep_with_next",
    "measure_columns",
    "toc_styles",
]


BLOCK_START = "integ_zusammen_anfang"
BLOCK_END = "integ_zusammen_ende"


def keep_blocks_together(body: Any) -> int:
    """Paragraphs between integ's block markers (Div.zusammen, see integ.lua) are kept
    on one page: each but the last keeps with the next; the markers go."""
    count = 0
    inside: list[Any] | None = None
    marks = {
        m.get(q("w:id"))
        for m in body.findall(q("w:bookmarkStart"))
        if m.get(q("w:name")) in (BLOCK_START, BLOCK_END)
    }
    for child in list(body):
        name = child.get(q("w:name")) if child.tag == q("w:bookmarkStart") else None
        if name == BLOCK_START:
            inside = []
            body.remove(child)
            continue
        if name == BLOCK_END:
            paragraphs = [p for p in (inside or []) if p.tag == q("w:p")]
            for p in paragraphs[:-1]:
                keep_with_next(p)
            inside = None
            count += 1
            body.remove(child)
            continue
        if child.tag == q("w:bookmarkEnd") and child.get(q("w:id")) in marks:
            body.remove(child)
            continue
        if inside is not None:
            inside.append(child)
    return count


# --------------------------------------------------------------------------- Typst


def _ast_text(node: Any, out: list[str]) -> None:
    """Plain text of a pandoc JSON node, paragraphs separated by new lines."""
    if isinstance(node, list):
        for item in node:
            _ast_text(item, out)
        return
    if not isinstance(node, dict):
        return
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        out.append(str(content))
    elif kind in ("Space", "SoftBreak"):
        out.append(" ")
    elif kind in ("LineBreak", "Para", "Plain"):
        if kind != "LineBreak":
            _ast_text(content, out)
        out.append("\n")
    elif kind == "Strong":
        out.append("\x01")  # bold from here on in this cell (good enough for widths)
        _ast_text(content, out)
    else:
        _ast_text(content, out)


def _ast_columns(table: list[Any], points: float) -> list[Column]:
    _, _, colspecs, head, bodies, foot = table
    cols = [Column() for _ in colspecs]

    def rows_of(part: Any) -> list[Any]:
        return list(part[1]) if isinstance(part, list) and len(part) > 1 else []

    rows = [(r, True) for r in rows_of(head)]
    for body in bodies:
        rows += [(r, False) for r in (body[2] or [])] + [(r, False) for r in (body[3] or [])]
    rows += [(r, False) for r in rows_of(foot)]
    for row, header in rows:
        j = 0
        for cell in row[1]:
            _, _, _, colspan, blocks = cell
            if j >= len(cols):
                break
            out: list[str] = []
            _ast_text(blocks, out)
            text = "".join(out)
            bold = header or "\x01" in text
            text = text.replace("\x01", "")
            if colspan == 1:
                col = cols[j]
                for para in text.split("\n"):
                    for word in words(para):
                        col.word = max(col.word, fontmetrics.text_width(word, points, bold=bold))
                    width = fontmetrics.text_width(para, points, bold=bold)
                    col.line = max(col.line, width)
                    col.text += width
            j += colspan
    return cols


def fit_pandoc_tables(
    node: Any, width: float, landscape: float, points: float, inset: float
) -> None:
    """Relative column widths from content for every table of a pandoc JSON document
    (Typst output): widest word first, as for Word. Widths in points of the text
    area; tables inside a ``querformat`` div get the landscape width."""
    if isinstance(node, list):
        for item in node:
            fit_pandoc_tables(item, width, landscape, points, inset)
        return
    if not isinstance(node, dict):
        return
    kind, content = node.get("t"), node.get("c")
    if kind == "Div" and isinstance(content, list) and "querformat" in (content[0][1] or []):
        fit_pandoc_tables(content[1], landscape, landscape, points, inset)
        return
    if kind == "Table" and isinstance(content, list) and len(content) == 6:
        cols = _ast_columns(content, points)
        reserve = int(inset * TWIPS)
        widths = column_widths(cols, int(width * TWIPS), reserve=reserve)
        total = sum(widths) or 1
        for spec, w in zip(content[2], widths, strict=False):
            spec[1] = {"t": "ColWidth", "c": w / total}
        return
    if isinstance(content, (list, dict)):
        fit_pandoc_tables(content, width, landscape, points, inset)


# --------------------------------------------------------------------------- logo


def header_logo(doc: Any, path: Path, alt: str, height_cm: float = 0.9) -> int:
    """The logo at the start of every header (PNG or JPEG: Word headers take no SVG
    through python-docx; the title page has the logo in every format)."""
    from docx.shared import Cm

    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return 0
    done = 0
    seen: set[int] = set()
    for section in doc.sections:
        header = section.header
        if header.is_linked_to_previous or id(header.part) in seen:
            continue
        seen.add(id(header.part))
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        run = paragraph.add_run()
        run.add_picture(str(path), height=Cm(height_cm))
        run.add_text("\u2003")  # an em space between logo and words
        paragraph._p.remove(run._r)
        ppr = paragraph._p.find(q("w:pPr"))
        if ppr is not None:
            ppr.addnext(run._r)
        else:
            paragraph._p.insert(0, run._r)
        for pr in run._r.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        ):
            pr.set("descr", alt)
        done += 1
    return done
