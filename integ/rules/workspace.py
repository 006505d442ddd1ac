"""Across concepts: what the district's concepts must agree on.

These rules look at one concept against the rest of the workspace: the shared actor
registry, the district concept and the other concepts' own actors. What they need of
the other concepts (the `municipality:` and `actors:` blocks) is read once per process
into an index (:func:`index`), by parsing just those two blocks of each file, so that a
check of one file does not load every other file in full. Each rule names the concepts
its answer depended on in ``Workspace.accessed``, for the validator's cache; a concept
that *newly* defines a conflicting actor is reported in that concept at once, and in
the concept it conflicts with when that one is checked again.

Actors are concept-local (format.md: an id is unique within its concept) unless they
come from the shared ``actors.yaml``: two towns that each call their Volkshochschule
`vhs` are valid. Across concepts an actor is the same actor when it has the same
registry id, or (as a hint) the same name, never because of a bare local id
(:func:`actor_key`, which the district view uses to count actors).

Findings (subject: the actor, the concept for the AGS and district rules):

* ``finding.actor-conflict.registry`` / ``.registry-type``: id, name, other (the
  registry's name), type, other_type, registry (its file name): a local entry redefines
  a registry actor with another name (type);
* ``finding.actor-conflict.registry-name``: id, name, registry_id, registry: a local
  actor has the name of a registry actor under another id;
* ``finding.actor-conflict.same-name``: id, name, concept, other_id, registry: another
  concept has a local actor with the same name (a shared actor: move it to actors.yaml);
* ``finding.district-mismatch.self``: district; ``finding.district-mismatch.other``:
  district, expected, name;
* ``finding.ags-outside-district.district-code``: ags, suggestion;
  ``finding.ags-outside-district.town``: ags, district, district_ags, prefix;
  ``finding.ags-outside-district.settings`` (integ.yaml's municipalities): id, ags,
  district, prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import yaml_io
from ..problems import WARNING, Subject
from . import Context, Hit, rule, subject_at, subject_of

if TYPE_CHECKING:
    from ..workspace import Workspace

AGS = re.compile(r"^\d{8}$")


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class ActorDef:
    concept: str  # concept id, or "" for the shared registry
    name: str | None
    type: str | None
    id: str = ""


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
    names: dict[str, list[ActorDef]] = field(default_factory=dict)  # normalised name → defs

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
                ident, _text(actor.get("name")), _text(actor.get("type")), actor["id"]
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
                "", _text(actor.get("name")), _text(actor.get("type")), actor["id"]
            )
            if _text(actor.get("name")):
                idx.names.setdefault(normalise_name(actor["name"]), []).append(
                    idx.registry[actor["id"]]
                )
    for ident, path in ws.concept_files.items():
        facts = facts_of(ident, path, _blocks(path))
        idx.concepts[ident] = facts
        for actor_id, definition in facts.actors.items():
            idx.actors.setdefault(actor_id, []).append(definition)
            if definition.name:
                idx.names.setdefault(normalise_name(definition.name), []).append(definition)
    ws.__dict__[_CACHE] = idx
    return idx


def normalise_name(name: str) -> str:
    """A name as actors are compared: case, spaces and dashes do not count."""
    return " ".join(name.replace("–", "-").replace("—", "-").casefold().split())


def actor_key(idx: Index, concept: str, actor_id: str) -> str:
    """The key under which the district view counts an actor across concepts.

    ``registry:<id>`` for an actor of actors.yaml (used by id, and not redefined in the
    concept under another name); ``name:<normalised name>`` for a concept-local actor
    that has a name (equal names across concepts count as one actor: a hint, the rule
    actor-conflict suggests actors.yaml); else ``local:<concept>:<id>``, never shared.
    """
    own = idx.concepts.get(concept)
    mine = own.actors.get(actor_id) if own is not None else None
    registry = idx.registry.get(actor_id)
    if registry is not None and (mine is None or _same(mine.name, registry.name)):
        return f"registry:{actor_id}"
    if mine is not None and mine.name:
        return f"name:{normalise_name(mine.name)}"
    return f"local:{concept}:{actor_id}"


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
    return normalise_name(a) == normalise_name(b)


@rule("actor-conflict", WARNING)
def actor_conflict(ctx: Context) -> Iterator[Hit]:
    """A concept's own actor does not contradict the shared `actors.yaml`, and an actor
    that several concepts share is declared once, in `actors.yaml`.

    Actors are local to their concept: two towns may each call their Volkshochschule
    `vhs`. Reported: an `actors:` entry with the id of an `actors.yaml` actor but
    another name or type; an entry with the name of an `actors.yaml` actor under
    another id; an entry whose name another concept also declares (names compared
    without regard to case, spaces and dashes).

    Why: the district's overview (`integ status --alignment`, the export's actor sheet)
    counts an actor across all concepts by its `actors.yaml` id (or, failing that, by
    its name); an actor declared in each town separately is counted once per spelling,
    and a local entry that redefines a shared id hides the shared actor.

    Bad:
      # concepts/stadt-a.yaml and concepts/gemeinde-b.yaml both declare
      actors:
        - {id: jobcenter, name: Jobcenter Landkreis Rastatt, type: jobcenter}
    Good:
      # actors.yaml
      actors:
        - {id: jobcenter-rastatt, name: Jobcenter Landkreis Rastatt, type: jobcenter}
      # and both concepts use lead: jobcenter-rastatt, with no entry of their own
    """
    idx = index(ctx.workspace)
    registry_file = ctx.workspace.registry_path.name
    for apath, actor in ctx.items("actors"):
        ident = actor.get("id")
        if not isinstance(ident, str):
            continue
        name, kind = _text(actor.get("name")), _text(actor.get("type"))
        subject = subject_of(actor, "actor")
        registry = idx.registry.get(ident)
        if registry is not None:
            if not _same(name, registry.name):
                yield Hit(
                    (*apath, "name"),
                    "finding.actor-conflict.registry",
                    params={"id": ident, "name": name, "other": registry.name,
                            "registry": registry_file},
                    subject=subject,
                )
            elif not _same(kind, registry.type):
                yield Hit(
                    (*apath, "type"),
                    "finding.actor-conflict.registry-type",
                    params={"id": ident, "name": name, "type": kind,
                            "other_type": registry.type, "registry": registry_file},
                    subject=subject,
                )
            continue
        if not name:
            continue
        same = [d for d in idx.names.get(normalise_name(name), []) if d.concept != ctx.stem]
        shared = next((d for d in same if not d.concept), None)
        if shared is not None:
            yield Hit(
                (*apath, "name"),
                "finding.actor-conflict.registry-name",
                params={"id": ident, "name": name, "registry_id": shared.id,
                        "registry": registry_file},
                subject=subject,
            )
            continue
        _depends(ctx, *(d.concept for d in same))
        if same:
            other = min(same, key=lambda d: d.concept)
            yield Hit(
                (*apath, "name"),
                "finding.actor-conflict.same-name",
                params={"id": ident, "name": name, "concept": other.concept,
                        "other_id": other.id, "registry": registry_file},
                subject=subject,
            )


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
            "finding.district-mismatch.self",
            params={"district": named},
            subject=subject_at(ctx.data, ()),
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
        "finding.district-mismatch.other",
        params={"district": named, "expected": districts[0].id, "name": districts[0].name},
        subject=subject_at(ctx.data, ()),
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
                "finding.ags-outside-district.district-code",
                params={"ags": ags, "suggestion": f"{ags[:5]}000"},
                subject=subject_at(ctx.data, ()),
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
            "finding.ags-outside-district.town",
            params={"ags": ags, "district": named, "district_ags": district.ags,
                    "prefix": prefix},
            subject=subject_at(ctx.data, ()),
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
            town = entry.get("id") if isinstance(entry.get("id"), str) else None
            out.append(
                doc.finding(
                    ("municipalities", i, "ags"),
                    "ags-outside-district",
                    "finding.ags-outside-district.settings",
                    ERROR,
                    params={"id": town or f"#{i + 1}", "ags": ags, "district": district.id,
                            "prefix": prefix},
                    subject=Subject("concept", town),
                )
            )
    return out
