"""Shell completion of concept files and ids (typer ``autocompletion`` callbacks).

Fast and never failing: a callback reads only what it needs (the concept named on the
command line so far, or every concept of the workspace), and any problem (no
workspace, a broken file) completes nothing instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Item = tuple[str, str]


def _safe(fn: Callable[..., list[Item]]) -> Callable[..., list[Item]]:
    def run(ctx: Any = None, args: Any = None, incomplete: str = "") -> list[Item]:
        try:
            return [(v, h) for v, h in fn(ctx) if v.startswith(incomplete or "")]
        except Exception:  # noqa: BLE001 (completion must never break the shell)
            return []

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def _named(ctx: Any) -> Path | None:
    """The concept file given so far (--concept, or update's PATH)."""
    params = getattr(ctx, "params", None) or {}
    for key in ("concept", "path"):
        value = params.get(key)
        if value:
            return Path(value)
    paths = params.get("paths")
    if paths:
        return Path(paths[0])
    return None


def _documents(ctx: Any) -> list[dict[str, Any]]:
    from . import yaml_io
    from .workspace import Workspace

    named = _named(ctx)
    if named is not None and named.is_file():
        files = [named]
    else:
        ws = Workspace.open(named if named is not None else None)
        files = list(ws.concept_files.values())
    out = []
    for path in files[:200]:
        doc = yaml_io.load(path)
        if doc.ok and isinstance(doc.data, dict):
            out.append(doc.data)
    return out


def _title(item: dict[str, Any]) -> str:
    for key in ("title", "name", "label"):
        if isinstance(item.get(key), str):
            return " ".join(str(item[key]).split())[:60]
    return ""


def _items(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    def lst(node: Any, key: str) -> list[dict[str, Any]]:
        value = node.get(key) if isinstance(node, dict) else None
        return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []

    fields = lst(data, "fields")
    goals = [g for f in fields for g in lst(f, "goals")]
    return {
        "field": fields,
        "goal": goals,
        "indicator": [i for g in goals for i in lst(g, "indicators")],
        "measure": lst(data, "measures"),
        "actor": lst(data, "actors"),
        "network": lst(data, "networks"),
        "target group": lst(data, "target_groups"),
        "contact": lst(data, "contacts"),
        "figure": lst(data.get("situation") or {}, "figures"),
    }.get(kind, [])


def _ids(ctx: Any, *kinds: str) -> list[Item]:
    seen: dict[str, str] = {}
    for data in _documents(ctx):
        for kind in kinds:
            for item in _items(data, kind):
                if isinstance(item.get("id"), str):
                    seen.setdefault(item["id"], _title(item))
    if "actor" in kinds:
        from . import yaml_io
        from .workspace import Workspace

        named = _named(ctx)
        ws = Workspace.open(named)
        if ws.registry_path.is_file():
            reg = yaml_io.load(ws.registry_path)
            for item in _items(reg.data if isinstance(reg.data, dict) else {}, "actor"):
                if isinstance(item.get("id"), str):
                    seen.setdefault(item["id"], _title(item))
    return sorted(seen.items())


@_safe
def concept_files(ctx: Any) -> list[Item]:
    """The workspace's concept files."""
    from .workspace import Workspace, display_path

    ws = Workspace.open()
    return [(display_path(p), "") for p in sorted(ws.concept_files.values())]


@_safe
def goal_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "goal")


@_safe
def field_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "field")


@_safe
def indicator_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "indicator")


@_safe
def measure_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "measure")


@_safe
def actor_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "actor")


@_safe
def network_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "network")


@_safe
def target_group_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "target group")


@_safe
def goal_or_indicator_ids(ctx: Any) -> list[Item]:
    return _ids(ctx, "goal", "indicator")


@_safe
def update_ids(ctx: Any) -> list[Item]:
    """What `integ update` changes: measures, indicators and the rest."""
    return _ids(ctx, "measure", "indicator", "goal", "field", "actor", "network", "contact")


@_safe
def any_ids(ctx: Any) -> list[Item]:
    from .add import REMOVABLE

    return _ids(ctx, *REMOVABLE)


@_safe
def statuses(ctx: Any) -> list[Item]:
    from .concept import MEASURE_STATUS
    from .i18n import enum

    return [(v, enum("measure_status", v)) for v in MEASURE_STATUS]


@_safe
def actor_types(ctx: Any) -> list[Item]:
    from .concept import ACTOR_TYPES
    from .i18n import enum

    return [(v, enum("actor_type", v)) for v in ACTOR_TYPES]
