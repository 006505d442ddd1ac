"""What templates see: a concept turned into plain, display-ready values.

Every text is still raw text here; the template environment escapes it when printed.
Markdown fields are passed through ``markdown()`` (neutralised blocks). Contacts the
audience may not see never enter the view.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from . import progress
from .dates import next_review
from .labels import STATUS_ORDER, Locale
from .markdown import markdown


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _get(d: Any, key: str, default: Any = None) -> Any:
    return d.get(key, default) if isinstance(d, dict) else default


def build(
    concept: dict[str, Any],
    *,
    kind: str,
    audience: str,
    lang: str,
    today: dt.date,
    organisation: str = "",
    registry: list[dict[str, Any]] | None = None,
    select: dict[str, str] | None = None,
    charts: bool = True,
    proposal: str | None = None,
    places: dict[str, str] | None = None,
    linked: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The template context for one concept (``places``: municipality id -> name;
    ``linked``: goal links across concepts, see :func:`goal_links`)."""
    from .privacy import for_audience

    everyone = _dicts(concept.get("contacts"))
    concept = for_audience(concept, audience)  # before anything else reads it
    loc = Locale(lang)
    L = loc.labels
    actors = {a["id"]: a for a in _dicts(registry) if isinstance(a.get("id"), str)}
    actors.update(
        {a["id"]: a for a in _dicts(concept.get("actors")) if isinstance(a.get("id"), str)}
    )
    groups = {
        g["id"]: g.get("name", g["id"])
        for g in _dicts(concept.get("target_groups"))
        if isinstance(g.get("id"), str)
    }

    def actor_name(ident: Any) -> str:
        return str(_get(actors.get(ident), "name", ident))

    places = places or {}
    linked = linked or {}

    fields_raw = _dicts(concept.get("fields"))
    goal_field: dict[str, Any] = {}  # goal id: the id of its field, as written
    goal_title: dict[str, Any] = {}
    for f in fields_raw:
        for g in _dicts(f.get("goals")):
            if isinstance(gid := g.get("id"), str):  # measures name goals by string ids
                goal_field[gid] = f.get("id")
                goal_title[gid] = g.get("title", "")
    field_title = {f.get("id"): f.get("title", "") for f in fields_raw}

    measures = []
    for m in _dicts(concept.get("measures")):
        goal_ids = [g for g in _list(m.get("goals")) if isinstance(g, str)]
        fields_of = list(dict.fromkeys(goal_field[g] for g in goal_ids if g in goal_field))
        logs = _dicts(m.get("log"))
        latest = logs[-1] if logs else None
        budget = got if isinstance(got := m.get("budget"), dict) else None
        measures.append(
            {
                "id": m.get("id", ""),
                "title": m.get("title", ""),
                "description": markdown(m.get("description")),
                "goals": [{"id": g, "title": goal_title.get(g, "")} for g in goal_ids],
                "goal_ids": ", ".join(goal_ids),
                "fields": fields_of,
                "field": fields_of[0] if fields_of else None,
                "field_title": field_title.get(fields_of[0], "") if fields_of else "",
                "lead": actor_name(m.get("lead")),
                "lead_id": m.get("lead"),
                "partners": [actor_name(p) for p in _list(m.get("partners"))],
                "partner_ids": [p for p in _list(m.get("partners")) if isinstance(p, str)],
                "target_groups": [groups.get(t, str(t)) for t in _list(m.get("target_groups"))],
                "status": m.get("status"),
                "status_label": loc.enum("measure_status", m.get("status")),
                "status_reason": m.get("status_reason") or "",
                "priority": loc.enum("priority", m.get("priority")),
                "period": loc.period(m.get("start"), m.get("end")),
                "start": m.get("start"),
                "end": m.get("end"),
                "scope": [str(s) for s in _list(m.get("scope"))],
                "scope_names": [places.get(str(x), str(x)) for x in _list(m.get("scope"))],
                "role": "",
                "tags": [str(x) for x in _list(m.get("tags"))],
                "focus": "schwerpunkt" in [str(x).lower() for x in _list(m.get("tags"))],
                "budget": _budget_text(budget, loc) if budget else "",
                "budget_raw": budget,
                "review_by": loc.short_date(m.get("review_by")),
                "log": [
                    {"date": loc.short_date(e.get("date")), "note": markdown(e.get("note"))}
                    for e in logs
                ],
                "latest": {
                    "date": loc.short_date(latest.get("date")),
                    "note": markdown(latest.get("note")),
                }
                if latest
                else None,
            }
        )

    if select:
        measures = _select(measures, select)

    fields = []
    for f in fields_raw:
        goals = []
        for g in _dicts(f.get("goals")):
            indicators = []
            for ind in _dicts(g.get("indicators")):
                p = progress.measure(ind, today)
                unit = ind.get("unit")
                indicators.append(
                    {
                        "id": ind.get("id", ""),
                        "title": ind.get("title", ""),
                        "unit": loc.enum("unit", unit),
                        "direction": loc.enum("direction", ind.get("direction", "increase")),
                        "source": ind.get("source") or "",
                        "baseline": _anchor(loc, p.baseline, p.baseline_year, unit),
                        "latest": _anchor(loc, p.latest, p.latest_year, unit),
                        "target": _anchor(loc, p.target, p.target_year, unit),
                        "progress": "" if p.progress is None else loc.percent(p.progress * 100, 0),
                        "on_track": ""
                        if p.on_track is None
                        else (L["on_track"] if p.on_track else L["off_track"]),
                        "picture": None,
                        "raw": ind,
                    }
                )
            goals.append(
                {
                    "id": g.get("id", ""),
                    "title": g.get("title", ""),
                    "level": loc.enum("level", g.get("level", "operational")),
                    "contributes": [
                        linked.get(str(c), {"label": str(c)})["label"]
                        for c in _list(g.get("contributes_to"))
                    ],
                    "contributions": linked.get(
                        f"{concept.get('id', '')}:{g.get('id', '')}", {}
                    ).get("from", []),
                    "description": markdown(g.get("description")),
                    "contributes_to": [str(c) for c in _list(g.get("contributes_to"))],
                    "indicators": indicators,
                }
            )
        own = [m for m in measures if m["field"] == f.get("id")]
        also = [m for m in measures if f.get("id") in m["fields"][1:]]
        counts = Counter(m["status"] for m in own)
        fields.append(
            {
                "id": f.get("id", ""),
                "title": f.get("title", ""),
                "summary": markdown(f.get("summary")),
                "cross_cutting": bool(f.get("cross_cutting")),
                "empty": not goals and not own and not also,
                "goals": goals,
                "measures": own,
                "also": also,
                "status_counts": [
                    (loc.enum("measure_status", s), counts[s]) for s in STATUS_ORDER if counts[s]
                ],
            }
        )
    if select and select.get("field"):
        fields = [f for f in fields if f["id"] == select["field"]]

    # actors and networks
    leads: dict[str, list[str]] = defaultdict(list)
    partners: dict[str, list[str]] = defaultdict(list)
    for m in measures:
        if isinstance(m["lead_id"], str):
            leads[m["lead_id"]].append(m["id"])
        for p in m["partner_ids"]:
            partners[p].append(m["id"])
    used = list(dict.fromkeys([*leads, *partners]))
    networks = []
    for n in _dicts(concept.get("networks")):
        meetings = _dicts(n.get("meetings"))
        members = [m for m in _list(n.get("members")) if isinstance(m, str)]
        used += [m for m in members if m not in used]
        cadence = n.get("cadence_months")
        networks.append(
            {
                "id": n.get("id", ""),
                "name": n.get("name", ""),
                "description": markdown(n.get("description")),
                "convener": actor_name(n.get("convener")) if n.get("convener") else "",
                "members": [actor_name(m) for m in members],
                "cadence": loc.tn("label.count.every_months", cadence)
                if isinstance(cadence, int) and not isinstance(cadence, bool)
                else "",
                "meetings": [
                    {
                        "date": loc.short_date(x.get("date")),
                        "topics": ", ".join(str(t) for t in _list(x.get("topics"))),
                    }
                    for x in meetings
                ],
            }
        )
    actor_rows = [
        {
            "id": a,
            "name": actor_name(a),
            "type": loc.enum("actor_type", _get(actors.get(a), "type")),
            "leads": ", ".join(leads.get(a, [])),
            "partner_in": ", ".join(partners.get(a, [])),
        }
        for a in used
    ]

    contacts = _dicts(concept.get("contacts"))
    contacts_view = [
        {
            "name": c.get("name", ""),
            "role": c.get("role") or "",
            "organisation": c.get("organisation") or "",
            "email": c.get("email") or "",
            "phone": c.get("phone") or "",
        }
        for c in contacts
    ]
    contact_names = {c.get("id"): c.get("name") for c in contacts}

    muni = got if isinstance(got := concept.get("municipality"), dict) else {}
    adopted = got if isinstance(got := concept.get("adopted"), dict) else None
    review = got if isinstance(got := concept.get("review"), dict) else {}
    situation = got if isinstance(got := concept.get("situation"), dict) else {}
    period = got if isinstance(got := concept.get("period"), dict) else {}
    status_totals = Counter(m["status"] for m in measures)
    nxt = next_review(review, adopted)
    cycle = review.get("cycle_months")
    return {
        "L": L,
        "t": loc.t,
        "tn": loc.tn,
        "kind": kind,
        "audience": audience,
        "lang": loc.lang,
        "today": loc.today(today),
        "organisation": organisation,
        "concept": {
            "id": concept.get("id", ""),
            "title": concept.get("title", ""),
            "municipality": muni.get("name", ""),
            "municipality_type": loc.enum("municipality_type", muni.get("type")),
            "is_district": muni.get("type") == "district",
            "ags": muni.get("ags") or "",
            "version": concept.get("version", ""),
            "status": concept.get("status"),
            "status_label": loc.enum("status", concept.get("status")),
            "adopted": {
                "date": loc.date(adopted.get("date")),
                "body": adopted.get("body", ""),
                "resolution": adopted.get("resolution") or "",
            }
            if adopted
            else None,
            "period": loc.period(period.get("start"), period.get("end")),
            "vision": markdown(concept.get("vision")),
            "situation": markdown(situation.get("text")),
            "figures": [
                {
                    "label": x.get("label", ""),
                    "value": loc.quantity(x.get("value"), x.get("unit")),
                    "year": str(x.get("year") or ""),
                    "source": x.get("source") or "",
                }
                for x in _dicts(situation.get("figures"))
            ],
            "target_groups": [
                {"name": g.get("name", ""), "description": markdown(g.get("description"))}
                for g in _dicts(concept.get("target_groups"))
            ],
            "review_cycle": loc.tn("label.count.months", cycle)
            if isinstance(cycle, int) and not isinstance(cycle, bool)
            else "",
            "review_last": loc.date(review.get("last")),
            "review_next": loc.date(nxt.isoformat()) if nxt else "",
            "reviews": [
                {
                    "date": loc.short_date(r.get("date")),
                    "by": contact_names.get(r.get("by"), "") or "",
                    "summary": markdown(r.get("summary")),
                    "version": r.get("version") or "",
                }
                for r in _dicts(concept.get("reviews"))
            ],
        },
        "fields": fields,
        "measures": measures,
        "status_totals": [
            (loc.enum("measure_status", s), status_totals[s])
            for s in STATUS_ORDER
            if status_totals[s]
        ],
        "actors": actor_rows,
        "networks": networks,
        "contacts": contacts_view,
        "contacts_hidden": len(contacts) < len(everyone),
        "glossary": glossary(concept),
        "sources": sources(concept),
        "data_date": loc.date(data_date(concept, today).isoformat()),
        "proposal": proposal or "",
        "select": select or {},
        "places": places,
        "pictures": {"status": ""},
    }


def status_rows(fields: list[dict[str, Any]]) -> list[tuple[str, dict[str, int]]]:
    """(field title, {status: number of measures}) for the status chart."""
    rows = []
    for f in fields:
        counts: dict[str, int] = {}
        for m in f["measures"]:
            counts[m["status"]] = counts.get(m["status"], 0) + 1
        rows.append((f["title"], counts))
    return rows


def _anchor(loc: Locale, value: float | None, year: int | None, unit: Any) -> str:
    if value is None:
        return ""
    text = loc.quantity(value, unit)
    return f"{text} ({year})" if year else text


def _budget_text(budget: dict[str, Any], loc: Locale) -> str:
    parts = [loc.money(budget.get("amount"))]
    parts.append(loc.enum("budget_per", budget.get("per", "year")))
    text = " ".join(p for p in parts if p)
    if budget.get("funding"):
        text += f"; {budget['funding']}"
    if budget.get("until"):
        text += f" ({loc.t('label.period_until', end=loc.short_date(budget['until']))})"
    return text


def _select(measures: list[dict[str, Any]], select: dict[str, str]) -> list[dict[str, Any]]:
    if select.get("actor"):
        a = select["actor"]
        return [m for m in measures if m["lead_id"] == a or a in m["partner_ids"]]
    if select.get("field"):
        return [m for m in measures if select["field"] in m["fields"]]
    if select.get("municipality"):
        # the town's own measures, the district-wide ones (no scope) and those in
        # which the town takes part as lead or partner, each with the town's role
        town = select["municipality"]
        out = []
        for m in measures:
            if m["lead_id"] == town:
                role = "lead"
            elif town in m["partner_ids"]:
                role = "partner"
            elif town in m["scope"]:
                role = "scope"
            elif not m["scope"]:
                role = "district"
            else:
                continue
            out.append({**m, "role": role})
        return out
    return measures


__all__ = ["build", "status_rows"]


def goal_links(concepts: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """ "concept:GOAL" -> {"label": "Landkreis Rastatt: Z-SPR-2 Title", "from": [labels
    of the goals of other concepts that contribute to it]} over the given concepts."""
    out: dict[str, dict[str, Any]] = {}
    for ident, data in concepts.items():
        muni = _get(data.get("municipality"), "name", ident) if isinstance(data, dict) else ident
        for f in _dicts(_get(data, "fields")):
            for g in _dicts(f.get("goals")):
                key = f"{ident}:{g.get('id', '')}"
                out.setdefault(key, {"from": []})["label"] = (
                    f"{muni}: {g.get('id', '')} {g.get('title', '')}".strip()
                )
    for ident, data in concepts.items():
        for f in _dicts(_get(data, "fields")):
            for g in _dicts(f.get("goals")):
                for target in _list(g.get("contributes_to")):
                    label = out.get(f"{ident}:{g.get('id', '')}", {}).get("label", ident)
                    out.setdefault(str(target), {"label": str(target), "from": []})["from"].append(
                        label
                    )
    return out


def texts_of(node: Any) -> list[str]:
    """Every string of a concept (keys excluded)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        from .rules.glossary import SKIP_KEYS

        return [t for k, v in node.items() if k not in SKIP_KEYS for t in texts_of(v)]
    if isinstance(node, list):
        return [t for v in node for t in texts_of(v)]
    return []


def abbreviations(concept: dict[str, Any]) -> list[str]:
    """Abbreviations the concept's text uses: all-caps words of 2 to 6 letters and
    short words with a capital inside (MiMi, DaZ); identifiers (M-SPR-01, KT-2023-045)
    and Roman numerals (SGB II) are left out."""
    from .rules.glossary import abbreviations_in

    found: set[str] = set()
    for text in texts_of({k: v for k, v in concept.items() if k != "glossary"}):
        found.update(abbreviations_in(text))
    return sorted(found)


def glossary(concept: dict[str, Any]) -> dict[str, Any]:
    """The glossary (``glossary:`` entries, sorted) and the abbreviations that the
    text uses but the glossary does not explain."""
    entries = [
        {"term": str(e.get("term", "")), "explanation": str(e.get("explanation", ""))}
        for e in _dicts(concept.get("glossary"))
    ]
    known = {e["term"] for e in entries}
    unexplained = [a for a in abbreviations(concept) if a not in known]
    return {
        "entries": sorted(entries, key=lambda e: e["term"].casefold()),
        "unexplained": unexplained,
    }


def sources(concept: dict[str, Any]) -> list[str]:
    """The sources of the figures, indicators and measurements, each once."""
    found: list[str] = []
    situation: dict[str, Any] = got if isinstance(got := concept.get("situation"), dict) else {}
    for x in _dicts(situation.get("figures")):
        found.append(str(x.get("source") or ""))
    for f in _dicts(concept.get("fields")):
        for g in _dicts(f.get("goals")):
            for ind in _dicts(g.get("indicators")):
                found.append(str(ind.get("source") or ""))
                found += [str(v.get("source") or "") for v in _dicts(ind.get("values"))]
    return list(dict.fromkeys(s.strip() for s in found if s and s.strip()))


def data_date(concept: dict[str, Any], today: dt.date) -> dt.date:
    """The date of the data: the latest date the concept records (decision, reviews,
    progress notes, meetings), not after ``today``; ``today`` when it records none."""
    dates: list[str] = []
    adopted: dict[str, Any] = got if isinstance(got := concept.get("adopted"), dict) else {}
    review: dict[str, Any] = got if isinstance(got := concept.get("review"), dict) else {}
    dates += [str(adopted.get("date") or ""), str(review.get("last") or "")]
    dates += [str(r.get("date") or "") for r in _dicts(concept.get("reviews"))]
    for m in _dicts(concept.get("measures")):
        dates += [str(e.get("date") or "") for e in _dicts(m.get("log"))]
    for n in _dicts(concept.get("networks")):
        dates += [str(x.get("date") or "") for x in _dicts(n.get("meetings"))]
    best: dt.date | None = None
    for text in dates:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            continue
        if day <= today and (best is None or day > best):
            best = day
    return best or today
