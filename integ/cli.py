"""The command line: parse options, call one core function, report, exit.

Everything heavy is imported inside the command that needs it, so that
``integ --version`` and ``integ validate`` start fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import IntegError, UsageError

app = typer.Typer(
    name="integ",
    help="Integrationskonzepte als YAML in git: prüfen, vergleichen, überprüfen, setzen.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_STATE = {"debug": False}


def _version(value: bool) -> None:
    if value:
        print(f"integ {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    _STATE["debug"] = debug


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--today / INTEG_TODAY: '{value}' is not a date; write YYYY-MM-DD"
        ) from None


Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="INTEG_TODAY",
        metavar="YYYY-MM-DD",
        help="Take this date as today for every date rule (env INTEG_TODAY).",
    ),
]
Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Concept files or folders (default: every concept of the workspace).",
        show_default=False,
    ),
]


class ValidateFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


@app.command()
def validate(
    paths: Paths = None,
    format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="auto: github in GitHub Actions, else text."),
    ] = ValidateFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Check every file again instead of reusing .integ_cache/."),
    ] = False,
    today: Today = None,
) -> None:
    """Check concepts (and the shared actor registry) against the format and its rules.

    Exit 0: no errors; 1: errors (or warnings with --strict); 2: usage error or a
    file that cannot be read.
    """
    from . import reporters
    from .validate import validate as run
    from .workspace import Workspace

    day = _today(today)
    start = paths[0] if paths else None
    ws = Workspace.open(start)
    result = run(ws, list(paths or []), day, use_cache=not no_cache)
    name = format.value
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    reporters.get(name)(result, sys.stdout)
    sys.stdout.flush()
    failed = result.errors > 0 or (strict and result.warnings > 0)
    raise typer.Exit(1 if failed else 0)


class SchemaKind(str, Enum):
    concept = "concept"
    registry = "registry"
    settings = "settings"


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file instead of standard output."),
    ] = None,
    kind: Annotated[
        SchemaKind, typer.Option("--kind", help="concept files, the actor registry or integ.yaml")
    ] = SchemaKind.concept,
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
    print(f"wrote {output}", file=sys.stderr)


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def rules(
    name: Annotated[str | None, typer.Argument(help="Show only this rule.")] = None,
    format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
) -> None:
    """List every validation rule: name, default severity, what it checks and why."""
    from .rules import all_rules, did_you_mean
    from .rules_doc import render

    table = all_rules()
    if name is not None and name not in table:
        raise UsageError(
            f"there is no rule '{name}'{did_you_mean(name, table)}; 'integ rules' lists them"
        )
    selected = [table[name]] if name else list(table.values())
    sys.stdout.write(render(selected, format.value))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new workspace.")] = Path("."),
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Shown on title pages, e.g. 'Landratsamt Rastatt'."),
    ] = None,
) -> None:
    """Make a workspace: integ.yaml, concepts/, actors.yaml, editor settings."""
    from .scaffold import init as run

    outcome = run(folder, organisation)
    for path in outcome.written:
        print(f"wrote {path}")
    for path in outcome.kept:
        print(f"kept  {path} (exists already)")
    print("Next: integ new ID --name NAME --type district|town|municipality|association")
    print(
        "In a git clone, 'integ git-setup' makes git diff and git log -p show concepts "
        "as readable outlines."
    )


@app.command()
def new(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Concept id, e.g. stadt-gaggenau.")],
    name: Annotated[str, typer.Option("--name", help="e.g. 'Stadt Gaggenau'.")],
    type: Annotated[
        str, typer.Option("--type", help="district | town | municipality | association")
    ],
) -> None:
    """Add a concept skeleton with the usual eight fields of action."""
    from .scaffold import new as run
    from .workspace import Workspace

    path = run(Workspace.open(), ident, name, type)
    print(f"wrote {path}; fill in goals, indicators and measures, then run 'integ validate'")


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


class Lang(str, Enum):
    de = "de"
    en = "en"


@app.command()
def render(
    paths: Paths = None,
    to: Annotated[
        RenderFormat, typer.Option("--to", "-t", help="Output format.")
    ] = RenderFormat.docx,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File, or folder when several concepts are rendered."),
    ] = None,
    kind: Annotated[
        RenderKind,
        typer.Option(
            "--kind",
            help="concept: the whole concept; council: the Beschlussvorlage; "
            "excerpt: what concerns one actor, field or municipality; "
            "review: the review report (Integrationsbericht).",
        ),
    ] = RenderKind.concept,
    audience: Annotated[
        Audience, typer.Option("--audience", help="public leaves out contacts not marked public.")
    ] = Audience.public,
    lang: Annotated[Lang | None, typer.Option("--lang", help="de (default) or en.")] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="A template file or folder used before the built-in ones."),
    ] = None,
    reference_doc: Annotated[
        Path | None,
        typer.Option("--reference-doc", help="Word file whose styles (corporate design) to use."),
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="excerpt: actor id")] = None,
    field: Annotated[str | None, typer.Option("--field", help="excerpt: field id")] = None,
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", help="excerpt: town id named in measures' scope"),
    ] = None,
    proposal: Annotated[
        str | None,
        typer.Option("--proposal", help="council: the proposed resolution (Beschlussvorschlag)."),
    ] = None,
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
        raise UsageError("--kind excerpt needs one of --actor, --field or --municipality")
    opts = Options(
        to=to.value,
        kind=kind.value,
        audience=audience.value,
        lang=lang.value if lang else None,
        template=template,
        reference_doc=reference_doc,
        today=_today(today),
        select=select,
        proposal=proposal,
    )
    ws = Workspace.open(paths[0] if paths else None)
    files = ws.targets(list(paths or []))
    if len(files) > 1 and sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Dokumente", total=len(files))
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
        print(f"wrote {path}")


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    sides: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[OLD NEW | PATH]",
            help="Two files or REV:PATH, or one concept file.",
            show_default=False,
        ),
    ] = None,
    from_rev: Annotated[str | None, typer.Option("--from", help="Old revision.")] = None,
    to_rev: Annotated[
        str | None, typer.Option("--to", help="New revision (default: the working tree).")
    ] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write the Synopse for the council: .md, .docx or .pdf."
        ),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences.")
    ] = False,
    unchanged: Annotated[
        bool, typer.Option("--unchanged", help="Synopse: list unchanged elements too.")
    ] = False,
    reordered: Annotated[
        bool, typer.Option("--reordered", help="Also report items that only changed their order.")
    ] = False,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
    today: Today = None,
) -> None:
    """What changed between two versions of a concept, in the coordinator's terms.

    integ diff OLD NEW (files or REV:PATH); integ diff PATH --from REV [--to REV];
    integ diff --from REV [--to REV] for every concept.
    """
    from . import diffview
    from .history import compare
    from .labels import Locale
    from .workspace import Workspace

    ws = Workspace.open()
    diffs, single = compare(ws, list(sides or []), from_rev, to_rev, reordered)
    loc = Locale(lang.value if lang else str(ws.settings.get("locale") or "de"))
    if output is not None:
        from .synopse import write_synopse

        write_synopse(ws, diffs, output, loc, _today(today), unchanged)
        print(f"wrote {output}")
    elif format is DiffFormat.json:
        diffview.write_json(diffs, sys.stdout, single)
    elif format is DiffFormat.markdown:
        diffview.write_markdown(diffs, sys.stdout, loc)
    else:
        diffview.write_text(diffs, sys.stdout, loc)
    changed = any(d.changes for d in diffs)
    raise typer.Exit(1 if exit_code and changed else 0)


class LogFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def log(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The concept file (may be left out when the workspace has one concept)."
        ),
    ] = None,
    format: Annotated[LogFormat, typer.Option("--format", "-f")] = LogFormat.text,
    since: Annotated[str | None, typer.Option("--since", help="Only commits after REV.")] = None,
    max_count: Annotated[int | None, typer.Option("--max-count", "-n", min=1)] = None,
) -> None:
    """The concept's history from git: one entry per commit with what it changed."""
    import json

    from .history import log as run
    from .workspace import Workspace

    ws = Workspace.open(path)
    if path is None:
        if len(ws.concept_files) != 1:
            raise UsageError(
                "name the concept file: integ log concepts/NAME.yaml "
                f"({len(ws.concept_files)} concepts in this workspace)"
            )
        path = next(iter(ws.concept_files.values()))
    entries = run(ws, path, since, max_count, str(ws.settings.get("locale") or "de"))
    if format is LogFormat.json:
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    for e in entries:
        print(f"{e['commit'][:10]}  {e['date'][:10]}  {e['author']}")
        print(f"    {e['message']}")
        print(f"    → {e['summary']}" + (f"  (Fassung {e['version']})" if e["version"] else ""))


@app.command("git-setup")
def git_setup() -> None:
    """Let git diff, git log -p and git show show concepts as readable outlines."""
    from .history import git_setup as run
    from .workspace import Workspace

    done = run(Workspace.open())
    for line in done or ["already set up"]:
        print(line)


@app.command(hidden=True)
def textconv(path: Annotated[Path, typer.Argument()]) -> None:
    """The readable outline of a concept (used by git's textconv)."""
    from . import yaml_io
    from .diffview import outline

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
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


@app.command()
def check(
    base: Annotated[
        str, typer.Option("--base", help="The revision to compare with, e.g. origin/main.")
    ],
    new_only: Annotated[
        bool, typer.Option("--new-only", help="Fail only on findings this change introduced.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto: github in GitHub Actions, gitlab (code-quality "
            "JSON) in GitLab CI, else text.",
        ),
    ] = CheckFormat.auto,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the Markdown summary to this file."),
    ] = None,
    artifact: Annotated[
        list[str] | None,
        typer.Option("--artifact", help="A link for the summary: LABEL=URL (repeatable)."),
    ] = None,
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
    loc = Locale(str(ws.settings.get("locale") or "de"))
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


from .cli_status import export, status
from .cli_update import update as _update

app.command()(status)
app.command()(export)
app.command("update")(_update)

from .cli_review import review as _review

app.command("review")(_review)


def main() -> None:
    """Entry point: one line on stderr for every failure the user can act on."""
    try:
        app(standalone_mode=True)
    except IntegError as exc:
        print(f"integ: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("integ: interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as exc:  # a file or folder that cannot be written or read
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"integ: {where}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(2)
    except SystemExit:
        raise
    except Exception as exc:
        if _STATE["debug"] or os.environ.get("INTEG_DEBUG"):
            raise
        print(
            f"integ: internal error: {type(exc).__name__}: {exc}. Please report it; "
            "--debug shows the details.",
            file=sys.stderr,
        )
        sys.exit(2)
