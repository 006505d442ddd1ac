"""The command line: parse options, call one core function, report, exit.

Everything heavy is imported inside the command that needs it, so that
``integ --version`` and ``integ validate`` start fast. Every word a user reads comes
from the catalogue (``cli.po``): the help texts are written by ``cli_help`` when they
are asked for, in the language of the run (``--lang``, ``INTEG_LANG``, integ.yaml's
``locale``, else German), which ``cli_help.IntegGroup.main`` chooses before parsing.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__, completion
from .cli_help import IntegCommand, IntegGroup
from .errors import UsageError

app = typer.Typer(
    name="integ",
    cls=IntegGroup,
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_STATE = {"debug": False}


class Lang(str, Enum):
    de = "de"
    en = "en"


LangOption = Annotated[Lang | None, typer.Option("--lang", show_default=False)]


def _version(value: bool) -> None:
    if value:
        print(f"integ {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    lang: LangOption = None,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    _STATE["debug"] = debug
    if ctx.invoked_subcommand is None:  # bare `integ`: the help, and exit 0
        print(ctx.get_help())
        raise typer.Exit(0)


def command(name: str | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
    """Register a command with the catalogue's help and the global ``--lang`` option
    (added to a command that has no ``lang`` parameter of its own; the language itself
    was chosen before parsing, see cli_help.choose_language)."""

    def register(fn: Callable[..., Any]) -> Any:
        return app.command(name, cls=IntegCommand, **kwargs)(_with_lang(fn))

    return register


def _with_lang(fn: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(fn, eval_str=True)
    if "lang" in signature.parameters:
        return fn

    @functools.wraps(fn)
    def wrapper(*args: Any, lang: Lang | None = None, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    extra = inspect.Parameter(
        "lang", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=LangOption
    )
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), extra]
    )
    return wrapper


def _lang() -> str:
    from .i18n import current

    return current()


#: --today outside these years is refused (date arithmetic must stay in range)
TODAY_RANGE = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError("error.today", value=value) from None
    if not TODAY_RANGE[0] <= day <= TODAY_RANGE[1]:
        raise UsageError(
            "error.today_range",
            value=value,
            first=TODAY_RANGE[0].isoformat(),
            last=TODAY_RANGE[1].isoformat(),
        )
    return day


def _wrote(path: Path | str, stream: Any = None) -> None:
    from .i18n import t
    from .workspace import printable

    print(t("cli.wrote", path=printable(str(path))), file=stream or sys.stdout)


Today = Annotated[
    str | None,
    typer.Option("--today", envvar="INTEG_TODAY", show_default=False),
]
Paths = Annotated[
    list[Path] | None,
    typer.Argument(show_default=False, autocompletion=completion.concept_files),
]


class ValidateFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


@command()
def validate(
    paths: Paths = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f")] = ValidateFormat.auto,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
    today: Today = None,
) -> None:
    """Check concepts (and the shared actor registry) against the format and its rules."""
    from . import reporters
    from .validate import validate as run
    from .workspace import Workspace

    day = _today(today)
    start = paths[0] if paths else None
    ws = Workspace.open(start)
    _require_concepts(ws, list(paths or []))
    result = run(ws, list(paths or []), day, use_cache=not no_cache)
    name = format.value
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    reporters.get(name)(result, sys.stdout)
    sys.stdout.flush()
    from .sources import warn_stale

    warn_stale(ws)
    failed = result.errors > 0 or (strict and result.warnings > 0)
    raise typer.Exit(1 if failed else 0)


def _require_concepts(ws: Any, paths: list[Path]) -> None:
    """No concept file to check is a usage error (exit 2) that says where integ looked:
    a check of nothing must not pass in CI."""
    from .workspace import SETTINGS_FILE, display_path, printable

    if any(not ws.is_special(p) for p in ws.targets(paths)):
        return
    if paths:
        raise UsageError(
            "error.no_concepts_in_paths",
            paths=", ".join(printable(str(p)) for p in paths),
        )
    has_settings = (ws.root / SETTINGS_FILE).is_file()
    raise UsageError(
        "error.no_concepts_in_workspace" if has_settings else "error.no_workspace",
        folder=display_path(ws.concepts_dir) + "/",
        root=printable(str(ws.root)),
    )


class SchemaKind(str, Enum):
    concept = "concept"
    registry = "registry"
    settings = "settings"


@command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    kind: Annotated[SchemaKind, typer.Option("--kind")] = SchemaKind.concept,
) -> None:
    """Write the JSON Schema (2020-12) of the concept format, for editors."""
    import json

    from .concept import json_schema

    text = json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    from .fsio import write_atomic

    write_atomic(output, text)
    _wrote(output, sys.stderr)


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@command()
def rules(
    name: Annotated[str | None, typer.Argument()] = None,
    format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
) -> None:
    """List every validation rule: name, default severity, what it checks and why."""
    from .cli_help import did_you_mean
    from .rules import all_rules
    from .rules_doc import render

    table = all_rules()
    if name is not None and name not in table:
        raise UsageError("error.unknown_rule", name=name, hint=did_you_mean(name, table))
    selected = [table[name]] if name else list(table.values())
    sys.stdout.write(render(selected, format.value))


@command()
def init(
    folder: Annotated[Path, typer.Argument()] = Path("."),
    organisation: Annotated[str | None, typer.Option("--organisation")] = None,
    git: Annotated[bool | None, typer.Option("--git/--no-git")] = None,
) -> None:
    """Make a workspace: integ.yaml, concepts/, actors.yaml, editor settings."""
    from .scaffold import init_interactive

    for line in init_interactive(folder, organisation, git):
        print(line)


@command()
def new(
    ident: Annotated[str | None, typer.Argument(metavar="ID")] = None,
    name: Annotated[str | None, typer.Option("--name")] = None,
    type: Annotated[str | None, typer.Option("--type")] = None,
) -> None:
    """Add a concept skeleton: one field of action with an example goal, indicator and
    measure, the municipality as an actor."""
    from .i18n import t
    from .scaffold import new_interactive
    from .workspace import display_path

    path = new_interactive(ident, name, type)
    print(t("scaffold.new.done", path=display_path(path)))


class RenderFormat(str, Enum):
    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"


class RenderKind(str, Enum):
    concept = "concept"
    council = "council"
    excerpt = "excerpt"
    overview = "overview"
    review = "review"


class Audience(str, Enum):
    public = "public"
    internal = "internal"


@command()
def render(
    paths: Paths = None,
    to: Annotated[RenderFormat, typer.Option("--to", "-t")] = RenderFormat.docx,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    kind: Annotated[RenderKind, typer.Option("--kind")] = RenderKind.concept,
    audience: Annotated[Audience, typer.Option("--audience")] = Audience.public,
    lang: LangOption = None,
    template: Annotated[Path | None, typer.Option("--template")] = None,
    reference_doc: Annotated[Path | None, typer.Option("--reference-doc")] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", autocompletion=completion.actor_ids)
    ] = None,
    field: Annotated[
        str | None, typer.Option("--field", autocompletion=completion.field_ids)
    ] = None,
    municipality: Annotated[str | None, typer.Option("--municipality")] = None,
    proposal: Annotated[str | None, typer.Option("--proposal")] = None,
    today: Today = None,
) -> None:
    """Set council-ready documents: Word, accessible PDF, HTML or Markdown."""
    from .render import Options
    from .render import render as run
    from .workspace import Workspace

    select = {
        k: v for k, v in (("actor", actor), ("field", field), ("municipality", municipality)) if v
    }
    if kind is RenderKind.excerpt and len(select) != 1:
        raise UsageError("error.excerpt_needs_one")
    day = _today(today)
    ws = Workspace.open(paths[0] if paths else None)  # (its locale: may set the language)
    opts = Options(
        to=to.value,
        kind=kind.value,
        audience=audience.value,
        lang=_lang(),
        template=template,
        reference_doc=reference_doc,
        today=day,
        select=select,
        proposal=proposal,
    )
    files = ws.targets(list(paths or []))
    _warn_placeholders(ws, files)
    if len(files) > 1 and sys.stderr.isatty():
        from rich.progress import Progress

        from .i18n import t

        with Progress(transient=True) as bar:
            task = bar.add_task(t("cli.render.progress"), total=len(files))
            done = run(
                ws,
                list(paths or []),
                output,
                opts,
                progress=lambda i, n, p: bar.update(task, completed=i),
            )
    else:
        done = run(ws, list(paths or []), output, opts)
    for path in done:
        _wrote(path)


def _warn_placeholders(ws: Any, files: list[Path]) -> None:
    """Before rendering: say which concepts still hold the skeleton's example texts."""
    from .i18n import t
    from .rules.placeholders import count_in_file
    from .workspace import display_path

    for path in files:
        if ws.is_special(path):
            continue
        n = count_in_file(path)
        if n:
            print(t("render.placeholders", file=display_path(path), n=n), file=sys.stderr)


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@command()
def diff(
    sides: Annotated[list[str] | None, typer.Argument(show_default=False)] = None,
    from_rev: Annotated[str | None, typer.Option("--from")] = None,
    to_rev: Annotated[str | None, typer.Option("--to")] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code")] = False,
    unchanged: Annotated[bool, typer.Option("--unchanged")] = False,
    reordered: Annotated[bool, typer.Option("--reordered")] = False,
    lang: LangOption = None,
    audience: Annotated[Audience | None, typer.Option("--audience")] = None,
    today: Today = None,
) -> None:
    """What changed between two versions of a concept, in the coordinator's terms."""
    from . import diffview
    from .history import compare
    from .labels import Locale
    from .workspace import Workspace

    ws = Workspace.open()
    diffs, single = compare(ws, list(sides or []), from_rev, to_rev, reordered)
    loc = Locale(_lang())
    diffs, internal = diffview.audience_diffs(
        diffs, audience.value if audience else None, loc.lang, reordered, output is not None
    )
    if output is not None:
        from .synopse import write_synopse

        write_synopse(ws, diffs, output, loc, _today(today), unchanged)
        _wrote(output)
    elif format is DiffFormat.json:
        diffview.write_json(diffs, sys.stdout, single)
    elif format is DiffFormat.markdown:
        diffview.write_markdown(diffs, sys.stdout, loc)
    else:
        diffview.write_text(diffs, sys.stdout, loc)
    if internal and format is not DiffFormat.json and output is None:
        print(internal)
    changed = any(d.changes for d in diffs)
    raise typer.Exit(1 if exit_code and changed else 0)


class LogFormat(str, Enum):
    text = "text"
    json = "json"


@command()
def log(
    path: Annotated[Path | None, typer.Argument()] = None,
    format: Annotated[LogFormat, typer.Option("--format", "-f")] = LogFormat.text,
    since: Annotated[str | None, typer.Option("--since")] = None,
    max_count: Annotated[int | None, typer.Option("--max-count", "-n", min=1)] = None,
) -> None:
    """The concept's history from git: one entry per commit with what it changed."""
    import json

    from .history import log as run
    from .workspace import Workspace, display_path

    ws = Workspace.open(path)
    if path is None:
        if len(ws.concept_files) != 1:
            raise UsageError(
                "error.log_which",
                n=len(ws.concept_files),
                folder=display_path(ws.concepts_dir),
            )
        path = next(iter(ws.concept_files.values()))
    entries = run(ws, path, since, max_count, _lang())
    if format is LogFormat.json:
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    from .i18n import t

    for e in entries:
        print(f"{e['commit'][:10]}  {e['date'][:10]}  {e['author']}")
        print(f"    {e['message']}")
        version = t("cli.log.version", version=e["version"]) if e["version"] else ""
        print(f"    → {e['summary']}" + (f"  ({version})" if version else ""))


@command("git-setup")
def git_setup(
    check: Annotated[bool, typer.Option("--check")] = False,
) -> None:
    """Let git diff (and git log -p --ext-diff) show what changed in concepts."""
    from .gitdriver import check as run_check
    from .gitdriver import setup
    from .i18n import t
    from .workspace import Workspace

    ws = Workspace.open()
    if check:
        problems = run_check(ws)
        for step in problems:
            print(t(step.message_id, **step.params))
        if problems:
            raise typer.Exit(1)
        print(t("git.check.ok"))
        return
    done, command = setup(ws)
    for step in done:
        print(t(step.message_id, **step.params))
    print(t("git.setup.ready" if done else "git.setup.already", command=command))


@app.command("git-diff", hidden=True, context_settings={"ignore_unknown_options": True})
def git_diff(args: Annotated[list[str], typer.Argument()]) -> None:
    """git's external diff driver for concepts (diff.integ.command)."""
    from .gitdriver import run_driver

    raise typer.Exit(run_driver(list(args), sys.stdout))


@command(hidden=True)
def textconv(path: Annotated[Path, typer.Argument()]) -> None:
    """The readable outline of a concept (used by git's textconv)."""
    from . import yaml_io
    from .diffview import outline
    from .workspace import printable

    if not path.is_file():
        raise UsageError("error.no_such_file", path=printable(str(path)))
    doc = yaml_io.load(path, str(path))
    if not doc.ok or not isinstance(doc.data, dict):
        sys.stdout.write(path.read_bytes().decode("utf-8", errors="replace"))
        return
    sys.stdout.write(outline(doc.data))


class CheckFormat(str, Enum):
    auto = "auto"
    text = "text"
    github = "github"
    gitlab = "gitlab"
    json = "json"


@command()
def check(
    base: Annotated[str, typer.Option("--base")],
    new_only: Annotated[bool, typer.Option("--new-only")] = False,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    format: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.auto,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    artifact: Annotated[list[str] | None, typer.Option("--artifact")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
    today: Today = None,
) -> None:
    """The pull-request check: findings new since --base, what changed, a summary."""
    from . import reporters
    from .check import run, summary_markdown, write_gitlab
    from .labels import Locale
    from .problems import Result
    from .workspace import Workspace

    ws = Workspace.open()
    res = run(ws, base, _today(today), use_cache=not no_cache)
    from .sources import warn_stale

    warn_stale(ws)
    loc = Locale(_lang())
    summary = summary_markdown(res, loc, list(artifact or []), new_only)
    name = format.value
    if name == "auto":
        name = (
            "github"
            if os.environ.get("GITHUB_ACTIONS") == "true"
            else "gitlab"
            if os.environ.get("GITLAB_CI") == "true"
            else "text"
        )
    shown = Result(findings=res.new if new_only else res.result.findings, files=res.result.files)
    if name == "gitlab":
        write_gitlab(shown.sorted(), sys.stdout)
    elif name == "json":
        import json

        json.dump(
            {
                "base": base,
                "new": [f.as_dict() for f in res.new],
                "existing": [f.as_dict() for f in res.old],
                "changes": [d.as_dict() for d in res.diffs],
                "summary": {
                    "files": len(res.result.files),
                    "errors": res.result.errors,
                    "warnings": res.result.warnings,
                    "new_errors": res.new_errors,
                    "new_warnings": res.new_warnings,
                },
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
            default=str,
        )
        print()
    elif name == "github":
        reporters.get("github")(shown, sys.stdout)
    else:
        sys.stdout.write(summary)
    if output is not None:
        from .fsio import write_atomic

        write_atomic(output, summary)
    step = os.environ.get("GITHUB_STEP_SUMMARY")
    if step:
        with open(step, "a", encoding="utf-8") as handle:
            handle.write(summary)
    errors = res.new_errors if new_only else res.result.errors
    warnings = res.new_warnings if new_only else res.result.warnings
    raise typer.Exit(1 if errors or (strict and warnings) else 0)


from .cli_fetch import fetch as _fetch
from .cli_status import export, status

command("fetch")(_fetch)
from .cli_update import update as _update

command()(status)
command()(export)
command("update")(_update)

from .cli_review import review as _review

command("review")(_review)

from .cli_add import add as _add
from .cli_add import move as _move
from .cli_add import remove as _remove

command("add")(_add)
command("remove")(_remove)
command("move")(_move)


@command("help")
def help_(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(metavar="COMMAND")] = None,
) -> None:
    """The help of integ, or of one command."""
    from typer import _click

    from .cli_help import did_you_mean

    parent = ctx.parent
    assert parent is not None
    group = parent.command
    if name is None:
        print(group.get_help(parent))
        return
    commands = getattr(group, "commands", {})
    found = commands.get(name)
    if found is None or getattr(found, "hidden", False):
        shown = [n for n, c in commands.items() if not getattr(c, "hidden", False)]
        raise UsageError("error.no_such_command_help", name=name, hint=did_you_mean(name, shown))
    print(found.get_help(_click.Context(found, info_name=name, parent=parent)))


def _name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _invoked(argv: list[str]) -> str | None:
    """The command a command line names (None: none, or integ's own help)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif word.startswith("--lang=") or word == "--debug":
            continue
        elif word.startswith("-"):
            return None
        else:
            return word
    return None


def main() -> None:
    """Entry point: the language first, then the command; every failure the user can
    act on is one line on stderr (cli_help.run).

    typer builds the click objects of every registered command on each run (about
    0.03 s for fifteen commands); only the command that is called is built here, the
    whole set only for integ's own help, `integ help`, an unknown name and completion.
    """
    name = _invoked(sys.argv[1:])
    only = [c for c in app.registered_commands if _name(c) == name]
    completing = any(k.startswith("_INTEG") and k.endswith("_COMPLETE") for k in os.environ)
    if name in (None, "help") or len(only) != 1 or completing:
        app()
        return
    every = app.registered_commands
    app.registered_commands = only
    try:
        app()
    finally:
        app.registered_commands = every
