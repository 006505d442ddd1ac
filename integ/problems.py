"""Findings: what integ reports about a file, as data (yamllint's LintProblem)."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a file; every number is 1-based."""

    line: int
    column: int
    end_line: int
    end_column: int


NOWHERE = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    span: Span
    rule: str
    severity: str
    message: str
    path: str = ""

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.span.line, self.span.column, self.rule)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "path": self.path,
        }


@dataclass(slots=True)
class Result:
    """Everything one run of the validator found."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)


def format_path(path: tuple[object, ...]) -> str:
    """('measures', 3, 'goals', 0) -> 'measures[3].goals[0]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
