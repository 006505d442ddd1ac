"""`integ add`, `integ remove`, `integ move`: the command line of integ.add.

Registered in cli.py; every option answers one question that integ asks on a terminal.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import completion


class AddKind(str, Enum):
    field = "field"
    goal = "goal"
    indicator = "indicator"
    measure = "measure"
    actor = "actor"
    contact = "contact"
    target_group = "target-group"
    figure = "figure"
    network = "network"
    meeting = "meeting"
    value = "value"


Text = Annotated[str | None, typer.Option(show_default=False)]
Concept = Annotated[
    Path | None,
    typer.Option("--concept", "-c", autocompletion=completion.concept_files, show_default=False),
]
DryRun = Annotated[bool, typer.Option("--dry-run")]


def _report(result: Any, file: str, done: str, dry_run: bool) -> None:
    from .cli_update import show_diff_and_warnings

    print(done)
    show_diff_and_warnings(result, dry_run)


def add(
    kind: Annotated[AddKind, typer.Argument(metavar="KIND")],
    concept: Concept = None,
    ident: Annotated[str | None, typer.Option("--id", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", show_default=False)] = None,
    name: Annotated[str | None, typer.Option("--name", show_default=False)] = None,
    label: Annotated[str | None, typer.Option("--label", show_default=False)] = None,
    field: Annotated[
        str | None,
        typer.Option("--field", autocompletion=completion.field_ids, show_default=False),
    ] = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", autocompletion=completion.goal_ids, show_default=False),
    ] = None,
    indicator: Annotated[
        str | None,
        typer.Option("--indicator", autocompletion=completion.indicator_ids, show_default=False),
    ] = None,
    network: Annotated[
        str | None,
        typer.Option("--network", autocompletion=completion.network_ids, show_default=False),
    ] = None,
    lead: Annotated[
        str | None,
        typer.Option("--lead", autocompletion=completion.actor_ids, show_default=False),
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option("--partner", autocompletion=completion.actor_ids, show_default=False),
    ] = None,
    target_group: Annotated[
        list[str] | None,
        typer.Option(
            "--target-group", autocompletion=completion.target_group_ids, show_default=False
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", autocompletion=completion.statuses, show_default=False),
    ] = None,
    start: Annotated[str | None, typer.Option("--start", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--end", show_default=False)] = None,
    description: Annotated[str | None, typer.Option("--description", show_default=False)] = None,
    summary: Annotated[str | None, typer.Option("--summary", show_default=False)] = None,
    level: Annotated[str | None, typer.Option("--level", show_default=False)] = None,
    unit: Annotated[str | None, typer.Option("--unit", show_default=False)] = None,
    direction: Annotated[str | None, typer.Option("--direction", show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", show_default=False)] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", show_default=False)] = None,
    target: Annotated[str | None, typer.Option("--target", show_default=False)] = None,
    actor_type: Annotated[
        str | None,
        typer.Option("--type", autocompletion=completion.actor_types, show_default=False),
    ] = None,
    short_name: Annotated[str | None, typer.Option("--short-name", show_default=False)] = None,
    url: Annotated[str | None, typer.Option("--url", show_default=False)] = None,
    role: Annotated[str | None, typer.Option("--role", show_default=False)] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", show_default=False)] = None,
    email: Annotated[str | None, typer.Option("--email", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option("--phone", show_default=False)] = None,
    public: Annotated[bool | None, typer.Option("--public/--not-public")] = None,
    value: Annotated[str | None, typer.Option("--value", show_default=False)] = None,
    year: Annotated[str | None, typer.Option("--year", show_default=False)] = None,
    convener: Annotated[
        str | None,
        typer.Option("--convener", autocompletion=completion.actor_ids, show_default=False),
    ] = None,
    member: Annotated[
        list[str] | None,
        typer.Option("--member", autocompletion=completion.actor_ids, show_default=False),
    ] = None,
    cadence: Annotated[str | None, typer.Option("--cadence", show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", show_default=False)] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", show_default=False)] = None,
    dry_run: DryRun = False,
    today: Today = None,
) -> None:
    """Add an element to a concept, asking on a terminal for what no option gives."""
    from .add import add as run
    from .add import kind_word
    from .i18n import t

    answers = {
        k: v for k, v in locals().items() if k not in ("kind", "concept", "dry_run", "today")
    }
    done = run(kind.value, answers, concept=concept, today=_today(today), dry_run=dry_run)
    _report(
        done.result,
        done.file,
        t("add.done", file=done.file, kind=kind_word(done.kind), id=done.ident),
        dry_run,
    )


def remove(
    ident: Annotated[str, typer.Argument(metavar="ID", autocompletion=completion.any_ids)],
    concept: Concept = None,
    dry_run: DryRun = False,
    today: Today = None,
) -> None:
    """Remove an element, unless something still names it."""
    from .add import remove as run
    from .i18n import t

    done = run(ident, concept=concept, today=_today(today), dry_run=dry_run)
    _report(done.result, done.file, t("add.removed", file=done.file, id=done.ident), dry_run)


def move(
    ident: Annotated[
        str, typer.Argument(metavar="ID", autocompletion=completion.goal_or_indicator_ids)
    ],
    field: Annotated[
        str | None,
        typer.Option("--field", autocompletion=completion.field_ids, show_default=False),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option("--goal", autocompletion=completion.goal_ids, show_default=False),
    ] = None,
    concept: Concept = None,
    dry_run: DryRun = False,
    today: Today = None,
) -> None:
    """Move a goal to another field of action or an indicator to another goal."""
    from .add import move as run
    from .i18n import t

    done = run(
        ident, field_id=field, goal_id=goal, concept=concept, today=_today(today), dry_run=dry_run
    )
    _report(
        done.result,
        done.file,
        t("add.moved", file=done.file, id=done.ident, to=field or goal),
        dry_run,
    )


# At the end, as in cli_update: cli.py imports this module at its own end.
from .cli import Today, _today
