"""The external toolchain: the one place where pandoc and typst run.

pandoc is the binary inside the pypandoc-binary wheel (never one on PATH) and always
runs with ``--sandbox``, so a document cannot make it read or fetch anything; typst
compiles with the fonts shipped in ``integ/fonts`` and never the system's, so every
machine makes the same document. Failures become an :class:`IntegError` with a
message in the user's language.
"""

from __future__ import annotations

import os
import struct
import subprocess
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from .errors import IntegError

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"
#: the PDF's fonts, in the order Typst tries them for each character: the text font,
#: then subsets for emoji and symbols and for Chinese and Japanese (bench/subset_fonts.py)
FONT_FALLBACK = ("Source Sans Pro", "Symbola", "Droid Sans Fallback")
#: what stands for a character that no shipped font has (PDF/UA refuses a missing glyph)
REPLACEMENT = "\ufffd"
#: pandoc's heap limit (GHC's ``-M``): the resident size stays under about 550 MB (the
#: binary itself is mapped too) for any concept that validates; bench/render_memory.py
PANDOC_HEAP_MB = 400


def _t(msgid: str, /, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def pandoc_name(system: str = os.name) -> str:
    """The file name of pandoc in the wheel: the Windows wheel holds ``pandoc.exe``."""
    return "pandoc.exe" if system == "nt" else "pandoc"


def pandoc_binary() -> Path:
    """The pandoc inside the pypandoc-binary wheel, never one that happens to be on PATH."""
    # find_spec locates the package without importing it (importing costs ~70 ms)
    spec = find_spec("pypandoc")
    if spec is None or spec.origin is None:
        raise IntegError(_t("doc.error.no_pypandoc"))
    path = Path(spec.origin).parent / "files" / pandoc_name()
    if not path.is_file():
        raise IntegError(_t("doc.error.no_pandoc", path=str(path)))
    return path


def pandoc(args: list[str], source: bytes | None = None, timeout: float | None = None) -> bytes:
    """pandoc's output for ``args`` (``--sandbox`` always first, the heap bounded) with
    ``source`` on its standard input."""
    try:
        done = subprocess.run(
            [str(pandoc_binary()), "+RTS", f"-M{PANDOC_HEAP_MB}m", "-RTS", "--sandbox", *args],
            input=source if source is not None else b"",
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IntegError(_t("doc.error.pandoc", detail=str(exc))) from None
    if done.returncode != 0:
        if b"Heap exhausted" in done.stderr:
            raise IntegError(_t("doc.error.too_big", mb=PANDOC_HEAP_MB))
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"]
        raise IntegError(_t("doc.error.pandoc", detail=lines[0]))
    return done.stdout


def typst_compile(
    source: str | bytes, ignore_system_fonts: bool = True, **options: Any
) -> bytes | list[bytes]:
    """``typst.compile`` of ``source`` (a file name or the Typst text as bytes) with
    the shipped fonts (and the system's only when ``ignore_system_fonts`` is False: a
    municipality's own font); ``options`` are typst's (``format``, ``ppi``, ``root``,
    ``sys_inputs``, ``pdf_standards``, ``timestamp``)."""
    import typst  # imported here: nothing but rendering needs it

    try:
        out: bytes | list[bytes] = typst.compile(
            source,
            font_paths=[str(FONTS)],
            ignore_system_fonts=ignore_system_fonts,
            **options,
        )
    except RuntimeError as exc:  # typst.TypstError is a RuntimeError
        raise IntegError(_t("doc.error.typst", detail=str(exc))) from None
    return out


def python_apart(function: str, job: dict[str, Any]) -> Any:
    """``function`` (``"module:name"`` of integ) called with the keywords ``job`` in a
    Python process of its own, and what it returns (both as JSON). For work whose
    memory the process would keep: typst keeps what it has laid out for as long as the
    process lives, and lxml's share of a large DOCX is not given back either, so the
    parts of a large document (integ.parts) are made each in a fresh process."""
    import json
    import sys

    from .i18n import current

    order = {"lang": current(), "function": function, "job": job}
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from integ.toolchain import _child; _child()"],
            input=json.dumps(order).encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise IntegError(_t("doc.error.apart", detail=str(exc))) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"]
        told = [line[len(_TOLD) :] for line in lines if line.startswith(_TOLD)]
        raise IntegError(told[-1] if told else _t("doc.error.apart", detail=lines[-1]))
    return json.loads(done.stdout)


#: how the child marks the message it has for the user (anything else is a crash)
_TOLD = "integ-message: "


def _child() -> None:
    """The child of :func:`python_apart`: the order on standard input, the result on
    standard output, a message for the user on standard error."""
    import importlib
    import json
    import sys

    from .i18n import set_lang

    order = json.loads(sys.stdin.buffer.read())
    set_lang(order["lang"])
    module, _, name = order["function"].partition(":")
    if not module.startswith("integ."):
        raise SystemExit(2)
    function = getattr(importlib.import_module(module), name)
    try:
        result = function(**order["job"])
    except IntegError as exc:
        sys.stderr.write(_TOLD + str(exc).replace("\n", " ") + "\n")
        raise SystemExit(1) from None
    sys.stdout.write(json.dumps(result))


def typst_compile_apart(
    source: str, target: Path, ignore_system_fonts: bool = True, **options: Any
) -> None:
    """:func:`typst_compile` of the file ``source`` into ``target`` in a process of
    its own (:func:`python_apart`)."""
    job = {"source": source, "target": str(target), "ignore_system_fonts": ignore_system_fonts}
    python_apart("integ.toolchain:_typst_to_file", {**job, "options": options})


def _typst_to_file(
    source: str, target: str, ignore_system_fonts: bool, options: dict[str, Any]
) -> None:
    pdf = typst_compile(source, ignore_system_fonts, **options)
    assert isinstance(pdf, bytes)
    Path(target).write_bytes(pdf)


def _cmap(data: bytes) -> set[int]:
    """The characters a TrueType/OpenType font maps (cmap formats 4 and 12)."""
    tables = struct.unpack_from(">H", data, 4)[0]
    cmap_offset = None
    for i in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        return set()
    out: set[int] = set()
    count = struct.unpack_from(">H", data, cmap_offset + 2)[0]
    for i in range(count):
        platform, _encoding, sub = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        if platform not in (0, 3):
            continue
        at = cmap_offset + sub
        kind = struct.unpack_from(">H", data, at)[0]
        if kind == 4:
            pairs = struct.unpack_from(">H", data, at + 6)[0] // 2
            ends = struct.unpack_from(f">{pairs}H", data, at + 14)
            starts = struct.unpack_from(f">{pairs}H", data, at + 16 + 2 * pairs)
            for start, end in zip(starts, ends, strict=True):
                out.update(range(start, end + 1))
        elif kind == 12:
            groups = struct.unpack_from(">I", data, at + 12)[0]
            for g in range(groups):
                start, end, _ = struct.unpack_from(">III", data, at + 16 + 12 * g)
                out.update(range(start, end + 1))
    out.discard(0xFFFF)
    return out


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Every character some shipped font has a glyph for."""
    chars: set[int] = set()
    for font in sorted(FONTS.glob("*.ttf")):
        chars |= _cmap(font.read_bytes())
    return frozenset(chars)


def displayable(text: str) -> tuple[str, int]:
    """``text`` with every character that no shipped font can show replaced by
    U+FFFD, and how many were replaced. Spaces, line breaks and invisible format
    characters (joiners, direction marks, soft hyphens) need no glyph and stay."""
    have = covered()
    out: list[str] = []
    missing = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80 or code in have or unicodedata.category(ch) in _NO_GLYPH:
            out.append(ch)
        else:
            out.append(REPLACEMENT)
            missing += 1
    return "".join(out), missing


_NO_GLYPH = {"Cc", "Cf", "Zs", "Zl", "Zp"}
