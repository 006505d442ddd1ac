"""`integ export`: measures, indicators and actors as tables (xlsx, csv), and the dates
of the concepts as a calendar (ics).

The tables are built once as typed values (dates are ``datetime.date``, numbers are
``int``/``float``), then written by openpyxl (real dates and numbers with number
formats), by the csv module (as Excel in Germany reads it, or plain), or the dates are
written by icalendar. openpyxl and icalendar are imported inside the writers, so that
the other commands do not pay for them. Contacts never leave the concept here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fsio, yaml_io
from .dates import add_months, next_review, parse_date, parse_period, valid_cycle
from .errors import UsageError
from .labels import Locale, document_lang
from .privacy import for_audience
from .workspace import Workspace, display_path

TEXT, DATE, INT, YEAR, NUMBER, MONEY = "text", "date", "int", "year", "number", "money"


def _t(msgid: str, /, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def _tn(msgid: str, n: int, /, **params: Any) -> str:
    from .i18n import tn

    return tn(msgid, n, **params)


CLOSED = ("completed", "dropped")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int | None = None  # None: from the content


@dataclass
class Table:
    slug: str  # file name part: massnahmen, indikatoren, akteure
    title: str  # sheet name
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


TABLES = {"measures": "massnahmen", "indicators": "indikatoren", "actors": "akteure"}


# --------------------------------------------------------------------------- reading


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _get(d: Any, key: str) -> Any:
    return d.get(key) if isinstance(d, dict) else None


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _num(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class Source:
    """The concepts to export (each loaded once) and the shared actor registry."""

    concepts: list[tuple[str, dict[str, Any]]]
    registry: list[dict[str, Any]]
    towns: dict[str, str]


def read(ws: Workspace, paths: list[Path]) -> Source:
    """Load the concepts that ``paths`` mean; files that do not parse are left out
    (``integ validate`` says why)."""
    concepts = []
    for path in ws.targets(paths):
        if ws.is_special(path):
            continue
        doc = yaml_io.load(path, display_path(path))
        if doc.ok and isinstance(doc.data, dict):  # exports are public: integ.privacy
            concepts.append((path.stem, for_audience(doc.data)))
    reg = ws.registry
    registry = _dicts(_get(reg.data, "actors")) if reg is not None and reg.ok else []
    towns = {
        m["id"]: _str(m.get("name"))
        for m in _dicts(ws.settings.get("municipalities"))
        if isinstance(m.get("id"), str)
    }
    for ident, data in concepts:
        name = _get(data.get("municipality"), "name")
        if isinstance(name, str):
            towns[ident] = name
    return Source(concepts, registry, towns)


def _actor_names(src: Source, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    actors = {a["id"]: a for a in src.registry if isinstance(a.get("id"), str)}
    actors.update({a["id"]: a for a in _dicts(data.get("actors")) if isinstance(a.get("id"), str)})
    return actors


def _goal_fields(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for fld in _dicts(data.get("fields")):
        for goal in _dicts(fld.get("goals")):
            if isinstance(goal.get("id"), str):
                out.setdefault(goal["id"], fld)
    return out


# --------------------------------------------------------------------------- tables


def measures_table(src: Source, loc: Locale) -> Table:
    t = Table(
        "massnahmen",
        loc.t("export.sheet.measures"),
        [
            Column(loc.t("export.col.concept"), width=22),
            Column(loc.t("export.col.municipality"), width=24),
            Column(loc.t("export.col.field"), width=24),
            Column(loc.t("export.col.measure_id"), width=14),
            Column(loc.t("export.col.measure"), width=48),
            Column(loc.t("export.col.goals"), width=16),
            Column(loc.t("export.col.status"), width=14),
            Column(loc.t("export.col.priority"), width=10),
            Column(loc.t("export.col.lead"), width=32),
            Column(loc.t("export.col.partners"), width=40),
            Column(loc.t("export.col.target_groups"), width=24),
            Column(loc.t("export.col.start"), DATE),
            Column(loc.t("export.col.end"), DATE),
            Column(loc.t("export.col.budget"), MONEY),
            Column(loc.t("export.col.budget_per"), width=10),
            Column(loc.t("export.col.funding"), width=32),
            Column(loc.t("export.col.funding_until"), DATE),
            Column(loc.t("export.col.review_by"), DATE),
            Column(loc.t("export.col.scope"), width=32),
            Column(loc.t("export.col.log_date"), DATE),
            Column(loc.t("export.col.log"), width=60),
            Column(loc.t("export.col.tags"), width=20),
        ],
    )
    for ident, data in src.concepts:
        actors = _actor_names(src, data)
        goal_field = _goal_fields(data)
        groups = {
            g["id"]: _str(g.get("name"))
            for g in _dicts(data.get("target_groups"))
            if isinstance(g.get("id"), str)
        }
        town = _str(_get(data.get("municipality"), "name"))

        def name(actor: Any, actors: dict[str, dict[str, Any]] = actors) -> str:
            return _str(_get(actors.get(actor), "name") or actor) if isinstance(actor, str) else ""

        for m in _dicts(data.get("measures")):
            goals = [g for g in _list(m.get("goals")) if isinstance(g, str)]
            fld = next((goal_field[g] for g in goals if g in goal_field), None)
            budget = got if isinstance(got := m.get("budget"), dict) else {}
            logs = _dicts(m.get("log"))
            latest = logs[-1] if logs else {}
            t.rows.append(
                [
                    ident,
                    town,
                    _str(_get(fld, "title")),
                    _str(m.get("id")),
                    _str(m.get("title")),
                    ", ".join(goals),
                    loc.enum("measure_status", m.get("status")),
                    loc.enum("priority", m.get("priority")),
                    name(m.get("lead")),
                    ", ".join(name(p) for p in _list(m.get("partners"))),
                    ", ".join(groups.get(g, _str(g)) for g in _list(m.get("target_groups"))),
                    parse_period(m.get("start")),
                    parse_period(m.get("end"), end=True),
                    _num(budget.get("amount")),
                    _per(loc, budget.get("per")),
                    _str(budget.get("funding")),
                    parse_period(budget.get("until"), end=True),
                    parse_date(m.get("review_by")),
                    ", ".join(src.towns.get(s, _str(s)) for s in _list(m.get("scope"))),
                    parse_date(latest.get("date")),
                    _str(latest.get("note")).strip(),
                    ", ".join(_str(x) for x in _list(m.get("tags"))),
                ]
            )
    return t


def _per(loc: Locale, per: Any) -> str:
    """budget.per: pro Jahr | insgesamt."""
    return loc.enum("budget_per", per) if per in ("year", "total") else _str(per)


def indicators_table(src: Source, loc: Locale) -> Table:
    t = Table(
        "indikatoren",
        loc.t("export.sheet.indicators"),
        [
            Column(loc.t("export.col.concept"), width=22),
            Column(loc.t("export.col.municipality"), width=24),
            Column(loc.t("export.col.field"), width=24),
            Column(loc.t("export.col.goal_id"), width=10),
            Column(loc.t("export.col.goal"), width=40),
            Column(loc.t("export.col.indicator_id"), width=12),
            Column(loc.t("export.col.indicator"), width=48),
            Column(loc.t("export.col.unit"), width=10),
            Column(loc.t("export.col.direction"), width=10),
            Column(loc.t("export.col.baseline"), NUMBER),
            Column(loc.t("export.col.baseline_year"), YEAR),
            Column(loc.t("export.col.target"), NUMBER),
            Column(loc.t("export.col.target_year"), YEAR),
            Column(loc.t("export.col.year"), YEAR),
            Column(loc.t("export.col.value"), NUMBER),
            Column(loc.t("export.col.note"), width=24),
            Column(loc.t("export.col.source"), width=36),
        ],
    )
    for ident, data in src.concepts:
        town = _str(_get(data.get("municipality"), "name"))
        for fld in _dicts(data.get("fields")):
            for goal in _dicts(fld.get("goals")):
                for ind in _dicts(goal.get("indicators")):
                    base = got if isinstance(got := ind.get("baseline"), dict) else {}
                    target = got if isinstance(got := ind.get("target"), dict) else {}
                    unit = ind.get("unit")
                    head = [
                        ident,
                        town,
                        _str(fld.get("title")),
                        _str(goal.get("id")),
                        _str(goal.get("title")),
                        _str(ind.get("id")),
                        _str(ind.get("title")),
                        loc.enum("unit", unit),
                        loc.enum("direction", ind.get("direction", "increase")),
                        _num(base.get("value")),
                        _year(base.get("year")),
                        _num(target.get("value")),
                        _year(target.get("year")),
                    ]
                    values = _dicts(ind.get("values"))
                    for v in values or [{}]:  # an indicator without values keeps a row
                        t.rows.append(
                            [
                                *head,
                                _year(v.get("year")),
                                _num(v.get("value")),
                                _str(v.get("note")),
                                _str(v.get("source") or ind.get("source")),
                            ]
                        )
    return t


def actors_table(src: Source, loc: Locale) -> Table:
    t = Table(
        "akteure",
        loc.t("export.sheet.actors"),
        [
            Column(loc.t("export.col.id"), width=28),
            Column(loc.t("export.col.name"), width=48),
            Column(loc.t("export.col.type"), width=22),
            Column(loc.t("export.col.defined_in"), width=22),
            Column(loc.t("export.col.url"), width=36),
            Column(loc.t("export.col.concepts"), INT),
            Column(loc.t("export.col.active_in"), width=40),
            Column(loc.t("export.col.leads"), INT),
            Column(loc.t("export.col.partners"), INT),
            Column(loc.t("export.col.networks"), INT),
        ],
    )
    defs: dict[str, tuple[dict[str, Any], str]] = {}
    for a in src.registry:
        if isinstance(a.get("id"), str):
            defs.setdefault(a["id"], (a, "actors.yaml"))
    active: dict[str, dict[str, list[int]]] = {}  # actor -> concept -> [lead, partner, net]
    for ident, data in src.concepts:
        for a in _dicts(data.get("actors")):
            if isinstance(a.get("id"), str):
                defs.setdefault(a["id"], (a, ident))

        def count(actor: Any, slot: int, ident: str = ident) -> None:
            if isinstance(actor, str):
                active.setdefault(actor, {}).setdefault(ident, [0, 0, 0])[slot] += 1

        for m in _dicts(data.get("measures")):
            count(m.get("lead"), 0)
            for p in _list(m.get("partners")):
                count(p, 1)
        for n in _dicts(data.get("networks")):
            for a in dict.fromkeys([n.get("convener"), *_list(n.get("members"))]):
                count(a, 2)
    for ident in sorted(
        set(defs) | set(active),
        key=lambda i: _str(_get(defs.get(i, ({}, ""))[0], "name") or i).casefold(),
    ):
        actor, where = defs.get(ident, ({}, ""))
        uses = active.get(ident, {})
        t.rows.append(
            [
                ident,
                _str(actor.get("name")),
                loc.enum("actor_type", actor.get("type")),
                where,
                _str(actor.get("url")),
                len(uses),
                ", ".join(sorted(uses)),
                sum(u[0] for u in uses.values()),
                sum(u[1] for u in uses.values()),
                sum(u[2] for u in uses.values()),
            ]
        )
    return t


def tables(src: Source, which: list[str] | None = None, lang: str | None = None) -> list[Table]:
    loc = Locale(lang)
    makers = {"measures": measures_table, "indicators": indicators_table, "actors": actors_table}
    return [makers[name](src, loc) for name in (which or list(makers))]


# --------------------------------------------------------------------------- xlsx

DATE_FORMAT = "DD.MM.YYYY"


def _number_format(kind: str, value: Any) -> str | None:
    if kind == DATE:
        return DATE_FORMAT
    if kind == YEAR:
        return "0"
    if kind == INT:
        return "#,##0"
    if kind in (NUMBER, MONEY) and isinstance(value, (int, float)):
        whole = float(value).is_integer()
        if kind == MONEY:
            return '#,##0 "€"' if whole else '#,##0.00 "€"'
        return "#,##0" if whole else "#,##0.0##"
    return None


def _width(col: Column, rows: list[list[Any]], i: int) -> float:
    if col.kind == DATE:
        return max(12, len(col.header) + 2)
    if col.kind in (INT, YEAR, NUMBER, MONEY):
        return max(len(col.header) + 2, 10)
    if col.width is not None:
        longest = max((len(_str(r[i])) for r in rows[:500]), default=0)
        return max(min(col.width, longest + 2), len(col.header) + 2)
    return max(len(col.header) + 2, 12)


def write_xlsx(tabs: list[Table], target: Path, today: dt.date) -> None:
    from .labels import content_tag

    """One sheet per table: bold header row, frozen, with an autofilter; real dates and
    numbers with German-readable number formats; column widths from the content."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    stamp = dt.datetime.combine(today, dt.time())
    wb.properties.creator = "integ"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.language = content_tag()
    bold = Font(bold=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    for tab in tabs:
        ws = wb.create_sheet(tab.title)
        last = get_column_letter(len(tab.columns))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}{max(len(tab.rows) + 1, 2)}"
        for i, col in enumerate(tab.columns):
            ws.column_dimensions[get_column_letter(i + 1)].width = _width(col, tab.rows, i)
        header = []
        for col in tab.columns:
            cell = WriteOnlyCell(ws, value=col.header)
            cell.font, cell.alignment = bold, wrap
            header.append(cell)
        ws.append(header)
        kinds = [c.kind for c in tab.columns]
        formats: dict[str, Any] = {}
        for row in tab.rows:
            cells: list[Cell | None] = []
            for kind, value in zip(kinds, row):
                if value is None or value == "":
                    cells.append(None)
                    continue
                if isinstance(value, str):  # control characters: Excel refuses the file
                    value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text starting with '=' stays text, no formula
                    if "\n" in value or len(value) > 60:
                        cell.alignment = wrap
                    else:
                        cell.alignment = top
                else:
                    fmt = _number_format(kind, value)
                    if fmt:
                        cell.number_format = formats.setdefault(fmt, fmt)
                    cell.alignment = top
                cells.append(cell)
            ws.append(cells)
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    fsio.write_bytes_atomic(target, buffer.getvalue())


# --------------------------------------------------------------------------- csv


def _csv_value(value: Any, kind: str, plain: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat() if plain else value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        return text if plain else text.replace(".", ",")
    text = _str(value)
    if text.lstrip(" \u00a0\u3000")[:1] in FORMULA_START:
        return "'" + text  # a spreadsheet would take it for a formula (also a plain CSV)
    return text


# what makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP),
# with the full-width forms that some of them fold to ASCII
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def csv_text(tab: Table, plain: bool = False) -> str:
    """A table as CSV: for Excel in Germany (';', dates 31.12.2026, decimal comma) or
    plain (',', ISO dates, decimal point). The BOM is added when writing."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if plain else ";", lineterminator="\r\n")
    writer.writerow([c.header for c in tab.columns])
    kinds = [c.kind for c in tab.columns]
    for row in tab.rows:
        writer.writerow([_csv_value(v, k, plain) for k, v in zip(kinds, row)])
    return out.getvalue()


def csv_bytes(tab: Table, plain: bool = False) -> bytes:
    return csv_text(tab, plain).encode("utf-8" if plain else "utf-8-sig")


# --------------------------------------------------------------------------- ics


@dataclass(frozen=True)
class Event:
    kind: str  # review, end, review-by, meeting, meeting-due
    concept: str
    ident: str
    day: dt.date
    summary: str
    description: str
    category: str

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.concept}-{self.ident}@integ"


def events(src: Source, lang: str | None = None) -> list[Event]:
    """Review dates, measure ends, review_by dates and network meetings (held and next
    due) as all-day events; sorted, with unique UIDs."""
    loc = Locale(lang)
    out: list[Event] = []
    for ident, data in src.concepts:
        town = _str(_get(data.get("municipality"), "name")) or ident
        title = _str(data.get("title")) or town
        due = next_review(data.get("review"), data.get("adopted"))
        if due:
            out.append(
                Event(
                    "review",
                    ident,
                    "next",
                    due,
                    loc.t("export.event.review", town=town),
                    loc.t(
                        "export.event.review_text", title=title, version=_str(data.get("version"))
                    ),
                    loc.t("export.category.review"),
                )
            )
        for m in _dicts(data.get("measures")):
            mid = m.get("id")
            if not isinstance(mid, str) or m.get("status") in CLOSED:
                continue
            status = loc.enum("measure_status", m.get("status"))
            text = f"{town}: {mid} {_str(m.get('title'))}"
            end = parse_period(m.get("end"), end=True)
            if end:
                out.append(
                    Event(
                        "end",
                        ident,
                        mid,
                        end,
                        loc.t("export.event.end", what=text),
                        loc.t(
                            "export.event.end_text",
                            title=title,
                            status=status,
                            end=loc.short_date(m.get("end")),
                        ),
                        loc.t("export.category.measure"),
                    )
                )
            review_by = parse_date(m.get("review_by"))
            if review_by:
                out.append(
                    Event(
                        "review-by",
                        ident,
                        mid,
                        review_by,
                        loc.t("export.event.review_by", what=text),
                        loc.t("export.event.review_by_text", title=title, status=status),
                        loc.t("export.category.measure"),
                    )
                )
        for n in _dicts(data.get("networks")):
            nid = n.get("id")
            if not isinstance(nid, str):
                continue
            name = _str(n.get("name")) or nid
            days = sorted(
                {d for x in _dicts(n.get("meetings")) if (d := parse_date(x.get("date")))}
            )
            topics = {
                parse_date(x.get("date")): ", ".join(_str(t) for t in _list(x.get("topics")))
                for x in _dicts(n.get("meetings"))
            }
            for day in days:
                out.append(
                    Event(
                        "meeting",
                        ident,
                        f"{nid}-{day:%Y%m%d}",
                        day,
                        loc.t("export.event.meeting", name=name),
                        loc.t(
                            "export.event.meeting_text", town=town, topics=topics.get(day) or "–"
                        ),
                        loc.t("export.category.network"),
                    )
                )
            cadence = n.get("cadence_months")
            if days and valid_cycle(cadence):
                nxt = add_months(days[-1], cadence)
                out.append(
                    Event(
                        "meeting-due",
                        ident,
                        nid,
                        nxt,
                        loc.t("export.event.meeting_due", name=name),
                        loc.t(
                            "export.event.meeting_due_text",
                            town=town,
                            cadence=loc.tn("label.count.every_months", cadence),
                            last=loc.short_date(days[-1].isoformat()),
                        ),
                        loc.t("export.category.network"),
                    )
                )
    out.sort(key=lambda e: (e.day, e.concept, e.kind, e.ident))
    seen: dict[str, int] = {}
    unique = []
    for e in out:  # duplicate ids (an error elsewhere) must not give duplicate UIDs
        count = seen.get(e.uid, 0)
        seen[e.uid] = count + 1
        unique.append(
            e
            if count == 0
            else Event(
                e.kind,
                e.concept,
                f"{e.ident}-{count + 1}",
                e.day,
                e.summary,
                e.description,
                e.category,
            )
        )
    return unique


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _line(text: str) -> str:
    """Text from a concept as one line: every line break and control character (a
    title with CRLF + BEGIN:VEVENT) becomes a space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def ics_bytes(evts: list[Event], today: dt.date, name: str = "") -> bytes:
    """A VCALENDAR (RFC 5545) that Outlook and Thunderbird import: all-day events with
    DTSTART/DTEND as dates, DTSTAMP fixed to --today, so the output is reproducible."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    from .i18n import t

    name = name or t("export.calendar")
    cal = Calendar()
    cal.add("prodid", "-//integ//Integrationskonzepte//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("export.calendar_name", name=name))
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    for e in evts:  # no control character (CR, LF, ESC ...) reaches a property
        ev = VEvent()
        ev.add("uid", _line(e.uid).replace(" ", "_"))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + dt.timedelta(days=1))
        ev.add("summary", _line(e.summary))
        ev.add("description", _line(e.description))
        ev.add("categories", [_line(e.category)])
        ev.add("transp", "TRANSPARENT")
        ev.add("class", "PUBLIC")
        cal.add_component(ev)
    ical: bytes = cal.to_ical()
    return ical


# --------------------------------------------------------------------------- command


def _targets(output: Path | None, to: str, slugs: list[str]) -> Iterator[tuple[str, Path]]:
    """Where each table goes: a folder gets one file per table; a file name with several
    tables becomes NAME-<table>.csv beside it."""
    base = output or Path("integ-export.csv")
    folder = base.is_dir() or (output is not None and base.suffix == "" and to == "csv")
    for slug in slugs:
        if folder:
            yield slug, base / f"{slug}.csv"
        elif len(slugs) == 1:
            yield slug, base
        else:
            yield slug, base.with_name(f"{base.stem}-{slug}{base.suffix or '.csv'}")


def _refuse_errors(ws: Workspace, paths: list[Path], today: dt.date) -> None:
    """Tables for the Land and funders carry no broken data: concepts with errors are
    refused, as `integ render` refuses them (the validator's cache makes this cheap)."""
    from .errors import InvalidInput
    from .validate import validate

    errors = [f for f in validate(ws, paths, today).sorted() if f.severity == "error"]
    if errors:
        first = errors[0]
        more = _tn("doc.error.more_errors", len(errors) - 1) if len(errors) > 1 else ""
        raise InvalidInput(
            f"{first.file}:{first.line}:{first.column}: {first.message}"
            f"{more}" + _t("doc.error.fix_first", command="integ validate")
        )


def export(
    ws: Workspace,
    paths: list[Path],
    to: str,
    output: Path | None,
    today: dt.date,
    which: list[str] | None = None,
    plain: bool = False,
) -> list[Path]:
    """Write the export; return the files written (``Path('-')`` for standard output)."""
    import sys

    if to not in ("xlsx", "csv", "ics"):
        raise UsageError(_t("export.error.to", to=to))
    _refuse_errors(ws, paths, today)
    src = read(ws, paths)
    lang = document_lang(None, ws.settings.get("locale"))
    if to == "ics":
        data = ics_bytes(events(src, lang), today, _str(ws.settings.get("organisation")))
        if output is not None and str(output) == "-":
            if hasattr(sys.stdout, "buffer"):
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            else:  # a captured stream (tests)
                sys.stdout.write(data.decode("utf-8"))
            return [Path("-")]
        target = output or Path("integ-termine.ics")
        if target.is_dir():
            target = target / "integ-termine.ics"
        fsio.write_bytes_atomic(target, data)
        return [target]
    tabs = tables(src, which, lang)
    if to == "xlsx":
        target = output or Path("integ-export.xlsx")
        if target.is_dir():
            target = target / "integ-export.xlsx"
        if str(target) == "-":
            raise UsageError(_t("export.error.xlsx_stdout"))
        write_xlsx(tabs, target, today)
        return [target]
    if output is not None and str(output) == "-":
        if len(tabs) != 1:
            raise UsageError(_t("export.error.one_table"))
        sys.stdout.write(csv_text(tabs[0], plain))
        return [Path("-")]
    written = []
    by_slug = {t.slug: t for t in tabs}
    for slug, target in _targets(output, to, [t.slug for t in tabs]):
        target.parent.mkdir(parents=True, exist_ok=True)
        fsio.write_bytes_atomic(target, csv_bytes(by_slug[slug], plain))
        written.append(target)
    return written
