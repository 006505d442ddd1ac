"""SARIF 2.1.0, for code scanning."""

from __future__ import annotations

import json
from typing import IO, Any

from .. import __version__
from ..problems import Result
from ..rules import all_rules

_LEVEL = {"error": "error", "warning": "warning"}


def report(result: Result, out: IO[str]) -> None:
    rules = all_rules()
    names = list(rules)
    driver_rules: list[dict[str, Any]] = []
    for name in names:
        r = rules[name]
        driver_rules.append(
            {
                "id": name,
                "name": "".join(p.capitalize() for p in name.split("-")),
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc, "markdown": "```\n" + r.doc + "\n```"},
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
                                "uri": f.file.replace("\\", "/"),
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
    for r in results:
        if r["ruleIndex"] < 0:
            del r["ruleIndex"]
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
                    {"location": {"uri": f.replace("\\", "/"), "uriBaseId": "%SRCROOT%"}}
                    for f in result.files
                ],
                "results": results,
            }
        ],
    }
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")
