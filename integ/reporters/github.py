"""GitHub Actions workflow commands, written to plain stdout (never through rich).

Paths are relative to the repository root (annotations attach to files there, also
when integ runs under a ``working-directory:``)."""

from __future__ import annotations

from typing import IO

from ..problems import Result
from .common import concept_count, repo_path, safe_text


def _data(text: str) -> str:
    return safe_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: Result, out: IO[str]) -> None:
    from ..i18n import t, tn
    from ..sources import origin_of

    for f in result.sorted():
        s = f.span
        origin = origin_of(f.file)
        if origin is not None:  # not in this repository: no file to attach to
            where = f"{origin.url} {origin.path}:{s.line}:{s.column} ({origin.label}): "
            out.write(
                f"::{f.severity} title={_prop('integ ' + f.rule)}::{_data(where + f.message)}\n"
            )
            continue
        out.write(
            f"::{f.severity} file={_prop(repo_path(f.file))},line={s.line},col={s.column},"
            f"endLine={s.end_line},endColumn={s.end_column},"
            f"title={_prop('integ ' + f.rule)}::{_data(f.message)}\n"
        )
    summary = t(
        "report.summary",
        concepts=tn("count.concept", concept_count(result)),
        errors=tn("count.error", result.errors),
        warnings=tn("count.warning", result.warnings),
    )
    out.write(f"integ: {summary}\n")
