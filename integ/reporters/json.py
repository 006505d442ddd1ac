"""The JSON shape fixed in cli.md, with each finding's message_id, subject and params
(``Finding.as_dict``)."""

from __future__ import annotations

import json
from typing import IO

from ..problems import Result


def report(result: Result, out: IO[str]) -> None:
    json.dump(
        {
            "findings": [f.as_dict() for f in result.sorted()],
            "summary": {
                "files": len(result.files),
                "errors": result.errors,
                "warnings": result.warnings,
            },
        },
        out,
        ensure_ascii=False,
        indent=2,
    )
    out.write("\n")
