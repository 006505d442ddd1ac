"""The review agenda for people: text (rich), Markdown, JSON, and the review report
(Integrationsbericht) through the render pipeline (``templates/review.md.j2``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .dates import next_review
from .diffview import describe
from .issuer import issuer
from .labels import STATUS_ORDER, Locale, content_tag, document_lang
from .markdown import Md, escape
from .review import TRANSITION_KINDS, Agenda, ConceptReview, IndicatorProgress, Item, Since
from .workspace import Workspace

if TYPE_CHECKING:
    from .edit import Change as EditChange

CHANGES_SHOWN = 25  # text output: more changes are counted, `integ diff` shows them all

#: names the review report's template knows under another label (``L.no_changes``)
_ALIASES = {"no_changes": "review_no_changes", "summary": "review_summary"}


def labels(lang: str | None = None) -> dict[str, str]:
    """The words of the agenda and the report (``label.*`` of the docs catalogue), by
    short name; the kinds of review items also by their kind (``review-overdue``)."""
    out = dict(Locale(lang).labels)
    for key, value in list(out.items()):
        if key.startswith("item."):
            out[key[5:]] = value
    for alias, key in _ALIASES.items():
        out[alias] = out.get(key, alias)
    return out


# --------------------------------------------------------------------------- pieces


def kind_label(kind: str, L: dict[str, str], severity: str | None = None) -> str:
    """The kind of an item in words ("Förderung endet"); a rule's finding by its
    severity with the rule's name as a code ("Warnung [field-without-goals]")."""
    if f"item.{kind}" in L:
        return L[f"item.{kind}"]
    if severity in ("error", "warning"):
        return f"{L[severity]} [{kind}]"
    return L.get(kind, kind)


def due_text(item: Item, today: dt.date, loc: Locale, L: dict[str, str]) -> str:
    """'69 Tage überfällig (fällig 17.09.2026)', 'fällig in 36 Tagen (31.12.2026)', ''."""
    days = item.days(today)
    if item.due is None or days is None:
        return ""
    if days > 0:
        state = loc.tn("label.count.overdue_days", days)
    elif days == 0:
        state = loc.t("label.due_today")
    else:
        state = loc.t("label.due_in_day") if days == -1 else loc.tn("label.count.due_in", -days)
    return f"{state} ({loc.t('label.due_on', date=loc.short_date(item.due.isoformat()))})"


def headline(agenda: Agenda, L: dict[str, str], loc: Locale) -> str:
    n = len(agenda.items)
    items = loc.t("label.items_0") if n == 0 else loc.tn("label.count.item", n)
    c = sum(1 for x in agenda.concepts if x.readable) or len(agenda.concepts)
    concepts = loc.tn("label.count.concept_in", c)
    overdue = loc.t("label.overdue_part", n=agenda.overdue) if agenda.overdue else ""
    return loc.t(
        "label.headline",
        date=loc.short_date(agenda.today.isoformat()),
        items=items,
        concepts=concepts,
        overdue=overdue,
    )


def since_heading(since: Since, L: dict[str, str], loc: Locale) -> str:
    if since.basis == "since":
        return f"{L['changes_since']} ({loc.t('label.since_rev', ref=since.ref)})"
    parts = []
    if since.review_date:
        parts.append(loc.t("label.since_date", date=loc.short_date(since.review_date)))
    if since.basis == "ref" and since.ref:
        parts.append(str(since.ref))
    elif since.commit:
        parts.append(f"{L['commit']} {since.commit[:10]}")
    return L["changes_since"] + (f" ({', '.join(parts)})" if parts else "")


def change_lines(review: ConceptReview, loc: Locale, public: bool = False) -> list[str]:
    """The changes since the last review in sentences (contacts left out of public
    documents)."""
    since = review.since
    changes = since.changes
    if public:  # both sides through the privacy filter (integ.privacy), then diffed
        changes = since.public if since.public is not None else []
    return [describe(c, loc, since.titles) for c in changes]


def publish(agenda: Agenda) -> None:
    """The agenda for a public audience from now on (``integ review --audience public``
    on screen): the changes since the last review are those of both sides after the
    privacy filter (integ.privacy)."""
    for review in agenda.concepts:
        review.since.changes = review.since.public or []


def indicator_cells(ind: IndicatorProgress, loc: Locale, L: dict[str, str]) -> dict[str, str]:
    def anchor(value: Any, year: int | None) -> str:
        if value is None:
            return ""
        text = loc.quantity(value, ind.unit)
        return f"{text} ({year})" if year else text

    return {
        "id": ind.id,
        "title": ind.title,
        "baseline": anchor(ind.baseline, ind.baseline_year),
        "latest": anchor(ind.latest, ind.latest_year),
        "target": anchor(ind.target, ind.target_year),
        "progress": "" if ind.progress is None else loc.percent(ind.progress * 100, 0),
        "on_track": _t("review.indicator.stale")
        if ind.stale
        else ""
        if ind.on_track is None
        else (L["on_track"] if ind.on_track else L["off_track"]),
    }


def _t(msgid: str) -> str:
    from .i18n import t

    return t(msgid)


def subject_text(item: Item, L: dict[str, str]) -> str:
    name = L.get(item.subject, item.subject) if item.subject in _SUBJECTS else item.subject
    return f"{name} {item.id}"


_SUBJECTS = ("measure", "indicator", "network", "concept", "goal", "field")


# --------------------------------------------------------------------------- text


def _console(out: IO[str]) -> Any:
    from rich.console import Console

    return Console(
        file=out, highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR"))
    )


def print_item(
    console: Any,
    item: Item,
    number: int,
    total: int,
    today: dt.date,
    loc: Locale,
    L: dict[str, str],
) -> None:
    """One point: 'Punkt 3 von 17 · ! Maßnahme nicht begonnen · M-WOH-03 · 269 Tage
    überfällig (fällig 01.03.2026)' and the message below it. Overdue items are marked
    with '!' and errors with 'Fehler', so that they stand out without colour too."""
    from rich.markup import escape as rescape

    overdue = item.due is not None and item.due < today
    mark = "!" if overdue or item.severity == "error" or item.kind in TRANSITION_KINDS else "·"
    style = "bold red" if item.severity == "error" else "bold yellow" if overdue else "bold"
    parts = [
        loc.t("label.item_of", n=number, total=total),
        mark,
        kind_label(item.kind, L, item.severity),
        item.id,
    ]
    due = due_text(item, today, loc, L)
    if due:
        parts.append(due)
    if item.severity == "error":
        parts.append(L["error"])
    console.print(f"  [{style}]{rescape(' '.join(parts[:2]))}[/] " + rescape(" · ".join(parts[2:])))
    from rich.padding import Padding

    where = f"{item.file}:{item.line}" if item.line else item.file
    text = rescape(item.message) + (f" [dim]({rescape(where)})[/]" if where else "")
    if console.soft_wrap:  # a report: one line per message
        console.print("      " + text)
    else:  # the walk: indented as a block, wrapped at word boundaries under itself
        console.print(Padding(text, (0, 0, 0, 6)))


def print_since(
    console: Any,
    review: ConceptReview,
    loc: Locale,
    L: dict[str, str],
    limit: int | None = CHANGES_SHOWN,
) -> None:
    from rich.markup import escape as rescape

    since = review.since
    console.print(f"  [underline]{rescape(since_heading(since, L, loc))}[/]")
    if not since.available:
        console.print("    " + rescape(since.note or L["changes_none_available"]))
        return
    lines = change_lines(review, loc)
    if not lines:
        console.print("    " + rescape(L["no_changes"]))
    shown = lines if limit is None else lines[:limit]
    for line in shown:
        console.print("    " + rescape(line))
    if len(lines) > len(shown):
        ref = since.ref if since.basis != "date" else (since.commit or "")[:10]
        console.print(
            "    "
            + rescape(
                loc.t("label.more_changes", n=len(lines) - len(shown), file=review.file, ref=ref)
            )
        )


def indicator_line(ind: IndicatorProgress, loc: Locale, L: dict[str, str]) -> str:
    """'I-SPR-1 Titel: 48 % (2022) → 55 % (2024), Ziel 60 % (2027): 58 %, im Plan'."""
    c = indicator_cells(ind, loc, L)
    text = (
        f"{c['id']} {c['title']}: {c['baseline'] or '–'} → {c['latest'] or '–'}, "
        f"{L['target']} {c['target'] or '–'}"
    )
    judged = ", ".join(x for x in (c["progress"], c["on_track"]) if x)
    return text + (f": {judged}" if judged else "")


def print_indicators(console: Any, review: ConceptReview, loc: Locale, L: dict[str, str]) -> None:
    """One line per indicator (readable at any terminal width); off-track ones are
    marked with '!' besides the words 'nicht im Plan'."""
    from rich.markup import escape as rescape

    if not review.indicators:
        return
    console.print(f"  [underline]{rescape(L['indicators'])}[/]")
    for ind in review.indicators:
        line = indicator_line(ind, loc, L)
        if ind.on_track is False:
            console.print(f"  [yellow]! {rescape(line)}[/]")
        else:
            console.print(f"    {rescape(line)}")


def concept_heading(review: ConceptReview, L: dict[str, str]) -> str:
    version = f" · {L['version']} {review.version}" if review.version else ""
    return f"{review.name} · {review.file}{version}"


def write_text(agenda: Agenda, out: IO[str]) -> None:
    from rich.markup import escape as rescape

    loc = Locale(agenda.lang)
    L = labels(agenda.lang)
    console = _console(out)
    console.print(f"[bold]{rescape(headline(agenda, L, loc))}[/]")
    total = len(agenda.items)
    n = 0
    for review in agenda.concepts:
        console.print()
        console.print(f"[bold underline]{rescape(concept_heading(review, L))}[/]")
        if not review.items:
            console.print("  " + rescape(L["no_items"]))
        for item in review.items:
            n += 1
            print_item(console, item, n, total, agenda.today, loc, L)
        if not review.readable:
            continue
        print_since(console, review, loc, L)
        print_indicators(console, review, loc, L)


def write_overview(agenda: Agenda, console: Any) -> None:
    """Before the interactive walk: the headline, and per concept what changed since
    the last review and the indicators (the items follow one by one)."""
    from rich.markup import escape as rescape

    loc = Locale(agenda.lang)
    L = labels(agenda.lang)
    console.print(f"[bold]{rescape(headline(agenda, L, loc))}[/]")
    for review in agenda.concepts:
        if not review.readable:
            continue
        console.print()
        console.print(f"[bold underline]{rescape(concept_heading(review, L))}[/]")
        print_since(console, review, loc, L)
        if review.indicators:
            off = [i.id for i in review.indicators if i.on_track is False]
            judged = sum(1 for i in review.indicators if i.on_track is not None)
            line = loc.t("label.indicators_short", n=judged - len(off), m=judged)
            if off:
                line += "; " + L["off_track"] + ": " + ", ".join(off)
            console.print(f"  [underline]{rescape(L['indicators'])}[/]")
            console.print("    " + rescape(line))


# --------------------------------------------------------------------------- markdown


def write_markdown(agenda: Agenda, out: IO[str]) -> None:
    loc = Locale(agenda.lang)
    L = labels(agenda.lang)
    out.write(f"# {escape(headline(agenda, L, loc))}\n\n")
    n = 0
    for review in agenda.concepts:
        out.write(f"## {escape(review.name)}\n\n")
        out.write(
            f"{escape(review.file)}"
            + (f", {L['version']} {escape(review.version)}" if review.version else "")
            + "\n\n"
        )
        out.write(f"### {L['agenda']}\n\n")
        if not review.items:
            out.write(f"{L['no_items']}\n\n")
        for item in review.items:
            n += 1
            due = due_text(item, agenda.today, loc, L)
            out.write(
                f"{n}. **{escape(kind_label(item.kind, L, item.severity))}** ({escape(item.id)})"
                + (f", {escape(due)}" if due else "")
                + f": {escape(item.message)}\n"
            )
        if review.items:
            out.write("\n")
        if not review.readable:
            continue
        out.write(f"### {escape(since_heading(review.since, L, loc))}\n\n")
        if not review.since.available:
            out.write(f"{escape(review.since.note or L['changes_none_available'])}\n\n")
        else:
            lines = change_lines(review, loc, public=True)  # Markdown is shared
            out.write("".join(f"- {escape(line)}\n" for line in lines) or f"{L['no_changes']}\n")
            out.write("\n")
        if review.indicators:
            out.write(f"### {L['indicators']}\n\n")
            out.write(
                f"| {L['indicator']} | {L['baseline']} | {L['latest']} | "
                f"{L['target']} | {L['progress']} | {L['on_track']} |\n"
            )
            out.write("|:--|--:|--:|--:|--:|:--|\n")
            for ind in review.indicators:
                c = indicator_cells(ind, loc, L)
                cells = [
                    f"{c['id']} {c['title']}",
                    c["baseline"],
                    c["latest"],
                    c["target"],
                    c["progress"],
                    c["on_track"],
                ]
                out.write("| " + " | ".join(str(escape(x)) or "–" for x in cells) + " |\n")
            out.write("\n")


# --------------------------------------------------------------------------- json


def write_json(agenda: Agenda, out: IO[str]) -> None:
    json.dump(agenda.as_json(), out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def edit_sentence(change: EditChange, loc: Locale) -> str:
    """A change made during the review in the report's words: 'M-WOH-03: Status
    geplant → verschoben', 'M-TEI-03: neuer Sachstand vom 25.11.2026: ...'."""
    from .diffview import field_label

    new = change.new
    if change.field == "log" and isinstance(new, dict):
        return loc.t(
            "label.edit_log",
            item=change.item,
            date=loc.short_date(new.get("date")),
            note=" ".join(str(new.get("note") or "").split()),
        )
    if change.field == "values" and isinstance(new, dict):
        text = loc.t(
            "label.edit_value",
            item=change.item,
            year=str(new.get("year")),
            value=loc.number(new.get("value")),
        )
        return text + (f" ({new['note']})" if new.get("note") else "")
    if change.field == "reviews" and isinstance(new, dict):
        return loc.t("label.edit_review", date=loc.short_date(new.get("date")))

    def show(value: Any) -> str:
        if value is None:
            return "–"
        if change.field == "status":
            return loc.enum("measure_status", value)
        if change.field in ("review_by", "start", "end", "review.last", "review.next"):
            return loc.short_date(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return loc.number(value)
        return " ".join(str(value).split())

    field = change.field.split(" ")[0]
    name = field_label(field, loc.lang)
    if field == "values":  # 'values 2025' or 'values 2025 note'
        parts = change.field.split(" ")
        name = loc.t(
            "diff.field.value_note_of" if len(parts) > 2 else "diff.field.value_of",
            year=" ".join(parts[1:2]),
        )
    if change.added:
        return f"{change.item}: {name} {show(new)}"
    return f"{change.item}: {name} {show(change.old)} → {show(new)}"


# --------------------------------------------------------------------------- report


def _report_context(
    ws: Workspace,
    review: ConceptReview,
    today: dt.date,
    lang: str,
    audience: str,
    picture: Callable[[Any], Md] | None,
    edited: list[EditChange],
    recorded: bool,
    start: int,
    total: int,
) -> dict[str, Any]:
    from . import view

    loc = Locale(lang)
    L = labels(lang)
    data = review.data or {}
    registry = (
        ws.registry.data.get("actors")
        if ws.registry is not None and isinstance(ws.registry.data, dict)
        else None
    )
    ctx = view.build(
        data,
        kind="review",
        audience=audience,
        lang=lang,
        today=today,
        organisation=issuer(ws, data),
        registry=registry,
    )
    status_picture: Md | str = ""
    if picture is not None and any(f["measures"] for f in ctx["fields"]):
        from . import charts
        from .view import status_rows

        status_picture = picture(
            charts.status_chart(
                status_rows(ctx["fields"]),
                {k: loc.enum("measure_status", k) for k in STATUS_ORDER},
                STATUS_ORDER,
                name=f"status-{review.id}",
                loc=loc,
            )
        )
    items = []
    for n, item in enumerate(review.items, start=start):
        items.append(
            {
                "n": n,
                "kind": kind_label(item.kind, L, item.severity),
                "element": subject_text(item, L),
                "due": loc.short_date(item.due.isoformat()) if item.due else "",
                "state": due_text(item, today, loc, L).split(" (")[0],
                "message": item.message,
                "overdue": item.due is not None and item.due < today,
            }
        )
    since = review.since
    indicators = [indicator_cells(i, loc, L) for i in review.indicators]
    review_data = got if isinstance(got := data.get("review"), dict) else {}
    nxt = next_review(review_data, data.get("adopted"))
    from .privacy import for_audience
    from .review_report import council_context

    council = council_context(review, for_audience(data, audience), ctx, today, loc)
    return {
        **council,
        "id": review.id,
        "title": review.title,
        "name": review.name,
        "concept": ctx["concept"],
        "status_totals": ctx["status_totals"],
        "last": loc.short_date(review_data.get("last")),
        "next": loc.short_date(nxt.isoformat()) if nxt else "",
        "status_picture": status_picture,
        "measure_total": len(ctx["measures"]),
        "points": items,
        "points_total": total,
        "overdue": sum(1 for i in items if i["overdue"]),
        "since": {
            "heading": since_heading(since, L, loc),
            "available": since.available,
            "note": since.note or L["changes_none_available"],
            "changes": change_lines(review, loc, public=audience == "public"),
        },
        "indicators": indicators,
        "on_track": sum(1 for i in review.indicators if i.on_track),
        "indicators_judged": sum(1 for i in review.indicators if i.on_track is not None),
        "edited": [edit_sentence(c, loc) for c in edited],
        "recorded": loc.t("label.recorded", date=loc.short_date(today.isoformat()))
        if recorded
        else "",
    }


def report_markdown(
    ws: Workspace,
    agenda: Agenda,
    *,
    audience: str = "public",
    template: Path | None = None,
    picture: Callable[[Any], Md] | None = None,
    edited: dict[str, list[EditChange]] | None = None,
    recorded: set[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The Markdown of the review report and the metadata pandoc gets with it."""
    from .render import _fill, _template_env

    lang = agenda.lang
    loc = Locale(lang)
    L = labels(lang)
    total = len(agenda.items)
    reports = []
    n = 1
    for review in agenda.concepts:
        if not review.readable:
            continue
        reports.append(
            _report_context(
                ws,
                review,
                agenda.today,
                lang,
                audience,
                picture,
                (edited or {}).get(review.id, []),
                review.id in (recorded or set()),
                n,
                total,
            )
        )
        n += len(review.items)
    readable = [c for c in agenda.concepts if c.readable]
    organisation = (  # one concept: its own municipality issues the report
        issuer(ws, readable[0].data)
        if len(readable) == 1
        else str(ws.settings.get("organisation") or "")
    )
    env, name = _template_env(ws, template)
    ctx = {
        "L": L,
        "today": loc.today(agenda.today),
        "organisation": organisation,
        "reports": reports,
        "intro": loc.t("synopse.report.intro", date=loc.today(agenda.today)),
        "t": loc.t,
        "tn": loc.tn,
    }
    text = _fill(env, name or "review.md.j2", ctx)
    title = loc.t("label.report_title", year=agenda.today.year)
    subtitle = (
        reports[0]["title"]
        if len(reports) == 1
        else loc.tn("label.count.report_subtitle", len(reports))
    )
    meta = {
        "title": str(escape(title)),
        "subtitle": str(escape(subtitle)),
        "lang": content_tag(),
        "date": str(escape(loc.today(agenda.today))),
        "toc-title": L["contents"],
        "author": [str(escape(organisation))] if organisation else [],
    }
    return text, meta


REPORT_FORMATS = {".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html"}


def write_report(
    ws: Workspace,
    agenda: Agenda,
    target: Path,
    *,
    audience: str = "public",
    template: Path | None = None,
    reference_doc: Path | None = None,
    edited: dict[str, list[EditChange]] | None = None,
    recorded: set[str] | None = None,
) -> Path:
    """``integ review -o report.docx|.pdf|.md|.html``: the review report."""
    from .errors import UsageError
    from .render import Options, _Pictures, write_document

    to = REPORT_FORMATS.get(target.suffix.lower())
    if to is None:
        raise UsageError(Locale(agenda.lang).t("doc.error.report_suffix", target=str(target)))
    loc = Locale(agenda.lang)
    opts = Options(
        to=to,
        kind="review",
        audience=audience,
        lang=agenda.lang,
        template=template,
        reference_doc=reference_doc,
        today=agenda.today,
    )
    concepts = [c for c in agenda.concepts if c.readable]
    header = concepts[0].name if len(concepts) == 1 else str(ws.settings.get("organisation") or "")
    with tempfile.TemporaryDirectory(prefix="integ-") as name:
        tmp = Path(name)
        if to == "md":
            pictures = _Pictures(tmp, "md", rel=f"{target.stem}_bilder/")
        else:
            pictures = _Pictures(tmp, to)
        md, meta = report_markdown(
            ws,
            agenda,
            audience=audience,
            template=template,
            picture=pictures,
            edited=edited,
            recorded=recorded,
        )
        write_document(ws, md, meta, target, opts, header, loc, tmp)
    return target


def concept_report(
    ws: Workspace, source: Path | None, opts: Any, picture: Callable[[Any], Md] | None
) -> tuple[str, dict[str, Any]]:
    """``integ render --kind review``: the same report for one concept file."""
    from .errors import UsageError
    from .review import build

    if source is None:
        raise UsageError(Locale(opts.lang).t("doc.error.report_needs_file"))
    lang = document_lang(opts.lang, ws.settings.get("locale"))
    agenda = build(ws, [source], opts.today, lang=lang, use_cache=False)
    agenda.concepts = [c for c in agenda.concepts if c.readable]
    return report_markdown(
        ws,
        agenda,
        audience=opts.audience,
        template=opts.template,
        picture=picture if opts.charts else None,
    )


__all__ = [
    "concept_report",
    "due_text",
    "edit_sentence",
    "headline",
    "kind_label",
    "labels",
    "print_indicators",
    "print_item",
    "print_since",
    "report_markdown",
    "write_json",
    "write_markdown",
    "write_overview",
    "write_report",
    "write_text",
]
