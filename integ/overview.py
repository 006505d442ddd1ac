"""The district report (`integ render --kind overview`): the Kreistag's overview of the
integration work in the district, built from all concepts of the workspace."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from . import yaml_io
from .labels import STATUS_ORDER, Locale, content_tag, document_lang
from .markdown import escape
from .render import (
    Options,
    _fill,
    _Pictures,
    _template_env,
    write_document,
)
from .workspace import Workspace


def _fields(ws: Workspace, files: list[Path]) -> list[tuple[str, dict[str, int]]]:
    """Measures by status per field of action, summed over all concepts by title."""
    sums: dict[str, dict[str, int]] = {}
    for path in files:
        data = yaml_io.load(path).data
        if not isinstance(data, dict):
            continue
        field_of: dict[str, str] = {}
        for f in data.get("fields") or []:
            if isinstance(f, dict):
                for g in f.get("goals") or []:
                    if isinstance(g, dict):
                        field_of[str(g.get("id"))] = str(f.get("title", ""))
        for m in data.get("measures") or []:
            if not isinstance(m, dict) or not isinstance(m.get("status"), str):
                continue
            goals = got if isinstance(got := m.get("goals"), list) else []
            title = next((field_of[g] for g in goals if g in field_of), "")
            if title:
                counts = sums.setdefault(title, {})
                counts[m["status"]] = counts.get(m["status"], 0) + 1
    return sorted(sums.items())


def write_overview(ws: Workspace, target: Path, opts: Options) -> Path:
    from . import charts
    from .status import build

    loc = Locale(document_lang(opts.lang, ws.settings.get("locale")))
    status = build(ws, [], opts.today, alignment=True)
    labels = {k: loc.enum("measure_status", k) for k in STATUS_ORDER}
    names = {r.id: r.name for r in status.rows}
    district = names.get(status.district or "", "") or str(ws.settings.get("organisation") or "")
    files = [p for p in ws.targets([]) if not ws.is_special(p)]
    with tempfile.TemporaryDirectory(prefix="integ-") as name:
        tmp = Path(name)
        if opts.to == "md":
            pictures = _Pictures(tmp, "md", rel=f"{target.stem}_bilder/")
        else:
            pictures = _Pictures(tmp, opts.to)
        pics: dict[str, Any] = {}
        rows = [(r.name, r.measures) for r in status.rows if r.measures_total]
        if rows:
            pics["towns"] = pictures(
                charts.status_chart(
                    rows,
                    labels,
                    STATUS_ORDER,
                    title=loc.t("chart.status.towns"),
                    name="status-je-kommune",
                    loc=loc,
                )
            )
        fields = _fields(ws, files)
        if fields:
            pics["fields"] = pictures(
                charts.status_chart(
                    fields,
                    labels,
                    STATUS_ORDER,
                    title=loc.t("chart.status.fields_all"),
                    name="status-je-handlungsfeld-gesamt",
                    loc=loc,
                )
            )
        align = status.alignment
        shared = align.shared_actors if align else []
        if shared:
            concepts = [r.id for r in status.rows]
            edges = [
                (concepts.index(c), j)
                for j, a in enumerate(shared)
                for c in a.concepts
                if c in concepts
            ]
            pics["network"] = pictures(
                charts.network_chart(
                    [r.name for r in status.rows],
                    [a.name for a in shared],
                    edges,
                    title=loc.t("chart.network.shared"),
                    left_word=loc.t("chart.network.left"),
                    right_word=loc.t("chart.network.right"),
                    loc=loc,
                )
            )
        pics["timeline"] = pictures(
            charts.timeline_chart(
                [(r.name, r.review_last, r.review_next) for r in status.rows],
                opts.today,
                title=loc.t("chart.timeline.title"),
                loc=loc,
            )
        )

        def late(day: Any, overdue: bool) -> str:
            text = loc.short_date(day.isoformat()) if day else ""
            return loc.t("label.ov_overdue", date=text) if overdue and text else text

        ctx = {
            "L": loc.labels,
            "t": loc.t,
            "tn": loc.tn,
            "today": loc.today(opts.today),
            "district": district,
            "organisation": str(ws.settings.get("organisation") or ""),
            "rows": [
                {
                    "name": r.name,
                    "version": r.version or "",
                    "status": loc.enum("status", r.status),
                    "adopted": loc.short_date(r.adopted.isoformat()) if r.adopted else "",
                    "last": loc.short_date(r.review_last.isoformat()) if r.review_last else "",
                    "next": late(r.review_next, r.overdue),
                    "measures": r.measures_total,
                    "warnings": r.warnings,
                }
                for r in status.rows
            ],
            "without": [{"name": t.name, "ags": t.ags or ""} for t in status.without],
            "goals": [
                {
                    "id": g.id,
                    "title": g.title,
                    "field": g.field,
                    "by": ", ".join(f"{names.get(c, c)} ({goal})" for c, goal in g.taken_up_by),
                }
                for g in (align.district_goals if align else [])
            ],
            "scoped": [
                {
                    "id": m.id,
                    "title": m.title,
                    "status": loc.enum("measure_status", m.status),
                    "scope": ", ".join(names.get(t, status.names.get(t, t)) for t in m.scope),
                }
                for m in (align.scoped if align else [])
            ],
            "shared": [
                {
                    "name": a.name,
                    "concepts": ", ".join(names.get(c, c) for c in a.concepts),
                    "leads": "; ".join(
                        f"{names.get(c, c)}: {', '.join(ids)}" for c, ids in a.leads.items() if ids
                    ),
                }
                for a in shared
            ],
            "networks": [
                {
                    "name": n.name,
                    "concept": names.get(n.concept, n.concept),
                    "members": len(n.members),
                    "last": loc.short_date(n.last_meeting.isoformat()) if n.last_meeting else "",
                    "next": late(n.next_due, n.overdue),
                }
                for n in (align.networks if align else [])
            ],
            "pictures": {k: pics.get(k, "") for k in ("towns", "fields", "network", "timeline")},
        }
        env, _ = _template_env(ws, opts.template)
        md = pictures.finish(_fill(env, "overview.md.j2", ctx))
        if status.notes:  # integ fetch: a stale or missing source is said at the top
            md = "".join(f"> **{escape(n)}**\n>\n" for n in status.notes) + "\n" + md
        title = (
            loc.t("label.ov_title_district", district=district)
            if district
            else loc.t("label.ov_title_plain")
        )
        meta = {
            "title": str(escape(title)),
            "lang": content_tag(),
            "date": str(escape(loc.today(opts.today))),
            "toc-title": loc.labels["contents"],
        }
        write_document(ws, md, meta, target, opts, district, loc, tmp)
    return target
