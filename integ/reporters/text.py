"""Human-readable findings: grouped by file, sorted by line, one summary line."""

from __future__ import annotations

import os
from itertools import groupby
from typing import IO

from ..problems import ERROR, Result


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def report(result: Result, out: IO[str]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=out, highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR"))
    )
    for file, group in groupby(result.sorted(), key=lambda f: f.file):
        console.print(f"[bold underline]{escape(file)}[/]")
        for f in group:
            style = "red" if f.severity == ERROR else "yellow"
            console.print(
                f"  {f.line}:{f.column}".ljust(10)
                + f" [{style}]{f.severity:<8}[/] {escape(f.message)}  "
                f"[dim]{escape(f.rule)}[/]"
            )
        console.print()
    files = _plural(len(result.files), "file")
    if not result.findings:
        console.print(f"[green]✓[/] {files} checked: no problems found")
        return
    console.print(
        f"{files} checked: [red]{_plural(result.errors, 'error')}[/], "
        f"[yellow]{_plural(result.warnings, 'warning')}[/]"
    )
