"""Help texts and command-line errors in the language of the run (German by default).

typer builds the options; the words come from the catalogue (domain ``cli``) when the
help is written, not when the commands are decorated, so that the language can be
chosen by ``--lang``, ``INTEG_LANG`` or integ.yaml's ``locale`` first. Every command's
help has the same parts: a summary, what it does, how it is called, its arguments and
options (metavars in one style, choices listed as choices), examples and exit codes.

Ids (``integ/locale/*/LC_MESSAGES/cli.po``): ``help.<command>.summary``,
``help.<command>.text``, ``help.<command>.examples``, ``help.<command>.exit``,
``help.<command>.<parameter>`` (else the common ``help.opt.<parameter>``), and
``help.metavar.<kind>`` for the placeholders.
"""

from __future__ import annotations

import enum
import os
import sys
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typer import _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.exceptions import Abort, Exit

PROG = "integ"

#: the placeholder of a parameter, by its name (a choice lists its values instead)
METAVARS = {
    "paths": "path",
    "path": "file",
    "ident": "id",
    "folder": "folder",
    "command": "command",
    "output": "file",
    "today": "date",
    "review_by": "date",
    "since": "rev",
    "from_rev": "rev",
    "to_rev": "rev",
    "base": "rev",
    "organisation": "name",
    "template": "path",
    "reference_doc": "file",
    "actor": "id",
    "field": "id",
    "municipality": "id",
    "proposal": "text",
    "summary": "text",
    "note": "text",
    "reason": "text",
    "by": "contact",
    "set_": "key_value",
    "value": "year_value",
    "artifact": "label_url",
    "max_count": "number",
    "timeout": "seconds",
    "ids": "id",
    "status": "status",
}
#: a parameter's placeholder that differs in one command
COMMAND_METAVARS = {
    ("rules", "name"): "rule",
    ("new", "name"): "name",
    ("render", "output"): "file_or_folder",
    ("export", "output"): "file_or_folder_or_dash",
    ("diff", "sides"): "sides",
    ("help", "name"): "command",
    **{
        ("add", k): v
        for k, v in {
            "concept": "file",
            "field": "id",
            "goal": "id",
            "indicator": "id",
            "network": "id",
            "lead": "id",
            "partner": "id",
            "target_group": "id",
            "convener": "id",
            "member": "id",
            "status": "status",
            "start": "date",
            "end": "date",
            "date": "date",
            "baseline": "year_value",
            "target": "year_value",
            "value": "number",
            "year": "number",
            "cadence": "number",
        }.items()
    },
    ("remove", "concept"): "file",
    ("move", "concept"): "file",
    ("move", "field"): "id",
    ("move", "goal"): "id",
}
#: parameters whose values are a fixed list although typer sees a plain string
FIXED_CHOICES = {
    ("review", "audience"): ("public", "internal"),
    ("new", "type"): ("district", "town", "municipality", "association"),
}


def text(msgid: str, /, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def has(msgid: str) -> bool:
    from .i18n import has as _has

    return _has(msgid)


def did_you_mean(word: str, candidates: Any) -> str:
    """The hint ' (meinten Sie „x“?)' for the closest candidate, else ''."""
    import difflib

    from .i18n import quote

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return " " + text("error.did_you_mean", names=quote(close[0])) if close else ""


# --------------------------------------------------------------------------- parameters


def _annotation(param: _click.Parameter) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    return getattr(descriptor, "annotation", None)


def _unwrap(annotation: Any) -> Any:
    """``list[X] | None`` → X."""
    for _ in range(3):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin is list or (args and origin is not None and len(args) == 1):
            annotation = args[0]
        else:
            break
    return annotation


def choices(command: str, param: _click.Parameter) -> tuple[str, ...] | None:
    fixed = FIXED_CHOICES.get((command, param.name or ""))
    if fixed:
        return fixed
    base = _unwrap(_annotation(param))
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return tuple(str(m.value) for m in base)
    return None


def metavar(command: str, param: _click.Parameter) -> str:
    """The placeholder of a parameter: its choices (a|b|c) or a word (DATEI, DATUM)."""
    found = choices(command, param)
    if found:
        return "|".join(found)
    name = param.name or ""
    kind = COMMAND_METAVARS.get((command, name)) or METAVARS.get(name)
    if kind is None:
        base = _unwrap(_annotation(param))
        kind = "number" if base is int else "path" if base is Path else "text"
    return text(f"help.metavar.{kind}")


def _is_flag(param: _click.Parameter) -> bool:
    return bool(getattr(param, "is_flag", False))


def _param_help(command: str, param: _click.Parameter) -> str:
    name = param.name or ""
    own = f"{name}_opt" if name in ("summary", "text", "examples", "exit", "usage") else name
    for msgid in (f"help.{command}.{own}", f"help.opt.{name}"):
        if has(msgid):
            found = text(msgid)
            break
    else:
        found = getattr(param, "help", None) or ""
    extra = []
    default = param.default
    if isinstance(default, enum.Enum):
        default = default.value
    if (
        isinstance(param, TyperOption)
        and not _is_flag(param)
        and default not in (None, "", (), [])
        and not isinstance(default, bool)
        and not param.required
    ):
        extra.append(text("help.default", value=str(default)))
    if param.required and isinstance(param, TyperOption):
        extra.append(text("help.required"))
    envvar = param.envvar if isinstance(param.envvar, str) else None
    if envvar:
        extra.append(text("help.envvar", name=envvar))
    return " ".join([found, *extra]).strip()


def option_label(command: str, param: _click.Parameter) -> str:
    opts = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    label = ", ".join(opts)
    if getattr(param, "secondary_opts", None):
        label += " / " + ", ".join(param.secondary_opts)
    if not _is_flag(param):
        label += " " + metavar(command, param)
    return label


def argument_label(command: str, param: _click.Parameter) -> str:
    label = metavar(command, param)
    if param.nargs == -1 and command != "diff":
        label += " …"
    return label


def _visible(params: Sequence[_click.Parameter]) -> list[_click.Parameter]:
    return [p for p in params if not getattr(p, "hidden", False)]


def usage(command: str, params: Sequence[_click.Parameter]) -> str:
    pieces = [PROG, command, f"[{text('help.metavar.options')}]"]
    for param in params:
        if isinstance(param, TyperArgument):
            label = argument_label(command, param)
            pieces.append(label if param.required or label.startswith("[") else f"[{label}]")
    return " ".join(p for p in pieces if p)


# --------------------------------------------------------------------------- writing


def _section(formatter: _click.HelpFormatter, heading: str, body: str) -> None:
    formatter.write_paragraph()
    formatter.write_heading(heading)
    formatter.indent()
    for line in body.strip("\n").splitlines():
        formatter.write(f"{'':>{formatter.current_indent}}{line}\n" if line.strip() else "\n")
    formatter.dedent()


def _exit_codes(formatter: _click.HelpFormatter, body: str) -> None:
    rows = []
    for line in body.strip().splitlines():
        code, _, meaning = line.strip().partition(" ")
        rows.append((code, meaning.strip()))
    with formatter.section(text("help.heading.exit")):
        formatter.write_dl(rows)


def command_help(
    command: _click.Command,
    ctx: _click.Context,
    formatter: _click.HelpFormatter,
    name: str | None = None,
) -> None:
    name = name or command.name or ""
    params = _visible(command.get_params(ctx))
    formatter.write(f"{PROG} {name} – {text(f'help.{name}.summary')}\n")
    if has(f"help.{name}.text"):
        formatter.write_paragraph()
        formatter.write_text(text(f"help.{name}.text"))
    _section(formatter, text("help.heading.usage"), usage(name, params))
    arguments = [
        (argument_label(name, p), _param_help(name, p))
        for p in params
        if isinstance(p, TyperArgument)
    ]
    if arguments:
        with formatter.section(text("help.heading.arguments")):
            formatter.write_dl(arguments)
    options = [
        (option_label(name, p), _param_help(name, p)) for p in params if isinstance(p, TyperOption)
    ]
    with formatter.section(text("help.heading.options")):
        formatter.write_dl(options)
    _section(formatter, text("help.heading.examples"), text(f"help.{name}.examples"))
    _exit_codes(formatter, text(f"help.{name}.exit"))


def group_help(group: _click.Command, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
    formatter.write(f"{PROG} – {text('help.integ.summary')}\n")
    formatter.write_paragraph()
    formatter.write_text(text("help.integ.text"))
    _section(formatter, text("help.heading.usage"), text("help.integ.usage"))
    commands = getattr(group, "commands", {})
    rows = [
        (name, text(f"help.{name}.summary"))
        for name, cmd in commands.items()
        if not getattr(cmd, "hidden", False)
    ]
    with formatter.section(text("help.heading.commands")):
        formatter.write_dl(rows)
    options = [
        (option_label("integ", p), _param_help("integ", p))
        for p in _visible(group.get_params(ctx))
        if isinstance(p, TyperOption)
    ]
    with formatter.section(text("help.heading.options")):
        formatter.write_dl(options)
    _section(formatter, text("help.heading.examples"), text("help.integ.examples"))
    _exit_codes(formatter, text("help.integ.exit"))
    formatter.write_paragraph()
    formatter.write_text(text("help.integ.more"))


# --------------------------------------------------------------------------- values

from dataclasses import dataclass

from typer._coercion import RuntimeParam


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """Converts the simple values integ's options take (text, whole numbers, paths,
    flags, choices, and lists of them) without pydantic: typer 0.29 builds a pydantic
    TypeAdapter for every parameter of a run, which imports pydantic (≈ 0.08 s) even
    for ``integ status`` or ``integ help``."""

    leaf: Any = None
    many: bool = False

    def _coerce_value(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        if self.many:
            items = value if isinstance(value, list | tuple) else [value]
            return [self._one(v, param, ctx) for v in items]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: _click.Context) -> Any:
        leaf = self.leaf
        try:
            if leaf is str:
                return value if isinstance(value, str) else str(value)
            if leaf is Path:
                return value if isinstance(value, Path) else Path(value)
            if leaf is bool:
                if isinstance(value, bool):
                    return value
                word = str(value).strip().lower()
                if word in ("1", "true", "yes", "on", "y", "t"):
                    return True
                if word in ("", "0", "false", "no", "off", "n", "f"):
                    return False
                raise ValueError(value)
            if leaf is int:
                if isinstance(value, bool):
                    raise ValueError(value)
                number = value if isinstance(value, int) else int(str(value).strip())
                low, high = self.parameter_info.min, self.parameter_info.max
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValueError(value)
                return number
            if isinstance(value, leaf):
                return value
            return leaf(value)
        except (ValueError, TypeError):
            raise _click.exceptions.BadParameter(repr(value), ctx=ctx, param=param) from None


def plain_values(params: Sequence[_click.Parameter]) -> None:
    """Give each parameter of a simple type the converter above (others keep typer's)."""
    for param in params:
        if getattr(param, "_runtime_param", "absent") is not None:
            continue  # not a typer parameter, or already converted
        descriptor = param.type_descriptor  # type: ignore[attr-defined]
        info = descriptor.parameter_info
        if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
            continue
        if getattr(info, "clamp", False) or getattr(info, "case_sensitive", True) is False:
            continue
        annotation = descriptor.annotation
        many = typing.get_origin(annotation) is list
        leaf = typing.get_args(annotation)[0] if many else annotation
        simple = leaf in (str, int, bool, Path) or (
            isinstance(leaf, type) and issubclass(leaf, enum.Enum)
        )
        if simple:
            param._runtime_param = PlainValue(  # type: ignore[attr-defined]
                parameter_info=info, annotation=annotation, leaf=leaf, many=many
            )


class IntegCommand(TyperCommand):
    """A command whose help comes from the catalogue."""

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        command_help(self, ctx, formatter)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


class IntegGroup(TyperGroup):
    """integ itself: the help from the catalogue, the language chosen before anything
    is parsed, and every failure as one located line on stderr in that language."""

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        group_help(self, ctx, formatter)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from . import i18n

        argv = list(sys.argv[1:] if args is None else args)
        for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 still prints
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                try:
                    reconfigure(errors="backslashreplace")
                except (ValueError, OSError):
                    pass
        lang, explicit = choose_language(argv)
        with i18n.using(lang):
            from . import workspace

            workspace.ADOPT_LOCALE["on"] = not explicit
            try:
                code = run(self, argv, complete_var, extra)
            finally:
                workspace.ADOPT_LOCALE["on"] = False
        sys.exit(code)


def choose_language(argv: Sequence[str]) -> tuple[str, bool]:
    """The language of this run, and whether --lang or INTEG_LANG chose it: --lang
    (anywhere before ``--``), else INTEG_LANG, else integ.yaml's locale, else German."""
    from . import i18n

    option = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(argv):
            option = argv[i + 1]
        elif word.startswith("--lang="):
            option = word.split("=", 1)[1]
    if i18n.normalise(option) or i18n.normalise(os.environ.get("INTEG_LANG")):
        return i18n.resolve(option), True
    from .workspace import settings_locale

    return i18n.resolve(None, settings_locale(Path.cwd())), False


def _debug(argv: Sequence[str]) -> bool:
    return "--debug" in argv or bool(os.environ.get("INTEG_DEBUG"))


def run(group: TyperGroup, argv: list[str], complete_var: str | None, extra: dict[str, Any]) -> int:
    """Parse and run; every failure becomes one line on stderr and an exit code."""
    from .errors import IntegError

    try:
        result = TyperGroup.main(
            group,
            args=argv,
            prog_name=PROG,
            complete_var=complete_var,
            standalone_mode=False,
            **extra,
        )
        code = result if isinstance(result, int) else 0
        if code == 130:  # typer turns Ctrl-C into exit 130
            sys.stdout.flush()
            print(f"{PROG}: {text('error.interrupted')}", file=sys.stderr)
        return code
    except Exit as exc:  # typer.Exit
        return int(exc.exit_code)
    except _click.exceptions.UsageError as exc:
        sys.stdout.flush()
        print(f"{PROG}: {usage_error(exc, argv)}", file=sys.stderr)
        return 2
    except (Abort, KeyboardInterrupt, EOFError):
        sys.stdout.flush()
        print(f"{PROG}: {text('error.interrupted')}", file=sys.stderr)
        return 130
    except IntegError as exc:
        sys.stdout.flush()
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    except _click.exceptions.ClickException as exc:
        print(f"{PROG}: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a file or folder that cannot be written or read
        import errno

        if exc.errno == errno.EPIPE:
            return 1
        where = exc.filename if getattr(exc, "filename", None) is not None else None
        if isinstance(where, bytes):
            where = os.fsdecode(where)
        symbol = errno.errorcode.get(exc.errno or 0, "")
        reason = (
            text(f"error.errno.{symbol}") if symbol and has(f"error.errno.{symbol}") else None
        ) or (exc.strerror or str(exc))
        sys.stdout.flush()
        if where is not None:
            from .workspace import display_path

            message = text("error.os_path", path=display_path(Path(where)), reason=reason)
        else:
            message = text("error.os", reason=reason)
        print(f"{PROG}: {message}", file=sys.stderr)
        return 2
    except Exception as exc:
        if _debug(argv):
            raise
        sys.stdout.flush()
        print(
            f"{PROG}: " + text("error.internal", kind=type(exc).__name__, detail=str(exc)),
            file=sys.stderr,
        )
        return 2


def _param_name(exc: _click.exceptions.BadParameter) -> str:
    param = exc.param
    if param is None:
        return exc.param_hint if isinstance(exc.param_hint, str) else ""
    if isinstance(param, TyperOption):
        return "/".join(sorted(param.opts, key=lambda o: (not o.startswith("--"), o)))
    command = exc.ctx.command.name if exc.ctx is not None and exc.ctx.command else ""
    return argument_label(command or "", param)


def usage_error(exc: _click.exceptions.UsageError, argv: Sequence[str] = ()) -> str:
    """A click usage error in the language of the run, with what to do next."""
    ctx = exc.ctx
    command = ctx.command.name if ctx is not None and ctx.command else None
    if command in (None, PROG):  # the parser of a command may fail without its context
        from .cli import app

        known = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
        command = next((w for w in argv if w in known), command)
    where = f"{PROG} {command}" if command and command != PROG else PROG
    hint = text("error.usage_hint", help=f"{where} --help")
    E = _click.exceptions
    if isinstance(exc, E.NoSuchOption):
        from .i18n import join, quote

        close = sorted(exc.possibilities or [])
        message = text("error.no_such_option", option=exc.option_name)
        if close:
            message += " " + text("error.did_you_mean", names=join((quote(c) for c in close), "or"))
    elif isinstance(exc, E.MissingParameter):
        name = _param_name(exc)
        message = text(
            "error.missing_argument"
            if isinstance(exc.param, TyperArgument)
            else "error.missing_option",
            name=name,
        )
    elif isinstance(exc, E.BadParameter):
        name = _param_name(exc)
        param = exc.param
        listed = choices(command or "", param) if param is not None else None
        base = _unwrap(_annotation(param)) if param is not None else None
        if listed:
            message = text("error.bad_choice", name=name, choices=" | ".join(listed))
        elif base is int:
            low = getattr(param, "min", None)
            message = (
                text("error.bad_number_min", name=name, min=low)
                if low is not None
                else text("error.bad_number", name=name)
            )
        else:
            message = text("error.bad_value", name=name, detail=exc.message)
    elif isinstance(exc, E.BadOptionUsage) and "requires" in exc.message:
        message = text("error.option_needs_value", option=exc.option_name)
    elif "unexpected extra argument" in exc.message:
        extra = exc.message.split("(", 1)[-1].rstrip(")") if "(" in exc.message else ""
        message = text("error.extra_arguments", words=extra)
    elif "No such command" in exc.message:
        word = exc.message.split("'")[1] if exc.message.count("'") >= 2 else exc.message
        message = text("error.no_such_command", name=word)
        names = (
            [
                n
                for n, c in getattr(ctx.command, "commands", {}).items()
                if not getattr(c, "hidden", False)
            ]
            if ctx is not None
            else []
        )
        message += did_you_mean(word, names)
        hint = text("error.commands_hint")
    else:
        message = exc.message
    return f"{message}; {hint}"
