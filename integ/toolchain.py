"""The external toolchain: the one place where pandoc and typst run.

pandoc is the binary inside the pypandoc-binary wheel (never one on PATH) and always
runs with ``--sandbox``, so a document cannot make it read or fetch anything; typst
compiles with the fonts shipped in ``integ/fonts`` and never the system's, so every
machine makes the same document. Failures become an :class:`IntegError` with a
message in the user's language.
"""

from __future__ import annotations

import subprocess
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from .errors import IntegError

HERE = Path(__file__).resolve().parent
FONTS = HERE / "fonts"


def _t(msgid: str, /, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def pandoc_binary() -> Path:
    """The pandoc inside the pypandoc-binary wheel, never one that happens to be on PATH."""
    # find_spec locates the package without importing it (importing costs ~70 ms)
    spec = find_spec("pypandoc")
    if spec is None or spec.origin is None:
        raise IntegError(_t("doc.error.no_pypandoc"))
    path = Path(spec.origin).parent / "files" / "pandoc"
    if not path.is_file():
        raise IntegError(_t("doc.error.no_pandoc", path=str(path)))
    return path


def pandoc(args: list[str], source: bytes | None = None, timeout: float | None = None) -> bytes:
    """pandoc's output for ``args`` (``--sandbox`` always first) with ``source`` on
    its standard input."""
    try:
        done = subprocess.run(
            [str(pandoc_binary()), "--sandbox", *args],
            input=source if source is not None else b"",
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IntegError(_t("doc.error.pandoc", detail=str(exc))) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"]
        raise IntegError(_t("doc.error.pandoc", detail=lines[0]))
    return done.stdout


def typst_compile(source: str | bytes, **options: Any) -> bytes | list[bytes]:
    """``typst.compile`` of ``source`` (a file name or the Typst text as bytes) with
    the shipped fonts only; ``options`` are typst's (``format``, ``ppi``, ``root``,
    ``sys_inputs``, ``pdf_standards``, ``timestamp``)."""
    import typst  # imported here: nothing but rendering needs it

    try:
        out: bytes | list[bytes] = typst.compile(
            source,
            font_paths=[str(FONTS)],
            ignore_system_fonts=True,
            **options,
        )
    except RuntimeError as exc:  # typst.TypstError is a RuntimeError
        raise IntegError(_t("doc.error.typst", detail=str(exc))) from None
    return out
