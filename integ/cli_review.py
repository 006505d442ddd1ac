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
            help="public leaves out contacts not marked public (the default for -o; "
            "on screen only when given).",
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
    from .workspace import Workspace

    if audience not in (None, "public", "internal"):
        raise UsageError("error.review_audience", value=audience)
    if output is not None and output.suffix.lower() not in (".md", ".docx", ".pdf", ".html"):
        from .workspace import printable

        raise UsageError("error.review_output", path=printable(str(output)))
    from . import i18n

    day = _today(today)
    ws = Workspace.open(paths[0] if paths else None)
    # the language of every word from here on: --lang, INTEG_LANG, integ.yaml's locale
    # the command line chose the language (--lang, INTEG_LANG, integ.yaml's locale)
    from .sources import warn_stale

    with i18n.using(lang.value if lang else i18n.current()):
        warn_stale(ws)
        _review(
            ws, paths, day, since, format, output, interactive, record, by, summary,
            audience, no_cache,
        )  # fmt: skip


def _review(
    ws: Workspace,
    paths: list[Path] | None,
    day: Any,
    since: str | None,
    format: ReviewFormat,
    output: Path | None,
    interactive: bool | None,
    record: bool,
    by: str | None,
    summary: str | None,
    audience: str | None,
    no_cache: bool,
) -> None:
    from .review import build
    from .reviewview import publish, write_json, write_markdown, write_report, write_text

    agenda = build(
        ws,
        list(paths or []),
        day,
        since=since,
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
        if audience == "public":
            publish(agenda)
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
        ui.say(walk.interrupted(), "bold red")
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
    from .i18n import t
    from .review_walk import (
        RichUI,
        ask_who,
        check_recordable,
        default_by,
        default_summary,
        record,
    )

    done: set[str] = set()
    # refused before anything is written: a file with errors (the exit code is 1 then),
    # an unknown --by
    for concept in agenda.concepts:
        check_recordable(concept, by if concept.readable else None)
    readable = [c for c in agenda.concepts if c.readable]
    ui = _DefaultOnEOF(RichUI(agenda)) if interactive else None
    for concept in readable:
        who, text = by, summary
        default = default_summary(agenda.lang, len(concept.items), len(edited.get(concept.id, [])))
        if ui is not None:
            if stopped and ui.ask(t("walk.record-q", name=concept.name)).strip().lower() not in (
                t("walk.yes").split()
            ):
                continue
            if who is None:
                last = concept.last_review or {}
                who = ask_who(
                    ui,
                    concept,
                    agenda.lang,
                    last.get("by") if isinstance(last.get("by"), str) else None,
                )
            if text is None:
                text = ui.ask(t("walk.summary-q", name=concept.name), default).strip() or default
        elif who is None:
            who = default_by(concept)
        changes = record(ws, concept, agenda.today, by=who, summary=text or default)
        for change in changes:
            print(
                t("walk.recorded", file=concept.file, change=change.describe()),
                file=sys.stdout if interactive else sys.stderr,
            )
        done.add(concept.id)
    return done


# At the end, not the top: cli.py imports this module at its own end to register
# `review`, so either module may be imported first. typer reads the annotations
# (Paths, Today, Lang) only when it builds the command.
from .cli import Lang, Paths, Today, _today, _wrote
