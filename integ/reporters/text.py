"""Human-readable findings: grouped by file, sorted by line, the offending line with
a caret under the place (as ruff and cargo show it), one summary line.

The source lines are read at report time, once per file that has findings (a run
without findings reads nothing again), within the loader's limits. Every text from a
concept (the line, a value in a message) is shown with its control characters
escaped, so that a concept cannot clear the terminal or plant links in it.
"""

from __future__ import annotations

import os
from itertools import groupby
from pathlib import Path
from typing import IO

from ..problems import ERROR, Finding, Result
from ..sources import origin_of
from .common import concept_count, safe_text

#: at most this many characters of a source line are shown, around the column
WIDTH = 120


def source_lines(file: str) -> list[str] | None:
    """The lines of ``file`` as the findings' positions count them, or None."""
    from ..yaml_io import MAX_BYTES, read_regular

    try:
        data = read_regular(Path(file))
    except OSError:
        return None
    if len(data) > MAX_BYTES or b"\x00" in data:
        return None
    return data.decode("utf-8-sig", "replace").split("\n")


def snippet(lines: list[str], f: Finding) -> tuple[str, str] | None:
    """(the line, the caret line under the finding's span) for a finding, or None."""
    from rich.cells import cell_len

    s = f.span
    if not 0 < s.line <= len(lines):
        return None
    line = lines[s.line - 1].rstrip("\r")
    start = min(max(s.column - 1, 0), len(line))
    end = s.end_column - 1 if s.end_line == s.line else len(line)
    end = min(max(end, start + 1), max(len(line), start + 1))
    offset = 0
    if len(line) > WIDTH:  # a very long line: the part around the column
        offset = max(0, min(start - WIDTH // 3, len(line) - WIDTH))
        line = line[offset : offset + WIDTH]
        start, end = start - offset, min(end - offset, WIDTH)
    shown = safe_text(line.replace("\t", " "), newlines=False)
    before = safe_text(line[:start].replace("\t", " "), newlines=False)
    marked = safe_text(line[start:end].replace("\t", " "), newlines=False)
    width = max(cell_len(marked), 1)
    return (
        ("…" if offset else "") + shown,
        (" " if offset else "") + " " * cell_len(before) + "^" + "~" * (width - 1),
    )


def report(result: Result, out: IO[str]) -> None:
    from rich.console import Console
    from rich.markup import escape

    from ..i18n import t, tn

    console = Console(
        file=out, highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR"))
    )
    words = {ERROR: t("report.error"), "warning": t("report.warning")}
    pad = max(len(w) for w in words.values())
    # a newline inside a message (concept text in it) continues under the message, so
    # that it cannot look like a finding of its own
    indent = "\n" + " " * (10 + 1 + pad + 1)
    for file, group in groupby(result.sorted(), key=lambda f: f.file):
        console.print(f"[bold underline]{escape(safe_text(file, newlines=False))}[/]")
        origin = origin_of(file)
        if origin is not None:  # a town's concept that `integ fetch` brought
            console.print(f"  {escape(safe_text(origin.text(), newlines=False))}")
        lines = source_lines(file)
        for f in group:
            style = "red" if f.severity == ERROR else "yellow"
            word = words.get(f.severity, f.severity)
            console.print(
                f"  {f.line}:{f.column}".ljust(10)
                + f" [{style}]{escape(word.ljust(pad))}[/] {escape(safe_text(f.message).replace(chr(10), indent))}  "
                f"[dim]\\[{escape(f.rule)}][/]"
            )
            shown = snippet(lines, f) if lines is not None else None
            if shown is not None:
                number = str(f.line)
                gutter = " " * len(number)
                console.print(f"  [dim]{gutter} |[/]")
                console.print(f"  [dim]{number} |[/] {escape(shown[0])}")
                console.print(f"  [dim]{gutter} |[/] [{style}]{escape(shown[1])}[/]")
        console.print()
    concepts = concept_count(result)
    counted = (
        tn("count.concept", concepts)
        if concepts or not result.files
        else tn("count.file", len(result.files))
    )
    if not result.findings:
        console.print(f"[green]✓[/] {escape(t('report.clean', concepts=counted))}")
        return
    errors = escape(tn("count.error", result.errors))
    warnings = escape(tn("count.warning", result.warnings))
    console.print(
        t(
            "report.summary",
            concepts=escape(counted),
            errors=f"[red]{errors}[/]" if result.errors else errors,
            warnings=f"[yellow]{warnings}[/]" if result.warnings else warnings,
        )
    )
