"""The commands `integ status` and `integ export` (registered in cli.py).

Plain functions with typer options, in the style of cli.py: parse options, call one
core function (status.build, export.export), hand the result to a view, exit. The text
view of the status (rich) lives here, because only the command line and the reporters
import rich.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from .labels import Locale
    from .status import Status


class StatusFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"
    ics = "ics"


class ExportTable(str, Enum):
    measures = "measures"
    indicators = "indicators"
    actors = "actors"


def status(
    paths: Paths = None,
    format: Annotated[StatusFormat, typer.Option("--format", "-f")] = StatusFormat.text,
    alignment: Annotated[
        bool,
        typer.Option(
            "--alignment",
            help="Also: which district goals the towns' goals contribute to, "
            "district measures with a scope, actors in several concepts, "
            "networks and when they meet next.",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Check every file again instead of reusing .integ_cache/."),
    ] = False,
    today: Today = None,
) -> None:
    """The workspace at a glance: one row per concept (version, status, adoption, last
    and next review, measures by status, open warnings), overdue reviews marked with
    '!', totals, and the district's towns without a concept.
    """
    from .status import as_json, build, to_markdown
    from .workspace import Workspace

    day = _today(today)
    ws = Workspace.open(paths[0] if paths else None)
    result = build(ws, list(paths or []), day, alignment=alignment, use_cache=not no_cache)
    lang = _lang()
    if format is StatusFormat.json:
        sys.stdout.write(json.dumps(as_json(result), ensure_ascii=False, indent=2) + "\n")
    elif format is StatusFormat.markdown:
        sys.stdout.write(to_markdown(result, lang))
    else:
        print_text(result, sys.stdout, lang)
    sys.stdout.flush()


def export(
    paths: Paths = None,
    to: Annotated[
        ExportFormat,
        typer.Option(
            "--to",
            "-t",
            help="xlsx: one sheet each for measures, indicators (one row per "
            "value) and actors; csv: one file per table; ics: review dates, "
            "measure ends, review_by dates and network meetings.",
        ),
    ] = ExportFormat.xlsx,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="File or folder (csv: a folder gets one file per table; "
            "'-' writes csv with --table, or ics, to standard output).",
        ),
    ] = None,
    table: Annotated[
        list[ExportTable] | None,
        typer.Option(
            "--table",
            metavar="TABLE",
            help="Only this table: measures, indicators or actors (repeatable; default all).",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="csv: UTF-8 without BOM, ',' separator, ISO dates, decimal point "
            "(default: as Excel in Germany expects: BOM, ';', 31.12.2026, "
            "decimal comma).",
        ),
    ] = False,
    today: Today = None,
) -> None:
    """Export measures, indicators and actors as tables (for the Land and funders), and
    the concepts' dates as a calendar to import into Outlook or Thunderbird."""
    from .export import export as run
    from .workspace import Workspace

    day = _today(today)
    ws = Workspace.open(paths[0] if paths else None)
    which = list(dict.fromkeys(t.value for t in table)) if table else None
    for path in run(ws, list(paths or []), to.value, output, day, which, plain):
        if str(path) != "-":
            _wrote(path, sys.stderr if output is not None and str(output) == "-" else sys.stdout)
    from .sources import warn_stale

    warn_stale(ws)


# --------------------------------------------------------------------------- text view


def short_status(status: str) -> str:
    """The abbreviation of a measure status for narrow columns (lfd., gepl. …)."""
    from .i18n import t

    return t(f"cli.status.short.{status}")


#: the layouts of the status table, widest first: the first whose narrowest rendering
#: fits the console is used (issue 14, point 9: every width from 60 to 200)
LAYOUTS: list[tuple[str, ...]] = [
    ("mark", "name", "version", "status", "adopted", "last", "next", "by_status", "errors",
     "warnings"),
    ("mark", "name", "version", "status", "adopted", "last", "next", "measures", "errors",
     "warnings"),
    ("name+mark", "version", "status", "next", "measures", "warnings+errors"),
    ("name+mark", "status", "next", "total", "warnings+errors"),
    ("name+mark", "next", "warnings+errors"),
]  # fmt: skip


def _status_table(result: Status, loc: Locale, layout: tuple[str, ...], compact: bool) -> Any:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from .i18n import t
    from .labels import STATUS_ORDER
    from .status import table_rows, words

    w = words(loc.lang)
    short = {s: short_status(s) for s in STATUS_ORDER}
    table = Table(
        title=f"{w['title']} ({loc.short_date(result.today.isoformat())})",
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        pad_edge=not compact,
        collapse_padding=compact,
    )
    heads = {
        "name": w["municipality"],
        "name+mark": w["municipality"],
        "version": w["version"],
        "status": w["status"],
        "adopted": w["adopted"],
        "last": w["review_last"],
        "next": w["review_next"],
        "measures": w["measures"],
        "total": w["measures"],
        "errors": w["errors"],
        "warnings": w["warnings"],
        "warnings+errors": w["warnings"],
    }
    if result.sources and layout in LAYOUTS[:-1]:  # integ fetch: where each concept is from
        at = 2 if layout[0] == "mark" else 1
        layout = (*layout[:at], "source", *layout[at:])
    for key in layout:
        if key == "mark":
            table.add_column("", width=1, no_wrap=True)
        elif key == "source":
            table.add_column(t("district.column"))
        elif key == "by_status":
            for st in STATUS_ORDER:
                table.add_column(short[st], justify="right")
            table.add_column(w["total"], justify="right")
        else:
            right = key in ("total", "errors", "warnings", "warnings+errors")
            table.add_column(heads[key], justify="right" if right else "left")
    for row, d in zip(result.rows, table_rows(result, loc), strict=True):
        cells: list[str] = []
        for key in layout:
            if key == "mark":
                cells.append(d["mark"])
            elif key == "name":
                cells.append(escape(d["name"]))
            elif key == "source":
                cells.append(escape(row.source or t("district.local")))
            elif key == "name+mark":
                cells.append(f"{d['mark']} {escape(d['name'])}" if d["mark"] else escape(d["name"]))
            elif key in ("version", "status"):
                cells.append(escape(d[key]))
            elif key in ("adopted", "last"):
                cells.append(d[key])
            elif key == "next":
                cells.append(d["next"] + (f"\n({d['overdue']})" if d["overdue"] else ""))
            elif key == "by_status":
                cells += [*[d[st] for st in STATUS_ORDER], d["total"]]
            elif key == "measures":
                cells.append(
                    f"{d['total']}: "
                    + ", ".join(
                        f"{row.measures[st]} {short[st]}"
                        for st in STATUS_ORDER
                        if row.measures.get(st)
                    )
                    if row.measures_total
                    else "0"
                )
            elif key == "total":
                cells.append(d["total"])
            elif key == "warnings+errors":
                cells.append(
                    d["warnings"] + (f" (+{d['errors']} {w['errors']})" if row.errors else "")
                )
            else:
                cells.append(d[key])
        table.add_row(*cells, style="bold red" if row.overdue else None)
    return table


def _cut(table: Any, width: int, result: Status) -> bool:
    """Whether rich must cut a word of the table ("…") to fit ``width``: then a
    narrower layout is taken."""
    import io

    from rich.console import Console

    probe = Console(file=io.StringIO(), width=width, no_color=True, highlight=False)
    probe.print(table)
    own = sum(r.name.count("…") + (r.version or "").count("…") for r in result.rows)
    return bool(probe.file.getvalue().count("…") > own)  # type: ignore[attr-defined]


def print_text(result: Status, out: IO[str], lang: str = "de") -> None:
    """The status as rich tables; overdue rows in bold red *and* marked with '!' and
    the word 'überfällig', so that they stand out without colour too. The table takes
    the widest layout that fits the width of the terminal (or COLUMNS); output that
    is not a terminal has no trailing spaces."""
    import io

    from rich.console import Console
    from rich.markup import escape

    from .labels import STATUS_ORDER, Locale
    from .status import totals_parts, town_text, words

    loc, w = Locale(lang), words(lang)
    short = {s: short_status(s) for s in STATUS_ORDER}
    terminal = bool(getattr(out, "isatty", lambda: False)())
    width = Console(file=out).width
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        highlight=False,
        force_terminal=terminal,
        no_color=bool(os.environ.get("NO_COLOR")) or not terminal,
    )
    table = None
    for n, layout in enumerate(LAYOUTS):
        table = _status_table(result, loc, layout, compact=n >= 2 or width < 110)
        if not _cut(table, width, result):
            break
    console.print(table)
    legend = ", ".join(f"{short[s]} = {loc.enum('measure_status', s)}" for s in STATUS_ORDER)
    console.print(f"[dim]{escape(legend)}[/]")
    if result.totals["overdue"]:
        console.print(f"[bold red]{escape(w['overdue_note'])}[/]")
    for part in totals_parts(result, loc):
        console.print(escape(part))
    for note in result.notes:  # integ fetch: a stale or missing source is never silent
        console.print(f"[bold yellow]{escape(note)}[/]")
    if result.listed:
        console.print()
        console.print(
            f"[bold]{escape(w['without'])}[/]: "
            + escape(
                w["listed"].format(n=len(result.listed) - len(result.without), m=len(result.listed))
            )
        )
        console.print(escape(", ".join(town_text(t) for t in result.without) or w["none"]))
    if result.ags_outside:
        console.print()
        console.print(
            f"[bold red]{escape(w['ags_outside'].format(district=result.district))}"
            "[/]: " + escape(", ".join(town_text(t) for t in result.ags_outside))
        )
    if result.alignment is not None:
        _print_alignment(result, console, loc)
    text = buffer.getvalue()
    out.write(text if terminal else "".join(line.rstrip() + "\n" for line in text.splitlines()))


def _print_alignment(result: Status, console: Console, loc: Locale) -> None:
    from rich.markup import escape
    from rich.table import Table

    from .status import words

    a, w, name = result.alignment, words(loc.lang), result.names
    assert a is not None
    console.print()
    console.print(f"[bold underline]{escape(w['alignment'])}[/]")
    goals = Table(title=w["contributions"], title_justify="left", header_style="bold")
    for head in (w["district_goal"], loc.labels["field"], w["taken_up_by"]):
        goals.add_column(head)
    for g in a.district_goals:
        taken = ", ".join(f"{name.get(c, c)}: {i}" for c, i in g.taken_up_by)
        goals.add_row(escape(f"{g.id} {g.title}"), escape(g.field), escape(taken or "–"))
    console.print(goals)
    console.print(
        f"[bold]{escape(w['untaken'])}[/]: "
        + escape(", ".join(f"{g.id} {g.title}" for g in a.untaken) or w["none"])
    )
    if a.elsewhere:
        console.print(
            f"[bold]{escape(w['elsewhere'])}[/]: "
            + escape(
                ", ".join(f"{name.get(g.concept, g.concept)}: {g.id} → {t}" for g, t in a.elsewhere)
            )
        )
    scoped = Table(title=w["scoped"], title_justify="left", header_style="bold")
    for head in (w["measure"], w["status"], w["scope"]):
        scoped.add_column(head)
    for m in a.scoped:
        scoped.add_row(
            escape(f"{m.id} {m.title}"),
            escape(loc.enum("measure_status", m.status)),
            escape(", ".join(name.get(s, s) for s in m.scope)),
        )
    console.print(scoped)
    actors = Table(title=w["shared_actors"], title_justify="left", header_style="bold")
    for head in (w["actor"], w["type"], w["active_in"], w["leads"]):
        actors.add_column(head)
    for s in a.shared_actors:
        actors.add_row(
            escape(f"{s.name} ({s.id})"),
            escape(loc.enum("actor_type", s.type)),
            escape(", ".join(name.get(c, c) for c in s.concepts)),
            escape("; ".join(f"{name.get(c, c)}: {', '.join(ids)}" for c, ids in s.leads.items())),
        )
    console.print(actors)
    nets = Table(title=w["networks"], title_justify="left", header_style="bold")
    nets.add_column("", width=1, no_wrap=True)
    for head in (
        w["network"],
        w["concept"],
        w["members"],
        w["last_meeting"],
        w["cadence"],
        w["next_due"],
    ):
        nets.add_column(head, justify="right" if head == w["members"] else "left")
    for n in a.networks:
        nxt = loc.short_date(n.next_due.isoformat() if n.next_due else None)
        nets.add_row(
            "!" if n.overdue else "",
            escape(n.name),
            escape(name.get(n.concept, n.concept)),
            str(len(n.members)),
            loc.short_date(n.last_meeting.isoformat() if n.last_meeting else None),
            escape(w["every"].format(n=n.cadence_months)) if n.cadence_months else "",
            f"{nxt} ({w['overdue']})" if n.overdue else nxt,
            style="bold red" if n.overdue else None,
        )
    console.print(nets)


# Imported last: cli.py registers the commands above from its own last lines, so either
# module may be imported first. typer resolves the annotations (Paths, Today) when the
# app runs, by then both modules are complete.
from .cli import Paths, Today, _lang, _today, _wrote
