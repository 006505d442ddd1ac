"""Findings: what integ reports about a file, as data (yamllint's LintProblem)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

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
class Subject:
    """The element a finding is about: its kind (``measure``, ``goal``, ``network``,
    ``concept`` ...) and its id (None when it has none, or none that is valid)."""

    kind: str
    id: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, as data. Words are made only when output is written: ``message``
    is the text of ``message_id`` in the current language with ``params`` filled in.

    ``params`` holds plain values (str, int, float, bool, None, lists of them; dates as
    ``YYYY-MM-DD``), so that a finding survives the cache and JSON unchanged, and so
    that review, check and edit read what they need (``params["due"]``) instead of
    parsing text. A ``message_id`` that is not in the catalogue is shown as it is.
    """

    file: str
    span: Span
    rule: str
    severity: str
    message_id: str
    path: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    subject: Subject | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def message(self) -> str:
        from .i18n import t

        return t(self.message_id, **self.params)

    @property
    def due(self) -> str | None:
        """The date by which the finding's subject was due (``YYYY-MM-DD``), if any."""
        value = self.params.get("due")
        return value if isinstance(value, str) else None

    def identity(self) -> tuple[str, str, str, str, str]:
        """What makes two findings the same problem, whatever line they are on and
        whatever language they are shown in (check's new/old matching, edit's guard)."""
        import json

        return (
            self.file,
            self.rule,
            self.path,
            self.message_id,
            json.dumps(self.params, sort_keys=True, ensure_ascii=False, default=str),
        )

    def with_severity(self, severity: str) -> Finding:
        return replace(self, severity=severity)

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
            "message_id": self.message_id,
            "subject": self.subject.as_dict() if self.subject else None,
            "params": self.params,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of ``as_dict`` (the cache)."""
        subject = data.get("subject")
        return cls(
            data["file"],
            Span(data["line"], data["column"], data["end_line"], data["end_column"]),
            data["rule"],
            data["severity"],
            data.get("message_id") or data["message"],
            data.get("path", ""),
            dict(data.get("params") or {}),
            Subject(subject["kind"], subject.get("id")) if isinstance(subject, dict) else None,
        )


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
