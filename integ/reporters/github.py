"""GitHub Actions workflow commands, written to plain stdout (never through rich)."""

from __future__ import annotations

from typing import IO

from ..problems import Result


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: Result, out: IO[str]) -> None:
    for f in result.sorted():
        s = f.span
        out.write(
            f"::{f.severity} file={_prop(f.file)},line={s.line},col={s.column},"
            f"endLine={s.end_line},endColumn={s.end_column},"
            f"title={_prop('integ ' + f.rule)}::{_data(f.message)}\n"
        )
    out.write(
        f"integ: {len(result.files)} files checked, {result.errors} errors, "
        f"{result.warnings} warnings\n"
    )
