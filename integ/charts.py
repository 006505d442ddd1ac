"""Charts for the documents: accessible, hand-written SVG and PNG rendered by Typst.

Everything here is a pure function of its arguments (same input, same bytes) except the two
writers. The SVG uses the bundled OFL font "Source Sans Pro" (``FONT_DIR``); give Typst
``font_paths=[FONT_DIR]`` wherever it renders a chart, or the text falls back to a serif.

Accessibility: every chart carries ``role="img"``, ``<title>`` and ``<desc>`` (the full
alternative text, which states the data in words); status segments have a colour *and* a
pattern (and a count label where it fits); indicator series differ by marker shape and line
style, not by colour alone. All text is black or dark enough for 4.5:1 against white, and
labels sit on white.

User text (labels from YAML) is XML-escaped, stripped of characters XML cannot carry and
never reaches Typst source: ``to_png`` passes the SVG through ``sys.inputs``.
"""

from __future__ import annotations

import itertools
import math
import re
import struct
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .labels import Locale

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Source Sans Pro"
_FONT_STACK = "'Source Sans Pro', 'Source Sans 3', sans-serif"

STATUS_TITLE = ""  # default: the catalogue's chart.status.title
STATUS_NAME = "status-je-handlungsfeld"

# Colours. Every one has at least 4.5:1 against white (tests check), so they work as text
# colours too and as graphical objects (3:1, WCAG 1.4.11).
WHITE = "#FFFFFF"
INK = "#1A1A1A"  # main text
INK_SOFT = "#454545"  # tick labels, notes
GRID = "#D9D9D9"  # decoration only
AXIS = "#595959"
SERIES = "#1F5FA3"  # measured values
BASELINE = "#4D4D4D"  # baseline
TARGET = "#A84300"  # target

# Status colours by position in ``order``; patterns (white marks) by the same position.
STATUS_COLOURS = (
    "#1F5FA3",  # blue
    "#A84300",  # burnt orange
    "#1D6E40",  # green
    "#71489A",  # purple
    "#7A5E00",  # ochre
    "#A3265F",  # magenta
    "#4F5A64",  # slate
    "#006B73",  # teal
)
_PATTERNS = (
    "",  # solid
    '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="#FFFFFF" stroke-width="2"/>',
    '<circle cx="4" cy="4" r="1.6" fill="#FFFFFF"/>',
    '<path d="M0,0 L8,8 M0,8 L8,0" stroke="#FFFFFF" stroke-width="1.4"/>',
    '<path d="M0,4 H8" stroke="#FFFFFF" stroke-width="2"/>',
    '<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke="#FFFFFF" stroke-width="2"/>',
    '<path d="M4,0 V8" stroke="#FFFFFF" stroke-width="2"/>',
    '<path d="M0,4 H8 M4,0 V8" stroke="#FFFFFF" stroke-width="1.2"/>',
)

_PX_PER_PT = 4 / 3  # SVG px are CSS px: 96 per inch, 72 pt per inch


@dataclass(frozen=True)
class Chart:
    """A finished chart: file stem, caption, alternative text and a standalone SVG."""

    name: str
    title: str
    alt: str
    svg: str

    @property
    def width_px(self) -> float:
        return _svg_size(self.svg)[0]

    @property
    def height_px(self) -> float:
        return _svg_size(self.svg)[1]


# --------------------------------------------------------------------------- text

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: object) -> str:
    """One line of text that XML can carry: NFC, no control characters, single spaces."""
    s = unicodedata.normalize("NFC", str(text))
    s = _NOT_XML.sub("\ufffd", s)
    return " ".join(s.split())


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, no '-0'."""
    s = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _loc(loc: Locale | None) -> Locale:
    from .labels import Locale

    return loc if loc is not None else Locale()


def format_number(value: float, decimals: int = 1, loc: Locale | None = None) -> str:
    """A number on a chart: ``decimals`` places exactly (an axis reads evenly), written
    by ``integ.i18n`` in the chart's language (half up), with a true minus sign.

    ``format_number(12345.678, 1) == "12.345,7"``; ``format_number(-0.04, 1) == "0,0"``.
    """
    if not math.isfinite(value):
        raise ValueError(f"Zahl nicht darstellbar: {value!r}")
    from . import i18n

    decimals = max(0, int(decimals))
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    with i18n.using(_loc(loc).lang):
        out = i18n.number(abs(d), decimals, fixed=True)
    return ("\u2212" if d < 0 else "") + out


# --------------------------------------------------------------------------- font metrics


@dataclass(frozen=True)
class _Metrics:
    upm: int
    advances: dict[int, int]  # code point -> advance width in font units


@lru_cache(maxsize=2)
def _metrics(bold: bool) -> _Metrics | None:
    """Advance widths from the bundled TTF (cmap + hmtx), read with the standard library."""
    path = FONT_DIR / ("SourceSansPro-Bold.ttf" if bold else "SourceSansPro-Regular.ttf")
    try:
        data = path.read_bytes()
        (num_tables,) = struct.unpack_from(">H", data, 4)
        tables = {}
        for i in range(num_tables):
            tag, _, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            tables[tag] = offset
        (upm,) = struct.unpack_from(">H", data, tables[b"head"] + 18)
        (n_metrics,) = struct.unpack_from(">H", data, tables[b"hhea"] + 34)
        hmtx = tables[b"hmtx"]
        widths = [struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(n_metrics)]
        glyphs = _cmap(data, tables[b"cmap"])
        last = widths[-1]
        advances = {cp: (widths[g] if g < n_metrics else last) for cp, g in glyphs.items() if g}
        return _Metrics(upm, advances)
    except (OSError, KeyError, IndexError, struct.error):
        return None


def _cmap(data: bytes, base: int) -> dict[int, int]:
    (_, count) = struct.unpack_from(">HH", data, base)
    subtables = {}
    for i in range(count):
        pid, eid, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", data, base + offset)
        subtables[(pid, eid, fmt)] = base + offset
    out: dict[int, int] = {}
    for key in ((3, 10, 12), (0, 4, 12)):
        if key in subtables:
            at = subtables[key]
            (n_groups,) = struct.unpack_from(">I", data, at + 12)
            for i in range(n_groups):
                start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
                for cp in range(start, end + 1):
                    out[cp] = glyph + cp - start
            return out
    for key in ((3, 1, 4), (0, 3, 4)):
        if key in subtables:
            at = subtables[key]
            (seg_x2,) = struct.unpack_from(">H", data, at + 6)
            seg = seg_x2 // 2
            ends = struct.unpack_from(f">{seg}H", data, at + 14)
            starts = struct.unpack_from(f">{seg}H", data, at + 16 + seg_x2)
            deltas = struct.unpack_from(f">{seg}h", data, at + 16 + 2 * seg_x2)
            ro_at = at + 16 + 3 * seg_x2
            range_offsets = struct.unpack_from(f">{seg}H", data, ro_at)
            for i in range(seg):
                for cp in range(starts[i], ends[i] + 1):
                    if cp == 0xFFFF:
                        continue
                    if range_offsets[i] == 0:
                        glyph = (cp + deltas[i]) & 0xFFFF
                    else:
                        addr = ro_at + 2 * i + range_offsets[i] + 2 * (cp - starts[i])
                        (glyph,) = struct.unpack_from(">H", data, addr)
                        glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
                    out[cp] = glyph
            return out
    return out


def _width(text: str, size: float, bold: bool = False) -> float:
    """Estimated advance width of ``text`` in px (no kerning; 2 % to spare)."""
    m = _metrics(bold)
    total = 0.0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        if m is not None and ord(ch) in m.advances:
            total += m.advances[ord(ch)] / m.upm
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            total += 1.0
        else:
            total += 0.6
    return total * size * 1.02


def _cut_points(text: str) -> list[int]:
    """Indices where a string may be cut without separating a mark from its base."""
    return [
        i
        for i in range(1, len(text) + 1)
        if i == len(text)
        or (
            not unicodedata.combining(text[i])
            and unicodedata.category(text[i]) not in ("Mn", "Me", "Mc")
            and text[i] not in "\u200d\ufe0e\ufe0f"
            and text[i - 1] != "\u200d"
        )
    ]


def _ellipsize(text: str, max_w: float, size: float, bold: bool = False) -> str:
    if _width(text, size, bold) <= max_w:
        return text
    best = ""
    for i in _cut_points(text):
        candidate = text[:i].rstrip() + "…"
        if _width(candidate, size, bold) > max_w:
            break
        best = candidate
    return best or "…"


def _wrap(
    text: str, max_w: float, size: float, max_lines: int = 2, bold: bool = False
) -> list[str]:
    """Greedy word wrap into at most ``max_lines``; the last line ends in '…' if cut."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate, size, bold) <= max_w:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while _width(current, size, bold) > max_w and len(lines) < max_lines:
            cut = 1
            for i in _cut_points(current)[:-1]:
                if _width(current[:i] + "-", size, bold) > max_w:
                    break
                cut = i
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = lines[: max_lines - 1] + [_ellipsize(rest, max_w, size, bold)]
    return lines or [""]


def _text(
    x: float,
    y: float,
    content: str,
    size: float,
    fill: str = INK,
    *,
    anchor: str = "start",
    bold: bool = False,
    cls: str = "",
) -> str:
    attrs = [f'x="{_num(x)}"', f'y="{_num(y)}"', f'font-size="{_num(size)}"', f'fill="{fill}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if bold:
        attrs.append('font-weight="bold"')
    if cls:
        attrs.append(f'class="{cls}"')
    return f"<text {' '.join(attrs)}>{_esc(content)}</text>"


_SLUG_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _slug(text: str, fallback: str) -> str:
    s = text.lower().translate(_SLUG_LETTERS)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60].strip("-")
    return s or fallback


def _document(
    width: float,
    height: float,
    ident: str,
    title: str,
    alt: str,
    defs: Sequence[str],
    body: Sequence[str],
    lang: str = "de-DE",
) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xml:lang="{_esc(lang)}" '
        f'font-family="{_FONT_STACK}">'
    )
    parts = [
        head,
        f'<title id="{ident}-title">{_esc(title)}</title>',
        f'<desc id="{ident}-desc">{_esc(alt)}</desc>',
    ]
    if defs:
        parts += ["<defs>", *defs, "</defs>"]
    parts.append(f'<rect width="{_num(width)}" height="{_num(height)}" fill="{WHITE}"/>')
    parts += body
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _svg_size(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width", "0")), float(root.get("height", "0"))


# --------------------------------------------------------------------------- status chart

_M = 12  # outer margin, px


def _pattern_def(ident: str, index: int) -> str | None:
    marks = _PATTERNS[(index + index // len(_PATTERNS)) % len(_PATTERNS)]
    if not marks:
        return None
    return (
        f'<pattern id="{ident}-p{index}" patternUnits="userSpaceOnUse" width="8" '
        f'height="8">{marks}</pattern>'
    )


def _swatch(
    ident: str,
    index: int,
    x: float,
    y: float,
    w: float,
    h: float,
    has_pattern: bool,
    stroke: str = WHITE,
) -> list[str]:
    colour = STATUS_COLOURS[index % len(STATUS_COLOURS)]
    box = f'x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"'
    out = [f'<rect {box} fill="{colour}" stroke="{stroke}" stroke-width="1"/>']
    if has_pattern:
        # Marks on a transparent tile over a solid rectangle: a tile with its own
        # background shows hairline seams when Typst rasterises it.
        out.append(f'<rect {box} fill="url(#{ident}-p{index})"/>')
    return out


def _int_ticks(maximum: int, most: int = 6) -> list[int]:
    top = max(1, maximum)
    exp = 0
    while True:
        for m in (1, 2, 5):
            step = m * 10**exp
            n = math.ceil(top / step)
            if n + 1 <= most:
                return [step * i for i in range(n + 1)]
        exp += 1


def status_chart(
    rows: list[tuple[str, dict[str, int]]],
    status_labels: dict[str, str],
    order: list[str],
    title: str = STATUS_TITLE,
    name: str = STATUS_NAME,
    *,
    loc: Locale | None = None,
) -> Chart:
    """Horizontal stacked bars: measures per status for each field of action.

    ``rows`` are (field label, {status key: count}); ``order`` fixes segment order, colour
    and pattern of each status (keys missing from ``order`` follow in order of appearance);
    ``status_labels`` gives the words of the states. Zero counts draw nothing. The
    chart's own words come from the catalogue in ``loc``'s language (default: the
    current one).
    """
    loc = _loc(loc)
    title = title or loc.t("chart.status.title")
    name = _slug(name, STATUS_NAME)
    ident = "c-" + name
    data: list[tuple[str, dict[str, int]]] = []
    for label, counts in rows:
        clean_counts: dict[str, int] = {}
        for key, count in counts.items():
            if isinstance(count, bool) or int(count) != count or count < 0:
                raise ValueError(f"Anzahl muss eine ganze Zahl ≥ 0 sein: {count!r}")
            clean_counts[str(key)] = int(count)
        data.append((_clean(label), clean_counts))
    keys: list[str] = []
    for key in [*map(str, order), *(k for _, c in data for k in c)]:
        if key not in keys:
            keys.append(key)
    labels = {k: _clean(status_labels.get(k, k)) or k for k in keys}
    present = [k for k in keys if any(c.get(k, 0) > 0 for _, c in data)]

    # alternative text
    sentences = [loc.t("chart.status.alt", title=_clean(title))]
    if not data:
        sentences.append(loc.t("chart.status.no_rows"))
    for label, counts in data:
        parts = [f"{counts[k]} {labels[k]}" for k in keys if counts.get(k, 0) > 0]
        sentences.append(
            loc.t("chart.status.alt_row", label=label, counts=", ".join(parts))
            if parts
            else loc.t("chart.status.alt_row_empty", label=label)
        )
    alt = " ".join(sentences)

    width = 600.0
    fs, fs_small = 13.0, 12.0
    label_lines = [_wrap(label, 190, fs) for label, _ in data]
    label_w = max([40.0, *(_width(line, fs) for ls in label_lines for line in ls)])
    totals = [sum(c.get(k, 0) for k in keys) for _, c in data]
    ticks = _int_ticks(max(totals, default=0))
    total_w = _width(str(ticks[-1]), fs_small, bold=True) + 12
    bar_x0 = _M + label_w + 10
    bar_x1 = width - _M - total_w
    scale = (bar_x1 - bar_x0) / ticks[-1]
    row_h = 36.0 if any(len(ls) > 1 for ls in label_lines) else 28.0
    bar_h = 20.0
    top = float(_M)

    defs = [d for k in present if (d := _pattern_def(ident, keys.index(k)))]
    body: list[str] = []
    axis_y = top + row_h * len(data)

    if not data:
        body.append(_text(_M, top + 16, loc.t("chart.status.no_rows"), fs, INK_SOFT))
        legend_top = top + 32
    else:
        # grid and x axis
        body.append('<g class="grid">')
        for t in ticks:
            x = bar_x0 + t * scale
            body.append(
                f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" '
                f'y2="{_num(axis_y)}" stroke="{GRID}" stroke-width="1"/>'
            )
        body.append("</g>")
        body.append(
            f'<line x1="{_num(bar_x0)}" y1="{_num(axis_y)}" x2="{_num(bar_x1)}" '
            f'y2="{_num(axis_y)}" stroke="{AXIS}" stroke-width="1"/>'
        )
        for t in ticks:
            x = bar_x0 + t * scale
            body.append(
                _text(x, axis_y + 15, str(t), fs_small, INK_SOFT, anchor="middle", cls="xtick")
            )
        body.append(
            _text(
                (bar_x0 + bar_x1) / 2,
                axis_y + 32,
                loc.t("chart.status.axis"),
                fs_small,
                INK_SOFT,
                anchor="middle",
            )
        )
        legend_top = axis_y + 48

        for i, ((label, counts), lines, total) in enumerate(
            zip(data, label_lines, totals, strict=True)
        ):
            y = top + i * row_h
            centre = y + row_h / 2
            body.append(f'<g class="row" data-index="{i}">')
            first = centre + fs * 0.35 - (len(lines) - 1) * fs * 0.6
            for j, line in enumerate(lines):
                body.append(_text(_M, first + j * fs * 1.2, line, fs, INK, cls="label"))
            bar_y = centre - bar_h / 2
            x = bar_x0
            for key in keys:
                count = counts.get(key, 0)
                if count <= 0:
                    continue
                index = keys.index(key)
                w = count * scale
                body.append(f'<g class="segment" data-status="{_esc(key)}" data-count="{count}">')
                body.append(f"<title>{_esc(f'{label} – {labels[key]}: {count}')}</title>")
                body += _swatch(
                    ident, index, x, bar_y, w, bar_h, _pattern_def(ident, index) is not None
                )
                number = str(count)
                pill_w = _width(number, fs_small, bold=True) + 8
                if w >= pill_w + 12:  # leave some pattern visible
                    body.append(
                        f'<rect x="{_num(x + (w - pill_w) / 2)}" '
                        f'y="{_num(centre - 8)}" width="{_num(pill_w)}" height="16" '
                        f'rx="3" fill="{WHITE}"/>'
                    )
                    body.append(
                        _text(
                            x + w / 2,
                            centre + fs_small * 0.35,
                            number,
                            fs_small,
                            INK,
                            anchor="middle",
                            bold=True,
                            cls="count",
                        )
                    )
                body.append("</g>")
                x += w
            if total > 0:
                body.append(
                    _text(
                        x + 6,
                        centre + fs_small * 0.35,
                        str(total),
                        fs_small,
                        INK,
                        bold=True,
                        cls="total",
                    )
                )
            else:
                body.append(
                    _text(
                        bar_x0 + 4,
                        centre + fs_small * 0.35,
                        loc.t("chart.status.none"),
                        fs_small,
                        INK_SOFT,
                        cls="total",
                    )
                )
            body.append("</g>")

    # legend: swatch (colour + pattern) and the status word, flowing over lines
    line_h = 22.0
    x, y = float(_M), legend_top
    if present:
        body.append('<g class="legend">')
    for key in present:
        index = keys.index(key)
        text = _ellipsize(labels[key], width - 2 * _M - 20, fs_small)
        item_w = 20 + _width(text, fs_small)
        if x > _M and x + item_w > width - _M:
            x, y = float(_M), y + line_h
        body += _swatch(
            ident, index, x, y, 14, 14, _pattern_def(ident, index) is not None, stroke=INK
        )
        body.append(_text(x + 20, y + 7 + fs_small * 0.35, text, fs_small, INK, cls="legend-label"))
        x += item_w + 18
    if present:
        body.append("</g>")
        y += line_h
    height = math.ceil(y + _M - (0 if present else 14))
    svg = _document(width, height, ident, _clean(title), alt, defs, body, loc.tag)
    return Chart(name, _clean(title), alt, svg)


# --------------------------------------------------------------------------- indicator chart


def _nice_ticks(lo: float, hi: float, integral: bool) -> list[Decimal]:
    """4 to 6 evenly spaced round ticks covering [lo, hi] (lo < hi)."""
    span = hi - lo
    exp0 = math.floor(math.log10(span)) - 2
    best: tuple[tuple[float, ...], list[Decimal]] | None = None
    for exp in range(exp0, exp0 + 4):
        for rank, m in enumerate(("1", "2", "5", "2.5")):
            step = Decimal(m).scaleb(exp)
            if integral and step != step.to_integral_value():  # no 2,5 persons
                continue
            start = (Decimal(repr(lo)) / step).to_integral_value(rounding=ROUND_FLOOR)
            end = (Decimal(repr(hi)) / step).to_integral_value(rounding=ROUND_CEILING)
            n = int(end - start) + 1
            if n < 4 and integral and step == 1:
                end = start + 3
                n = 4
            if not 4 <= n <= 6:
                continue
            waste = float((end - start) * step) / span
            score = (rank == 3, round(waste, 6), abs(n - 5))
            if best is None or score < best[0]:
                best = (score, [(start + i) * step for i in range(n)])
    if best is None:  # cannot happen for finite lo < hi; keep a safe answer
        return [Decimal(repr(lo)), Decimal(repr(hi))]
    return best[1]


def _decimals_of(step: Decimal) -> int:
    exponent = step.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float

    def overlap(self, other: _Box) -> float:
        dx = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        dy = min(self.y + self.h, other.y + other.h) - max(self.y, other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0

    def crosses(self, x1: float, y1: float, x2: float, y2: float) -> bool:
        """Does the segment (x1,y1)-(x2,y2) pass through this box? (Liang–Barsky)"""
        t0, t1 = 0.0, 1.0
        dx, dy = x2 - x1, y2 - y1
        for p, q in (
            (-dx, x1 - self.x),
            (dx, self.x + self.w - x1),
            (-dy, y1 - self.y),
            (dy, self.y + self.h - y1),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True


class _Placer:
    """Puts point labels where they do not cover other labels, markers or lines."""

    def __init__(self, bounds: _Box) -> None:
        self.bounds = bounds
        self.boxes: list[_Box] = []
        self.segments: list[tuple[float, float, float, float]] = []

    def place(
        self,
        px: float,
        py: float,
        radius: float,
        w: float,
        h: float,
        required: bool = True,
        extra: Sequence[tuple[float, float]] = (),
    ) -> _Box | None:
        """The best free spot around a point; ``None`` if not required and none is free."""
        gap = radius + 4
        candidates = [
            (px - w / 2, py - gap - h),
            (px + radius, py - gap - h),
            (px - radius - w, py - gap - h),
            (px - w / 2, py + gap),
            (px + radius, py + gap),
            (px - radius - w, py + gap),
            (px + gap + 2, py - h / 2),
            (px - gap - 2 - w, py - h / 2),
            *extra,
        ]
        b = self.bounds
        scored = []
        for order, (x, y) in enumerate(candidates):
            x = min(max(x, b.x), b.x + b.w - w)
            y = min(max(y, b.y), b.y + b.h - h)
            box = _Box(x, y, w, h)
            shift = abs(x - candidates[order][0]) + abs(y - candidates[order][1])
            clash = sum(box.overlap(o) for o in self.boxes)
            clash += 400 * sum(box.crosses(*s) for s in self.segments)
            scored.append((clash + 2 * shift, clash, order, box))
        _, clash, _, box = min(scored, key=lambda s: (s[0], s[2]))
        if not required and clash > 0:
            return None
        self.boxes.append(box)
        return box


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "value":
        return (
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4.5" fill="{SERIES}" '
            f'stroke="{WHITE}" stroke-width="1.5"/>'
        )
    if kind == "baseline":
        return (
            f'<rect x="{_num(x - 5.5)}" y="{_num(y - 5.5)}" width="11" height="11" '
            f'fill="{BASELINE}" stroke="{WHITE}" stroke-width="1.5"/>'
        )
    d = (
        f"M{_num(x)},{_num(y - 8)} L{_num(x + 8)},{_num(y)} L{_num(x)},{_num(y + 8)} "
        f"L{_num(x - 8)},{_num(y)} Z"
    )
    return f'<path d="{d}" fill="{TARGET}" stroke="{WHITE}" stroke-width="1.5"/>'


def indicator_chart(
    title: str,
    unit_label: str,
    values: list[tuple[int, float]],
    baseline: tuple[int, float] | None,
    target: tuple[int, float] | None,
    decimals: int = 1,
    *,
    name: str | None = None,
    loc: Locale | None = None,
) -> Chart:
    """Line chart of an indicator: measured values, baseline (dashed) and target.

    Numbers are shown with ``decimals`` places, or as whole numbers when every number in
    the chart is whole at that precision. ``name`` (default: from the title) is reduced to
    a safe file stem. Words and numbers are in ``loc``'s language (default: the current).
    """
    loc = _loc(loc)
    title_c = _clean(title)
    unit = _clean(unit_label)
    chart_name = _slug(name if name is not None else title_c, "indikator")
    ident = "c-" + chart_name

    def point(pair: tuple[int, float]) -> tuple[int, float]:
        year, value = pair
        if isinstance(year, bool) or int(year) != year:
            raise ValueError(f"Jahr muss eine ganze Zahl sein: {year!r}")
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"Wert nicht darstellbar: {value!r}")
        return int(year), value

    measured = sorted((point(v) for v in values), key=lambda p: p[0])
    base = point(baseline) if baseline is not None else None
    goal = point(target) if target is not None else None
    everything = [*measured, *(p for p in (base, goal) if p is not None)]

    places = max(0, int(decimals))
    quantum = Decimal(1).scaleb(-places)
    if all(
        Decimal(str(v)).quantize(quantum, rounding=ROUND_HALF_UP) % 1 == 0 for _, v in everything
    ):
        places = 0

    def fmt(v: float) -> str:
        return format_number(v, places, loc)

    def said(msgid: str, point: tuple[int, float]) -> str:
        return loc.t(msgid, year=point[0], value=fmt(point[1]))

    # alternative text
    intro = (
        loc.t("chart.indicator.alt_unit", title=title_c, unit=unit)
        if unit
        else loc.t("chart.indicator.alt", title=title_c)
    )
    sentences = [intro]
    if base:
        sentences.append(said("chart.indicator.baseline", base) + ".")
    if len(measured) == 1:
        sentences.append(said("chart.indicator.value", measured[0]) + ".")
    elif measured:
        sentences.append(
            loc.t("chart.indicator.values", values="; ".join(f"{y}: {fmt(v)}" for y, v in measured))
            + "."
        )
    else:
        sentences.append(loc.t("chart.indicator.no_values"))
    if goal:
        sentences.append(said("chart.indicator.target", goal) + ".")
    alt = " ".join(sentences)

    width = 600.0
    fs = 12.0
    body: list[str] = []
    if not everything:
        height = 90.0
        body.append(
            _text(
                width / 2,
                height / 2 + 4,
                loc.t("chart.indicator.empty"),
                13,
                INK_SOFT,
                anchor="middle",
            )
        )
        return Chart(
            chart_name,
            title_c,
            alt,
            _document(width, height, ident, title_c, alt, [], body, loc.tag),
        )

    # y scale
    lo = min(v for _, v in everything)
    hi = max(v for _, v in everything)
    if lo == hi:
        lo, hi = (min(0.0, lo), max(0.0, hi)) if lo != 0 else (0.0, 1.0)
    if lo > 0 and lo <= hi / 3:
        lo = 0.0
    if hi < 0 and hi >= lo / 3:
        hi = 0.0
    span = hi - lo
    pad_lo = 0.0 if lo == 0 else span * 0.05
    pad_hi = 0.0 if hi == 0 else span * 0.08
    lo_p = max(0.0, lo - pad_lo) if lo >= 0 else lo - pad_lo
    hi_p = min(0.0, hi + pad_hi) if hi <= 0 else hi + pad_hi
    integral = all(float(v).is_integer() for _, v in everything)
    ticks = _nice_ticks(lo_p, hi_p, integral)
    tick_places = _decimals_of(ticks[1] - ticks[0])
    tick_labels = [format_number(float(t), tick_places, loc) for t in ticks]
    y_min, y_max = float(ticks[0]), float(ticks[-1])

    # x scale
    years = [y for y, _ in everything]
    first, last = min(years), max(years)
    pad = 1.0 if last - first < 2 else 0.5
    x_min, x_max = first - pad, last + pad

    left = _M + max(_width(t, fs) for t in tick_labels) + 8
    right = width - _M - 8
    top = _M + 24.0
    plot_h = 220.0
    bottom = top + plot_h

    def sx(year: float) -> float:
        return left + (year - x_min) / (x_max - x_min) * (right - left)

    def sy(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * plot_h

    year_step = 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        year_step = step
        if (last - first) / step <= 12 and step * (sx(1) - sx(0)) >= _width("0000", fs) + 8:
            break
    x_ticks = [y for y in range(first, last + 1) if y % year_step == 0] or [first]

    # unit label (top left), grid, axes
    unit_text = _ellipsize(unit, width - 2 * _M, fs)
    if unit_text:
        body.append(_text(_M, _M + fs, unit_text, fs, INK_SOFT, cls="unit"))
    body.append('<g class="grid">')
    for t in ticks:
        y = sy(float(t))
        body.append(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(right)}" '
            f'y2="{_num(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
    body.append("</g>")
    for t, label in zip(ticks, tick_labels, strict=True):
        body.append(
            _text(
                left - 6, sy(float(t)) + fs * 0.35, label, fs, INK_SOFT, anchor="end", cls="ytick"
            )
        )
    body.append(
        f'<line x1="{_num(left)}" y1="{_num(bottom)}" x2="{_num(right)}" '
        f'y2="{_num(bottom)}" stroke="{AXIS}" stroke-width="1"/>'
    )
    for year in x_ticks:
        x = sx(year)
        body.append(
            f'<line x1="{_num(x)}" y1="{_num(bottom)}" x2="{_num(x)}" '
            f'y2="{_num(bottom + 4)}" stroke="{AXIS}" stroke-width="1"/>'
        )
        body.append(_text(x, bottom + 17, str(year), fs, INK_SOFT, anchor="middle", cls="xtick"))

    # labels stay right of the y tick labels and below the unit label
    placer = _Placer(_Box(left, _M + fs + 6, width - _M - left, bottom - _M - fs - 6))
    marks: list[str] = []
    if base:
        by = sy(base[1])
        body.append(
            f'<line class="baseline" x1="{_num(left)}" y1="{_num(by)}" '
            f'x2="{_num(right)}" y2="{_num(by)}" stroke="{BASELINE}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        placer.segments.append((left, by, right, by))
    if len(measured) > 1:
        pts = " ".join(f"{_num(sx(y))},{_num(sy(v))}" for y, v in measured)
        body.append(
            f'<polyline class="series" points="{pts}" fill="none" stroke="{SERIES}" '
            f'stroke-width="2.5" stroke-linejoin="round"/>'
        )
        placer.segments += [
            (sx(a), sy(b), sx(c), sy(d)) for (a, b), (c, d) in itertools.pairwise(measured)
        ]
    if base:
        marks.append(_marker("baseline", sx(base[0]), sy(base[1])))
        placer.boxes.append(_Box(sx(base[0]) - 6, sy(base[1]) - 6, 12, 12))
    if goal:
        marks.append(_marker("target", sx(goal[0]), sy(goal[1])))
        placer.boxes.append(_Box(sx(goal[0]) - 8, sy(goal[1]) - 8, 16, 16))
    for year, value in measured:
        marks.append(_marker("value", sx(year), sy(value)))
        placer.boxes.append(_Box(sx(year) - 5, sy(value) - 5, 10, 10))
    body += marks

    # Labels: baseline, target, first and last value always; the values in between only
    # where they fit without covering anything (the alternative text has them all).
    labels: list[tuple[str, float, float, float, str, bool, bool]] = []
    if base:
        labels.append(
            (
                said("chart.indicator.baseline", base),
                sx(base[0]),
                sy(base[1]),
                6,
                BASELINE,
                True,
                True,
            )
        )
    if goal:
        labels.append(
            (
                said("chart.indicator.target", goal),
                sx(goal[0]),
                sy(goal[1]),
                8,
                TARGET,
                True,
                True,
            )
        )
    label_h = fs + 5
    ends = {0, len(measured) - 1}
    for i in sorted(range(len(measured)), key=lambda i: (i not in ends, i)):
        year, value = measured[i]
        if any(p is not None and p[0] == year and fmt(p[1]) == fmt(value) for p in (base, goal)):
            continue  # already said by the baseline or target label
        labels.append((fmt(value), sx(year), sy(value), 5, SERIES, False, i in ends))
    for text, px, py, radius, colour, bold, required in labels:
        w = _width(text, fs, bold) + 6
        # the baseline label may also sit on its dashed line, at either end
        along = (
            [
                (right - w, py - 3 - label_h),
                (right - w, py + 3),
                (left + 2, py - 3 - label_h),
                (left + 2, py + 3),
            ]
            if colour == BASELINE
            else []
        )
        box = placer.place(px, py, radius, w, label_h, required, along)
        if box is None:
            continue
        body.append(
            f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" '
            f'height="{_num(box.h)}" fill="{WHITE}"/>'
        )
        body.append(
            _text(
                box.x + box.w / 2,
                box.y + box.h / 2 + fs * 0.35,
                text,
                fs,
                colour,
                anchor="middle",
                bold=bold,
                cls="value" if not bold else "anchor",
            )
        )

    # legend
    items = []
    if measured:
        items.append((loc.tn("chart.legend.values", len(measured)), "value"))
    if base:
        items.append((loc.t("chart.legend.baseline"), "baseline"))
    if goal:
        items.append((loc.t("chart.legend.target"), "target"))
    x, y = left, bottom + 40
    body.append('<g class="legend">')
    for text, kind in items:
        cx = x + 12
        if kind == "value":
            body.append(
                f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 24)}" '
                f'y2="{_num(y)}" stroke="{SERIES}" stroke-width="2.5"/>'
            )
        elif kind == "baseline":
            body.append(
                f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 24)}" '
                f'y2="{_num(y)}" stroke="{BASELINE}" stroke-width="1.5" '
                f'stroke-dasharray="6 4"/>'
            )
        body.append(_marker(kind, cx, y))
        body.append(_text(x + 30, y + fs * 0.35, text, fs, INK, cls="legend-label"))
        x += 30 + _width(text, fs) + 24
    body.append("</g>")
    height = math.ceil(y + 10 + _M)
    svg = _document(width, height, ident, title_c, alt, [], body, loc.tag)
    return Chart(chart_name, title_c, alt, svg)


# --------------------------------------------------------------------------- output


def write_svg(chart: Chart, target: Path) -> Path:
    """Write the SVG (UTF-8) and return ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(chart.svg, encoding="utf-8", newline="\n")
    return target


def to_png(chart: Chart, target: Path, ppi: int = 150) -> Path:
    """Render the chart to PNG with Typst and return ``target``.

    One SVG px is one CSS px (1/96 inch), so ``ppi=96`` gives the SVG's pixel size; the PNG
    records ``ppi`` (pHYs) so that Word and LibreOffice show it at that physical size.
    """
    from .toolchain import typst_compile

    if not 1 <= ppi <= 2400:
        raise ValueError(f"ppi außerhalb von 1 bis 2400: {ppi}")
    w, h = _svg_size(chart.svg)
    source = (
        f"#set page(width: {_num(w / _PX_PER_PT)}pt, height: {_num(h / _PX_PER_PT)}pt, "
        "margin: 0pt, fill: white)\n"
        '#image(bytes(sys.inputs.svg), format: "svg", width: 100%, height: 100%)\n'
    )
    png = typst_compile(
        source.encode("utf-8"), format="png", ppi=float(ppi), sys_inputs={"svg": chart.svg}
    )
    if isinstance(png, list):  # one page per list item; a chart is one page
        png = png[0]
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_with_phys(png, ppi))
    return target


def to_pngs(items: list[tuple[Chart, Path]], ppi: int = 150, apart: bool = False) -> list[Path]:
    """Like ``to_png`` for many charts in one Typst run (one page per chart), which
    saves loading the fonts and starting the compiler once per chart; ``apart``: in a
    process of its own (a large document, whose memory typst would keep)."""
    from .toolchain import python_apart, typst_compile

    if not items:
        return []
    if apart:
        job = {"svgs": [c.svg for c, _ in items], "targets": [str(t) for _, t in items], "ppi": ppi}
        python_apart("integ.charts:_pngs_job", job)
        return [Path(t) for _, t in items]
    if not 1 <= ppi <= 2400:
        raise ValueError(f"ppi außerhalb von 1 bis 2400: {ppi}")
    pages = []
    inputs = {}
    for i, (chart, _) in enumerate(items):
        w, h = _svg_size(chart.svg)
        inputs[f"svg{i}"] = chart.svg
        pages.append(
            f"#page(width: {_num(w / _PX_PER_PT)}pt, height: "
            f"{_num(h / _PX_PER_PT)}pt, margin: 0pt, fill: white)"
            f'[#image(bytes(sys.inputs.svg{i}), format: "svg", width: 100%, '
            "height: 100%)]"
        )
    pngs = typst_compile(
        "\n".join(pages).encode("utf-8"), format="png", ppi=float(ppi), sys_inputs=inputs
    )
    if not isinstance(pngs, list):
        pngs = [pngs]
    out = []
    for png, (_, target) in zip(pngs, items, strict=True):
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_with_phys(png, ppi))
        out.append(target)
    return out


@dataclass
class _Drawn:
    svg: str


def _pngs_job(svgs: list[str], targets: list[str], ppi: int) -> None:
    """:func:`to_pngs` in the child (toolchain.python_apart)."""
    to_pngs([(_Drawn(svg), Path(t)) for svg, t in zip(svgs, targets, strict=True)], ppi)  # type: ignore[misc]


def _with_phys(png: bytes, ppi: float) -> bytes:
    """Insert (or replace) the pHYs chunk after IHDR."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("Typst hat kein PNG geliefert")
    per_metre = round(ppi / 0.0254)
    payload = struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = (
        struct.pack(">I", len(payload))
        + b"pHYs"
        + payload
        + struct.pack(">I", zlib.crc32(b"pHYs" + payload))
    )
    out = [png[:8]]
    at = 8
    while at < len(png):
        (length,) = struct.unpack_from(">I", png, at)
        kind = png[at + 4 : at + 8]
        end = at + 12 + length
        if kind != b"pHYs":
            out.append(png[at:end])
        if kind == b"IHDR":
            out.append(chunk)
        at = end
    return b"".join(out)


# --------------------------------------------------------------------------- network


def network_chart(
    left: list[str],
    right: list[str],
    edges: list[tuple[int, int]],
    title: str = "",
    left_word: str = "",
    right_word: str = "",
    *,
    loc: Locale | None = None,
) -> Chart:
    """Who works with whom: concepts in the left column, actors in the right one, a line
    for every actor active in a concept. The alternative text lists every link."""
    loc = _loc(loc)
    title = title or loc.t("chart.network.title")
    left_word = left_word or loc.t("chart.network.left")
    right_word = right_word or loc.t("chart.network.right")
    name = _slug(title, "netzwerk")
    ident = "c-" + name
    left = [_clean(x) for x in left]
    right = [_clean(x) for x in right]
    row_h, width = 26.0, 600.0
    height = 2 * _M + 34 + row_h * max(len(left), len(right), 1)
    col_w = 210.0
    lx, rx = _M + col_w, width - _M - col_w

    def y_of(i: int, n: int) -> float:
        total = row_h * max(len(left), len(right), 1)
        return _M + 34 + (total - row_h * n) / 2 + row_h * i + row_h / 2

    body = [
        _text(lx + 10, _M + 14, left_word, 12, INK_SOFT, anchor="end", bold=True),
        _text(rx - 5, _M + 14, right_word, 12, INK_SOFT, bold=True),
    ]
    for i, j in edges:
        if 0 <= i < len(left) and 0 <= j < len(right):
            body.append(
                f'<line x1="{_num(lx + 6)}" y1="{_num(y_of(i, len(left)))}" '
                f'x2="{_num(rx - 6)}" y2="{_num(y_of(j, len(right)))}" '
                f'stroke="{AXIS}" stroke-width="1.2"/>'
            )
    for i, label in enumerate(left):
        y = y_of(i, len(left))
        body.append(
            f'<rect x="{_num(lx)}" y="{_num(y - 5)}" width="10" height="10" fill="{SERIES}"/>'
        )
        body.append(_text(lx - 6, y + 4, _ellipsize(label, col_w - 12, 11), 11, INK, anchor="end"))
    for j, label in enumerate(right):
        y = y_of(j, len(right))
        body.append(f'<circle cx="{_num(rx)}" cy="{_num(y)}" r="5.5" fill="{TARGET}"/>')
        body.append(_text(rx + 10, y + 4, _ellipsize(label, col_w - 12, 11), 11, INK))
    links: dict[int, list[str]] = {}
    for i, j in edges:
        if 0 <= i < len(left) and 0 <= j < len(right):
            links.setdefault(j, []).append(left[i])
    sentences = [loc.t("chart.network.alt", title=_clean(title))]
    for j, label in enumerate(right):
        where = links.get(j, [])
        sentences.append(
            loc.t("chart.network.alt_active", label=label, concepts=", ".join(where))
            if where
            else loc.t("chart.network.alt_nowhere", label=label)
        )
    alt = " ".join(sentences)
    svg = _document(width, height, ident, _clean(title), alt, [], body, loc.tag)
    return Chart(name, _clean(title), alt, svg)


# --------------------------------------------------------------------------- timeline


def timeline_chart(
    items: list[tuple[str, object, object]],
    today: object,
    title: str = "",
    *,
    loc: Locale | None = None,
) -> Chart:
    """One row per concept on a time axis: the last review (square) and the next one
    (diamond, hollow when it is overdue); a vertical line marks today."""
    import datetime as dt

    loc = _loc(loc)
    title = title or loc.t("chart.timeline.title")
    name = _slug(title, "zeitleiste")
    ident = "c-" + name
    rows = [(_clean(label), last, nxt) for label, last, nxt in items]
    dates = [d for _, a, b in rows for d in (a, b) if isinstance(d, dt.date)]
    assert isinstance(today, dt.date)
    dates.append(today)
    first = dt.date(min(dates).year, 1, 1)
    last = dt.date(max(dates).year + 1, 1, 1)
    span = (last - first).days or 1
    width, label_w, row_h = 600.0, 190.0, 24.0
    x0, x1 = _M + label_w, width - _M
    height = 2 * _M + 40 + row_h * max(len(rows), 1)

    def x_of(d: dt.date) -> float:
        return x0 + (x1 - x0) * (d - first).days / span

    body = []
    top, bottom = _M + 8, height - _M - 30
    for year in range(first.year, last.year + 1):
        x = x_of(dt.date(year, 1, 1))
        body.append(
            f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" '
            f'y2="{_num(bottom)}" stroke="{GRID}"/>'
        )
        if year < last.year:
            body.append(_text(x + 4, bottom + 14, str(year), 11, INK_SOFT))
    tx = x_of(today)
    body.append(
        f'<line x1="{_num(tx)}" y1="{_num(top)}" x2="{_num(tx)}" y2="{_num(bottom)}" '
        f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    body.append(_text(tx, top - 1, loc.t("chart.timeline.today"), 10, TARGET, anchor="middle"))
    sentences = [loc.t("chart.timeline.alt", title=_clean(title), today=today)]
    for i, (label, prev, nxt) in enumerate(rows):
        y = top + 12 + row_h * i
        body.append(
            _text(x0 - 8, y + 4, _ellipsize(label, label_w - 12, 11), 11, INK, anchor="end")
        )
        words = [label + ":"]
        if isinstance(prev, dt.date):
            x = x_of(prev)
            body.append(
                f'<rect x="{_num(x - 5)}" y="{_num(y - 5)}" width="10" height="10" '
                f'fill="{BASELINE}"/>'
            )
            words.append(loc.t("chart.timeline.alt_last", date=prev))
        if isinstance(nxt, dt.date):
            x = x_of(nxt)
            late = nxt < today
            fill = WHITE if late else SERIES
            body.append(
                f'<path d="M{_num(x)},{_num(y - 7)} L{_num(x + 7)},{_num(y)} '
                f'L{_num(x)},{_num(y + 7)} L{_num(x - 7)},{_num(y)} Z" fill="{fill}" '
                f'stroke="{SERIES}" stroke-width="2"/>'
            )
            words.append(
                loc.t(
                    "chart.timeline.alt_next_late" if late else "chart.timeline.alt_next", date=nxt
                )
            )
        said = loc.join(words[1:]) or loc.t("chart.timeline.no_data")
        sentences.append(f"{words[0]} {said}.")
    legend_y = height - _M - 4
    body.append(
        f'<rect x="{_num(x0)}" y="{_num(legend_y - 9)}" width="10" height="10" fill="{BASELINE}"/>'
    )
    body.append(_text(x0 + 14, legend_y, loc.t("chart.timeline.legend_last"), 11, INK))
    lx = x0 + 140
    body.append(
        f'<path d="M{_num(lx)},{_num(legend_y - 11)} L{_num(lx + 7)},'
        f"{_num(legend_y - 4)} L{_num(lx)},{_num(legend_y + 3)} L{_num(lx - 7)},"
        f'{_num(legend_y - 4)} Z" fill="{SERIES}"/>'
    )
    body.append(_text(lx + 12, legend_y, loc.t("chart.timeline.legend_next"), 11, INK))
    alt = " ".join(sentences)
    svg = _document(width, height, ident, _clean(title), alt, [], body, loc.tag)
    return Chart(name, _clean(title), alt, svg)
