"""The Beschlussvorlage (``integ render --kind council``): what its template sees.

A submission in the shape council offices use: a header block (Vorlage-Nr.,
Aktenzeichen, federführendes Amt, Datum, Beratungsfolge) from the settings ``council:``
of the concept and of integ.yaml (the concept's win, key by key), Betreff,
Beschlussvorschlag (numbered points stay points; placeholders such as ``{body}`` are
filled from the data or refused), Sachverhalt (what the concept is, how it came about,
what changed since the adopted version), Finanzielle Auswirkungen (integ.finance) and
Anlagen (the concept; the Synopse when an adopted version is in git).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any

from . import finance
from .dates import parse_date, parse_period
from .errors import IntegError, UsageError
from .labels import STATUS_ORDER, Locale
from .markdown import Md
from .workspace import Workspace

#: the placeholders a Beschlussvorschlag may use
PLACEHOLDERS = (
    "body",
    "title",
    "version",
    "municipality",
    "date",
    "adopted_date",
    "adopted_version",
)
_POINT = re.compile(r"^\s*(\d{1,2})[.)]\s+")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def settings(ws: Workspace, concept: dict[str, Any]) -> dict[str, Any]:
    """``council:`` of integ.yaml, overridden key by key by the concept's."""
    return {**_dict(ws.settings.get("council")), **_dict(concept.get("council"))}


def split_points(text: str) -> tuple[str, list[str]]:
    """A lead text and numbered points: "1. …\\n2. …" stays two points, lines that
    continue a point are joined to it; a text without numbers is one lead text."""
    lead: list[str] = []
    points: list[list[str]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        m = _POINT.match(line)
        if m:
            points.append([line[m.end() :].strip()])
        elif line.strip():
            (points[-1] if points else lead).append(line.strip())
    return " ".join(lead), [" ".join(p) for p in points if " ".join(p)]


def fill(text: str, values: dict[str, str], where: str, loc: Locale) -> str:
    """``text`` with its placeholders filled; an unknown or empty one is refused."""
    known = ", ".join("{" + k + "}" for k in PLACEHOLDERS)
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise UsageError(loc.t("council.placeholder_syntax", where=where, known=known)) from None
    out: list[str] = []
    for literal, name, _spec, _conv in parts:
        out.append(literal)
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise UsageError(
                loc.t("council.placeholder_unknown", where=where, name=name, known=known)
            )
        if not values.get(name):
            raise UsageError(loc.t(f"council.placeholder_empty.{name}", where=where))
        out.append(values[name])
    return "".join(out)


def named(title: str, loc: Locale) -> tuple[str, str]:
    """The concept as the sentences name it (nominative/accusative, genitive), without
    "das Integrationskonzept „Integrationskonzept des …“"."""
    prefix = "Integrationskonzept "
    if loc.lang == "de" and title.startswith(prefix):
        return title, "Integrationskonzepts " + title[len(prefix) :]
    return loc.t("council.named", title=title), loc.t("council.named_gen", title=title)


def _body(concept: dict[str, Any], council: dict[str, Any], loc: Locale) -> str:
    deciding = [
        c
        for c in council.get("consultations") or []
        if isinstance(c, dict) and c.get("role", "decision") == "decision" and c.get("body")
    ]
    if deciding:
        return str(deciding[-1]["body"])
    adopted = _dict(concept.get("adopted"))
    if adopted.get("body"):
        return str(adopted["body"])
    district = _dict(concept.get("municipality")).get("type") == "district"
    return loc.t("label.body_district" if district else "label.body_council")


def _header(council: dict[str, Any], loc: Locale, today: dt.date) -> list[tuple[str, str]]:
    rows = [
        (loc.t("council.header.number"), council.get("number")),
        (loc.t("council.header.file_reference"), council.get("file_reference")),
        (loc.t("council.header.office"), council.get("office")),
        (loc.t("council.header.date"), loc.short_date(today.isoformat())),
    ]
    return [(k, str(v)) for k, v in rows if v]


def _consultations(council: dict[str, Any], loc: Locale) -> list[dict[str, str]]:
    out = []
    for c in council.get("consultations") or []:
        if not isinstance(c, dict):
            continue
        out.append(
            {
                "body": str(c.get("body") or ""),
                "date": loc.short_date(c.get("date")) or "–",
                "public": loc.t("council.public" if c.get("public", True) else "council.closed"),
                "role": loc.enum("council_role", c.get("role", "decision")),
            }
        )
    return out


class _History:
    """What git knows of the adopted version: the diff, or why there is none."""

    def __init__(self, ws: Workspace, source: Path | None, concept: dict[str, Any]) -> None:
        self.diff: Any = None
        ref = _dict(concept.get("adopted")).get("ref")
        if not ref or source is None:
            return
        from .history import compare

        try:
            diffs, _ = compare(ws, [str(source)], str(ref), None)
        except IntegError:
            return
        if diffs and not diffs[0].old_problem and diffs[0].old:
            self.diff = diffs[0]


def _change_sentences(d: Any, loc: Locale, version: str, adopted_date: str) -> list[str]:
    changes = [c for c in d.changes if c.kind not in ("contact", "review")]

    def count(kind: str, op: str, fieldname: str | None = None) -> int:
        return sum(
            1
            for c in changes
            if c.kind == kind and c.op == op and (fieldname is None or c.field == fieldname)
        )

    out = [
        loc.t(
            "council.facts.diff_measures",
            version=version,
            date=adopted_date,
            added=loc.tn("count.measure", count("measure", "added")),
            removed=count("measure", "removed"),
        ),
    ]
    status = count("measure", "changed", "status")
    logs = 0
    for c in changes:
        if c.kind == "measure" and c.field == "log":
            logs += max(0, len(c.new or []) - len(c.old or []))
    out.append(
        loc.t(
            "council.facts.diff_status",
            status=loc.tn("count.measure", status),
            logs=loc.tn("council.count.log", logs),
        )
    )
    goals = count("goal", "added") + count("goal", "removed") + count("goal", "changed")
    inds = sum(1 for c in changes if c.kind == "indicator")
    out.append(
        loc.t(
            "council.facts.diff_goals",
            goals=loc.tn("count.goal", goals),
            indicators=loc.tn("count.indicator", inds),
        )
    )
    out.append(loc.tn("council.facts.diff_total", len(changes)))
    return out


def _data_sentences(
    concept: dict[str, Any], measures: list[dict[str, Any]], loc: Locale, since: dt.date | None
) -> list[str]:
    counts = {s: sum(1 for m in measures if m.get("status") == s) for s in STATUS_ORDER}
    parts = [f"{n} {loc.enum('measure_status', s)}" for s, n in counts.items() if n]
    out = [
        loc.t(
            "council.facts.status",
            measures=loc.tn("count.measure", len(measures)),
            parts=loc.join(parts),
        )
    ]
    if since is not None:
        entries = [
            e
            for m in measures
            for e in m.get("log") or []
            if isinstance(e, dict) and (parse_date(e.get("date")) or dt.date.min) >= since
        ]
        touched = sum(
            1
            for m in measures
            if any(
                isinstance(e, dict) and (parse_date(e.get("date")) or dt.date.min) >= since
                for e in m.get("log") or []
            )
        )
        started = sum(1 for m in measures if (parse_period(m.get("start")) or dt.date.min) > since)
        out.append(
            loc.t(
                "council.facts.logs",
                date=loc.date(since.isoformat()),
                entries=loc.tn("council.count.log", len(entries)),
                measures=loc.tn("count.measure", touched),
                started=loc.tn("count.measure", started),
            )
        )
    return out


def build(
    ws: Workspace,
    concept: dict[str, Any],
    source: Path | None,
    today: dt.date,
    loc: Locale,
    ctx: dict[str, Any],
    proposal: str | None = None,
) -> dict[str, Any]:
    """The ``council`` part of the template context."""
    council = settings(ws, concept)
    title = str(concept.get("title") or "")
    version = str(concept.get("version") or "")
    adopted = _dict(concept.get("adopted"))
    status = concept.get("status")
    body = _body(concept, council, loc)
    name, name_gen = named(title, loc)
    adopted_day = parse_date(adopted.get("date"))
    history = _History(ws, source, concept)
    is_update = bool(adopted) and status in ("adopted", "superseded")
    unchanged = history.diff is not None and not [
        c for c in history.diff.changes if c.kind not in ("contact", "review")
    ]
    values = {
        "body": body,
        "title": title,
        "version": version,
        "municipality": str(_dict(concept.get("municipality")).get("name") or ""),
        "date": loc.date(today.isoformat()),
        "adopted_date": loc.date(adopted.get("date")) if adopted else "",
        "adopted_version": version if is_update else "",
    }
    # ---- Beschlussvorschlag
    display = str(source) if source is not None else str(concept.get("id", ""))
    given: Any = proposal
    where = "--proposal"
    if given is None and concept.get("council", {}) and _dict(concept["council"]).get("resolution"):
        given, where = concept["council"]["resolution"], f"{display}: council.resolution"
    elif given is None and _dict(ws.settings.get("council")).get("resolution"):
        given, where = ws.settings["council"]["resolution"], "integ.yaml: council.resolution"
    elif given is None and ws.settings.get("resolution"):
        given, where = ws.settings.get("resolution"), "integ.yaml: resolution"
    if isinstance(given, list):
        lead, points = "", [fill(str(p), values, where, loc) for p in given]
    elif given:
        lead, points = split_points(fill(str(given), values, where, loc))
        if not points:  # one text without numbers: one paragraph
            lead, points = "", [lead]
    else:
        cycle = _dict(concept.get("review")).get("cycle_months")
        report = (
            loc.t("council.proposal.report", body=body, cycle=loc.tn("label.count.months", cycle))
            if isinstance(cycle, int) and not isinstance(cycle, bool)
            else ""
        )
        if is_update and unchanged:
            points = [loc.t("council.proposal.note", body=body, name=name_gen, version=version)]
        elif is_update:
            points = [
                loc.t(
                    "council.proposal.update",
                    body=body,
                    name=name_gen,
                    date=values["date"],
                    adopted_date=values["adopted_date"],
                    version=version,
                )
            ]
        else:
            points = [loc.t("council.proposal.adopt", body=body, name=name, version=version)]
        if report and not (is_update and unchanged):
            points.append(report)
        lead = ""
    # ---- Betreff
    if is_update and not unchanged:
        subject = loc.t("council.subject.update", title=title, date=values["date"])
    else:
        subject = loc.t("council.subject.adopt", title=title, version=version)
    # ---- Sachverhalt
    period = _dict(concept.get("period"))
    measures = [m for m in concept.get("measures") or [] if isinstance(m, dict)]
    n_goals = sum(len(f["goals"]) for f in ctx["fields"])
    n_ind = sum(len(g["indicators"]) for f in ctx["fields"] for g in f["goals"])
    span = loc.period(period.get("start"), period.get("end"))
    what = loc.t(
        "council.facts.what" if span else "council.facts.what_open",
        name=name,
        period=span,
        fields=loc.tn("count.field", len(ctx["fields"])),
        goals=loc.tn("count.goal", n_goals),
        indicators=loc.tn("count.indicator", n_ind),
        measures=loc.tn("count.measure", len(measures)),
    )
    how: list[str] = []
    if adopted:
        how.append(
            loc.t(
                "council.facts.adopted"
                if adopted.get("resolution")
                else "council.facts.adopted_plain",
                body=str(adopted.get("body") or body),
                version=version,
                date=values["adopted_date"],
                resolution=str(adopted.get("resolution") or ""),
            )
        )
    else:
        how.append(
            loc.t(
                "council.facts.draft",
                version=version,
                status=loc.enum("status", status),
            )
        )
    reviews = [r for r in concept.get("reviews") or [] if isinstance(r, dict)]
    if reviews:
        last = reviews[-1]
        how.append(
            loc.tn(
                "council.facts.reviews" if adopted else "council.facts.reviews_draft",
                len(reviews),
                date=loc.date(last.get("date")),
            )
        )
        summary = " ".join(str(last.get("summary") or "").split())
        if summary:
            if summary[-1] not in ".!?":
                summary += "."
            how.append(loc.t("council.facts.review_result", summary=summary))
    networks = [n for n in concept.get("networks") or [] if isinstance(n, dict)]
    if networks:
        meetings = [
            x
            for n in networks
            for x in n.get("meetings") or []
            if isinstance(x, dict)
            and (adopted_day is None or (parse_date(x.get("date")) or dt.date.min) >= adopted_day)
        ]
        how.append(
            loc.t(
                "council.facts.participation" if adopted_day else "council.facts.participation_all",
                actors=loc.tn("council.count.actor", len(ctx["actors"])),
                networks=loc.tn("council.count.network", len(networks)),
                meetings=loc.tn("council.count.meeting", len(meetings)),
            )
        )
    if unchanged:
        changed = [
            loc.t("council.facts.unchanged", version=version),
            *_data_sentences(concept, measures, loc, adopted_day),
        ]
    elif history.diff is not None:
        changed = _change_sentences(history.diff, loc, version, values["adopted_date"])
    else:
        changed = _data_sentences(concept, measures, loc, adopted_day)
    # ---- Finanzielle Auswirkungen
    money = finance_view(measures, period, today, loc, concept)
    # ---- Anlagen
    attachments = [
        loc.t("council.attachment.draft", title=title, date=values["date"])
        if is_update and not unchanged
        else loc.t("label.attachment_concept", title=title, version=version)
    ]
    if history.diff is not None and not unchanged:
        attachments.append(
            loc.t("council.attachment.synopse", version=version, date=values["adopted_date"])
        )
    header = _header(council, loc, today)
    consultations = _consultations(council, loc)
    consult_head = [
        loc.t("council.consult.body"),
        loc.t("council.consult.date"),
        loc.t("council.consult.public"),
        loc.t("council.consult.role"),
    ]
    return {
        "header": header,
        "header_sep": _widths([[k for k, _ in header], [v for _, v in header]], right=False)
        if header
        else "",
        "consultations": consultations,
        "consult_head": consult_head,
        "consult_sep": _widths(
            [
                consult_head,
                *[[x["body"], x["date"], x["public"], x["role"]] for x in consultations],
            ],
            right=False,
        ),
        "subject": subject,
        "lead": lead,
        "points": points,
        "what": what,
        "how": " ".join(how),
        "changed": " ".join(changed),
        "finance": money,
        "attachments": attachments,
        "synopse": history.diff is not None,
    }


def _row_label(row: finance.Row, loc: Locale) -> str:
    if row.source:
        return loc.enum("funding_source", row.source)
    return loc.t("council.finance.unassigned", funding=row.funding or "–")


def _widths(table: list[list[str]], right: bool = True) -> Md:
    """The separator line of a pipe table whose dashes give each column its share of
    the page by its content (pandoc's relative widths, which it uses when a line is
    longer than 72 characters): at least its longest word, so that no word, date or
    amount is broken in a cell; the first column left-aligned, the others ``right``."""
    cols = len(table[0])
    words = [max(len(w) for r in table for w in (r[i].split() or [""])) for i in range(cols)]
    texts = [max(len(r[i]) for r in table) for i in range(cols)]
    widths = [max(w + 4, min(t, 3 * w)) for w, t in zip(words, texts)]
    scale = max(1.0, 80 / (sum(widths) + cols + 1))
    widths = [max(3, round(w * scale)) for w in widths]
    line = "|".join(
        ":" + "-" * w if i == 0 or not right else "-" * w + ":" for i, w in enumerate(widths)
    )
    return Md(f"|{line}|")


def finance_view(
    measures: list[dict[str, Any]],
    period: dict[str, Any],
    today: dt.date,
    loc: Locale,
    concept: dict[str, Any],
) -> dict[str, Any]:
    fx = finance.effects(measures, period, today)
    first = finance._month(today) + 1
    start = dt.date(first // 12, first % 12 + 1, 1)
    intro = loc.t("council.finance.intro", start=loc.short_date(start.isoformat()[:7]))
    if not fx.rows and not fx.open_ended:
        return {"empty": True, "intro": intro, "notes": [loc.t("council.finance.none")]}
    header = [loc.t("council.finance.payer"), *[str(y) for y in fx.years], loc.t("label.sum")]
    body = [
        [
            _row_label(r, loc),
            *[loc.money(r.years[y]) if r.years.get(y) else "–" for y in fx.years],
            loc.money(r.total),
        ]
        for r in fx.rows
    ]
    sums = [loc.t("label.sum"), *[loc.money(fx.year_sum(y)) for y in fx.years], loc.money(fx.total)]
    notes = []
    own = (
        "district"
        if _dict(concept.get("municipality")).get("type") == "district"
        else ("municipality")
    )
    if fx.rows:
        notes.append(
            loc.t(
                f"council.finance.own.{own}",
                amount=loc.money(fx.by_source(own)),
                total=loc.money(fx.total),
            )
        )
    if any(r.source is None for r in fx.rows):
        notes.append(loc.t("council.finance.unassigned_note"))
    for ident, amount, who in fx.open_ended:
        notes.append(
            loc.t(
                "council.finance.open_ended",
                id=ident,
                amount=loc.money(amount),
                payer=loc.enum("funding_source", who) if who in finance.SOURCES else who or "–",
            )
        )
    return {
        "empty": not fx.rows,
        "intro": intro,
        "header": header,
        "rows": body,
        "sums": sums,
        "separator": _widths([header, *body, sums]) if fx.rows else "",
        "notes": notes,
    }


__all__ = ["PLACEHOLDERS", "build", "fill", "named", "settings", "split_points"]
