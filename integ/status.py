"""`integ status`: the workspace at a glance, for a district and its towns.

Pure core: data in, a :class:`Status` out; the text (rich) view lives in cli_status.py,
the Markdown and JSON views are here. Every concept file is loaded once; its summary
(the row, and what the alignment needs) is made right after the validator's
``check_concept`` ran on the same loaded document, on both cores when the workspace is
large enough (as ``integ validate`` does).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import i18n, yaml_io
from .dates import add_months, next_review, parse_date, valid_cycle
from .labels import STATUS_ORDER, Locale
from .problems import ERROR, WARNING
from .workspace import Workspace, display_path

CONCEPT_STATUS = ("draft", "consultation", "adopted", "superseded")

#: the words of the status table, its totals and --alignment: ``status.word.<key>``
#: in the catalogue (``lang.po``); texts with fields stay templates
WORD_KEYS = (
    "title",
    "municipality",
    "version",
    "status",
    "adopted",
    "review_last",
    "review_next",
    "measures",
    "total",
    "errors",
    "warnings",
    "overdue",
    "concepts",
    "without",
    "ags",
    "none",
    "listed",
    "ags_outside",
    "overdue_note",
    "alignment",
    "contributions",
    "district_goal",
    "taken_up_by",
    "untaken",
    "scoped",
    "measure",
    "scope",
    "shared_actors",
    "actor",
    "type",
    "active_in",
    "leads",
    "networks",
    "network",
    "concept",
    "members",
    "last_meeting",
    "next_due",
    "cadence",
    "every",
    "no_concept",
    "elsewhere",
    "overdue_one",
    "overdue_many",
)


# --------------------------------------------------------------------------- records


@dataclass
class Row:
    """One concept: the line of the status table."""

    id: str
    file: str
    name: str
    type: str | None = None
    ags: str | None = None
    district: str | None = None
    version: str | None = None
    status: str | None = None
    adopted: dt.date | None = None
    review_last: dt.date | None = None
    review_next: dt.date | None = None
    overdue: bool = False
    measures: dict[str, int] = field(default_factory=dict)
    measures_total: int = 0
    errors: int = 0
    warnings: int = 0
    readable: bool = True
    source: str | None = None  # fetched: the town's repository and commit or tag


@dataclass
class GoalInfo:
    concept: str
    id: str
    title: str
    field: str
    contributes_to: list[str] = dataclasses.field(default_factory=list)


@dataclass
class ScopedMeasure:
    concept: str
    id: str
    title: str
    status: str | None
    scope: list[str]


@dataclass
class NetworkInfo:
    concept: str
    id: str
    name: str
    convener: str | None
    members: list[str]
    cadence_months: int | None
    last_meeting: dt.date | None
    next_due: dt.date | None
    overdue: bool


@dataclass
class Summary:
    """Everything status needs of one file; small and picklable (made in workers)."""

    row: Row
    goals: list[GoalInfo] = field(default_factory=list)
    scoped: list[ScopedMeasure] = field(default_factory=list)
    # actor id -> role -> ids (of measures led, measures partnered, networks joined)
    roles: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    actors: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    networks: list[NetworkInfo] = field(default_factory=list)


@dataclass
class Town:
    id: str
    name: str
    ags: str | None


@dataclass
class SharedActor:
    id: str
    name: str
    type: str | None
    registry: bool
    concepts: list[str]
    leads: dict[str, list[str]]
    partner: dict[str, list[str]]
    networks: dict[str, list[str]]


@dataclass
class DistrictGoal:
    concept: str
    id: str
    title: str
    field: str
    taken_up_by: list[tuple[str, str]]  # (concept, goal)


@dataclass
class Alignment:
    district_goals: list[DistrictGoal]
    contributions: list[tuple[GoalInfo, str]]  # every (goal, target "concept:goal")
    elsewhere: list[tuple[GoalInfo, str]]  # targets that are no district goal here
    scoped: list[ScopedMeasure]
    shared_actors: list[SharedActor]
    networks: list[NetworkInfo]

    @property
    def untaken(self) -> list[DistrictGoal]:
        return [g for g in self.district_goals if not g.taken_up_by]


@dataclass
class Status:
    today: dt.date
    rows: list[Row]
    listed: list[Town]  # integ.yaml municipalities:
    without: list[Town]  # ... of them, the ones without a concept
    ags_outside: list[Town]  # ... of them, AGS not of the district
    district: str | None  # the workspace's one district concept, if any
    alignment: Alignment | None = None
    names: dict[str, str] = field(default_factory=dict)  # concept/town id -> name
    sources: list[dict[str, Any]] = field(default_factory=list)  # integ fetch's sources
    notes: list[str] = field(default_factory=list)  # stale or missing sources

    @property
    def totals(self) -> dict[str, Any]:
        measures = {s: sum(r.measures.get(s, 0) for r in self.rows) for s in STATUS_ORDER}
        return {
            "concepts": len(self.rows),
            "by_status": {s: sum(1 for r in self.rows if r.status == s) for s in CONCEPT_STATUS},
            "measures": measures,
            "measures_total": sum(r.measures_total for r in self.rows),
            "errors": sum(r.errors for r in self.rows),
            "warnings": sum(r.warnings for r in self.rows),
            "overdue": sum(1 for r in self.rows if r.overdue),
        }


# --------------------------------------------------------------------------- one file


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _role(roles: dict[str, dict[str, list[str]]], actor: Any, role: str, ident: Any) -> None:
    if isinstance(actor, str) and actor:
        ids = roles.setdefault(actor, {}).setdefault(role, [])
        if isinstance(ident, str) and ident not in ids:
            ids.append(ident)


def summarise(
    path: Path, doc: yaml_io.Document, findings: Iterable[Any], today: dt.date
) -> Summary:
    """The row and the alignment facts of one loaded concept."""
    findings = list(findings)
    data = doc.data if doc.ok and isinstance(doc.data, dict) else {}
    mun = got if isinstance(got := data.get("municipality"), dict) else {}
    adopted = got if isinstance(got := data.get("adopted"), dict) else {}
    review = got if isinstance(got := data.get("review"), dict) else {}
    measures = _dicts(data.get("measures"))
    counts: dict[str, int] = {}
    for m in measures:
        if isinstance(m.get("status"), str):
            counts[m["status"]] = counts.get(m["status"], 0) + 1
    due = next_review(review, adopted) if data else None
    stem = path.stem
    row = Row(
        id=stem,
        file=doc.display,
        name=_str(mun.get("name")) or stem,
        type=_str(mun.get("type")),
        ags=_str(mun.get("ags")),
        district=_str(mun.get("district")),
        version=_str(data.get("version")),
        status=_str(data.get("status")),
        adopted=parse_date(adopted.get("date")),
        review_last=parse_date(review.get("last")),
        review_next=due,
        overdue=bool(due and due < today),
        measures=counts,
        measures_total=len(measures),
        errors=sum(1 for f in findings if f.severity == ERROR),
        warnings=sum(1 for f in findings if f.severity == WARNING),
        readable=bool(data),
    )
    out = Summary(row)
    if not data:
        return out
    for fld in _dicts(data.get("fields")):
        for goal in _dicts(fld.get("goals")):
            if isinstance(goal.get("id"), str):
                out.goals.append(
                    GoalInfo(
                        stem,
                        goal["id"],
                        _str(goal.get("title")) or "",
                        _str(fld.get("title")) or _str(fld.get("id")) or "",
                        [c for c in _list(goal.get("contributes_to")) if isinstance(c, str)],
                    )
                )
    for m in measures:
        mid = m.get("id")
        scope = [s for s in _list(m.get("scope")) if isinstance(s, str)]
        if scope and isinstance(mid, str):
            out.scoped.append(
                ScopedMeasure(stem, mid, _str(m.get("title")) or "", _str(m.get("status")), scope)
            )
        _role(out.roles, m.get("lead"), "lead", mid)
        for partner in _list(m.get("partners")):
            _role(out.roles, partner, "partner", mid)
    for actor in _dicts(data.get("actors")):
        if isinstance(actor.get("id"), str):
            out.actors.setdefault(actor["id"], (_str(actor.get("name")), _str(actor.get("type"))))
    for net in _dicts(data.get("networks")):
        nid = net.get("id")
        if not isinstance(nid, str):
            continue
        members = [a for a in _list(net.get("members")) if isinstance(a, str)]
        convener = _str(net.get("convener"))
        for member in dict.fromkeys([*([convener] if convener else []), *members]):
            _role(out.roles, member, "network", nid)
        dates = [d for mt in _dicts(net.get("meetings")) if (d := parse_date(mt.get("date")))]
        last = max(dates, default=None)
        cadence = net.get("cadence_months") if valid_cycle(net.get("cadence_months")) else None
        nxt = add_months(last, cadence) if last and cadence else None
        out.networks.append(
            NetworkInfo(
                stem,
                nid,
                _str(net.get("name")) or nid,
                convener,
                members,
                cadence,
                last,
                nxt,
                bool(nxt and nxt < today),
            )
        )
    return out


# --------------------------------------------------------------------------- all files

_WORKER: dict[str, Any] = {}
Fresh = tuple[str, str, list[Any], dict[str, str]]  # cache key, file, findings, deps


def _one(path: Path) -> tuple[Summary, Fresh | None]:
    """Load one file, take its findings from the validator's cache or check it, and
    summarise it; a fresh result comes back for the cache too."""
    from .validate import check_concept

    ws: Workspace = _WORKER["ws"]
    today: dt.date = _WORKER["today"]
    cache = _WORKER["cache"]
    ident = _WORKER["shared"].get(path)
    doc = ws.document(ident) if ident else yaml_io.load(path, display_path(path))
    assert doc is not None
    key = cache.key(doc.display, doc.sha256) if cache is not None and doc.sha256 else None
    hit = cache.get(key, _WORKER["shas"]) if key else None
    if hit is not None:
        return summarise(path, doc, hit, today), None
    ws.accessed.clear()  # as validate does: which other concepts the rules looked at
    findings = check_concept(doc, ws, today, _WORKER["table"])
    deps = {}
    for other_id in sorted(ws.accessed):
        other = ws.document(other_id)
        if other is not None and other.display != doc.display:
            deps[other.display] = other.sha256
    fresh = (key, doc.display, findings, deps) if key else None
    return summarise(path, doc, findings, today), fresh


def _map(paths: list[Path]) -> list[tuple[Summary, Fresh | None]]:
    from .parallel import map_files
    from .validate import PARALLEL_MIN_BYTES

    return map_files(_one, paths, PARALLEL_MIN_BYTES)


def _towns(ws: Workspace) -> list[Town]:
    out = []
    for m in _dicts(ws.settings.get("municipalities")):
        if isinstance(m.get("id"), str):
            out.append(Town(m["id"], _str(m.get("name")) or m["id"], _str(m.get("ags"))))
    return out


def build(
    ws: Workspace,
    paths: list[Path],
    today: dt.date,
    alignment: bool = False,
    use_cache: bool = True,
) -> Status:
    """The status of the concepts that ``paths`` mean (all when empty). The findings
    of unchanged files come from the validator's cache (.integ_cache/), and what is
    checked here goes into it."""
    from .cache import Cache
    from .rules import all_rules
    from .validate import _context, concept_shas, severities

    all_rules()  # registers every rule in its order before the workspace rules are used
    from .rules.workspace import district_prefix, index

    files = [p for p in ws.targets(paths) if not ws.is_special(p)]
    idx = index(ws)  # built once here, inherited by the workers
    _ = ws.registry
    districts = idx.districts
    shared: dict[Path, str] = {}
    for d in districts:  # other files look at the district: load it once, share it
        if ws.document(d.id) is not None:
            shared[d.path] = d.id
    resolved = {p.resolve(): p for p in shared}
    shas = concept_shas(ws) if use_cache else {}
    cache = Cache(ws.root, _context(ws, today, shas)) if use_cache else None
    _WORKER.update(
        ws=ws,
        today=today,
        table=severities(ws),
        cache=cache,
        shas=shas,
        shared={p: shared[resolved[p.resolve()]] for p in files if p.resolve() in resolved},
    )
    try:
        results = _map(files)
    finally:
        _WORKER.clear()
    summaries = [summary for summary, _ in results]
    if cache is not None:
        for _, fresh in results:
            if fresh is not None:
                cache.put(*fresh)
        cache.save()
    rows = [s.row for s in summaries]
    listed = _towns(ws)
    have = {r.id for r in rows} | set(ws.concept_ids)
    without = [t for t in listed if t.id not in have]
    district = districts[0] if len(districts) == 1 else None
    prefix = district_prefix(district.ags) if district else None
    outside = [
        t
        for t in listed
        if prefix and district_prefix(t.ags) and not (t.ags or "").startswith(prefix)
    ]
    names = {t.id: t.name for t in listed}
    names.update({c.id: c.name for c in idx.concepts.values() if c.name})
    names.update({r.id: r.name for r in rows})
    status = Status(
        today, rows, listed, without, outside, district.id if district else None, names=names
    )
    from .sources import annotate

    status.sources, status.notes = annotate(ws, rows)
    if alignment:
        status.alignment = align(summaries, ws, idx)
    return status


def align(summaries: list[Summary], ws: Workspace, idx: Any) -> Alignment:
    """Goals, district measures, shared actors and networks across the concepts."""
    district_ids = {s.row.id for s in summaries if s.row.type == "district"}
    goals: dict[str, DistrictGoal] = {}
    for s in summaries:
        if s.row.id in district_ids:
            for g in s.goals:
                goals.setdefault(
                    f"{g.concept}:{g.id}", DistrictGoal(g.concept, g.id, g.title, g.field, [])
                )
    contributions, elsewhere = [], []
    for s in summaries:
        for g in s.goals:
            for target in g.contributes_to:
                contributions.append((g, target))
                if target in goals:
                    goals[target].taken_up_by.append((g.concept, g.id))
                else:
                    elsewhere.append((g, target))
    scoped = [m for s in summaries if s.row.id in district_ids for m in s.scoped]

    merged: dict[str, dict[str, dict[str, list[str]]]] = {}
    for s in summaries:
        for actor, roles in s.roles.items():
            merged.setdefault(actor, {})[s.row.id] = roles
    shared = []
    for actor, by_concept in merged.items():
        if len(by_concept) < 2:
            continue
        registry = idx.registry.get(actor)
        own = next((s.actors[actor] for s in summaries if actor in s.actors), (None, None))
        name = (registry.name if registry else None) or own[0] or actor
        kind = (registry.type if registry else None) or own[1]
        concepts = sorted(by_concept)
        shared.append(
            SharedActor(
                actor,
                name,
                kind,
                registry is not None,
                concepts,
                {c: r["lead"] for c, r in sorted(by_concept.items()) if r.get("lead")},
                {c: r["partner"] for c, r in sorted(by_concept.items()) if r.get("partner")},
                {c: r["network"] for c, r in sorted(by_concept.items()) if r.get("network")},
            )
        )
    shared.sort(key=lambda a: (-len(a.concepts), a.name.casefold()))
    networks = [n for s in summaries for n in s.networks]
    return Alignment(list(goals.values()), contributions, elsewhere, scoped, shared, networks)


# --------------------------------------------------------------------------- views


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def as_json(status: Status) -> dict[str, Any]:
    """The JSON shape of `integ status --format json` (documented in docs/it.md)."""
    out: dict[str, Any] = {
        "today": status.today.isoformat(),
        "district": status.district,
        "concepts": [
            {
                "id": r.id,
                "file": r.file,
                "municipality": r.name,
                "type": r.type,
                "ags": r.ags,
                "district": r.district,
                "version": r.version,
                "status": r.status,
                "adopted": _iso(r.adopted),
                "review_last": _iso(r.review_last),
                "review_next": _iso(r.review_next),
                "overdue": r.overdue,
                "measures": {s: r.measures.get(s, 0) for s in STATUS_ORDER},
                "measures_total": r.measures_total,
                "errors": r.errors,
                "warnings": r.warnings,
            }
            for r in status.rows
        ],
        "totals": status.totals,
        "municipalities": {
            "listed": len(status.listed),
            "with_concept": len(status.listed) - len(status.without),
            "without_concept": [{"id": t.id, "name": t.name, "ags": t.ags} for t in status.without],
            "ags_outside_district": [
                {"id": t.id, "name": t.name, "ags": t.ags} for t in status.ags_outside
            ],
        },
    }
    if status.sources:  # integ fetch: each concept's repository, stale sources said
        for entry, r in zip(out["concepts"], status.rows, strict=True):
            entry["source"] = r.source
        out["sources"] = status.sources
        out["notes"] = status.notes
    a = status.alignment
    if a is not None:
        out["alignment"] = {
            "district_goals": [
                {
                    "concept": g.concept,
                    "goal": g.id,
                    "title": g.title,
                    "field": g.field,
                    "taken_up_by": [{"concept": c, "goal": i} for c, i in g.taken_up_by],
                }
                for g in a.district_goals
            ],
            "untaken_goals": [f"{g.concept}:{g.id}" for g in a.untaken],
            "contributions": [
                {"concept": g.concept, "goal": g.id, "title": g.title, "contributes_to": t}
                for g, t in a.contributions
            ],
            "scoped_measures": [
                {
                    "concept": m.concept,
                    "measure": m.id,
                    "title": m.title,
                    "status": m.status,
                    "scope": m.scope,
                }
                for m in a.scoped
            ],
            "shared_actors": [
                {
                    "id": s.id,
                    "name": s.name,
                    "type": s.type,
                    "registry": s.registry,
                    "concepts": s.concepts,
                    "leads": s.leads,
                    "partner": s.partner,
                    "networks": s.networks,
                }
                for s in a.shared_actors
            ],
            "networks": [
                {
                    "concept": n.concept,
                    "id": n.id,
                    "name": n.name,
                    "convener": n.convener,
                    "members": n.members,
                    "cadence_months": n.cadence_months,
                    "last_meeting": _iso(n.last_meeting),
                    "next_due": _iso(n.next_due),
                    "overdue": n.overdue,
                }
                for n in a.networks
            ],
        }
    return out


def words(lang: str) -> dict[str, str]:
    """The status words of a language, by key (templates keep their ``{fields}``)."""
    chosen = i18n.normalise(lang) or i18n.current()
    return {k: i18n._lookup(f"status.word.{k}", chosen) or k for k in WORD_KEYS}


def _md(text: Any) -> str:
    """A value in a Markdown table cell: pipes and markup characters escaped."""
    value = "" if text is None else str(text)
    for ch in "\\`*_[]<>|#":
        value = value.replace(ch, "\\" + ch)
    return value.replace("\n", " ")


def _table(head: list[str], rows: list[list[str]], right: Iterable[int] = ()) -> list[str]:
    align = ["---:" if i in set(right) else "---" for i in range(len(head))]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def table_rows(status: Status, loc: Locale) -> list[dict[str, str]]:
    """Display strings of each row (shared by the Markdown and the text view)."""
    out = []
    for r in status.rows:
        nxt = loc.short_date(_iso(r.review_next))
        out.append(
            {
                "mark": "!" if r.overdue else "",
                "name": r.name,
                "version": r.version or "",
                "status": loc.enum("status", r.status),
                "adopted": loc.short_date(_iso(r.adopted)),
                "last": loc.short_date(_iso(r.review_last)),
                "next": nxt,
                "overdue": words(loc.lang)["overdue"] if r.overdue else "",
                **{s: str(r.measures.get(s, 0)) for s in STATUS_ORDER},
                "total": str(r.measures_total),
                "errors": str(r.errors),
                "warnings": str(r.warnings),
            }
        )
    return out


def totals_line(status: Status, loc: Locale) -> str:
    return " · ".join(totals_parts(status, loc))


def totals_parts(status: Status, loc: Locale) -> list[str]:
    w, t = words(loc.lang), status.totals
    parts = [loc.tn("count.concept", t["concepts"])]
    by = [f"{n} {loc.enum('status', s)}" for s, n in t["by_status"].items() if n]
    if by:
        parts[0] += f" ({', '.join(by)})"
    ms = [f"{n} {loc.enum('measure_status', s)}" for s, n in t["measures"].items() if n]
    parts.append(
        loc.tn("count.measure", t["measures_total"]) + (f" ({', '.join(ms)})" if ms else "")
    )
    parts.append(f"{loc.tn('count.error', t['errors'])}, {loc.tn('count.warning', t['warnings'])}")
    if t["overdue"]:
        parts.append(
            (w["overdue_one"] if t["overdue"] == 1 else w["overdue_many"]).format(n=t["overdue"])
        )
    return parts


def town_text(t: Town) -> str:
    return f"{t.name} ({t.ags})" if t.ags else t.name


def to_markdown(status: Status, lang: str = "de") -> str:
    loc, w = Locale(lang), words(lang)
    head = [
        "",
        w["municipality"],
        w["version"],
        w["status"],
        w["adopted"],
        w["review_last"],
        w["review_next"],
        *[loc.enum("measure_status", s) for s in STATUS_ORDER],
        w["total"],
        w["errors"],
        w["warnings"],
    ]
    rows = [
        [
            ("**!**" if d["mark"] else ""),
            (f"**{_md(d['name'])}**" if d["mark"] else _md(d["name"])),
            _md(d["version"]),
            _md(d["status"]),
            d["adopted"],
            d["last"],
            (f"**{d['next']} ({_md(d['overdue'])})**" if d["overdue"] else d["next"]),
            *[d[s] for s in STATUS_ORDER],
            d["total"],
            d["errors"],
            d["warnings"],
        ]
        for d in table_rows(status, loc)
    ]
    if status.sources:  # integ fetch: the town's repository and what it shows
        from .i18n import t

        head.append(t("district.column"))
        for cells, r in zip(rows, status.rows, strict=True):
            cells.append(_md((r.source or t("district.local")).replace("\n", " ")))
    lines = [
        f"# {w['title']}",
        "",
        *_table(head, rows, right=range(7, 7 + len(STATUS_ORDER) + 3)),
        "",
        _md(totals_line(status, loc)),
    ]
    for note in status.notes:
        lines += ["", f"**{_md(note)}**"]
    if status.totals["overdue"]:
        lines += ["", _md(w["overdue_note"])]
    if status.listed:
        lines += [
            "",
            f"## {w['without']}",
            "",
            _md(
                w["listed"].format(n=len(status.listed) - len(status.without), m=len(status.listed))
            ),
            "",
        ]
        lines += [f"- {_md(town_text(t))}" for t in status.without] or [f"- {w['none']}"]
    if status.ags_outside:
        lines += ["", f"## {_md(w['ags_outside'].format(district=status.district))}", ""]
        lines += [f"- {_md(town_text(t))}" for t in status.ags_outside]
    if status.alignment is not None:
        lines += ["", *alignment_markdown(status, loc)]
    return "\n".join(lines) + "\n"


def alignment_markdown(status: Status, loc: Locale) -> list[str]:
    a, w, name = status.alignment, words(loc.lang), status.names
    assert a is not None
    lines = [f"## {w['alignment']}", "", f"### {w['contributions']}", ""]
    rows = [
        [
            _md(f"{g.id} {g.title}"),
            _md(g.field),
            _md(", ".join(f"{name.get(c, c)}: {i}" for c, i in g.taken_up_by) or "–"),
        ]
        for g in a.district_goals
    ]
    lines += (
        _table([w["district_goal"], loc.labels["field"], w["taken_up_by"]], rows)
        if rows
        else [f"{w['none']}"]
    )
    lines += ["", f"### {w['untaken']}", ""]
    lines += [f"- {_md(f'{g.id} {g.title}')}" for g in a.untaken] or [f"- {w['none']}"]
    if a.elsewhere:
        lines += ["", f"### {w['elsewhere']}", ""]
        lines += [
            f"- {_md(name.get(g.concept, g.concept))}: {_md(g.id)} → {_md(t)}"
            for g, t in a.elsewhere
        ]
    lines += ["", f"### {w['scoped']}", ""]
    rows = [
        [
            _md(f"{m.id} {m.title}"),
            _md(loc.enum("measure_status", m.status)),
            _md(", ".join(name.get(s, s) for s in m.scope)),
        ]
        for m in a.scoped
    ]
    lines += _table([w["measure"], w["status"], w["scope"]], rows) if rows else [f"{w['none']}"]
    lines += ["", f"### {w['shared_actors']}", ""]
    rows = [
        [
            _md(f"{s.name} ({s.id})"),
            _md(loc.enum("actor_type", s.type)),
            _md(", ".join(name.get(c, c) for c in s.concepts)),
            _md("; ".join(f"{name.get(c, c)}: {', '.join(ids)}" for c, ids in s.leads.items())),
        ]
        for s in a.shared_actors
    ]
    lines += (
        _table([w["actor"], w["type"], w["active_in"], w["leads"]], rows)
        if rows
        else [f"{w['none']}"]
    )
    lines += ["", f"### {w['networks']}", ""]
    rows = [
        [
            ("**!**" if n.overdue else ""),
            _md(n.name),
            _md(name.get(n.concept, n.concept)),
            str(len(n.members)),
            loc.short_date(_iso(n.last_meeting)),
            _md(w["every"].format(n=n.cadence_months)) if n.cadence_months else "",
            (
                f"**{loc.short_date(_iso(n.next_due))} ({w['overdue']})**"
                if n.overdue
                else loc.short_date(_iso(n.next_due))
            ),
        ]
        for n in a.networks
    ]
    lines += (
        _table(
            [
                "",
                w["network"],
                w["concept"],
                w["members"],
                w["last_meeting"],
                w["cadence"],
                w["next_due"],
            ],
            rows,
            right=[3],
        )
        if rows
        else [f"{w['none']}"]
    )
    return lines
