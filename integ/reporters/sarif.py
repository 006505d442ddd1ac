"""SARIF 2.1.0, for code scanning.

Columns are counted in Unicode code points (``run.columnKind``, as libyaml counts
them); artifact URIs are relative to the repository root (``%SRCROOT%``) and
percent-encoded, so that ``gemeinde 100%.yaml`` is a valid URI reference."""

from __future__ import annotations

import json
from typing import IO, Any

from .. import __version__
from ..problems import Result
from ..rules import all_rules
from .common import file_uri

_LEVEL = {"error": "error", "warning": "warning"}


def report(result: Result, out: IO[str]) -> None:
    from ..rules_doc import document, plain

    rules = all_rules()
    names = list(rules)
    driver_rules: list[dict[str, Any]] = []
    for name in names:
        r = rules[name]
        doc = document(r)
        help_text = plain(doc)
        driver_rules.append(
            {
                "id": name,
                "name": "".join(p.capitalize() for p in name.split("-")),
                "shortDescription": {"text": doc.summary},
                "fullDescription": {"text": doc.why or doc.summary},
                "help": {"text": help_text, "markdown": "```\n" + help_text + "\n```"},
                "defaultConfiguration": {"level": _LEVEL[r.severity]},
            }
        )
    results = []
    for f in result.sorted():
        s = f.span
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": names.index(f.rule) if f.rule in rules else -1,
                "level": _LEVEL.get(f.severity, "warning"),
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": file_uri(f.file),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {
                                "startLine": s.line,
                                "startColumn": s.column,
                                "endLine": s.end_line,
                                "endColumn": s.end_column,
                            },
                        },
                        **(
                            {"logicalLocations": [{"fullyQualifiedName": f.path}]} if f.path else {}
                        ),
                    }
                ],
            }
        )
    for entry in results:
        if entry["ruleIndex"] == -1:
            del entry["ruleIndex"]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "integ",
                        "version": __version__,
                        "informationUri": "https://integ.example.org",
                        "rules": driver_rules,
                    }
                },
                "artifacts": [
                    {"location": {"uri": file_uri(f), "uriBaseId": "%SRCROOT%"}}
                    for f in result.files
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")
