"""`integ update`: the scriptable form of the interactive review's edits.

Registered in cli.py (``app.command("update")(update)``); the work is done by
:func:`integ.edit.update`.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import completion


def _redo(path: Path, ident: str, options: list[tuple[str, str | None]]) -> str:
    words = ["integ", "update", str(path), ident]
    for name, value in options:
        if value is not None:
            words += [name, value]
    return shlex.join(words)


def update(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="The concept file.",
            show_default=False,
            autocompletion=completion.concept_files,
        ),
    ],
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            autocompletion=completion.update_ids,
            help="Id of a measure, indicator or other item (the concept's own "
            "id for top-level keys).",
            show_default=False,
        ),
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            autocompletion=completion.statuses,
            help="Measure: planned, ongoing, completed, permanent, postponed, paused or dropped "
            "(or the German word: geplant, laufend, …).",
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Measure: status_reason (expected for postponed, paused, dropped).",
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help="Measure: a log entry (Sachstand) dated today. Indicator: the note of --value.",
        ),
    ] = None,
    review_by: Annotated[
        str | None,
        typer.Option(
            "--review-by", metavar="YYYY-MM-DD", help="Measure: when to look at it again."
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Any simple key of the item, e.g. end=2027-06 or priority=high; repeatable.",
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(
            "--value",
            metavar="YEAR=VALUE",
            help="Indicator: a measurement, e.g. 2026=58 (replaces that year's value).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
    ] = False,
    today: Today = None,
) -> None:
    """Change a measure's status, add a log note, set review_by or a key, record an
    indicator value, changing only the lines that must change.

    Exit 0: done; 1: refused, the edit would make the concept invalid; 2: unknown id,
    bad option, missing file, or the file changed on disk meanwhile (nothing written).
    """
    from .edit import ChangedOnDisk
    from .edit import update as run
    from .i18n import t

    day = _today(today)
    try:
        result = run(
            path,
            ident,
            status=status,
            reason=reason,
            note=note,
            review_by=review_by,
            sets=set_ or [],
            value=value,
            today=day,
            dry_run=dry_run,
        )
    except ChangedOnDisk as exc:
        options = [
            ("--status", status),
            ("--reason", reason),
            ("--note", note),
            ("--review-by", review_by),
            ("--value", value),
            *(("--set", s) for s in set_ or []),
            ("--today", today),
        ]
        raise ChangedOnDisk(
            t("update.again", message=str(exc), command=_redo(path, ident, options)),
            exc.changes,
        ) from None
    from .workspace import display_path

    shown = display_path(path)
    if not result.changes:
        print(t("update.nothing", file=shown, id=ident))
        return
    for change in result.changes:
        print(t("update.done", file=shown, change=change.describe()))
    show_diff_and_warnings(result, dry_run)


def show_diff_and_warnings(result: Any, dry_run: bool) -> None:
    """After an edit: the diff of a dry run, and the warnings the edit added."""
    from .i18n import t

    if dry_run:
        sys.stdout.write(result.diff)
        print(t("update.dry-run"), file=sys.stderr)
    for f in result.new_warnings:
        print(
            t(
                "update.warning",
                file=f.file,
                line=f.line,
                column=f.column,
                message=f.message,
                rule=f.rule,
            ),
            file=sys.stderr,
        )


# At the end, not the top: cli.py imports this module at its own end to register
# `update`, so either module may be imported first. typer reads the annotation `Today`
# only when it builds the command.
from .cli import Today, _today
