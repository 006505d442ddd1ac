"""Across concepts: what the district's concepts must agree on.

These rules look at one concept against the rest of the workspace: the shared actor
registry, the district concept and the other concepts' own actors. What they need of
the other concepts (the `municipality:` and `actors:` blocks) is read once per process
into an index (:func:`index`), by parsing just those two blocks of each file, so that a
check of one file does not load every other file in full. Each rule names the concepts
its answer depended on in ``Workspace.accessed``, for the validator's cache; a concept
that *newly* defines a conflicting actor is reported in that concept at once, and in
the concept it conflicts with when that one is checked again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import yaml_io
from . import Context, Hit, label, rule

if TYPE_CHECKING:
    from ..workspace import Workspace

AGS = re.compile(r"^\d{8}$")


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class ActorDef:
    concept: str  # concept id, or "" for the shared registry
    name: str | None
    type: str | None


@dataclass
class ConceptFacts:
    id: str
    path: Path
    name: str | None = None
    type: str | None = None
    ags: str | None = None
    district: str | None = None
    actors: dict[str, ActorDef] = field(default_factory=dict)


@dataclass
class Index:
    concepts: dict[str, ConceptFacts] = field(default_factory=dict)
    registry: dict[str, ActorDef] = field(default_factory=dict)
    actors: dict[str, list[ActorDef]] = field(default_factory=dict)  # own definitions

    @property
    def districts(self) -> list[ConceptFacts]:
        return [c for c in self.concepts.values() if c.type == "district"]


_KEY = re.compile(r"""^(["']?)(municipality|actors)\1[ \t]*:(?=[ \t]|$)""", re.MULTILINE)
_TOP_LINE = re.compile(r"^[^\s#]", re.MULTILINE)
_CACHE = "_integ_rules_workspace_index"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def facts_of(ident: str, path: Path, data: Any) -> ConceptFacts:
    """The facts the rules need, from a concept's data (full or just the two blocks)."""
    out = ConceptFacts(ident, path)
    if not isinstance(data, dict):
        return out
    mun = data.get("municipality")
    if isinstance(mun, dict):
        out.name, out.type = _text(mun.get("name")), _text(mun.get("type"))
        out.ags, out.district = _text(mun.get("ags")), _text(mun.get("district"))
    actors = data.get("actors")
    for actor in actors if isinstance(actors, list) else []:
        if (
            isinstance(actor, dict)
            and isinstance(actor.get("id"), str)
            and actor["id"] not in out.actors
        ):
            out.actors[actor["id"]] = ActorDef(
                ident, _text(actor.get("name")), _text(actor.get("type"))
            )
    return out


def _blocks(path: Path) -> Any:
    """Only the top-level `municipality:` and `actors:` blocks of a concept file, parsed;
    the whole file when its layout is unusual (flow style, anchors across blocks ...)."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if len(raw) > yaml_io.MAX_BYTES:
        return None
    found = list(_KEY.finditer(text))
    names = [m.group(2) for m in found]
    first = _TOP_LINE.search(text.removeprefix("---"))
    usual = (
        len(set(names)) == len(names)
        and "municipality" in names
        and first is not None
        and first.group() not in "{[&!%"
    )
    if usual:
        parts = []
        for m in found:
            line_end = text.find("\n", m.end())
            nxt = _TOP_LINE.search(text, line_end + 1) if line_end >= 0 else None
            parts.append(text[m.start() : nxt.start() if nxt else len(text)])
        doc = yaml_io.load(path, str(path), data="\n".join(parts).encode("utf-8"))
        if doc.ok and isinstance(doc.data, dict):
            return doc.data
    doc = yaml_io.load(path, str(path), data=raw)
    return doc.data if doc.ok else None


def index(ws: Workspace) -> Index:
    """The workspace's cross-concept facts, built once per Workspace (and process)."""
    cached = ws.__dict__.get(_CACHE)
    if isinstance(cached, Index):
        return cached
    idx = Index()
    reg = ws.registry
    actors = (
        reg.data.get("actors")
        if reg is not None and reg.ok and isinstance(reg.data, dict)
        else None
    )
    for actor in actors if isinstance(actors, list) else []:
        if (
            isinstance(actor, dict)
            and isinstance(actor.get("id"), str)
            and actor["id"] not in idx.registry
        ):
            idx.registry[actor["id"]] = ActorDef(
                "", _text(actor.get("name")), _text(actor.get("type"))
            )
    for ident, path in ws.concept_files.items():
        facts = facts_of(ident, path, _blocks(path))
        idx.concepts[ident] = facts
        for actor_id, definition in facts.actors.items():
            idx.actors.setdefault(actor_id, []).append(definition)
    ws.__dict__[_CACHE] = idx
    return idx


def _depends(ctx: Context, *idents: str) -> None:
    """Tell the validator's cache which other concepts a finding (or its absence)
    depends on: when one of them changes, this file is checked again."""
    accessed = getattr(ctx.workspace, "accessed", None)
    if isinstance(accessed, set):
        accessed.update(i for i in idents if i != ctx.stem)


def district_prefix(ags: Any) -> str | None:
    """The Kreis part of an AGS (the first five digits), or None for no valid AGS."""
    return ags[:5] if isinstance(ags, str) and AGS.match(ags) else None


# --------------------------------------------------------------------------- rules


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    norm = lambda s: " ".join(s.replace("–", "-").replace("—", "-").casefold().split())
    return norm(a) == norm(b)


def _describe(d: ActorDef) -> str:
    return f"'{d.name}' ({d.type})" if d.type else f"'{d.name}'"


@rule("actor-conflict")
def actor_conflict(ctx: Context) -> Iterator[Hit]:
    """An actor id means the same actor in every concept of the workspace: a concept's
    own `actors:` entry has the name and type of the shared `actors.yaml` entry and of
    every other concept's entry with that id (names compared without regard to case,
    spaces and dashes).

    Why: the district's overview (`integ status --alignment`, the export's actor sheet)
    counts an actor across all concepts by its id; one id for two organisations merges
    them, and a Jobcenter's measures show up under a course provider.

    Bad:
      # concepts/stadt-a.yaml
      actors:
        - {id: vhs, name: Volkshochschule Gaggenau, type: education}
      # concepts/gemeinde-b.yaml
      actors:
        - {id: vhs, name: Volkshochschule Durmersheim, type: education}
    Good:
      actors:
        - {id: vhs-gaggenau, name: Volkshochschule Gaggenau, type: education}
      # and in the other concept: vhs-durmersheim
    """
    idx = index(ctx.workspace)
    for apath, actor in ctx.items("actors"):
        ident = actor.get("id")
        if not isinstance(ident, str):
            continue
        mine = ActorDef(ctx.stem, _text(actor.get("name")), _text(actor.get("type")))
        others = [d for d in idx.actors.get(ident, []) if d.concept != ctx.stem]
        _depends(ctx, *(d.concept for d in others))
        registry = idx.registry.get(ident)
        if registry is not None:
            others.insert(0, registry)
        for other in others:
            same_name, same_type = _same(mine.name, other.name), _same(mine.type, other.type)
            if same_name and same_type:
                continue
            where = "the shared actors.yaml" if not other.concept else f"concept '{other.concept}'"
            fix = (
                ("drop this entry to use the registry's, or give a different actor its own id")
                if not other.concept
                else (
                    "use one name and type in both, or give a different actor its own id "
                    "(shared actors belong in actors.yaml)"
                )
            )
            yield Hit(
                (*apath, "name" if not same_name else "type"),
                f"{label(actor, 'actor')} is {_describe(mine)} here but "
                f"{_describe(other)} in {where}; {fix}",
            )
            break


@rule("district-mismatch")
def district_mismatch(ctx: Context) -> Iterator[Hit]:
    """`municipality.district` names the district concept of the workspace: when the
    workspace holds one district (`type: district`), a town's or municipality's
    `district` is that district's id; a district itself names none.

    Why: the district's overview, alignment and reports collect their towns by
    `municipality.district`; a town that names another (or a misspelt) district drops
    out of them. A town that keeps its repository alone is not checked.

    Bad:
      # the workspace holds concepts/landkreis-rastatt.yaml
      municipality: {name: Stadt Gaggenau, type: town, district: landkreis-karlsruhe}
    Good:
      municipality: {name: Stadt Gaggenau, type: town, district: landkreis-rastatt}
    """
    named = ctx.get("municipality", "district")
    kind = ctx.get("municipality", "type")
    if not isinstance(named, str) or not named:
        return
    where = ("municipality", "district")
    if kind == "district":
        yield Hit(
            where,
            f"this concept is a district, and a district belongs to no other "
            f"district; remove municipality.district ('{named}') or set it "
            "to null",
        )
        return
    districts = [c for c in index(ctx.workspace).districts if c.id != ctx.stem]
    _depends(ctx, *(d.id for d in districts))
    if len(districts) != 1 or named == districts[0].id:
        return
    if ctx.workspace.has_concept(named):
        return  # names another concept of the workspace: unknown-reference says why
    yield Hit(
        where,
        f"municipality.district is '{named}', but the district of this "
        f"workspace is '{districts[0].id}' ({districts[0].name}); write "
        f"district: {districts[0].id}",
    )


@rule("ags-outside-district")
def ags_outside_district(ctx: Context) -> Iterator[Hit]:
    """The Amtlicher Gemeindeschlüssel fits the district: a town's or municipality's
    `ags` starts with the first five digits of the AGS of the district that its
    `municipality.district` names (when that concept is in the workspace), and a
    district's own AGS is a Kreis code ending in `000`.

    Why: the first five digits of an AGS are the Land, Regierungsbezirk and Kreis; a
    code from another Kreis is a typo or a copy from a neighbour's concept, and
    statistics looked up by it come from the wrong municipality.

    Bad:
      # district landkreis-rastatt has ags "08216000"
      municipality: {name: Stadt Gaggenau, type: town, ags: "08215015",
                     district: landkreis-rastatt}
    Good:
      municipality: {name: Stadt Gaggenau, type: town, ags: "08216015",
                     district: landkreis-rastatt}
    """
    ags = ctx.get("municipality", "ags")
    if district_prefix(ags) is None:
        return
    where = ("municipality", "ags")
    if ctx.get("municipality", "type") == "district":
        if not ags.endswith("000"):
            yield Hit(
                where,
                f"'{ags}' is the code of a municipality; the AGS of a district "
                f"is its Kreis code with 000, e.g. '{ags[:5]}000'",
            )
        return
    named = ctx.get("municipality", "district")
    if not isinstance(named, str) or named == ctx.stem:
        return
    district = index(ctx.workspace).concepts.get(named)
    if district is not None:
        _depends(ctx, named)
    prefix = district_prefix(district.ags) if district else None
    if district is None or district.type != "district" or prefix is None:
        return
    if not ags.startswith(prefix):
        yield Hit(
            where,
            f"AGS '{ags}' does not belong to district '{named}' (AGS "
            f"'{district.ags}': codes of its municipalities start with "
            f"{prefix}); check the code or municipality.district",
        )


def settings_findings(ws: Workspace) -> list[Any]:
    """`municipalities:` in integ.yaml whose AGS is not of the workspace's district (one
    district concept with an AGS): findings for integ.yaml, rule ags-outside-district.

    `integ validate` reports them with integ.yaml's other findings."""
    from ..problems import ERROR

    doc = ws.settings_doc
    listed = ws.settings.get("municipalities")
    districts = [d for d in index(ws).districts if district_prefix(d.ags)]
    if doc is None or not doc.ok or not isinstance(listed, list) or len(districts) != 1:
        return []
    district = districts[0]
    prefix = district_prefix(district.ags)
    out = []
    for i, entry in enumerate(listed):
        ags = entry.get("ags") if isinstance(entry, dict) else None
        if district_prefix(ags) is not None and not ags.startswith(prefix or ""):
            out.append(
                doc.finding(
                    ("municipalities", i, "ags"),
                    "ags-outside-district",
                    f"municipality '{entry.get('id')}': AGS '{ags}' does "
                    f"not belong to district '{district.id}' (codes of its "
                    f"municipalities start with {prefix})",
                    ERROR,
                )
            )
    return out
