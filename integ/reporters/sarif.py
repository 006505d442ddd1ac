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
                            "artifactLocation": _location(f.file),
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
    log: dict[str, Any] = {
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
                "artifacts": [{"location": _location(f)} for f in result.files],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    _sources(log["runs"][0], [*result.files, *(f.file for f in result.findings)])
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _location(file: str) -> dict[str, str]:
    """A file of this repository (relative to %SRCROOT%), or a town's concept fetched
    from its own repository (relative to that repository, see ``_sources``)."""
    from urllib.parse import quote

    from ..sources import origin_of

    origin = origin_of(file)
    if origin is not None:
        return {"uri": quote(origin.path, safe="/"), "uriBaseId": origin.base_id}
    return {"uri": file_uri(file), "uriBaseId": "%SRCROOT%"}


def _sources(run: dict[str, Any], files: list[str]) -> None:
    """``originalUriBaseIds`` and ``versionControlProvenance`` of the towns'
    repositories whose fetched concepts the run names."""
    from ..sources import origin_of

    seen: dict[str, Any] = {}
    for file in files:
        origin = origin_of(file)
        if origin is not None:
            seen[origin.base_id] = origin
    if not seen:
        return
    run["originalUriBaseIds"] = {k: {"uri": o.uri} for k, o in sorted(seen.items())}
    run["versionControlProvenance"] = [
        {
            "repositoryUri": o.uri,
            **({"revisionId": o.commit} if o.commit else {}),
            "mappedTo": {"uriBaseId": k},
        }
        for k, o in sorted(seen.items())
    ]
