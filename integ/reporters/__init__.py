"""Output formats for validation results, chosen by name; each writes to a stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from ..problems import Result

Reporter = Callable[[Result, IO[str]], None]


def get(name: str) -> Reporter:
    if name == "text":
        from .text import report
    elif name == "json":
        from .json import report
    elif name == "github":
        from .github import report
    elif name == "sarif":
        from .sarif import report
    elif name == "junit":
        from .junit import report
    else:  # pragma: no cover - the CLI only passes known names
        raise KeyError(name)
    return report


NAMES = ("text", "json", "github", "sarif", "junit")
