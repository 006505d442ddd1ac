"""Run the rules over files and collect every finding of every file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from . import yaml_io
from .cache import Cache, digest
from .problems import ERROR, WARNING, Finding, Result, format_path
from .workspace import Workspace, display_path

# The model (pydantic) and the rules are imported where they are needed: a run whose
# files all come from the cache never loads them.

PARALLEL_MIN_BYTES = 1_500_000


def severities(ws: Workspace) -> dict[str, str]:
    """rule name -> error | warning | off, after integ.yaml's `rules:`."""
    from .rules import all_rules

    table = {name: r.severity for name, r in all_rules().items()}
    for name, value in ws.rule_settings.items():
        if name in table and value in (ERROR, WARNING, "off"):
            table[name] = value
    return table


def _settings_findings(ws: Workspace) -> list[Finding]:
    doc = ws.settings_doc
    if doc is None or doc.empty:  # every setting is optional
        return []
    out = list(doc.findings)
    if doc.ok and not isinstance(doc.data, dict):
        out.append(
            doc.finding(
                (),
                "not-a-mapping",
                "integ.yaml must be a mapping of settings (organisation:, rules: ...)",
            )
        )
    elif doc.ok:
        from .concept import Settings
        from .rules import all_rules, did_you_mean

        out += _schema(doc, Settings, doc.data)
        from .rules.workspace import settings_findings

        out += settings_findings(ws)  # municipalities whose AGS is not of the district
        rules = doc.data.get("rules")
        if isinstance(rules, dict):
            names = all_rules()
            for name in rules:
                if name not in names:
                    out.append(
                        doc.finding(
                            ("rules", name),
                            "unknown-key",
                            f"unknown rule '{name}'"
                            f"{did_you_mean(name, names)}; "
                            "'integ rules' lists them",
                            key=True,
                        )
                    )
    return out


def _schema(doc: yaml_io.Document, model: Any, data: Any) -> list[Finding]:
    from .rules.structure import schema_hits

    return [
        doc.finding(hit.path, rule, hit.message, key=hit.key, params=hit.params,
                    subject=hit.subject)
        for rule, hit in schema_hits(model, data)
    ]


def _registry_findings(ws: Workspace) -> list[Finding]:
    doc = ws.registry
    if doc is None:
        return []
    out = list(doc.findings)
    if doc.ok and not isinstance(doc.data, dict):
        out.append(
            doc.finding(
                (), "not-a-mapping", "actors.yaml must start with 'actors:' and a list of actors"
            )
        )
    elif doc.ok:
        from .concept import ActorRegistry

        out += _schema(doc, ActorRegistry, doc.data)
        seen: dict[str, int] = {}
        actors = doc.data.get("actors")
        for i, actor in enumerate(actors if isinstance(actors, list) else []):
            ident = actor.get("id") if isinstance(actor, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                line = doc.locate(("actors", seen[ident], "id")).line
                out.append(
                    doc.finding(
                        ("actors", i, "id"),
                        "duplicate-id",
                        f"actor id '{ident}' is already used on line {line}",
                    )
                )
            else:
                seen[ident] = i
    return out


def check_concept(
    doc: yaml_io.Document, ws: Workspace, today: dt.date, table: dict[str, str]
) -> list[Finding]:
    """Every finding of one concept file, severities applied."""
    from .concept import FORMAT, Concept
    from .rules import Context, all_rules

    raw: list[Finding] = list(doc.findings)
    if doc.ok and not isinstance(doc.data, dict):
        raw.append(
            doc.finding(
                (),
                "not-a-mapping",
                "the top level must be a mapping (format:, id:, title: "
                f"...), not {'a list' if isinstance(doc.data, list) else 'a single value'}",
            )
        )
    elif doc.ok and doc.data.get("format", FORMAT) != FORMAT:
        raw.append(
            doc.finding(
                ("format",),
                "unknown-format",
                f"unknown format '{doc.data.get('format')}'; this version "
                f"of integ reads '{FORMAT}' (is integ out of date?)",
            )
        )
    elif doc.ok:
        raw += _schema(doc, Concept, doc.data)
        ctx = Context(doc=doc, data=doc.data, stem=doc.path.stem, today=today, workspace=ws)
        for name, rule in all_rules().items():
            if rule.check is None or table.get(name) == "off":
                continue
            for hit in rule.check(ctx):
                raw.append(
                    Finding(
                        doc.display,
                        doc.locate(hit.path, key=hit.key),
                        name,
                        rule.severity,
                        hit.message,
                        format_path(hit.path),
                        hit.params or {},
                        hit.subject,
                    )
                )
    return _apply(raw, table)


def _apply(findings: list[Finding], table: dict[str, str]) -> list[Finding]:
    out = []
    for f in findings:
        severity = table.get(f.rule, f.severity)
        if severity == "off":
            continue
        out.append(
            f
            if severity == f.severity
            else f.with_severity(severity)
        )
    return out


def _check_path(
    path: Path, ws: Workspace, today: dt.date, table: dict[str, str]
) -> tuple[list[Finding], dict[str, str]]:
    """A concept's findings, and the other concept files (display → hash) its rules read."""
    ws.accessed.clear()
    doc = yaml_io.load(path, display_path(path))
    found = check_concept(doc, ws, today, table)
    deps = {}
    for ident in sorted(ws.accessed):
        other = ws.document(ident)
        if other is not None and other.display != doc.display:
            deps[other.display] = other.sha256
    return found, deps


def _context(ws: Workspace, today: dt.date, shas: dict[str, str | None]) -> dict[str, Any]:
    """What every cached result depends on besides the file itself: rules look across
    concepts (references, districts, actors, AGS), so every concept's content counts."""

    def sha(path: Path) -> str | None:
        try:
            return digest(yaml_io.read_regular(path))
        except OSError:
            return None

    from .workspace import SETTINGS_FILE

    return {
        "today": today.isoformat(),
        "settings": sha(ws.root / SETTINGS_FILE),
        "registry": sha(ws.registry_path),
        "concepts": digest(json.dumps(sorted(shas.items())).encode()),
    }


def concept_shas(ws: Workspace) -> dict[str, str | None]:
    """Every concept file's hash by display path (None when it cannot be read)."""
    shas: dict[str, str | None] = {}
    for p in ws.concept_files.values():
        try:
            shas[display_path(p)] = digest(yaml_io.read_regular(p))
        except OSError:
            shas[display_path(p)] = None
    return shas


def validate(ws: Workspace, paths: list[Path], today: dt.date, use_cache: bool = True) -> Result:
    """Check the files that ``paths`` mean (all concepts when empty), and the
    workspace's settings and actor registry. Unchanged files come from the cache."""
    files = ws.targets(paths)
    concepts = [p for p in files if not ws.is_special(p)]
    result = Result()
    shas = concept_shas(ws)
    cache = Cache(ws.root, _context(ws, today, shas)) if use_cache else None
    special = [p for p in (ws.root / "integ.yaml", ws.registry_path) if p.is_file()]
    todo: list[Path] = []
    keys: dict[Path, str] = {}
    found: dict[Path, list[Finding]] = {}
    for path in [*special, *concepts]:
        display = display_path(path)
        result.files.append(display)
        if cache is None:
            todo.append(path)
            continue
        sha = shas.get(display)
        if sha is None:
            try:
                sha = digest(yaml_io.read_regular(path))
            except OSError:
                todo.append(path)
                continue
        keys[path] = cache.key(display, sha)
        hit = cache.get(keys[path], shas)
        if hit is None:
            todo.append(path)
        else:
            found[path] = hit
    if todo:
        table = severities(ws)
        todo_concepts = [p for p in todo if p not in special]
        for path in todo:
            if path in special:
                getter = (
                    _settings_findings
                    if path.name == "integ.yaml" and path.parent == ws.root
                    else _registry_findings
                )
                found[path] = _apply(getter(ws), table)
                if cache is not None:
                    cache.put(keys[path], display_path(path), found[path], {})
        for path, (findings, deps) in zip(todo_concepts, _map(todo_concepts, ws, today, table)):
            found[path] = findings
            if cache is not None and path in keys:
                cache.put(keys[path], display_path(path), findings, deps)
    for path in [*special, *concepts]:
        result.findings += found.get(path, [])
    if cache is not None:
        cache.save()
    return result


def _map(
    paths: list[Path], ws: Workspace, today: dt.date, table: dict[str, str]
) -> list[tuple[list[Finding], dict[str, str]]]:
    """Check files, on every core when there is enough to do."""
    from .parallel import map_files

    return map_files(lambda p: _check_path(p, ws, today, table), paths, PARALLEL_MIN_BYTES)
