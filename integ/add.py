"""`integ add`, `integ remove`, `integ move`: guided editing without knowing YAML.

Each kind of element (a field of action, a goal, a measure ...) is described by a
:class:`Spec`: where it goes (the list, and for a goal the field it belongs to), and its
keys in the order of the format, each with the option that answers it for scripts. On a
terminal integ asks for what no option gave, offering the concept's own choices (the
goals a measure may serve, the actors that may lead it, the statuses in German); in a
script a missing required value is a usage error that names its option. The new element
is written through the lossless edit engine (:mod:`integ.edit`): in the file's own
style, comments kept, validated, atomically.

New ids follow the concept's convention: the next number after the highest of the same
prefix (``M-SPR-04`` after ``M-SPR-03``), the prefix taken from the field of action.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import prompt
from .concept import (
    Concept,
    Field_,
    Goal,
    Indicator,
    Network,
    Situation,
)
from .edit import EditDoc, EditError, SaveResult, enum_value, load_for_edit, parse_day, parse_when
from .errors import UsageError
from .workspace import Workspace, display_path

KINDS = (
    "field",
    "goal",
    "indicator",
    "measure",
    "actor",
    "contact",
    "target-group",
    "figure",
    "network",
    "meeting",
    "value",
)


@dataclass(frozen=True)
class Key:
    """One key of a new element: the YAML key, the option that answers it, what kind
    of value it takes, whether it must be given."""

    key: str
    option: str
    kind: str = "text"  # text | id | enum:<kind> | ref:<kind> | refs:<kind> | when | day
    #                     | number | int | anchor | bool | list | unit
    required: bool = False


@dataclass(frozen=True)
class Spec:
    kind: str
    list_key: str
    model: type[BaseModel]  # the model of the mapping that holds the list
    keys: tuple[Key, ...]
    parent: str | None = None  # field | goal | network | indicator
    parent_option: str | None = None
    id_from: str | None = None  # the key an id is proposed from (slug), else a number
    id_letter: str = ""


SPECS: dict[str, Spec] = {
    "field": Spec(
        "field",
        "fields",
        Concept,
        (
            Key("title", "title", required=True),
            Key("id", "ident", "id", required=True),
            Key("summary", "summary"),
        ),
        id_from="title",
    ),
    "goal": Spec(
        "goal",
        "goals",
        Field_,
        (
            Key("title", "title", required=True),
            Key("id", "ident", "id", required=True),
            Key("level", "level", "enum:level"),
            Key("description", "description"),
        ),
        parent="field",
        parent_option="field",
        id_letter="Z",
    ),
    "indicator": Spec(
        "indicator",
        "indicators",
        Goal,
        (
            Key("title", "title", required=True),
            Key("id", "ident", "id", required=True),
            Key("unit", "unit", "unit", required=True),
            Key("direction", "direction", "enum:direction"),
            Key("source", "source"),
            Key("baseline", "baseline", "anchor"),
            Key("target", "target", "anchor"),
        ),
        parent="goal",
        parent_option="goal",
        id_letter="I",
    ),
    "measure": Spec(
        "measure",
        "measures",
        Concept,
        (
            Key("title", "title", required=True),
            Key("goals", "goal", "refs:goal", required=True),
            Key("id", "ident", "id", required=True),
            Key("description", "description"),
            Key("lead", "lead", "ref:actor", required=True),
            Key("partners", "partner", "refs:actor"),
            Key("target_groups", "target_group", "refs:target group"),
            Key("status", "status", "enum:measure_status", required=True),
            Key("start", "start", "when"),
            Key("end", "end", "when"),
        ),
        id_letter="M",
    ),
    "actor": Spec(
        "actor",
        "actors",
        Concept,
        (
            Key("name", "name", required=True),
            Key("id", "ident", "id", required=True),
            Key("type", "actor_type", "enum:actor_type", required=True),
            Key("short_name", "short_name"),
            Key("url", "url"),
        ),
        id_from="name",
    ),
    "contact": Spec(
        "contact",
        "contacts",
        Concept,
        (
            Key("name", "name", required=True),
            Key("id", "ident", "id", required=True),
            Key("role", "role"),
            Key("organisation", "organisation"),
            Key("email", "email"),
            Key("phone", "phone"),
            Key("public", "public", "bool"),
        ),
        id_from="name",
    ),
    "target-group": Spec(
        "target-group",
        "target_groups",
        Concept,
        (
            Key("name", "name", required=True),
            Key("id", "ident", "id", required=True),
            Key("description", "description"),
        ),
        id_from="name",
    ),
    "figure": Spec(
        "figure",
        "figures",
        Situation,
        (
            Key("label", "label", required=True),
            Key("id", "ident", "id", required=True),
            Key("value", "value", "number", required=True),
            Key("unit", "unit", "unit"),
            Key("year", "year", "int"),
            Key("source", "source"),
        ),
        id_from="label",
    ),
    "network": Spec(
        "network",
        "networks",
        Concept,
        (
            Key("name", "name", required=True),
            Key("id", "ident", "id", required=True),
            Key("convener", "convener", "ref:actor"),
            Key("members", "member", "refs:actor"),
            Key("cadence_months", "cadence", "int"),
        ),
        id_from="name",
    ),
    "meeting": Spec(
        "meeting",
        "meetings",
        Network,
        (
            Key("date", "date", "day", required=True),
            Key("topics", "topic", "list"),
            Key("note", "note"),
        ),
        parent="network",
        parent_option="network",
    ),
    "value": Spec(
        "value",
        "values",
        Indicator,
        (
            Key("year", "year", "int", required=True),
            Key("value", "value", "number", required=True),
            Key("note", "note"),
        ),
        parent="indicator",
        parent_option="indicator",
    ),
}

#: the ids' kinds as the edit engine names them
_ID_KIND = {"target-group": "target group"}


def _t(msgid: str, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def kind_word(kind: str) -> str:
    return _t(f"add.kind.{kind}")


# ----------------------------------------------------------------------------- ids


def slug(text: str) -> str:
    """An id from a name: „Volkshochschule Gaggenau“ → volkshochschule-gaggenau."""
    from .rules import transliterate

    out = re.sub(r"[^a-z0-9]+", "-", transliterate(text).lower()).strip("-")
    if not out or not out[0].isalpha():
        out = "x-" + out if out else "x"
    return out[:40].rstrip("-")


def field_code(field_id: str) -> str:
    """The code of a field of action in ids: sprache → SPR, arbeit → ARB."""
    from .rules import transliterate

    letters = re.sub(r"[^A-Za-z]", "", transliterate(field_id))
    return (letters[:3] or "X").upper()


_NUMBERED = re.compile(r"^(?P<head>[A-Za-z]+)-(?P<code>[A-Za-z0-9]+)-(?P<n>\d+)$")


def _convention(ids: list[str], letter: str) -> tuple[str, int]:
    """The letter and the number's width the concept uses for ids of one kind
    (M-SPR-01: M, 2), else ``letter`` and 1 (2 for measures)."""
    heads: dict[str, int] = {}
    widths: dict[int, int] = {}
    for ident in ids:
        m = _NUMBERED.match(ident)
        if m:
            heads[m["head"]] = heads.get(m["head"], 0) + 1
            width = len(m["n"]) if m["n"].startswith("0") or len(m["n"]) > 1 else 1
            widths[width] = widths.get(width, 0) + 1
    head = max(heads, key=lambda h: heads[h]) if heads else letter
    width = max(widths, key=lambda w: widths[w]) if widths else (2 if letter == "M" else 1)
    return head, width


def next_id(taken: set[str], same_kind: list[str], letter: str, code: str) -> str:
    """The next free id ``<letter>-<code>-<n>`` after the highest of that prefix."""
    head, width = _convention(same_kind, letter)
    numbers = [
        int(m["n"])
        for i in same_kind
        if (m := _NUMBERED.match(i)) and m["head"] == head and m["code"] == code
    ]
    n = max(numbers, default=0) + 1
    while f"{head}-{code}-{n:0{width}d}" in taken:
        n += 1
    return f"{head}-{code}-{n:0{width}d}"


def free_slug(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# ----------------------------------------------------------------------------- the concept


@dataclass
class Target:
    """The concept being edited and what it offers as choices."""

    ed: EditDoc
    ws: Workspace

    def ids(self, kind: str) -> list[tuple[str, tuple[Any, ...]]]:
        return [
            (i, path)
            for i, where in self.ed._ids().items()
            for k, path in where
            if k == _ID_KIND.get(kind, kind)
        ]

    def all_ids(self) -> set[str]:
        return set(self.ed._ids())

    def item(self, path: tuple[Any, ...]) -> Any:
        return self.ed._get(self.ed.data, path)

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """(id, title) of every element of a kind; actors also from actors.yaml."""
        from .rules import title

        out = [(i, title(self.item(p))) for i, p in self.ids(kind)]
        if kind == "actor":
            own = {i for i, _ in out}
            reg = self.ws.registry
            data = reg.data if reg is not None and isinstance(reg.data, dict) else {}
            for actor in data.get("actors") or []:
                ident = actor.get("id") if isinstance(actor, dict) else None
                if isinstance(ident, str) and ident not in own:
                    out.append((ident, title(actor)))
        return out

    def field_of_goal(self, goal_id: str) -> str | None:
        for gid, path in self.ids("goal"):
            if gid == goal_id:
                fld = self.item(path[:2])
                return fld.get("id") if isinstance(fld, dict) else None
        return None


def code_for(target: Target, spec: Spec, values: dict[str, Any], parent: str | None) -> str:
    """The middle part of a new numbered id: the goal's (Z-SPR-1 → SPR), else the
    field's code."""
    goal = None
    if spec.kind == "measure":
        goals = values.get("goals") or []
        goal = goals[0] if goals else None
    elif spec.kind == "indicator":
        goal = parent
    if goal:
        m = _NUMBERED.match(goal)
        if m:
            return m["code"]
        fld = target.field_of_goal(goal)
        return field_code(fld or goal)
    if spec.kind == "goal" and parent:
        for gid, path in target.ids("goal"):
            fld = target.item(path[:2])
            m = _NUMBERED.match(gid)
            if m and isinstance(fld, dict) and fld.get("id") == parent:
                return m["code"]
        return field_code(parent)
    return "X"


def propose_id(target: Target, spec: Spec, values: dict[str, Any], parent: str | None) -> str:
    taken = target.all_ids()
    if spec.id_from:
        return free_slug(slug(str(values.get(spec.id_from) or spec.kind)), taken)
    same = [i for i, _ in target.ids(spec.kind)]
    return next_id(taken, same, spec.id_letter, code_for(target, spec, values, parent))


# ----------------------------------------------------------------------------- values


def _number(text: str) -> int | float:
    from . import yaml_io

    raw = text.strip()
    if re.fullmatch(r"[-+]?\d+,\d+", raw):
        raw = raw.replace(",", ".")
    value = yaml_io.resolve_plain(raw)
    import math

    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise ValueError(_t("add.err.number", text=text))
    return value


def _int(text: str) -> int:
    value = _number(text)
    if not isinstance(value, int):
        raise ValueError(_t("add.err.int", text=text))  # noqa: TRY004 (a wrong answer)
    return value


def _anchor(text: str) -> dict[str, Any]:
    year, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"\d{4}", year.strip()):
        raise ValueError(_t("add.err.anchor", text=text))
    return {"value": _number(value), "year": int(year)}


def _bool(text: str) -> bool:
    word = text.strip().casefold()
    if word in ("j", "ja", "y", "yes", "true", "1"):
        return True
    if word in ("n", "nein", "no", "false", "0"):
        return False
    raise ValueError(_t("prompt.yes_no"))


def convert(key: Key, raw: Any, target: Target) -> Any:
    """An answer (or an option's value) as the value the format takes; ValueError with
    the words to show when it is none."""
    from .rules import suggest

    kind = key.kind
    if kind in ("text", "id"):
        text = (
            " ".join(str(raw).split())
            if key.key not in ("description", "summary")
            else str(raw).strip()
        )
        if not text:
            raise ValueError(_t("prompt.required"))
        if kind == "id":
            from .concept import ID_PATTERN

            if not re.match(ID_PATTERN, text):
                raise ValueError(_t("add.err.id", text=text))
            if text in target.all_ids():
                raise ValueError(_t("add.err.id_taken", id=text))
        return text
    if kind.startswith("enum:"):
        value = enum_value(kind[5:], str(raw))
        if value is None:
            from .i18n import enum_values

            words = ", ".join(f"{k} ({w})" for k, w in enum_values(kind[5:]).items())
            raise ValueError(_t("add.err.choice", text=raw, choices=words))
        return value
    if kind.startswith(("ref:", "refs:")):
        what = kind.split(":", 1)[1]
        known = [i for i, _ in target.choices(what)]
        given: list[str] = (
            [str(w) for w in raw]
            if isinstance(raw, list)
            else [w.strip() for w in str(raw).split(",")]
        )
        out = []
        for word in (w for w in given if w):
            if word not in known:
                close = suggest(word, known)
                raise ValueError(
                    _t(
                        "add.err.unknown.suggest" if close else "add.err.unknown",
                        kind=kind_word(what.replace(" ", "-")),
                        id=word,
                        suggestion=close,
                        known=", ".join(known) or "–",
                    )
                )
            out.append(word)
        if not out:
            raise ValueError(_t("prompt.required"))
        return out if kind.startswith("refs:") else out[0]
    if kind == "when":
        value = parse_when(str(raw))
        if value is None:
            raise ValueError(_t("add.err.when", text=raw))
        return int(value) if re.fullmatch(r"\d{4}", value) else value
    if kind == "day":
        value = parse_day(str(raw))
        if value is None:
            raise ValueError(_t("add.err.day", text=raw))
        return value
    if kind == "number":
        return _number(str(raw))
    if kind == "int":
        return _int(str(raw))
    if kind == "anchor":
        return _anchor(str(raw))
    if kind == "bool":
        return raw if isinstance(raw, bool) else _bool(str(raw))
    if kind == "list":
        items = raw if isinstance(raw, list) else str(raw).split(";")
        return [" ".join(str(x).split()) for x in items if str(x).strip()]
    if kind == "unit":
        return enum_value("unit", str(raw)) or " ".join(str(raw).split())
    raise AssertionError(kind)


# ----------------------------------------------------------------------------- asking


def _option_name(option: str) -> str:
    return "--" + {"ident": "id", "actor_type": "type"}.get(option, option).replace("_", "-")


def _question(spec: Spec, key: Key) -> str:
    from .i18n import has

    own = f"add.ask.{spec.kind}.{key.key}"
    return _t(own) if has(own) else _t(f"add.ask.{key.key}")


def _enum_options(kind: str) -> list[tuple[str, str]]:
    """The values of an enumeration in the format's order, each with its word."""
    from .concept import ENUM_LABELS_DE
    from .i18n import enum

    return [(v, enum(kind, v)) for v in ENUM_LABELS_DE[kind]]


def _ask(spec: Spec, key: Key, target: Target, default: str | None) -> Any:
    """Ask for one key on the terminal until the answer fits (None: left out)."""
    question = _question(spec, key)
    optional = not key.required
    while True:
        if key.kind.startswith("enum:") or key.kind.startswith(("ref:", "refs:")):
            if key.kind.startswith("enum:"):
                options = _enum_options(key.kind[5:])
                match: Callable[[str], str | None] | None = lambda w, k=key.kind[5:]: enum_value(
                    k, w
                )
            else:
                options = target.choices(key.kind.split(":", 1)[1])
                match = None
            if not options:
                if key.required:
                    raise EditError(
                        _t(
                            "add.err.no_choices",
                            kind=kind_word(key.kind.split(":", 1)[1].replace(" ", "-")),
                        )
                    )
                return None
            if len(options) == 1 and key.required and default is None:
                default = options[0][0]
            chosen = prompt.choose(
                question,
                options,
                default,
                match=match,
                several=key.kind.startswith("refs:"),
                optional=optional,
            )
            if not chosen:
                if key.required:
                    print(_t("prompt.required"))
                    continue
                return None
            answer: Any = chosen if key.kind.startswith("refs:") else chosen[0]
        else:
            if key.kind == "bool":
                return prompt.yes(question, default=False)
            answer = prompt.ask(question, default, optional=optional)
            if answer is None:
                return None
        try:
            return convert(key, answer, target)
        except ValueError as exc:
            print(str(exc))


# ----------------------------------------------------------------------------- add


@dataclass
class Added:
    kind: str
    ident: str
    result: SaveResult
    file: str


def _concept_path(ws: Workspace, concept: Path | None) -> Path:
    if concept is not None:
        return concept
    files = sorted(ws.concept_files.values())
    if len(files) == 1:
        return files[0]
    if not files:
        raise UsageError(
            "error.no_concepts_in_workspace",
            folder=display_path(ws.concepts_dir) + "/",
            root=str(ws.root),
        )
    if prompt.interactive():
        shown = [(display_path(p), "") for p in files]
        chosen = prompt.choose(_t("add.ask.concept"), shown)
        return files[[s for s, _ in shown].index(chosen[0])]
    raise UsageError("add.err.which_concept", files=", ".join(display_path(p) for p in files))


def open_target(concept: Path | None, today: dt.date) -> Target:
    ws = Workspace.open(concept)
    path = _concept_path(ws, concept)
    return Target(load_for_edit(path, ws=ws, today=today), ws)


def _parent_path(target: Target, spec: Spec, given: str | None) -> tuple[str, tuple[Any, ...]]:
    assert spec.parent is not None
    options = target.choices(spec.parent)
    if not options:
        raise EditError(
            _t("add.err.no_parent", kind=kind_word(spec.kind), parent=kind_word(spec.parent))
        )
    if given is None:
        if len(options) == 1:
            given = options[0][0]
        elif prompt.interactive():
            given = prompt.choose(_t(f"add.ask.parent.{spec.parent}"), options)[0]
        else:
            raise UsageError(
                "add.missing", option=_option_name(spec.parent_option or ""), kind=spec.kind
            )
    _, path = target.ed.find(given, [_ID_KIND.get(spec.parent, spec.parent)])
    return given, path


def add(
    kind: str,
    answers: dict[str, Any],
    *,
    concept: Path | None = None,
    today: dt.date,
    dry_run: bool = False,
) -> Added:
    """Add one element of ``kind``; ``answers`` maps option names to what the command
    line gave (None: not given). Asks on a terminal for the rest."""
    from .edit import save

    spec = SPECS[kind]
    target = open_target(concept, today)
    asking = prompt.interactive()
    parent, ppath = (None, ())
    if spec.parent:
        given = answers.get(spec.parent_option or "")
        if isinstance(given, list):
            if len(given) > 1:
                raise UsageError(
                    "add.err.one_parent", option=_option_name(spec.parent_option or "")
                )
            given = given[0] if given else None
        parent, ppath = _parent_path(target, spec, given)
    values: dict[str, Any] = {}
    for key in spec.keys:
        raw = answers.get(key.option)
        if raw in (None, [], ()):
            default = None
            if key.kind == "id":
                default = propose_id(target, spec, values, parent)
            elif key.key == "status":
                default = "planned"
            elif key.key == "date":
                default = today.isoformat()
            elif key.key == "year" and spec.kind == "value":
                default = str(today.year)
            if asking:
                shown = default
                if key.key == "status" and default:
                    from .i18n import enum

                    shown = enum("measure_status", default)
                value = _ask(spec, key, target, shown)
                if value is None:
                    continue
                values[key.key] = value
                continue
            if key.required and default is not None:
                raw = default
            elif key.required:
                raise UsageError("add.missing", option=_option_name(key.option), kind=kind)
            else:
                continue
        try:
            values[key.key] = convert(key, raw, target)
        except ValueError as exc:
            raise UsageError(
                "add.err.option", option=_option_name(key.option), reason=str(exc)
            ) from None
    ed = target.ed
    if spec.kind == "value":
        year, value = values["year"], values["value"]
        ed.record_value(parent or "", year, value, note=values.get("note"))
        ident = f"{parent} {year}"
    else:
        ordered = {k: values[k] for k in _model_order(spec) if k in values}
        ident = str(ordered.get("id") or ordered.get("date"))
        path: tuple[Any, ...] = ppath
        if spec.kind == "figure" and not isinstance(ed.data.get("situation"), dict):
            change_id = ed.data.get("id") if isinstance(ed.data.get("id"), str) else ed.path.stem
            ed._set(str(change_id), (), "situation", {"figures": [ordered]}, Concept)
        else:
            if spec.kind == "figure":
                path = ("situation",)
            ed.add_item(path, spec.list_key, ordered, spec.model, ident)
    result = save(ed, dry_run=dry_run)
    return Added(kind, ident, result, ed.display)


def _model_order(spec: Spec) -> list[str]:
    """The keys of a new element in the format's order."""
    from .concept import Measurement, Meeting
    from .edit import _KIND_MODELS

    models: dict[str, type[BaseModel]] = {**_KIND_MODELS, "meeting": Meeting, "value": Measurement}
    return list(models[_ID_KIND.get(spec.kind, spec.kind)].model_fields)


# ----------------------------------------------------------------------------- remove, move

#: what `integ remove` removes (the concept's kinds of elements with an id)
REMOVABLE = (
    "field",
    "goal",
    "indicator",
    "measure",
    "actor",
    "contact",
    "target group",
    "figure",
    "network",
)


@dataclass
class Removed:
    ident: str
    kind: str
    result: SaveResult
    file: str


def remove(ident: str, *, concept: Path | None, today: dt.date, dry_run: bool = False) -> Removed:
    """Remove the element with id ``ident`` — refused (exit 1, the references listed)
    when something still names it (a measure its goal, a measure its lead ...)."""
    from .edit import save

    target = open_target(concept, today)
    kind, path = target.ed.find(ident, REMOVABLE)
    dangling = references_to(target, ident, path)
    if dangling:
        from .edit import EditRefused

        raise EditRefused(
            _t("add.err.referenced", file=target.ed.display, id=ident, n=len(dangling))
            + "\n"
            + "\n".join(f"  {line}" for line in dangling),
            [],
        )
    target.ed.remove_item(path, ident)
    return Removed(ident, kind, save(target.ed, dry_run=dry_run), target.ed.display)


_REF_KEYS = ("goals", "lead", "partners", "target_groups", "convener", "members", "by")


def references_to(target: Target, ident: str, path: tuple[Any, ...]) -> list[str]:
    """Where the concept names ``ident`` or an id inside the element at ``path``
    (outside that element): ``datei:zeile: M-SPR-01 goals``."""
    inner: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                inner.add(node["id"])
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)

    collect(target.item(path))
    out: list[str] = []
    ed = target.ed

    def line_of(p: tuple[Any, ...]) -> int:
        try:
            node, _ = ed._node(p)
            return int(node.start_mark.line) + 1
        except (EditError, KeyError, IndexError, StopIteration, AttributeError):
            return 0

    def walk(node: Any, p: tuple[Any, ...], owner: str) -> None:
        if p == path:
            return
        if isinstance(node, dict):
            own = str(node["id"]) if isinstance(node.get("id"), str) else owner
            for k, v in node.items():
                if k in _REF_KEYS:
                    values = v if isinstance(v, list) else [v]
                    for i, x in enumerate(values):
                        if isinstance(x, str) and x in inner:
                            where = (*p, k, i) if isinstance(v, list) else (*p, k)
                            out.append(f"{ed.display}:{line_of(where)}: {own} {k}: {x}")
                else:
                    walk(v, (*p, k), own)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*p, i), owner)

    walk(ed.data, (), str(ed.data.get("id") or ""))
    return out


def move(
    ident: str,
    *,
    field_id: str | None,
    goal_id: str | None,
    concept: Path | None,
    today: dt.date,
    dry_run: bool = False,
) -> Removed:
    """Move a goal to another field of action (``--field``) or an indicator to another
    goal (``--goal``); the ids stay, so nothing that names them breaks."""
    import copy

    from .edit import save

    target = open_target(concept, today)
    ed = target.ed
    kind, path = ed.find(ident, ["goal", "indicator"])
    wanted = field_id if kind == "goal" else goal_id
    option = "--field" if kind == "goal" else "--goal"
    if wanted is None:
        raise UsageError("add.err.move_where", id=ident, option=option)
    if (kind == "goal" and goal_id) or (kind == "indicator" and field_id):
        raise UsageError("add.err.move_where", id=ident, option=option)
    _, new_parent = ed.find(wanted, ["field" if kind == "goal" else "goal"])
    if new_parent == path[: len(new_parent)] and len(path) == len(new_parent) + 2:
        raise EditError(_t("add.err.move_same", id=ident, to=wanted))
    item = copy.deepcopy(target.item(path))
    with ed._transaction():
        ed.remove_item(path, ident)
        _, new_parent = ed.find(wanted)
        model = Field_ if kind == "goal" else Goal
        ed.add_item(new_parent, "goals" if kind == "goal" else "indicators", item, model, ident)
    return Removed(ident, kind, save(ed, dry_run=dry_run), ed.display)
