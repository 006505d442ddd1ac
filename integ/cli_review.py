"""`integ review`: the periodic review (Fortschreibung), interactive and scripted.

A plain function with typer options, registered in cli.py
(``app.command("review")(review)``); the agenda is built by integ.review, shown by
integ.reviewview, walked through by integ.review_walk.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from .edit import Change
    from .review import Agenda
    from .workspace import Workspace


class ReviewFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def review(
    paths: Paths = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Compare with this git revision instead of the version of the last review.",
        ),
    ] = None,
    format: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help="Output when not interactive.")
    ] = ReviewFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the review report (Integrationsbericht): .md, .docx, .pdf or .html.",
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Walk through the items one by one and edit (default: on a terminal).",
            show_default=False,
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Append a reviews: entry (date, who, summary, version) and set review.last.",
        ),
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="CONTACT_ID",
            help="--record: who carried out the review (a contact id; asked when interactive).",
        ),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary",
            metavar="TEXT",
            help="--record: the result in a sentence (asked when interactive).",
        ),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience",
            metavar="public|internal",
            help="-o: public (default) leaves out contacts not marked public.",
        ),
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="de (default) or en.")] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Check every file again instead of reusing .integ_cache/."),
    ] = False,
    today: Today = None,
) -> None:
    """The periodic review: what is overdue, ending, stale or missing, what changed since
    the last review, and how the indicators stand; on a terminal, walk through it item
    by item and save each change at once.

    Exit 0: done (warnings do not fail the review); 1: a concept has errors, or --record
    was refused (e.g. --by names no contact); 2: usage error, a git revision that does
    not exist, a file that cannot be read, a file changed on disk meanwhile.
    """
    from .errors import UsageError
    from .review import build
    from .reviewview import write_json, write_markdown, write_report, write_text
    from .workspace import Workspace

    if audience not in (None, "public", "internal"):
        raise UsageError("error.review_audience", value=audience)
    if output is not None and output.suffix.lower() not in (".md", ".docx", ".pdf", ".html"):
        from .workspace import printable

        raise UsageError("error.review_output", path=printable(str(output)))
    day = _today(today)
    ws = Workspace.open(paths[0] if paths else None)
    agenda = build(
        ws,
        list(paths or []),
        day,
        since=since,
        lang=_lang(),
        use_cache=not no_cache,
    )
    if interactive is None:
        interactive = (
            sys.stdin.isatty()
            and sys.stdout.isatty()
            and format is ReviewFormat.text
            and output is None
        )
    edited: dict[str, list[Change]] = {}
    stopped = False
    if interactive:
        edited, stopped = _walk(ws, agenda)
    elif output is None:
        writer = {
            ReviewFormat.json: write_json,
            ReviewFormat.markdown: write_markdown,
            ReviewFormat.text: write_text,
        }[format]
        writer(agenda, sys.stdout)
    recorded: set[str] = set()
    if record:
        recorded = _record(ws, agenda, by, summary, interactive, edited, stopped)
    if output is not None:
        write_report(
            ws, agenda, output, audience=audience or "public", edited=edited, recorded=recorded
        )
        _wrote(output, sys.stderr if interactive else sys.stdout)
    sys.stdout.flush()
    raise typer.Exit(1 if agenda.errors else 0)


def _walk(ws: Workspace, agenda: Agenda) -> tuple[dict[str, list[Change]], bool]:
    """The walk-through; the changes saved per concept, and whether it was stopped (q)."""
    from .review_walk import RichUI, Walk
    from .reviewview import write_overview

    ui = RichUI(agenda)
    write_overview(agenda, ui.console)
    ui.console.print()
    walk = Walk(ws, agenda, ui)
    try:
        result = walk.run()
    except KeyboardInterrupt:
        ui.console.print()
        from .i18n import t

        ui.say(t("cli.review.interrupted"), "bold red")
        walk.summary()
        raise
    ui.console.print()
    walk.summary()
    return result.by_concept(), result.quit


class _DefaultOnEOF:
    """The questions of --record take their default when the input has ended."""

    def __init__(self, ui: Any) -> None:
        self.ui = ui

    def say(self, text: str, style: str = "") -> None:
        self.ui.say(text, style)

    def ask(self, question: str, default: str = "") -> str:
        try:
            return str(self.ui.ask(question, default))
        except EOFError:
            return default

    def item(self, *args: Any) -> None:
        self.ui.item(*args)


def _record(
    ws: Workspace,
    agenda: Agenda,
    by: str | None,
    summary: str | None,
    interactive: bool,
    edited: dict[str, list[Change]],
    stopped: bool,
) -> set[str]:
    from .review_walk import TEXT, RichUI, ask_who, default_summary, record

    done: set[str] = set()
    ui = _DefaultOnEOF(RichUI(agenda)) if interactive else None
    for concept in agenda.concepts:
        if not concept.readable:
            continue
        who, text = by, summary
        default = default_summary(agenda.lang, len(concept.items), len(edited.get(concept.id, [])))
        if ui is not None:
            t = TEXT.get(agenda.lang, TEXT["de"])
            if (
                stopped
                and ui.ask(str(t["record_q"]).format(name=concept.name)).strip().lower() not in t["yes"]
            ):
                continue
            last = concept.last_review or {}
            if who is None:
                who = ask_who(
                    ui,
                    concept,
                    agenda.lang,
                    last.get("by") if isinstance(last.get("by"), str) else None,
                )
            if text is None:
                text = ui.ask(f"{concept.name}: {t['summary_q']}", default).strip() or default
        changes = record(ws, concept, agenda.today, by=who, summary=text or default)
        for change in changes:
            print(
                f"{concept.file}: {change.describe()}",
                file=sys.stdout if interactive else sys.stderr,
            )
        done.add(concept.id)
    return done


# At the end, not the top: cli.py imports this module at its own end to register
# `review`, so either module may be imported first. typer reads the annotations
# (Paths, Today, Lang) only when it builds the command.
from .cli import Lang, Paths, Today, _lang, _today, _wrote
