"""Make the fallback fonts in integ/fonts/ (issue 14, point 37): subsets of Symbola
(emoji and symbols) and Droid Sans Fallback (Chinese, Japanese), so that a PDF with
such text is made instead of failing PDF/UA's "could not be displayed with font".

Run once by a developer, with fonttools and the Debian packages fonts-symbola and
fonts-droid-fallback installed; the subsets and their licence files are committed:

    python bench/subset_fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "integ" / "fonts"
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")

#: emoji, pictographs, arrows, dingbats, geometric shapes, flags, the joiner and the
#: variation selectors emoji sequences use, and U+FFFD for what no font has
SYMBOLS = [
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x2460, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x1F000, 0x1FAFF),
    (0x200D, 0x200D),
    (0xFE00, 0xFE0F),
    (0xFFFD, 0xFFFD),
]


def _double_byte(codec: str, leads: range, trails: range) -> set[int]:
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                out.add(ord(bytes([lead, trail]).decode(codec)))
            except (UnicodeDecodeError, TypeError):
                pass
    return out


def cjk_characters() -> set[int]:
    """The characters of everyday Chinese and Japanese text: GB 2312 level 1 (3,755
    simplified), Big5's frequent characters (5,401 traditional), JIS X 0208 (kanji of
    both levels, kana, punctuation), and the CJK punctuation and full-width forms."""
    chars = _double_byte("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    chars |= _double_byte("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    chars |= _double_byte("euc_jp", range(0xA1, 0xF5), range(0xA1, 0xFF))
    chars |= set(range(0x3000, 0x30FF + 1)) | set(range(0xFF00, 0xFFEF + 1))
    return {c for c in chars if c > 0x7F}


def subset(source: Path, target: Path, unicodes: set[int]) -> None:
    from fontTools import subset as fts

    options = fts.Options()
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = fts.load_font(str(source), options)
    sub = fts.Subsetter(options)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    fts.save_font(font, str(target), options)
    print(f"{target.name}: {target.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


def main() -> int:
    symbols = {c for a, b in SYMBOLS for c in range(a, b + 1)}
    subset(SYMBOLA, FONTS / "Symbola-integ.ttf", symbols)
    subset(DROID, FONTS / "DroidSansFallback-integ.ttf", cjk_characters())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
