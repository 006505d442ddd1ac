"""Run the rules over files and collect every finding of every file.

Findings made here (message id: params; rule):

* ``finding.settings.unknown-rule[.suggest]``: name, suggestion (unknown-key in
  integ.yaml's `rules:`);
* ``finding.not-a-mapping.settings``, ``finding.not-a-mapping.registry``,
  ``finding.not-a-mapping.concept``: shape (``list`` or ``scalar``);
* ``finding.unknown-format``: format, expected;
* ``finding.duplicate-id.registry``: id (actors.yaml; subject the actor);
* ``finding.invalid-id.umlauts``: value, suggestion (the transliterated id), n (how
  many places use the id): rule invalid-value, once per id (``_umlaut_ids``).

One mistake, one finding: a structural finding that suggests a replacement
(``params["suggestion"]``, e.g. the transliterated id for `vhs-müsterstadt`) is kept
once per file, rule and value, at the place that declares it (a path ending in `id`)
when there is one; the other places that use the same value are not repeated.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import yaml_io
from .cache import Cache, digest
from .problems import ERROR, WARNING, Finding, Result, Subject, format_path
from .workspace import Workspace, display_path

# The model (pydantic) and the rules are imported where they are needed: a run whose
# files all come from the cache never loads them.

PARALLEL_MIN_BYTES = 1_500_000


def severities(ws: Workspace) -> dict[str, str]:
    """rule name -> error | warning | off, after integ.yaml's `rules:`."""
    from .rules import all_rules
    from .rules.structure import STRUCTURAL

    table = {name: r.severity for name, r in all_rules().items()}
    for name, value in ws.rule_settings.items():
        if name in STRUCTURAL:
            continue  # cannot be switched off or down: _settings_findings says so
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
                "finding.not-a-mapping.settings",
                params={"shape": _shape(doc.data)},
            )
        )
    elif doc.ok:
        from .concept import Settings
        from .rules import all_rules, suggest

        out += _schema(doc, Settings, doc.data)
        from .rules.workspace import settings_findings

        out += settings_findings(ws)  # municipalities whose AGS is not of the district
        rules = doc.data.get("rules")
        if isinstance(rules, dict):
            names = all_rules()
            from .rules.structure import STRUCTURAL

            for name, value in rules.items():
                if name in STRUCTURAL and value != names[name].severity:
                    out.append(
                        doc.finding(
                            ("rules", name),
                            "invalid-value",
                            "finding.settings.structural-rule",
                            params={"name": str(name), "value": str(value)},
                        )
                    )
                if name not in names:
                    close = suggest(name, names)
                    out.append(
                        doc.finding(
                            ("rules", name),
                            "unknown-key",
                            "finding.settings.unknown-rule" + (".suggest" if close else ""),
                            key=True,
                            params={"name": str(name), **({"suggestion": close} if close else {})},
                        )
                    )
    return out


def _schema(doc: yaml_io.Document, model: Any, data: Any) -> list[Finding]:
    from .rules.structure import schema_hits

    hits = _umlaut_ids(list(schema_hits(model, data)), data)
    return [
        doc.finding(
            hit.path, rule, hit.message, key=hit.key, params=hit.params, subject=hit.subject
        )
        for rule, hit in hits
    ]


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for part in path:
        if isinstance(node, dict) and not isinstance(part, int):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _spelling(value: str, data: Any) -> str:
    """The ASCII id to suggest for an id with umlauts: the spelling the concept already
    uses elsewhere (`vhs-musterdorf` for `vhs-müsterdorf`), else ü → ue, ß → ss."""
    import unicodedata

    from .rules import transliterate

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    plain = "-".join(plain.split())
    if plain != transliterate(value) and plain in set(_strings(data)):
        return plain
    return transliterate(value)


def _umlaut_ids(hits: list[tuple[str, Any]], data: Any) -> list[tuple[str, Any]]:
    """An id with umlauts or ß (`vhs-müsterstadt`) is one mistake: one finding
    ``finding.invalid-id.umlauts`` (rule invalid-value; params value, suggestion and n,
    the number of places that use it) at the place that declares it (a path ending in
    `id`, else the first), instead of one per place."""
    import re

    from .concept import ID_PATTERN
    from .rules import Hit, subject_at, transliterate

    valid = re.compile(ID_PATTERN)
    places: dict[str, list[int]] = {}
    for i, (rule, hit) in enumerate(hits):
        value = _value_at(data, hit.path) if rule == "invalid-value" and not hit.key else None
        if (
            isinstance(value, str)
            and not value.isascii()
            and not valid.match(value)
            and valid.match(transliterate(value))
        ):
            places.setdefault(value, []).append(i)
    if not places:
        return hits
    out: list[tuple[str, Any]] = []
    merged = {i for group in places.values() for i in group}
    keep = {
        next((i for i in group if hits[i][1].path[-1:] == ("id",)), group[0]): value
        for value, group in places.items()
    }
    for i, (rule, hit) in enumerate(hits):
        if i not in merged:
            out.append((rule, hit))
        elif i in keep:
            value = keep[i]
            params = {"value": value, "suggestion": _spelling(value, data), "n": len(places[value])}
            out.append(
                (
                    rule,
                    Hit(
                        hit.path,
                        "finding.invalid-id.umlauts",
                        params=params,
                        subject=subject_at(data, hit.path),
                    ),
                )
            )
    return out


def _registry_findings(ws: Workspace) -> list[Finding]:
    doc = ws.registry
    if doc is None:
        return []
    out = list(doc.findings)
    if doc.ok and not isinstance(doc.data, dict):
        out.append(
            doc.finding(
                (),
                "not-a-mapping",
                "finding.not-a-mapping.registry",
                params={"shape": _shape(doc.data)},
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
                out.append(
                    doc.finding(
                        ("actors", i, "id"),
                        "duplicate-id",
                        "finding.duplicate-id.registry",
                        params={"id": ident},
                        subject=Subject("actor", ident),
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
                "finding.not-a-mapping.concept",
                params={"shape": _shape(doc.data)},
            )
        )
    elif doc.ok and doc.data.get("format", FORMAT) != FORMAT:
        raw.append(
            doc.finding(
                ("format",),
                "unknown-format",
                "finding.unknown-format",
                params={"format": _plain(doc.data.get("format")), "expected": FORMAT},
                subject=Subject("concept", _plain_id(doc.data.get("id"))),
            )
        )
    elif doc.ok:
        raw += _one_per_mistake(_schema(doc, Concept, doc.data))
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


def _shape(data: Any) -> str:
    return "list" if isinstance(data, list) else "scalar"


def _plain(value: Any) -> Any:
    """A value as a JSON param (dates, odd types as text)."""
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _plain_id(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _one_per_mistake(findings: list[Finding]) -> list[Finding]:
    """Structural findings that suggest a replacement for a value (an id with
    umlauts: `vhs-müsterstadt` → `vhs-muesterstadt`) once per value, at the place that
    declares it (a path ending in `id`) when there is one, else at the first place."""
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i, f in enumerate(findings):
        value, suggestion = f.params.get("value"), f.params.get("suggestion")
        if isinstance(value, str) and isinstance(suggestion, str):
            groups.setdefault((f.file, f.rule, value, suggestion), []).append(i)
    drop: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            keep = next((i for i in members if findings[i].path.split(".")[-1] == "id"), members[0])
            drop.update(i for i in members if i != keep)
    return [f for i, f in enumerate(findings) if i not in drop]


def _apply(findings: list[Finding], table: dict[str, str]) -> list[Finding]:
    out = []
    for f in findings:
        severity = table.get(f.rule, f.severity)
        if severity == "off":
            continue
        out.append(f if severity == f.severity else f.with_severity(severity))
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
