"""What the Integrationsbericht tells the council, from the concept and its review.

* the **Berichtszeitraum**: from the last recorded review (``reviews:``, the newest
  entry before the report's date), else from the adoption (``adopted.date``), to the
  report's date;
* per **field of action**: each goal with an assessment from its indicators (the rule of
  integ.progress: im Plan, nicht im Plan, teilweise im Plan, keine aktuellen Daten) and
  what the measures achieved in the period (their Sachstände dated in it);
* the **Handlungsbedarf** in the council's words: what is open and who is responsible
  (the lead of a measure, the convener of a network, the leads of the measures serving
  an indicator's goal), by name. The coordinator's to-dos (file errors, suspicious
  status changes, missing reasons) stay in ``integ review``'s own output.

Everything is read after the privacy filter of the report's audience."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dates import parse_date
from .labels import Locale
from .markdown import markdown
from .review import ConceptReview, IndicatorProgress, Item

#: the kinds of agenda items the council hears about (``synopse.report.item.<text>``)
COUNCIL_KINDS = (
    "review-overdue",
    "measure-overdue",
    "measure-not-started",
    "review-by-past",
    "funding-ending",
    "measure-stale",
    "indicator-stale",
    "network-inactive",
)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def period_start(data: dict[str, Any], today: dt.date) -> tuple[dt.date | None, str]:
    """The first day before the Berichtszeitraum and what it is: ``review`` (the newest
    recorded review before today), ``adopted`` (the adoption), or ``none``."""
    days = [d for r in _dicts(data.get("reviews")) if (d := parse_date(r.get("date")))]
    before = [d for d in days if d < today]
    if before:
        return max(before), "review"
    found = data.get("adopted")
    adopted: dict[str, Any] = found if isinstance(found, dict) else {}
    day = parse_date(adopted.get("date"))
    if day is not None and day < today:
        return day, "adopted"
    return None, "none"


def period_text(start: dt.date | None, basis: str, today: dt.date, loc: Locale) -> str:
    if start is None:
        return loc.t("synopse.report.period.open", end=today.isoformat())
    return loc.t(f"synopse.report.period.{basis}", start=start.isoformat(), end=today.isoformat())


def goal_assessment(indicators: list[IndicatorProgress], loc: Locale) -> str:
    """One goal in one word from its indicators."""
    if not indicators:
        return loc.t("synopse.report.goal.none")
    judged = [i for i in indicators if i.on_track is not None]
    on = sum(1 for i in judged if i.on_track)
    if not judged:
        return loc.t("synopse.report.goal.stale")
    if on == len(judged):
        return loc.t("synopse.report.goal.on_track")
    if on == 0:
        return loc.t("synopse.report.goal.off_track")
    return loc.t("synopse.report.goal.partly", n=on, m=len(judged))


def _anchor(msgid: str, value: Any, year: int | None, unit: Any, loc: Locale) -> str:
    return loc.t(msgid, value=loc.quantity(value, unit), year=str(year or ""))


def indicator_state(ind: IndicatorProgress, loc: Locale) -> str:
    """'I-SPR-1: 54 % (2025), Ziel 60 % (2027), nicht im Plan'."""
    latest = (
        _anchor("synopse.report.indicator.value", ind.latest, ind.latest_year, ind.unit, loc)
        if ind.latest is not None
        else loc.t("synopse.report.indicator.no_value")
    )
    target = (
        _anchor("synopse.report.indicator.target", ind.target, ind.target_year, ind.unit, loc)
        if ind.target is not None
        else ""
    )
    if ind.stale:
        state = loc.t("synopse.report.goal.stale")
    elif ind.on_track is None:
        state = ""
    else:
        state = loc.t(
            "synopse.report.goal.on_track" if ind.on_track else "synopse.report.goal.off_track"
        )
    parts = ", ".join(x for x in (latest, target, state) if x)
    return f"{ind.id}: {parts}"


def fields_report(
    review: ConceptReview,
    data: dict[str, Any],
    ctx: dict[str, Any],
    start: dt.date | None,
    today: dt.date,
    loc: Locale,
) -> list[dict[str, Any]]:
    """Per field of action: the goals with their assessment and what the measures
    achieved in the period."""
    by_goal: dict[str, list[IndicatorProgress]] = {}
    for ind in review.indicators:
        by_goal.setdefault(ind.goal, []).append(ind)
    raw = {str(m.get("id")): m for m in _dicts(data.get("measures"))}
    out = []
    for f in ctx["fields"]:
        goals = []
        for g in f["goals"]:
            inds = by_goal.get(str(g["id"]), [])
            goals.append(
                {
                    "id": g["id"],
                    "title": g["title"],
                    "assessment": goal_assessment(inds, loc),
                    "indicators": "; ".join(indicator_state(i, loc) for i in inds),
                }
            )
        achieved = []
        for m in f["measures"]:
            entries = []
            for e in _dicts((raw.get(str(m["id"])) or {}).get("log")):
                day = parse_date(e.get("date"))
                if day is None or day > today or (start is not None and day <= start):
                    continue
                entries.append(
                    {
                        "date": loc.short_date(day.isoformat()),
                        "note": markdown(" ".join(str(e.get("note") or "").split())),
                    }
                )
            if entries:
                achieved.append(
                    {
                        "id": m["id"],
                        "title": m["title"],
                        "status": m["status_label"],
                        "lead": m["lead"],
                        "entries": entries,
                    }
                )
        out.append({"id": f["id"], "title": f["title"], "goals": goals, "achieved": achieved})
    return out


def _responsible(item: Item, ctx: dict[str, Any], review: ConceptReview, loc: Locale) -> str:
    """Who is responsible for an item, by name: a measure's lead, a network's convener,
    the leads of the measures that serve an indicator's goal, else the organisation."""
    if item.subject == "measure":
        for m in ctx["measures"]:
            if m["id"] == item.id:
                return str(m["lead"])
    if item.subject == "network":
        for n in ctx["networks"]:
            if n["id"] == item.id:
                return str(n["convener"])
    if item.subject == "indicator":
        goal = next((i.goal for i in review.indicators if i.id == item.id), "")
        leads = [
            str(m["lead"])
            for m in ctx["measures"]
            if any(g["id"] == goal for g in m["goals"]) and m["lead"]
        ]
        if leads:
            return loc.join(list(dict.fromkeys(leads)))
    return str(ctx["organisation"] or ctx["concept"]["municipality"] or "")


def needs(review: ConceptReview, ctx: dict[str, Any], loc: Locale) -> list[dict[str, Any]]:
    """The Handlungsbedarf for the council: what is open, who is responsible, by when."""
    from . import i18n

    out: list[dict[str, Any]] = []
    for item in review.items:
        if item.kind not in COUNCIL_KINDS or item.severity == "error":
            continue
        text = item.message_id.removeprefix("review.item.")
        msgid = f"synopse.report.item.{text}"
        if not i18n.has(msgid, loc.lang):
            continue
        params = dict(item.params)
        if item.subject == "network":
            params["name"] = item.title or item.id
        out.append(
            {
                "n": len(out) + 1,
                "text": loc.t(msgid, **params),
                "responsible": _responsible(item, ctx, review, loc),
                "due": loc.short_date(item.due.isoformat()) if item.due else "",
            }
        )
    return out


def council_context(
    review: ConceptReview,
    data: dict[str, Any],
    ctx: dict[str, Any],
    today: dt.date,
    loc: Locale,
) -> dict[str, Any]:
    """The parts of the report for one concept that speak to the council."""
    start, basis = period_start(data, today)
    fields = fields_report(review, data, ctx, start, today, loc)
    goals = [g for f in fields for g in f["goals"]]
    on_track = loc.t("synopse.report.goal.on_track")
    return {
        "period": period_text(start, basis, today, loc),
        "period_short": loc.t(
            "synopse.report.period.short",
            start=start.isoformat() if start else "",
            end=today.isoformat(),
        )
        if start
        else "",
        "fields_report": fields,
        "needs": needs(review, ctx, loc),
        "goals_on_track": sum(1 for g in goals if g["assessment"] == on_track),
        "goals_total": len(goals),
    }
