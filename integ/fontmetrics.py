"""Advance widths of the shipped TrueType fonts, read straight from their tables.

Word tables get column widths from what their cells hold (integ.docx_post): the
widest word of a column must fit on one line. Only ``head``, ``hhea``, ``hmtx`` and a
format 4 or 12 ``cmap`` are read; no dependency beyond the standard library.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"
FILES = {
    (False, False): "SourceSansPro-Regular.ttf",
    (True, False): "SourceSansPro-Bold.ttf",
    (False, True): "SourceSansPro-It.ttf",
    (True, True): "SourceSansPro-BoldIt.ttf",
}


class Metrics:
    """Widths of one font face in font units (``units_per_em`` to the em)."""

    def __init__(self, data: bytes) -> None:
        tables = self._tables(data)
        head = tables["head"]
        self.units_per_em: int = struct.unpack_from(">H", data, head + 18)[0]
        n_metrics: int = struct.unpack_from(">H", data, tables["hhea"] + 34)[0]
        hmtx = tables["hmtx"]
        self.advances = [struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(n_metrics)]
        self.glyphs = self._cmap(data, tables["cmap"])
        self.fallback = self.advance_of(ord("n")) or self.units_per_em // 2

    @staticmethod
    def _tables(data: bytes) -> dict[str, int]:
        count = struct.unpack_from(">H", data, 4)[0]
        out = {}
        for i in range(count):
            tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            out[tag.decode("latin-1")] = offset
        return out

    @staticmethod
    def _cmap(data: bytes, cmap: int) -> dict[int, int]:
        n = struct.unpack_from(">H", data, cmap + 2)[0]
        best: tuple[int, int] | None = None
        for i in range(n):
            platform, _, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
            fmt = struct.unpack_from(">H", data, cmap + offset)[0]
            if platform in (0, 3) and fmt in (4, 12) and (best is None or fmt > best[0]):
                best = (fmt, cmap + offset)
        glyphs: dict[int, int] = {}
        if best is None:
            return glyphs
        fmt, at = best
        if fmt == 12:
            groups = struct.unpack_from(">I", data, at + 12)[0]
            for g in range(groups):
                start, end, first = struct.unpack_from(">III", data, at + 16 + 12 * g)
                for code in range(start, min(end, 0x2FFFF) + 1):
                    glyphs[code] = first + code - start
            return glyphs
        segs = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = at + 14
        starts = ends + 2 * segs + 2
        deltas = starts + 2 * segs
        ranges = deltas + 2 * segs
        for s in range(segs):
            end = struct.unpack_from(">H", data, ends + 2 * s)[0]
            start = struct.unpack_from(">H", data, starts + 2 * s)[0]
            delta = struct.unpack_from(">h", data, deltas + 2 * s)[0]
            offset = struct.unpack_from(">H", data, ranges + 2 * s)[0]
            for code in range(start, end + 1):
                if code == 0xFFFF:
                    continue
                if offset == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    where = ranges + 2 * s + offset + 2 * (code - start)
                    glyph = struct.unpack_from(">H", data, where)[0]
                    if glyph:
                        glyph = (glyph + delta) & 0xFFFF
                if glyph:
                    glyphs[code] = glyph
        return glyphs

    def advance_of(self, code: int) -> int:
        glyph = self.glyphs.get(code)
        if glyph is None:
            return 0
        return int(self.advances[min(glyph, len(self.advances) - 1)])

    def width(self, text: str, points: float) -> float:
        """The width of ``text`` set in ``points``, in points."""
        units = sum(self.advance_of(ord(c)) or self.fallback for c in text)
        return units * points / self.units_per_em


@lru_cache(maxsize=8)
def face(bold: bool = False, italic: bool = False, folder: Path = FONTS) -> Metrics:
    return Metrics((folder / FILES[(bold, italic)]).read_bytes())


def text_width(text: str, points: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width in points of one line of ``text`` in the shipped font."""
    return face(bold, italic).width(text, points)


__all__ = ["Metrics", "face", "text_width"]
