"""The corporate design every format shares: font, colours and logo.

Where it comes from, first found wins: the ``design:`` block of integ.yaml, then the
reference document (``--reference-doc`` or ``reference_docx:``: its body font and the
colour of its first heading), then integ's defaults. The same values go into the Word
reference integ builds, the Typst preamble of the PDF and the HTML page, so a
municipality's reference document changes the PDF as well. The logo (``logo:``) is
read only from inside the workspace, like templates.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fsio
from .errors import UsageError

FONT = "Source Sans Pro"
COLOUR = "1F3864"
ACCENT = "D9D9D9"
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass
class Design:
    font: str = FONT
    colour: str = COLOUR  # headings and title, six hex digits
    accent: str = ACCENT  # the fill of table header rows
    logo: Path | None = None
    logo_alt: str = ""

    @property
    def shipped_font(self) -> bool:
        return self.font == FONT


def hex_colour(value: Any) -> str | None:
    match = _HEX.match(value.strip()) if isinstance(value, str) else None
    return match.group(1).upper() if match else None


def from_reference(path: Path) -> dict[str, str]:
    """Body font and heading colour of a Word document's styles (what is set)."""
    from lxml import etree  # type: ignore[import-untyped]

    out: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as z:
            styles = etree.fromstring(z.read("word/styles.xml"))
            theme_name = next((n for n in z.namelist() if n.startswith("word/theme/")), None)
            theme = etree.fromstring(z.read(theme_name)) if theme_name else None
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return out
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def font_of(rpr: Any) -> str | None:
        fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
        if fonts is None:
            return None
        if fonts.get(f"{W}ascii"):
            return str(fonts.get(f"{W}ascii"))
        theme_ref = fonts.get(f"{W}asciiTheme")
        if theme_ref and theme is not None:
            which = "majorFont" if theme_ref.startswith("major") else "minorFont"
            latin = theme.find(f".//{A}{which}/{A}latin")
            if latin is not None and latin.get("typeface"):
                return str(latin.get("typeface"))
        return None

    normal = by_id.get("Normal")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    font = font_of(normal.find(f"{W}rPr") if normal is not None else None) or font_of(defaults)
    if font:
        out["font"] = font
    heading = by_id.get("Heading1")
    colour = heading.find(f"{W}rPr/{W}color") if heading is not None else None
    value = hex_colour(colour.get(f"{W}val")) if colour is not None else None
    if value and value != "000000":
        out["colour"] = value
    return out


def resolve(settings: dict[str, Any], root: Path, reference: Path | None, alt: str) -> Design:
    """The design of the documents of a workspace (``reference``: the Word reference
    document in use, if it is the municipality's own)."""
    design = Design()
    if reference is not None:
        found = from_reference(reference)
        design.font = found.get("font", design.font)
        design.colour = found.get("colour", design.colour)
    block: dict[str, Any] = got if isinstance(got := settings.get("design"), dict) else {}
    if isinstance(block.get("font"), str) and block["font"].strip():
        design.font = block["font"].strip()
    # a font's name goes into CSS, Typst and XML: letters, digits, spaces and hyphens
    design.font = re.sub(r"[^\w \-]", "", design.font).strip() or FONT
    for key in ("colour", "accent"):
        value = hex_colour(block.get(key))
        if value:
            setattr(design, key, value)
    logo = settings.get("logo")
    if isinstance(logo, str) and logo.strip():
        path = root / logo
        if not path.is_file():
            raise UsageError(_t("worddoc.logo_missing", path=logo))
        if path.suffix.lower() not in LOGO_TYPES:
            raise UsageError(_t("worddoc.logo_type", path=logo, types=sorted(LOGO_TYPES)))
        design.logo = fsio.inside(path, root, "logo")
        text = block.get("logo_alt")
        design.logo_alt = text.strip() if isinstance(text, str) and text.strip() else alt
    return design


def _t(msgid: str, /, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


__all__ = ["Design", "from_reference", "hex_colour", "resolve"]
