"""`integ fetch`: the towns' concepts from their own repositories (see sources.py).

A thin command in the style of cli.py: parse options, call sources.fetch, one result
line per source, exit 1 when a source failed (its last good copy stays in use).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .errors import UsageError


def fetch(
    ids: Annotated[list[str] | None, typer.Argument(show_default=False)] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1)] = 120.0,
) -> None:
    """Clone or update each town's repository that integ.yaml names (repo:)."""
    from .i18n import t
    from .sources import fetch as run
    from .sources import fetch_line
    from .workspace import Workspace

    ws = Workspace.open()
    sources = ws.sources
    if not sources:
        raise UsageError("district.fetch.none", root=str(ws.root))
    if ids:
        known = {s.id for s in sources}
        unknown = [i for i in ids if i not in known]
        if unknown:
            from .cli_help import did_you_mean

            raise UsageError(
                "district.fetch.unknown", id=unknown[0], hint=did_you_mean(unknown[0], known)
            )
        sources = [s for s in sources if s.id in set(ids)]
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task(t("district.fetch.progress"), total=len(sources))
            outcomes = run(ws.root, sources, timeout, done=lambda o: bar.update(task, advance=1))
    else:
        outcomes = run(ws.root, sources, timeout)
    for outcome in outcomes:
        print(fetch_line(outcome))
    failed = sum(1 for o in outcomes if o.kind == "failed")
    print(t("district.fetch.summary", n=len(outcomes), failed=failed))
    raise typer.Exit(1 if failed else 0)
