"""Build the reference document that pandoc's ``--reference-doc`` takes, in code.

pandoc reads from a reference DOCX only its styles, numbering, settings, theme and
fonts, the page set-up of the last section (size, margins) and the header and footer
that section refers to; the body text is ignored. So we start from pandoc's own
default (which has every style pandoc uses: ``Body Text``, ``First Paragraph``,
``Compact``, the table style ``Table`` ...) and adjust it with python-docx:

* A4 portrait, margins 2.5 cm (right 2.0 cm);
* ``w:lang`` of the document defaults, of ``Normal`` and the core properties = *lang*;
* one sans font everywhere (theme font references replaced by the font's name),
  body 11 pt with line spacing 1.15;
* headings 1-4 in 18/14/12/11 pt bold dark blue, heading 1 on a new page, title 26 pt;
* a right-aligned grey header with *header* and a centred footer "Seite X von Y"
  with real PAGE and NUMPAGES fields;
* the table style ``Table`` with borders and a bold, grey-shaded header row;
* the styles that templates use through pandoc's ``custom-style``: paragraph styles
  ``Titelseite``, ``Beschlussvorschlag``, ``Legende``, ``Hinweis`` and character
  styles ``Einfügung`` and ``Streichung``.

The output is deterministic: the same arguments give the same bytes (the zip entries
carry a fixed date and the core properties keep pandoc's fixed dates).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import IntegError

if TYPE_CHECKING:  # python-docx is imported only when a reference document is made
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
    from docx.styles.styles import Styles
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    Qn = Callable[[str], str]

DARK_BLUE = "1F3864"
GREY = "595959"
BORDER_GREY = "808080"
HEADER_FILL = "D9D9D9"

#: Heading level -> (size in pt, space before in pt, space after in pt).
HEADINGS = {1: (18, 0, 12), 2: (14, 18, 6), 3: (12, 12, 4), 4: (11, 10, 2)}

#: Custom styles for pandoc's ``custom-style``: name -> (style id, type).
CUSTOM_STYLES = {
    "Titelseite": ("Titelseite", "paragraph"),
    "Beschlussvorschlag": ("Beschlussvorschlag", "paragraph"),
    "Legende": ("Legende", "paragraph"),
    "Hinweis": ("Hinweis", "paragraph"),
    "Einfügung": ("Einfuegung", "character"),
    "Streichung": ("Streichung", "character"),
}

_FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def build_reference_docx(
    target: Path,
    *,
    header: str,
    lang: str = "de-DE",
    font: str = "Source Sans Pro",
    footer_label: tuple[str, str] = ("Seite", "von"),
    colour: str = DARK_BLUE,
    accent: str = HEADER_FILL,
) -> Path:
    """Write a pandoc reference document to *target* and return *target*
    (*colour*: headings and title, *accent*: table header rows; six hex digits)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_UNDERLINE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    target = Path(target)
    default = _pandoc_default_reference()
    document = docx.Document(io.BytesIO(default))
    styles = document.styles
    styles_el = styles.element

    # --- page -------------------------------------------------------------------
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Cm(21.0)
        section.page_height = Cm(29.7)
        section.top_margin = Cm(2.5)
        section.bottom_margin = Cm(2.5)
        section.left_margin = Cm(2.5)
        section.right_margin = Cm(2.0)
        section.header_distance = Cm(1.25)
        section.footer_distance = Cm(1.25)

    # --- fonts, language, body ------------------------------------------------------
    for rfonts in styles_el.iter(qn("w:rFonts")):
        _replace_theme_fonts(rfonts, font, qn)

    doc_defaults = styles_el.find(qn("w:docDefaults"))
    default_rpr = doc_defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, font, qn)
    _set_lang(default_rpr, lang, qn)
    for tag in ("w:sz", "w:szCs"):
        size = default_rpr.find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            default_rpr.find(qn("w:lang")).addprevious(size)  # sz, szCs come before lang
        size.set(qn("w:val"), "22")
    default_ppr = doc_defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = default_ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        default_ppr.append(spacing)
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "276")
    spacing.set(qn("w:lineRule"), "auto")

    normal = styles["Normal"]
    normal.font.size = Pt(11)
    _set_fonts(normal.element.get_or_add_rPr(), font, qn)
    _set_lang(normal.element.get_or_add_rPr(), lang, qn)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True

    body = styles["Body Text"]
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(6)

    # --- title and headings -----------------------------------------------------------
    title = styles["Title"]
    _set_fonts(title.element.get_or_add_rPr(), font, qn)
    for style in (title, _linked(styles, title)):
        if style is None:
            continue
        style.font.size = Pt(26)
        _set_cs_size(style.element.get_or_add_rPr(), 26, qn)
        style.font.bold = True
        style.font.color.rgb = RGBColor.from_string(colour)
    title.paragraph_format.space_before = Pt(72)
    title.paragraph_format.space_after = Pt(12)
    toc_heading = styles["TOC Heading"]
    toc_heading.font.bold = True
    toc_heading.font.color.rgb = RGBColor.from_string(colour)
    subtitle = styles["Subtitle"]
    subtitle.font.size = Pt(16)
    subtitle.font.color.rgb = RGBColor.from_string(colour)

    for level in range(1, 10):
        style = styles[f"Heading {level}"]
        _set_fonts(style.element.get_or_add_rPr(), font, qn)
        size, before, after = HEADINGS.get(level, (11, 8, 2))
        for target_style in (style, _linked(styles, style)):
            if target_style is None:
                continue
            run = target_style.font
            run.size = Pt(size)
            _set_cs_size(target_style.element.get_or_add_rPr(), size, qn)
            run.bold = True
            run.italic = False
            run.color.rgb = RGBColor.from_string(colour)
        fmt = style.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.keep_with_next = True
        fmt.keep_together = True
        fmt.page_break_before = True if level == 1 else None

    # --- header and footer style, header and footer ---------------------------------
    header_style = _paragraph_style(styles, "Header", "header")
    header_style.font.size = Pt(9)
    header_style.font.color.rgb = RGBColor.from_string(GREY)
    header_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header_style.paragraph_format.space_after = Pt(0)
    footer_style = _paragraph_style(styles, "Footer", "footer")
    footer_style.font.size = Pt(9)
    footer_style.font.color.rgb = RGBColor.from_string(GREY)
    footer_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer_style.paragraph_format.space_after = Pt(0)

    section = document.sections[0]
    section.different_first_page_header_footer = False
    head_par = section.header.paragraphs[0]
    head_par.style = header_style
    head_par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head_par.add_run(header)

    foot_par = section.footer.paragraphs[0]
    foot_par.style = footer_style
    foot_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_word, of_word = footer_label
    foot_par.add_run(f"{page_word} ")
    _add_field(foot_par, "PAGE", "1", qn)
    foot_par.add_run(f" {of_word} ")
    _add_field(foot_par, "NUMPAGES", "1", qn)

    # --- table style ------------------------------------------------------------------
    _style_table(styles_el, qn, accent)

    # --- custom styles ------------------------------------------------------------------
    made = {}
    for name, (style_id, kind) in CUSTOM_STYLES.items():
        style_type = WD_STYLE_TYPE.PARAGRAPH if kind == "paragraph" else WD_STYLE_TYPE.CHARACTER
        style = styles.add_style(name, style_type)
        style.style_id = style_id
        style.quick_style = True
        style.hidden = False
        style.unhide_when_used = False
        if kind == "paragraph":
            style.base_style = body
            style.next_paragraph_style = body
        made[name] = style

    seite = made["Titelseite"]
    seite.font.size = Pt(20)
    seite.font.bold = True
    seite.font.color.rgb = RGBColor.from_string(colour)
    seite.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    seite.paragraph_format.space_before = Pt(12)
    seite.paragraph_format.space_after = Pt(12)

    beschluss = made["Beschlussvorschlag"]
    beschluss.font.bold = True
    fmt = beschluss.paragraph_format
    fmt.left_indent = Cm(0.3)
    fmt.right_indent = Cm(0.3)
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(6)
    fmt.keep_together = True
    _box(beschluss.element.get_or_add_pPr(), qn, colour)

    legende = made["Legende"]
    legende.font.size = Pt(9)
    legende.font.color.rgb = RGBColor.from_string(GREY)
    legende.paragraph_format.space_before = Pt(2)
    legende.paragraph_format.space_after = Pt(6)

    made["Hinweis"].font.italic = True
    made["Einfügung"].font.underline = WD_UNDERLINE.SINGLE
    made["Streichung"].font.strike = True

    # --- settings -------------------------------------------------------------------------
    _adjust_settings(document.settings.element, lang, qn)

    # --- samples in the (otherwise ignored) body, for whoever opens the file -------------
    for name in ("Titelseite", "Beschlussvorschlag", "Legende", "Hinweis"):
        document.add_paragraph(name, style=made[name])
    sample = document.add_paragraph("Text mit ", style=body)
    sample.add_run("Einfügung", style=made["Einfügung"])
    sample.add_run(" und ")
    sample.add_run("Streichung", style=made["Streichung"])
    sample.add_run(".")

    # --- core properties ----------------------------------------------------------------
    core = document.core_properties
    core.language = lang
    core.title = ""
    core.author = ""

    buffer = io.BytesIO()
    document.save(buffer)
    _write_deterministic_zip(buffer.getvalue(), target)
    return target


# --- helpers ----------------------------------------------------------------------------


def _pandoc_default_reference() -> bytes:
    from .toolchain import pandoc

    out = pandoc(["--print-default-data-file", "reference.docx"], timeout=60)
    if not out:
        raise IntegError("pandoc lieferte kein reference.docx")
    return out


def _linked(styles: Styles, style: BaseStyle) -> CharacterStyle | None:
    """The character style linked to a paragraph style (``Heading 1 Char``), if any."""
    from docx.oxml.ns import qn
    from docx.styles.style import CharacterStyle

    link = style.element.find(qn("w:link"))
    if link is None:
        return None
    link_id = link.get(qn("w:val"))
    for candidate in styles:
        if isinstance(candidate, CharacterStyle) and candidate.style_id == link_id:
            return candidate
    return None


def _paragraph_style(styles: Styles, ui_name: str, xml_name: str) -> ParagraphStyle:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.styles.style import ParagraphStyle

    for candidate in styles:
        if isinstance(candidate, ParagraphStyle) and candidate.name in (ui_name, xml_name):
            return candidate
    # python-docx leaves add_style unannotated; it returns the new paragraph style
    style: ParagraphStyle = styles.add_style(ui_name, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]
    style.style_id = ui_name
    # A built-in of Word (name "header"/"footer"): not marked as a custom style.
    style.element.attrib.pop(qn("w:customStyle"), None)
    style.base_style = styles["Normal"]
    style.unhide_when_used = True
    return style


def _replace_theme_fonts(rfonts: BaseOxmlElement, font: str, qn: Qn) -> None:
    """Replace theme font references (``majorHAnsi`` ...) by the font's name."""
    themed = [attr for attr in _THEME_ATTRS if rfonts.get(qn(f"w:{attr}")) is not None]
    if not themed:
        return
    for attr in themed:
        del rfonts.attrib[qn(f"w:{attr}")]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), font)


def _set_fonts(rpr: BaseOxmlElement, font: str, qn: Qn) -> None:
    from docx.oxml import OxmlElement

    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)  # rFonts comes first after rStyle, which styles lack
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), font)


def _set_cs_size(rpr: BaseOxmlElement, points: float, qn: Qn) -> None:
    """python-docx sets only w:sz; keep the complex-script size (w:szCs) in step."""
    from docx.oxml import OxmlElement

    size = rpr.find(qn("w:sz"))
    cs = rpr.find(qn("w:szCs"))
    if cs is None:
        cs = OxmlElement("w:szCs")
        size.addnext(cs)
    cs.set(qn("w:val"), str(round(points * 2)))


def _set_lang(rpr: BaseOxmlElement, lang: str, qn: Qn) -> None:
    from docx.oxml import OxmlElement

    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        # w:lang is near the end of CT_RPr: after everything python-docx puts into styles
        # except eastAsianLayout, specVanish and oMath, which we do not use.
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str, qn: Qn) -> None:
    """Append a complex field (fldChar begin/instrText/separate/result/end)."""
    from docx.oxml import OxmlElement

    def run_with(child: BaseOxmlElement) -> Run:
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _border(
    tag: str, qn: Qn, *, size: int = 4, color: str = BORDER_GREY, space: int = 0
) -> BaseOxmlElement:
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    return el


def _box(ppr: BaseOxmlElement, qn: Qn, colour: str = DARK_BLUE) -> None:
    """A box around the paragraph with a light fill (pBdr and shd in schema order)."""
    from docx.oxml import OxmlElement

    pbdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        pbdr.append(_border(f"w:{side}", qn, size=8, color=colour, space=4))
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "F2F2F2")
    # CT_PPrBase order: ... keepNext, keepLines, pageBreakBefore, framePr, widowControl,
    # numPr, suppressLineNumbers, pBdr, shd, tabs, ..., spacing, ind, ..., jc ...
    from .docx_post import PPR_ORDER

    successors = {qn(f"w:{tag}") for tag in PPR_ORDER[PPR_ORDER.index("tabs") :]}
    for index, child in enumerate(ppr):
        if child.tag in successors:
            ppr.insert(index, pbdr)
            ppr.insert(index + 1, shd)
            return
    ppr.append(pbdr)
    ppr.append(shd)


def _style_table(styles_el: BaseOxmlElement, qn: Qn, accent: str = HEADER_FILL) -> None:
    """Borders for pandoc's table style ``Table`` and a bold shaded header row."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls

    table = None
    for style in styles_el.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) == "Table":
            table = style
            break
    if table is None:  # pandoc's default always has it; build it if a future one has not
        table = parse_xml(
            f'<w:style {nsdecls("w")} w:type="table" w:styleId="Table">'
            '<w:name w:val="Table"/><w:basedOn w:val="TableNormal"/><w:qFormat/>'
            "<w:tblPr/></w:style>"
        )
        styles_el.append(table)
    for tag in ("w:semiHidden", "w:unhideWhenUsed"):
        for el in table.findall(qn(tag)):
            table.remove(el)

    tbl_pr = table.find(qn("w:tblPr"))
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{side}", qn))
    # CT_TblPrBase order: ..., tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout,
    # tblCellMar, tblLook.
    cell_mar = tbl_pr.find(qn("w:tblCellMar"))
    if cell_mar is not None:
        cell_mar.addprevious(borders)
        for side, width in (("top", "40"), ("bottom", "40")):
            el = cell_mar.find(qn(f"w:{side}"))
            if el is not None:
                el.set(qn("w:w"), width)
    else:
        tbl_pr.append(borders)

    # The style's own paragraph properties: no extra space inside cells.
    ppr = table.find(qn("w:pPr"))
    if ppr is None:
        ppr = parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0"/></w:pPr>')
        # CT_Style order: name ... rsid, pPr, rPr, tblPr, trPr, tcPr, tblStylePr
        tbl_pr.addprevious(ppr)

    for old in table.findall(qn("w:tblStylePr")):
        if old.get(qn("w:type")) == "firstRow":
            table.remove(old)
    first_row = parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
        "<w:pPr><w:keepNext/></w:pPr>"
        "<w:rPr><w:b/><w:bCs/></w:rPr>"
        "<w:tblPr/>"
        "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        "<w:tcPr>"
        "<w:tcBorders>"
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{BORDER_GREY}"/>'
        "</w:tcBorders>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{accent}"/>'
        '<w:vAlign w:val="bottom"/>'
        "</w:tcPr>"
        "</w:tblStylePr>"
    )
    table.append(first_row)


def _adjust_settings(settings: BaseOxmlElement, lang: str, qn: Qn) -> None:
    from docx.oxml import OxmlElement

    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)
    if settings.find(qn("w:autoHyphenation")) is None:
        hyphenation = OxmlElement("w:autoHyphenation")
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None:
            tab_stop.addnext(hyphenation)
    if lang.lower().startswith("de"):
        for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
            el = settings.find(qn(tag))
            if el is not None:
                el.set(qn("w:val"), value)


def _write_deterministic_zip(data: bytes, target: Path) -> None:
    """Re-pack with fixed dates (same inputs, same bytes) and replace *target* whole."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    target.parent.mkdir(parents=True, exist_ok=True)
    from .fsio import write_bytes_atomic

    write_bytes_atomic(target, out.getvalue())
